import request from 'supertest';
import { createApp } from '../../src/api/app';
import { auditsWritten } from '../../src/api/audit';
import { createDb } from '../../src/db';
import { createLogger } from '../../src/logger';
import { operationWorkflowId } from '../../workflows/shared/ids';
import { june2025Agreement } from '../helpers/fixtures';
import { personId } from '../../src/api/auth';
import { KEY_RETENTION_DAYS, purgeExpiredKeys } from '../../src/api/idempotency';
import { runProvider } from '../helpers/identity';
import { eventually } from '../helpers/processes';
import { useIntegrationApp } from '../helpers/integration-app';
import { testConfig, unique } from '../helpers/stack';

const w = useIntegrationApp();

async function waitForRecord(reference: string) {
  for (let i = 0; i < 75; i++) {
    const res = await request(w.app).get(`/api/operations/${reference}`).auth(w.people.coordinator, { type: 'bearer' });
    if (res.status === 200 && res.body.recorded) return res;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('operation was not recorded');
}

describe('health', () => {
  it('when the process runs, then /healthz answers 200', async () => {
    await request(w.app).get('/healthz').expect(200, { status: 'ok' });
  });

  it('when PostgreSQL, Temporal and the OpenID Provider answer, then /readyz is 200 with every check ok', async () => {
    const res = await request(w.app).get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'ready', checks: { postgres: 'ok', temporal: 'ok', identity: 'ok' } });
  });

  it('when PostgreSQL is unreachable, then /readyz is 503 and says PostgreSQL is the reason', async () => {
    const config = testConfig({ DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });
    const db = createDb(config.databaseUrl!);
    const broken = createApp({ config, db, temporal: w.stack.client, logger: createLogger('silent', 'test') });
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
    await w.stack.withWorker(async () => {
      const created = await request(w.app)
        .post('/api/operations')
        .auth(w.people.coordinator, { type: 'bearer' })
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

      const list = await request(w.app)
        .get('/api/operations')
        .auth(w.people.coordinator, { type: 'bearer' })
        .query({ phase: 'PLANNED', limit: 200 })
        .expect(200);
      expect(list.body.items.map((o: { reference: string }) => o.reference)).toContain(body.reference);
      await w.stack.client.workflow.getHandle(operationWorkflowId(body.reference)).terminate('test finished');
    });
  });

  it('when the same reference is created twice, then the second is a 409 and nothing more is started', async () => {
    const body = june2025Agreement(unique('op'));
    await w.stack.withWorker(async () => {
      await request(w.app)
        .post('/api/operations')
        .auth(w.people.coordinator, { type: 'bearer' })
        .send(body)
        .expect(201);
      await waitForRecord(body.reference);
      const before = await w.operationCount();
      const res = await request(w.app)
        .post('/api/operations')
        .auth(w.people.coordinator, { type: 'bearer' })
        .send(body)
        .expect(409);
      expect(res.type).toBe('application/problem+json');
      expect(res.body).toMatchObject({ status: 409, detail: 'An operation with this reference already exists.' });
      expect(await w.operationCount()).toBe(before);
      await w.stack.client.workflow.getHandle(operationWorkflowId(body.reference)).terminate('test finished');
    });
  });

  it('when an unknown reference is read, then it is a 404 problem', async () => {
    const res = await request(w.app)
      .get('/api/operations/NO-SUCH-OP')
      .auth(w.people.coordinator, { type: 'bearer' })
      .expect(404);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.detail).toBe('No such operation.');
  });
});

const create = (token: string, body: object, key?: string) => {
  const r = request(w.app).post('/api/operations').auth(token, { type: 'bearer' });
  return key ? r.set('idempotency-key', key).send(body) : r.send(body);
};

