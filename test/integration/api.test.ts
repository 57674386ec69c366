import request from 'supertest';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { answerClientErrors } from '../../src/api/client-errors';
import type { Express } from 'express';
import { createApp } from '../../src/api/app';
import { createDb } from '../../src/db';
import { createLogger } from '../../src/logger';
import { operationWorkflowId } from '../../workflows/shared/ids';
import { june2025Agreement } from '../helpers/fixtures';
import { hashToken } from '../../src/api/tokens';
import { KEY_RETENTION_DAYS, purgeExpiredKeys } from '../../src/api/idempotency';
import { eventually } from '../helpers/processes';
import { openStack, testConfig, unique, type TestStack } from '../helpers/stack';
import { issueTestTokens, type TestTokens } from '../helpers/tokens';

let stack: TestStack;
let app: Express;
let tokens: TestTokens;
beforeAll(async () => {
  stack = await openStack();
  tokens = await issueTestTokens(stack.db);
  app = createApp({
    config: stack.config,
    db: stack.db,
    temporal: stack.client,
    logger: createLogger('silent', 'test'),
  });
});
afterAll(() => stack.close());

const operationCount = () => stack.db.repatriationOperation.count();

async function workflowExists(reference: string): Promise<boolean> {
  try {
    await stack.client.workflow.getHandle(operationWorkflowId(reference)).describe();
    return true;
  } catch {
    return false;
  }
}

async function waitForRecord(reference: string) {
  for (let i = 0; i < 75; i++) {
    const res = await request(app).get(`/api/operations/${reference}`).auth(tokens.coordinator, { type: 'bearer' });
    if (res.status === 200 && res.body.recorded) return res;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('operation was not recorded');
}

describe('health', () => {
  it('when the process runs, then /healthz answers 200', async () => {
    await request(app).get('/healthz').expect(200, { status: 'ok' });
  });

  it('when PostgreSQL and Temporal answer, then /readyz is 200 with both checks ok', async () => {
    const res = await request(app).get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'ready', checks: { postgres: 'ok', temporal: 'ok' } });
  });

  it('when PostgreSQL is unreachable, then /readyz is 503 and says PostgreSQL is the reason', async () => {
    const config = testConfig({ DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });
    const db = createDb(config.databaseUrl!);
    const broken = createApp({ config, db, temporal: stack.client, logger: createLogger('silent', 'test') });
    const res = await request(broken).get('/readyz').expect(503);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.detail).toMatch(/^PostgreSQL: /);
    expect(res.body.detail).not.toMatch(/Temporal/);
    await db.$disconnect();
  });
});

