import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app';
import { createDb } from '../../src/db';
import { createLogger } from '../../src/logger';
import { operationWorkflowId } from '../../workflows/ids';
import { june2025Agreement } from '../helpers/fixtures';
import { openStack, testConfig, unique, type TestStack } from '../helpers/stack';

let stack: TestStack;
let app: Express;
beforeAll(async () => {
  stack = await openStack();
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
    const res = await request(app).get(`/api/operations/${reference}`);
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
      const created = await request(app).post('/api/operations').send(body).expect(201);
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

      const list = await request(app).get('/api/operations').query({ phase: 'PLANNED', limit: 200 }).expect(200);
      expect(list.body.items.map((o: { reference: string }) => o.reference)).toContain(body.reference);
      await stack.client.workflow.getHandle(operationWorkflowId(body.reference)).terminate('test finished');
    });
  });

  it('when the same reference is created twice, then the second is a 409 and nothing more is started', async () => {
    const body = june2025Agreement(unique('op'));
    await stack.withWorker(async () => {
      await request(app).post('/api/operations').send(body).expect(201);
      await waitForRecord(body.reference);
      const before = await operationCount();
      const res = await request(app).post('/api/operations').send(body).expect(409);
      expect(res.type).toBe('application/problem+json');
      expect(res.body).toMatchObject({ status: 409, detail: 'An operation with this reference already exists.' });
      expect(await operationCount()).toBe(before);
      await stack.client.workflow.getHandle(operationWorkflowId(body.reference)).terminate('test finished');
    });
  });

  it('when an unknown reference is read, then it is a 404 problem', async () => {
    const res = await request(app).get('/api/operations/NO-SUCH-OP').expect(404);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.detail).toContain('NO-SUCH-OP');
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
      .set('content-type', 'application/json')
      .send('{"reference":')
      .expect(400);
    expect(res.body).toMatchObject({ type: '/problems/malformed-json', status: 400 });
  });

  it('when the body is over 1 MB, then it is a 413 problem', async () => {
    const body = { ...june2025Agreement(unique('op')), title: 'x'.repeat(1_100_000) };
    const res = await request(app).post('/api/operations').send(body).expect(413);
    expect(res.body.type).toBe('/problems/payload-too-large');
  });

  it('when a list filter is invalid, then it is a 400 naming the parameter', async () => {
    const res = await request(app).get('/api/operations').query({ phase: 'DANCING' }).expect(400);
    expect(res.body.errors[0].pointer).toBe('/phase');
  });

  it('when a route does not exist, then it is a 404 problem', async () => {
    const res = await request(app).get('/api/nothing-here').expect(404);
    expect(res.type).toBe('application/problem+json');
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
    expect(page.text).toContain('SwaggerUIBundle');
    await request(app).get('/docs/assets/swagger-ui-bundle.js').expect(200);
  });
});
