import request from 'supertest';
import { expectProblem, useApiWorld } from './support';

/**
 * The API as an outside client finds it against its OpenAPI document: the
 * methods a path does not take.
 */

const w = useApiWorld();
/** A request with any method supertest knows. */
const ask = (method: string, path: string) => request(w.app)[method.toLowerCase() as 'get'](path);

describe('a method a path does not take', () => {
  it.each([
    ['TRACE', '/api/me', 'GET, HEAD'],
    ['PUT', '/api/operations', 'GET, HEAD, POST'],
    ['DELETE', '/api/operations/RU-UA-2025-06', 'GET, HEAD'],
    ['POST', '/api/operations/RU-UA-2025-06/report', 'GET, HEAD'],
    ['GET', '/api/operations/RU-UA-2025-06/handovers/2025-06-07/incidents', 'POST'],
    ['PATCH', '/api/cases/PM-UA-2025-00417/steps/', 'POST'],
  ])(
    'when %s %s is asked with a token, then it is 405 with Allow: %s, as problem+json',
    async (method, path, allow) => {
      const res = await ask(method, path).auth(w.tokens.coordinator, { type: 'bearer' });
      expectProblem(res, 405);
      expect(res.headers.allow).toBe(allow);
      expect(res.body.type).toBe('/problems/method-not-allowed');
    },
  );

  it('when a public path is asked with TRACE, then it is 405 with its Allow', async () => {
    const res = await request(w.app).trace('/healthz');
    expectProblem(res, 405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('when it is asked without a token under /api, then it is 401: who may call what is not told to anyone', async () => {
    expectProblem(await request(w.app).put('/api/operations'), 401);
  });

  it('when a path names no route, then it stays 404', async () => {
    const res = await request(w.app).put('/api/nothing-here').auth(w.tokens.coordinator, { type: 'bearer' });
    expectProblem(res, 404);
    expect(res.headers.allow).toBeUndefined();
  });
});