describe('operations', () => {
  it('when a coordinator creates an operation, then it runs as a workflow and reads back from PostgreSQL', async () => {
    const body = june2025Agreement(unique('op'));
    await stack.withWorker(async () => {
      const created = await request(app)
        .post('/api/operations')
        .auth(tokens.coordinator, { type: 'bearer' })
        .send(body)
        .expect(201);
      expect(created.headers.location).toBe(`/api/operations/${body.reference}`);
      expect(created.body.workflow.id).toBe(operationWorkflowId(body.reference));
      expect(created.body.workflow.url).toContain(encodeURIComponent(operationWorkflowId(body.reference)));

      const res = await waitForRecord(body.reference);
      expect(res.body).toMatchObject({
        reference: body.reference,
        title: body.title,
        phase: 'PLANNED',
        recorded: true,
        parties: body.agreement.parties,
        agreement: {
          version: 1,
          venue: 'Istanbul',
          concludedOn: '2025-06-02',
          window: body.agreement.window,
          exchangePoints: body.agreement.exchangePoints,
          intermediaryRole: 'OBSERVER',
        },
        workflow: { id: operationWorkflowId(body.reference), status: 'RUNNING' },
      });
      expect(res.body.agreement.plannedTransfers).toEqual(expect.arrayContaining(body.agreement.plannedTransfers));

      const list = await request(app)
        .get('/api/operations')
        .auth(tokens.coordinator, { type: 'bearer' })
        .query({ phase: 'PLANNED', limit: 200 })
        .expect(200);
      expect(list.body.items.map((o: { reference: string }) => o.reference)).toContain(body.reference);
      await stack.client.workflow.getHandle(operationWorkflowId(body.reference)).terminate('test finished');
    });
  });

  it('when the same reference is created twice, then the second is a 409 and nothing more is started', async () => {
    const body = june2025Agreement(unique('op'));
    await stack.withWorker(async () => {
      await request(app).post('/api/operations').auth(tokens.coordinator, { type: 'bearer' }).send(body).expect(201);
      await waitForRecord(body.reference);
      const before = await operationCount();
      const res = await request(app)
        .post('/api/operations')
        .auth(tokens.coordinator, { type: 'bearer' })
        .send(body)
        .expect(409);
      expect(res.type).toBe('application/problem+json');
      expect(res.body).toMatchObject({ status: 409, detail: 'An operation with this reference already exists.' });
      expect(await operationCount()).toBe(before);
      await stack.client.workflow.getHandle(operationWorkflowId(body.reference)).terminate('test finished');
    });
  });

  it('when an unknown reference is read, then it is a 404 problem', async () => {
    const res = await request(app)
      .get('/api/operations/NO-SUCH-OP')
      .auth(tokens.coordinator, { type: 'bearer' })
      .expect(404);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.detail).toBe('No such operation.');
  });

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
      const before = await operationCount();
      const payload = body() as { reference?: string };
      const res = await request(app)
        .post('/api/operations')
        .auth(tokens.coordinator, { type: 'bearer' })
        .send(payload as object)
        .expect(400);
      expect(res.type).toBe('application/problem+json');
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      expect(res.body.detail).toContain(pointer);
      expect(await operationCount()).toBe(before);
      if (typeof payload.reference === 'string') expect(await workflowExists(payload.reference)).toBe(false);
    },
  );

  it('when the body is not JSON, then it is a 400 malformed-json problem', async () => {
    const res = await request(app)
      .post('/api/operations')
      .auth(tokens.coordinator, { type: 'bearer' })
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
        request(app)
          .post('/api/operations')
          .auth(tokens.coordinator, { type: 'bearer' })
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
        request(app).get(`/api/operations/${segment}`),
        request(app).post(`/api/operations/${segment}/confirmations`).send({ version: 1 }),
      ]) {
        const res = await req.auth(tokens.coordinator, { type: 'bearer' });
        expect({ status: res.status, type: res.type }).toEqual({ status: 400, type: 'application/problem+json' });
        expect(res.body).toMatchObject({ type: '/problems/malformed-path', status: 400 });
      }
    },
  );

  it.each([
    ['a path over 16 KB', `GET /api/operations/${'x'.repeat(20_000)} HTTP/1.1\r\nHost: api\r\n\r\n`, 431],
    ['bytes that are not HTTP', 'NOT HTTP AT ALL\r\n\r\n', 400],
  ])(
    'when a request is %s, then Node refuses it before the app with a problem+json body all the same',
    async (_, raw, status) => {
      const server = app.listen(0, '127.0.0.1');
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
    const before = await operationCount();
    const res = await request(app)
      .post('/api/operations')
      .auth(tokens.coordinator, { type: 'bearer' })
      .set('content-type', 'text/plain')
      .send(JSON.stringify(june2025Agreement(unique('op'))))
      .expect(415);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.detail).toContain('application/json');
    expect(await operationCount()).toBe(before);
  });

  it.each(['null', 'true', '3', '"text"', '[]', '[{"reference":"x"}]'])(
    'when the body is the JSON %s, then it is a 400 saying the body must be an object',
    async (body) => {
      const res = await request(app)
        .post('/api/operations')
        .auth(tokens.coordinator, { type: 'bearer' })
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
    const res = await request(app)
      .post('/api/operations')
      .auth(tokens.coordinator, { type: 'bearer' })
      .send(body)
      .expect(413);
    expect(res.body.type).toBe('/problems/payload-too-large');
  });

  it('when a list filter is invalid, then it is a 400 naming the parameter', async () => {
    const res = await request(app)
      .get('/api/operations')
      .auth(tokens.coordinator, { type: 'bearer' })
      .query({ phase: 'DANCING' })
      .expect(400);
    expect(res.body.errors[0].pointer).toBe('/phase');
  });

  it('when a route does not exist, then it is a 404 problem', async () => {
    const res = await request(app).get('/api/nothing-here').auth(tokens.coordinator, { type: 'bearer' }).expect(404);
    expect(res.type).toBe('application/problem+json');
  });
});

