import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { pingDb, type Db } from '../../db';
import { endpoint, serve } from '../endpoint';
import { ProblemError } from '../errors';

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const liveness = endpoint({
  method: 'get',
  path: '/healthz',
  operationId: 'liveness',
  summary: 'The process is alive',
  roles: 'public',
  party: 'none',
  response: z.object({ status: z.literal('ok') }),
  // The JSON parser in front of every route answers a malformed body with 400, here too.
  errors: [400],
});
export const readiness = endpoint({
  method: 'get',
  path: '/readyz',
  operationId: 'readiness',
  summary: 'PostgreSQL and Temporal are reachable',
  roles: 'public',
  party: 'none',
  response: z.object({
    status: z.literal('ready'),
    checks: z.object({ postgres: z.literal('ok'), temporal: z.literal('ok') }),
  }),
  errors: [400, 503],
});

/** `/healthz`: the process is alive. `/readyz`: PostgreSQL and Temporal both answer. */
export function healthRoutes({ db, temporal, namespace }: { db: Db; temporal: Client; namespace: string }): Router {
  const router = Router();
  const on = serve(router, { db, temporal });

  on(liveness, ({ res }) => {
    res.json({ status: 'ok' });
  });

  on(readiness, async ({ res }) => {
    const checks = await Promise.allSettled([
      withTimeout('PostgreSQL', pingDb(db)),
      withTimeout('Temporal', temporal.workflowService.describeNamespace({ namespace })),
    ]);
    const [postgres, temporalCheck] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : 'unavailable'));
    const failures = checks.flatMap((c, i) =>
      c.status === 'rejected' ? [`${i === 0 ? 'PostgreSQL' : 'Temporal'}: ${(c.reason as Error).message}`] : [],
    );
    if (failures.length) {
      throw new ProblemError(503, 'not-ready', 'Not ready', failures.join('; '));
    }
    res.json({ status: 'ready', checks: { postgres, temporal: temporalCheck } });
  });

  return router;
}
