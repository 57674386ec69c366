import request from 'supertest';
import { hashToken } from '../../src/api/tokens';
import { june2025Agreement } from '../helpers/fixtures';
import { spawnEntryPoint } from '../helpers/processes';
import { testDatabaseUrl, unique } from '../helpers/stack';
import { expectProblem, useApiWorld } from './support';

/**
 * API tokens are machines' (service accounts): made with `npm run tokens`, limited to the routes a machine
 * needs, and expiring. The command itself, on the run's database.
 */

const w = useApiWorld();

async function tokensCommand(args: string[]): Promise<{ code: number | null; output: string }> {
  const run = spawnEntryPoint('src/main/tokens.ts', { DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'silent' }, args);
  const { code } = await run.exited;
  return { code, output: run.output() };
}

describe('a service account limited to its routes', () => {
  it('when npm run tokens makes one limited to listing operations, then it lists them, asks who it is, and may do nothing else', async () => {
    const made = await tokensCommand([
      'create',
      '--principal',
      unique('dashboard'),
      '--role',
      'OBSERVER',
      '--routes',
      'listOperations',
      '--expires-in',
      '30 days',
    ]);
    expect(made).toMatchObject({ code: 0, output: expect.stringContaining('routes   listOperations') });
    const token = /token\s+(rpt_\S+)/.exec(made.output)![1];
    const row = await w.stack.db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row.routes).toEqual(['listOperations']);
    const days = (row.expiresAt.getTime() - row.createdAt.getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(30);

    const as = (r: request.Test) => r.auth(token, { type: 'bearer' });
    await as(request(w.app).get('/api/operations')).expect(200);
    expect((await as(request(w.app).get('/api/me')).expect(200)).body).toMatchObject({ role: 'OBSERVER' });
    const refused = await as(request(w.app).get('/api/operations/NOBODY-OP-1'));
    expectProblem(refused, 403);
    expect(refused.body.detail).toBe('This token is limited to listOperations.');
    const create = await as(
      request(w.app)
        .post('/api/operations')
        .set('idempotency-key', unique('limited'))
        .send(june2025Agreement(unique('op'))),
    );
    expectProblem(create, 403);
  });

  it('when a route is not one its role may call, or not a route at all, then npm run tokens refuses to make it', async () => {
    const wrongRole = await tokensCommand([
      'create',
      '--principal',
      'x-1',
      '--role',
      'OBSERVER',
      '--routes',
      'createOperation',
    ]);
    expect(wrongRole.code).toBe(1);
    expect(wrongRole.output).toContain('createOperation needs the role COORDINATOR, not OBSERVER');
    const unknown = await tokensCommand([
      'create',
      '--principal',
      'x-1',
      '--role',
      'OBSERVER',
      '--routes',
      'dropEverything',
    ]);
    expect(unknown.output).toContain('dropEverything is not a route of the API that takes a token');
  });
});
