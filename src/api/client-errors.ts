import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Problem } from './errors';

/**
 * Requests Node's HTTP parser refuses before the app sees them (a request line or headers over its 16 KB limit,
 * bytes that are not HTTP) are answered in the API's own shape, problem+json, instead of Node's bare status line:
 * a client learns what was wrong from the same fields as for every other refusal.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || (err.code === 'ECONNRESET' && socket.destroyed)) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const problem: Problem = tooLarge
      ? {
          type: '/problems/request-too-large',
          title: 'Request header fields too large',
          status: 431,
          detail: 'The request line and headers together must stay under 16 KB; send long values in a JSON body.',
        }
      : {
          type: '/problems/malformed-request',
          title: 'Malformed request',
          status: 400,
          detail: 'The request is not well-formed HTTP/1.1.',
        };
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${problem.status} ${problem.title}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
