import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { pingDb, type Db } from '../../db';
import { endpoint, serve } from '../endpoint';
import { ProblemError } from '../errors';
import type { PeopleVerifier } from '../../identity/verifier';

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
  summary: 'PostgreSQL and Temporal are reachable (and whether the identity provider is)',
  description:
    'Answers 503 when PostgreSQL or Temporal is down. An unreachable OpenID Provider does not make the API unready ' +
    '(people already signed in keep working until their tokens expire, machines use API tokens): it answers ' +
    '`degraded`, with `identity: unreachable` and why.',
  roles: 'public',
  party: 'none',
  response: z.object({
    status: z.enum(['ready', 'degraded']),
    checks: z.object({
      postgres: z.literal('ok'),
      temporal: z.literal('ok'),
      identity: z.enum(['ok', 'unreachable']).optional().meta({ description: 'Absent when no provider is configured' }),
    }),
    detail: z.string().optional(),
  }),
  errors: [400, 503],
});

/** `/healthz`: the process is alive. `/readyz`: PostgreSQL and Temporal both answer; and the identity provider? */
export function healthRoutes({
  db,
  temporal,
  namespace,
  people,
}: {
  db: Db;
  temporal: Client;
  namespace: string;
  people?: PeopleVerifier;
}): Router {
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
    const identity =
      people &&
      (await withTimeout('The identity provider', people.reachable()).then(
        () => undefined,
        (err: Error) => err,
      ));
    if (!identity) {
      res.json({
        status: 'ready',
        checks: { postgres, temporal: temporalCheck, ...(people ? { identity: 'ok' } : {}) },
      });
      return;
    }
    res.json({
      status: 'degraded',
      checks: { postgres, temporal: temporalCheck, identity: 'unreachable' },
      detail: `The identity provider ${people.issuer} is unreachable (${identity.message}): people signed in keep working until their tokens expire; nobody can sign in.`,
    });
  });

  return router;
}
