import request from 'supertest';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { answerClientErrors } from '../../src/api/client-errors';
import { june2025Agreement } from '../helpers/fixtures';
import { useIntegrationApp } from '../helpers/integration-app';
import { unique } from '../helpers/stack';

// Requests the API refuses before any operation is touched: bad bodies, paths, media types and sizes.
const w = useIntegrationApp();

describe('operations', () => {
  const badBodies: Array<[string, () => unknown, string]> = [
    ['the body is empty', () => ({}), '/reference'],
    ['the title is a number', () => ({ ...june2025Agreement(unique('op')), title: 42 }), '/title'],
    [
      'the window is reversed',
      () => {
        const b = june2025Agreement(unique('op'));
        b.agreement.window = { start: '2025-06-16', end: '2025-06-07' };
        return b;
      },
      '/agreement/window/end',
    ],
    ['the agreement is missing', () => ({ reference: unique('op'), title: 't' }), '/agreement'],
  ];

  it.each(badBodies)(
    'when %s, then it is a 400 naming the field and nothing is created',
    async (_name, body, pointer) => {
      const before = await w.operationCount();
      const payload = body() as { reference?: string };
      const res = await request(w.app)
        .post('/api/operations')
        .auth(w.people.coordinator, { type: 'bearer' })
        .send(payload as object)
        .expect(400);
      expect(res.type).toBe('application/problem+json');
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      expect(res.body.detail).toContain(pointer);
      expect(await w.operationCount()).toBe(before);
      if (typeof payload.reference === 'string') expect(await w.workflowExists(payload.reference)).toBe(false);
    },
  );

  it('when the body is not JSON, then it is a 400 malformed-json problem', async () => {
    const res = await request(w.app)
      .post('/api/operations')
      .auth(w.people.coordinator, { type: 'bearer' })
      .set('content-type', 'application/json')
      .send('{"reference":')
      .expect(400);
    expect(res.body).toMatchObject({ type: '/problems/malformed-json', status: 400 });
  });

  it.each([
    ['a lone surrogate', '\uD800', '\\uD800'],
    ['a NUL', 'a\u0000b', 'a\\u0000b'],
  ])(
    'when a field name holds %s, then the 400 names it as \\u text, and a retry with the same Idempotency-Key gets that kept answer',
    async (_what, name, shown) => {
      const key = unique('odd-field');
      const body = JSON.stringify({ ...june2025Agreement(unique('op')), [name]: 1 });
      const send = () =>
        request(w.app)
          .post('/api/operations')
          .auth(w.people.coordinator, { type: 'bearer' })
          .set('idempotency-key', key)
          .set('content-type', 'application/json')
          .send(body);
      const first = await send();
      expect({ status: first.status, type: first.type }).toEqual({ status: 400, type: 'application/problem+json' });
      expect(first.body.detail).toContain(shown);
      expect(first.body.detail).not.toContain(name);
      // Kept, not 503: the same request again is given the same answer.
      const again = await send();
      expect({ status: again.status, body: again.body }).toEqual({ status: 400, body: first.body });
    },
  );

  it.each(['%C0%AF', '%', '%ED%A0%80'])(
    'when a path segment is %s (not percent-encoded UTF-8), then it is a 400 malformed-path problem, not a 500',
    async (segment) => {
      for (const req of [
        request(w.app).get(`/api/operations/${segment}`),
        request(w.app).post(`/api/operations/${segment}/confirmations`).send({ version: 1 }),
      ]) {
        const res = await req.auth(w.people.coordinator, { type: 'bearer' });
        expect({ status: res.status, type: res.type }).toEqual({ status: 400, type: 'application/problem+json' });
        expect(res.body).toMatchObject({ type: '/problems/malformed-path', status: 400 });
      }
    },
  );
});

// The same describe again: test names as they were while each block stays short.
describe('operations', () => {
  it.each([
    ['a path over 16 KB', `GET /api/operations/${'x'.repeat(20_000)} HTTP/1.1\r\nHost: api\r\n\r\n`, 431],
    ['bytes that are not HTTP', 'NOT HTTP AT ALL\r\n\r\n', 400],
  ])(
    'when a request is %s, then Node refuses it before the app with a problem+json body all the same',
    async (_, raw, status) => {
      const server = w.app.listen(0, '127.0.0.1');
      answerClientErrors(server);
      try {
        await new Promise<void>((resolve) => server.once('listening', () => resolve()));
        const { port } = server.address() as AddressInfo;
        const answer = await new Promise<string>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => socket.end(raw));
          let text = '';
          socket.on('data', (chunk) => (text += chunk.toString()));
          socket.on('end', () => resolve(text));
          socket.on('error', reject);
        });
        const [head, body] = answer.split('\r\n\r\n');
        expect(head.split('\r\n')[0]).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
        expect(head.toLowerCase()).toContain('content-type: application/problem+json');
        expect(JSON.parse(body)).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  );

  it('when a JSON body is sent as text/plain, then it is a 415 naming application/json and nothing is created', async () => {
    const before = await w.operationCount();
    const res = await request(w.app)
      .post('/api/operations')
      .auth(w.people.coordinator, { type: 'bearer' })
      .set('content-type', 'text/plain')
      .send(JSON.stringify(june2025Agreement(unique('op'))))
      .expect(415);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.detail).toContain('application/json');
    expect(await w.operationCount()).toBe(before);
  });

  it.each(['null', 'true', '3', '"text"', '[]', '[{"reference":"x"}]'])(
    'when the body is the JSON %s, then it is a 400 saying the body must be an object',
    async (body) => {
      const res = await request(w.app)
        .post('/api/operations')
        .auth(w.people.coordinator, { type: 'bearer' })
        .set('content-type', 'application/json')
        .send(body)
        .expect(400);
      expect(res.type).toBe('application/problem+json');
      expect(res.body.detail).toBe('The request body must be a JSON object.');
      expect(res.body.errors).toEqual([{ pointer: '/', message: 'must be a JSON object' }]);
    },
  );

  it('when the body is over 1 MB, then it is a 413 problem', async () => {
    const body = { ...june2025Agreement(unique('op')), title: 'x'.repeat(1_100_000) };
    const res = await request(w.app)
      .post('/api/operations')
      .auth(w.people.coordinator, { type: 'bearer' })
      .send(body)
      .expect(413);
    expect(res.body.type).toBe('/problems/payload-too-large');
  });

  it('when a list filter is invalid, then it is a 400 naming the parameter', async () => {
    const res = await request(w.app)
      .get('/api/operations')
      .auth(w.people.coordinator, { type: 'bearer' })
      .query({ phase: 'DANCING' })
      .expect(400);
    expect(res.body.errors[0].pointer).toBe('/phase');
  });

  it('when a route does not exist, then it is a 404 problem', async () => {
    const res = await request(w.app).get('/api/nothing-here').auth(w.people.coordinator, { type: 'bearer' }).expect(404);
    expect(res.type).toBe('application/problem+json');
  });
});

