import http, { type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger';
import { uiGate } from './ui-sign-in';

/**
 * The Temporal Web UI and the API's codec server under one origin: `/codec`
 * and below go to the API, everything else to the UI. When the API names an
 * OpenID Provider, nobody gets through without signing in there as an
 * operator (./ui-sign-in.ts), and requests to the codec server carry the
 * operator's access token. Without one, the UI is open and the codec server
 * guards the payloads: the UI fetches its codec endpoint without credentials
 * unless told otherwise, and the dev server cannot tell it otherwise; a
 * browser still sends cookies to its own origin, so behind this proxy the
 * operator's codec session reaches the codec server with the UI's defaults
 * ("Use Cluster-level setting").
 */

export interface UiProxy {
  url: string;
  close(): Promise<void>;
}

export interface UiProxyOptions {
  host: string;
  /** 0 for any free port. */
  port: number;
  /** The Temporal Web UI, e.g. http://127.0.0.1:18233. */
  ui: string;
  /** The API whose /codec this origin serves, e.g. http://127.0.0.1:3000. */
  api: string;
  /** The OpenID Provider as this proxy reaches it, when not at its issuer's address (e.g. http://identity:3001). */
  provider?: string;
  /** The origin browsers use, when TLS ends in front of this proxy (e.g. https://ui.example.org); else http://<Host>. */
  publicUrl?: string;
  /** Where upstream failures are logged (no tokens, no personal data); none in the development start. */
  logger?: Logger;
}

export const CODEC_PATH = '/codec';
export const isCodecPath = (url: string) => url === CODEC_PATH || /^\/codec[/?]/.test(url);

export async function startUiProxy(options: UiProxyOptions): Promise<UiProxy> {
  const ui = new URL(options.ui);
  const api = new URL(options.api);
  const gate = uiGate({ api: api.origin, provider: options.provider, publicUrl: options.publicUrl });
  const forward = (req: http.IncomingMessage, res: http.ServerResponse, headers: OutgoingHttpHeaders) => {
    const target = isCodecPath(req.url ?? '/') ? api : ui;
    // The browser's Host stays: the UI and the codec server see the origin the browser uses.
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (res.headersSent) {
        res.destroy(err);
        return;
      }
      const what = target === api ? 'the API (codec server)' : 'the Temporal Web UI';
      options.logger?.warn(
        { upstream: target.origin, code: (err as NodeJS.ErrnoException).code },
        'upstream unreachable',
      );
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${what} at ${target.origin} does not answer: ${(err as NodeJS.ErrnoException).code ?? err.message}\n`);
    });
    req.pipe(upstream);
  };
  const server = http.createServer((req, res) => {
    gate.admit(req, res, isCodecPath(req.url ?? '/')).then(
      (admitted) => {
        if (admitted) forward(req, res, admitted.headers);
      },
      (err: Error) => {
        options.logger?.error({ err: { message: err.message } }, 'sign-in failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`The Web UI's sign-in failed: ${err.message}\n`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