describe('access', () => {
  it('when no token or an unknown one is sent, then it is a 401 and nothing is created', async () => {
    const before = await w.operationCount();
    const none = await request(w.app)
      .post('/api/operations')
      .send(june2025Agreement(unique('op')))
      .expect(401);
    expect(none.type).toBe('application/problem+json');
    expect(none.headers['www-authenticate']).toBe('Bearer');
    await request(w.app).get('/api/operations').auth('rpt_not-a-real-token', { type: 'bearer' }).expect(401);
    expect(await w.operationCount()).toBe(before);
  });

  it('when a token is revoked, then it no longer opens anything', async () => {
    const { issueToken, revokeToken } = await import('../../src/api/tokens');
    const issued = await issueToken(w.stack.db, { principal: 'coordinator-2', role: 'COORDINATOR' });
    await request(w.app).get('/api/operations').auth(issued.token, { type: 'bearer' }).expect(200);
    expect(await revokeToken(w.stack.db, issued.id)).toBe(true);
    const res = await request(w.app).get('/api/operations').auth(issued.token, { type: 'bearer' }).expect(401);
    expect(res.body.detail).toBe('The token is unknown or revoked.');
  });

  it.each(['field', 'ru', 'forensic', 'observer'] as const)(
    'when a %s token tries to create an operation, then it is a 403 naming the role needed',
    async (who) => {
      const before = await w.operationCount();
      const res = await create(w.people[who], june2025Agreement(unique('op'))).expect(403);
      expect(res.body.detail).toMatch(/needs the role COORDINATOR/);
      expect(await w.operationCount()).toBe(before);
    },
  );

  it('when a party reads operations, then it sees only those its party takes part in', async () => {
    const body = june2025Agreement(unique('op'));
    await w.stack.withWorker(async () => {
      await create(w.people.coordinator, body).expect(201);
      await waitForRecord(body.reference);
      for (const who of ['ru', 'ua', 'field', 'forensic', 'observer'] as const) {
        await request(w.app)
          .get(`/api/operations/${body.reference}`)
          .auth(w.people[who], { type: 'bearer' })
          .expect(200);
      }
      // A party outside the operation learns nothing of it, not even that it exists.
      const hidden = await request(w.app)
        .get(`/api/operations/${body.reference}`)
        .auth(w.people.by, { type: 'bearer' })
        .expect(404);
      expect(hidden.body.detail).toBe('No such operation.');
      const list = await request(w.app)
        .get('/api/operations')
        .auth(w.people.by, { type: 'bearer' })
        .query({ limit: 200 })
        .expect(200);
      expect(list.body.items.map((o: { reference: string }) => o.reference)).not.toContain(body.reference);
      await w.stack.client.workflow.getHandle(operationWorkflowId(body.reference)).terminate('test finished');
    });
  });

  it('when a state-changing request is made, then it is attributed to its token, principal and answer', async () => {
    const body = june2025Agreement(unique('op'));
    const res = await create(w.people.ru, body).expect(403);
    const entry = await eventually(
      () => w.stack.db.requestAudit.findFirst({ where: { requestId: res.headers['x-request-id'] } }),
      'the audit entry',
    );
    // A person's token id: the same for each of their access tokens, made of the provider and their subject.
    expect(entry).toMatchObject({
      kind: 'PERSON',
      tokenId: personId(runProvider().issuer, 'liaison-ru-1'),
      principal: 'liaison-ru-1',
      role: 'PARTY_LIAISON',
      party: 'RU',
      method: 'POST',
      path: '/api/operations',
      status: 403,
    });
  });
});

describe('the audit trail at a stop', () => {
  it('when the answers have gone out, then auditsWritten waits until every entry begun is written', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => create(w.people.ru, june2025Agreement(unique('op'))).expect(403)),
    );
    // What a stop does before it closes the database (src/main/api.ts, the tests' stacks): no waiting beyond it.
    await auditsWritten(w.stack.db);
    const ids = answers.map((a) => a.headers['x-request-id']);
    expect(await w.stack.db.requestAudit.count({ where: { requestId: { in: ids } } })).toBe(5);
  });
});

// The same describe again: the file's test names are kept while each block stays short.
describe('access', () => {
  it('when a request is repeated with the same Idempotency-Key, then the first answer comes back and one operation exists', async () => {
    const body = june2025Agreement(unique('op'));
    const key = unique('key-create');
    await w.stack.withWorker(async () => {
      const first = await create(w.people.coordinator, body, key).expect(201);
      const again = await create(w.people.coordinator, body, key).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const reused = await create(w.people.coordinator, { ...body, title: 'Another title' }, key).expect(422);
      expect(reused.body.type).toBe('/problems/idempotency-key-reused');
      await waitForRecord(body.reference);
      expect(await w.stack.db.repatriationOperation.count({ where: { reference: body.reference } })).toBe(1);
      await w.stack.client.workflow.getHandle(operationWorkflowId(body.reference)).terminate('test finished');
    });
  });
  it('when an Idempotency-Key is older than the retention, then it is purged and a recent one is kept', async () => {
    const row = { id: personId(runProvider().issuer, 'coordinator-1') };
    const now = new Date();
    const day = 86_400_000;
    const keys = { old: unique('key-old'), recent: unique('key-recent') };
    await w.stack.db.idempotentRequest.createMany({
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
    expect(await purgeExpiredKeys(w.stack.db, now)).toBeGreaterThanOrEqual(1);
    const left = await w.stack.db.idempotentRequest.findMany({
      where: { tokenId: row.id, key: { in: Object.values(keys) } },
    });
    expect(left.map((r) => r.key)).toEqual([keys.recent]);
  });
});

describe('documentation', () => {
  it('serves an OpenAPI 3.1 document describing the operation endpoints', async () => {
    const res = await request(w.app).get('/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/operations', '/api/operations/{reference}']),
    );
    const schema = res.body.paths['/api/operations'].post.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['reference', 'title', 'agreement']));
  });

  it('serves readable docs at /docs from local assets', async () => {
    const page = await request(w.app).get('/docs/').expect(200);
    expect(page.text).toContain('./assets/swagger-ui-bundle.js');
    await request(w.app).get('/docs/assets/swagger-ui-bundle.js').expect(200);
    expect((await request(w.app).get('/docs/init.js').expect(200)).text).toContain('SwaggerUIBundle');
  });
});