describe('access', () => {
  const create = (token: string, body: object, key?: string) => {
    const r = request(app).post('/api/operations').auth(token, { type: 'bearer' });
    return key ? r.set('idempotency-key', key).send(body) : r.send(body);
  };

  it('when no token or an unknown one is sent, then it is a 401 and nothing is created', async () => {
    const before = await operationCount();
    const none = await request(app)
      .post('/api/operations')
      .send(june2025Agreement(unique('op')))
      .expect(401);
    expect(none.type).toBe('application/problem+json');
    expect(none.headers['www-authenticate']).toBe('Bearer');
    await request(app).get('/api/operations').auth('rpt_not-a-real-token', { type: 'bearer' }).expect(401);
    expect(await operationCount()).toBe(before);
  });

  it('when a token is revoked, then it no longer opens anything', async () => {
    const { issueToken, revokeToken } = await import('../../src/api/tokens');
    const issued = await issueToken(stack.db, { principal: 'coordinator-2', role: 'COORDINATOR' });
    await request(app).get('/api/operations').auth(issued.token, { type: 'bearer' }).expect(200);
    expect(await revokeToken(stack.db, issued.id)).toBe(true);
    const res = await request(app).get('/api/operations').auth(issued.token, { type: 'bearer' }).expect(401);
    expect(res.body.detail).toBe('The token is unknown or revoked.');
  });

  it.each(['field', 'ru', 'forensic', 'observer'] as const)(
    'when a %s token tries to create an operation, then it is a 403 naming the role needed',
    async (who) => {
      const before = await operationCount();
      const res = await create(tokens[who], june2025Agreement(unique('op'))).expect(403);
      expect(res.body.detail).toMatch(/needs the role COORDINATOR/);
      expect(await operationCount()).toBe(before);
    },
  );

  it('when a party reads operations, then it sees only those its party takes part in', async () => {
    const body = june2025Agreement(unique('op'));
    await stack.withWorker(async () => {
      await create(tokens.coordinator, body).expect(201);
      await waitForRecord(body.reference);
      for (const who of ['ru', 'ua', 'field', 'forensic', 'observer'] as const) {
        await request(app).get(`/api/operations/${body.reference}`).auth(tokens[who], { type: 'bearer' }).expect(200);
      }
      // A party outside the operation learns nothing of it, not even that it exists.
      const hidden = await request(app)
        .get(`/api/operations/${body.reference}`)
        .auth(tokens.by, { type: 'bearer' })
        .expect(404);
      expect(hidden.body.detail).toBe('No such operation.');
      const list = await request(app)
        .get('/api/operations')
        .auth(tokens.by, { type: 'bearer' })
        .query({ limit: 200 })
        .expect(200);
      expect(list.body.items.map((o: { reference: string }) => o.reference)).not.toContain(body.reference);
      await stack.client.workflow.getHandle(operationWorkflowId(body.reference)).terminate('test finished');
    });
  });

  it('when a state-changing request is made, then it is attributed to its token, principal and answer', async () => {
    const body = june2025Agreement(unique('op'));
    const res = await create(tokens.ru, body).expect(403);
    const entry = await eventually(
      () => stack.db.requestAudit.findFirst({ where: { requestId: res.headers['x-request-id'] } }),
      'the audit entry',
    );
    const token = await stack.db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(tokens.ru) } });
    expect(entry).toMatchObject({
      tokenId: token.id,
      principal: 'liaison-ru-1',
      role: 'PARTY_LIAISON',
      party: 'RU',
      method: 'POST',
      path: '/api/operations',
      status: 403,
    });
  });

  it('when a request is repeated with the same Idempotency-Key, then the first answer comes back and one operation exists', async () => {
    const body = june2025Agreement(unique('op'));
    const key = unique('key-create');
    await stack.withWorker(async () => {
      const first = await create(tokens.coordinator, body, key).expect(201);
      const again = await create(tokens.coordinator, body, key).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const reused = await create(tokens.coordinator, { ...body, title: 'Another title' }, key).expect(422);
      expect(reused.body.type).toBe('/problems/idempotency-key-reused');
      await waitForRecord(body.reference);
      expect(await stack.db.repatriationOperation.count({ where: { reference: body.reference } })).toBe(1);
      await stack.client.workflow.getHandle(operationWorkflowId(body.reference)).terminate('test finished');
    });
  });
  it('when an Idempotency-Key is older than the retention, then it is purged and a recent one is kept', async () => {
    const row = await stack.db.apiToken.findFirstOrThrow({ where: { tokenHash: hashToken(tokens.coordinator) } });
    const now = new Date();
    const day = 86_400_000;
    const keys = { old: unique('key-old'), recent: unique('key-recent') };
    await stack.db.idempotentRequest.createMany({
      data: [
        {
          tokenId: row.id,
          key: keys.old,
          method: 'POST',
          path: '/x',
          bodyHash: 'h',
          createdAt: new Date(now.getTime() - (KEY_RETENTION_DAYS + 1) * day),
        },
        {
          tokenId: row.id,
          key: keys.recent,
          method: 'POST',
          path: '/x',
          bodyHash: 'h',
          createdAt: new Date(now.getTime() - (KEY_RETENTION_DAYS - 1) * day),
        },
      ],
    });
    expect(await purgeExpiredKeys(stack.db, now)).toBeGreaterThanOrEqual(1);
    const left = await stack.db.idempotentRequest.findMany({
      where: { tokenId: row.id, key: { in: Object.values(keys) } },
    });
    expect(left.map((r) => r.key)).toEqual([keys.recent]);
  });
});

describe('documentation', () => {
  it('serves an OpenAPI 3.1 document describing the operation endpoints', async () => {
    const res = await request(app).get('/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/operations', '/api/operations/{reference}']),
    );
    const schema = res.body.paths['/api/operations'].post.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['reference', 'title', 'agreement']));
  });

  it('serves readable docs at /docs from local assets', async () => {
    const page = await request(app).get('/docs/').expect(200);
    expect(page.text).toContain('./assets/swagger-ui-bundle.js');
    await request(app).get('/docs/assets/swagger-ui-bundle.js').expect(200);
    expect((await request(app).get('/docs/init.js').expect(200)).text).toContain('SwaggerUIBundle');
  });
});
