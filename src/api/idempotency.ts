import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Db } from '../db';
import type { IdempotentRequest, Prisma } from '../generated/prisma/client';
import { principalOf } from './auth';
import { ProblemError, sendProblem } from './errors';

/**
 * `Idempotency-Key` on state-changing requests: the first answer is stored
 * and replayed to every repeat of the same request by the same token; the
 * same key with a different request is refused. Checked only once the route
 * has authorised the request (./endpoint.ts). Retried requests therefore
 * have one effect, even across a lost answer. Answers are kept for
 * KEY_RETENTION_DAYS, then forgotten.
 */

/** What an Idempotency-Key may be (the OpenAPI document declares the same pattern). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
// A first request that never answered (its process died, or it failed while PostgreSQL was down and
// could not release its key) frees its key after this long. A repeat that runs while the first is in
// fact still running is harmless: updates are named by the key (updateIdOf), so it joins the first.
const ABANDONED_AFTER_MS = 15_000;
/** How long a first answer is replayed: a client retries within minutes, not weeks; the table stays small. */
export const KEY_RETENTION_DAYS = 7;

/** Forgets the keys older than the retention (run hourly by the API); returns how many went. */
export async function purgeExpiredKeys(db: Db, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - KEY_RETENTION_DAYS * 86_400_000);
  const { count } = await db.idempotentRequest.deleteMany({ where: { createdAt: { lt: before } } });
  return count;
}

/**
 * The Idempotency-Key of a request its route has already authorised (role, party, the liaison's own party:
 * ./endpoint.ts `serve`), so that someone who may not act learns nothing from a key. Claims the key for
 * this request, or answers a repeat: true when the request has been answered here (the first answer
 * replayed), false when its handler is to run (with its answer kept under the key, if it has one).
 */
export async function claimIdempotencyKey(db: Db, req: Request, res: Response): Promise<boolean> {
  const key = req.get('idempotency-key');
  if (key === undefined) return false;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ProblemError(
      400,
      'invalid-request',
      'Invalid Idempotency-Key',
      'Use 8–128 letters, digits, dots, colons, dashes or underscores.',
    );
  }
  const { tokenId } = principalOf(req);
  const path = req.originalUrl.split('?')[0];
  const bodyHash = createHash('sha256')
    .update(JSON.stringify(req.body ?? null))
    .digest('hex');
  for (;;) {
    const first = await claim(db, { tokenId, key, method: req.method, path, bodyHash });
    if (first === 'claimed') break;
    // Claimed by a request not yet committed when this one looked: look again (it is there now).
    if (first === 'unseen') continue;
    if (first.status === null && Date.now() - first.createdAt.getTime() > ABANDONED_AFTER_MS) {
      await db.idempotentRequest.deleteMany({ where: { tokenId, key, status: null, createdAt: first.createdAt } });
      continue;
    }
    if (first.method !== req.method || first.path !== path || first.bodyHash !== bodyHash) {
      throw new ProblemError(
        422,
        'idempotency-key-reused',
        'Idempotency-Key reused',
        'This key was already used for a different request.',
      );
    }
    if (first.status === null) {
      res.setHeader('Retry-After', '1');
      throw new ProblemError(
        409,
        'request-in-progress',
        'Request in progress',
        'The first request with this key is still being processed; retry shortly.',
      );
    }
    res.setHeader('Idempotent-Replayed', 'true');
    res.status(first.status);
    if (first.status >= 400) res.type('application/problem+json').send(JSON.stringify(first.response));
    else res.json(first.response);
    return true;
  }
  // The answer is kept before it leaves, so a repeat always finds it; one that cannot be kept does not leave.
  const sendJson = res.json.bind(res);
  const sendRaw = res.send.bind(res);
  const keptThenSent = (body: unknown, send: () => void) => {
    void keepAnswer(db, tokenId, key, res.statusCode, body).then((kept) => {
      if (kept) send();
      else answerRetry(res);
    });
    return res;
  };
  res.json = (body: unknown) => keptThenSent(body, () => sendJson(body));
  res.send = (body?: unknown) => {
    if (typeof body === 'string' && res.get('content-type')?.includes('problem+json')) {
      return keptThenSent(JSON.parse(body), () => sendRaw(body));
    }
    return sendRaw(body);
  };
  return false;
}

interface Claim {
  tokenId: string;
  key: string;
  method: string;
  path: string;
  bodyHash: string;
}
type FirstRequest = Pick<IdempotentRequest, 'method' | 'path' | 'bodyHash' | 'status' | 'response' | 'createdAt'>;

/**
 * Claims the key for this request, or reads the request that claimed it first, in one round trip: 'claimed',
 * the first request, or 'unseen' when the key was claimed by a request that had not committed when this
 * statement began (its row is not in this statement's snapshot; asking again finds it).
 *
 * The claim commits without waiting for its WAL to reach the disk (synchronous_commit off, for this statement's
 * transaction only): other requests see it at once, and the answer kept after it (a synchronous commit) makes
 * both durable before the answer is sent. Only a crash of PostgreSQL itself within moments of a claim can
 * lose it, and then the request it was for cannot keep its answer either: it is answered 503, and its retry
 * claims the key again and joins the same Temporal update (named by the key), as after any unkept answer.
 */
async function claim(db: Db, c: Claim): Promise<'claimed' | 'unseen' | FirstRequest> {
  // The time goes as an ISO string cast to timestamptz, so the session's time zone cannot shift it.
  const rows = await db.$queryRaw<Array<{ claimed: boolean } & FirstRequest>>`
    WITH no_wait AS (SELECT set_config('synchronous_commit', 'off', true)),
    claimed AS (
      INSERT INTO "IdempotentRequest" ("tokenId", "key", "method", "path", "bodyHash", "createdAt")
      SELECT ${c.tokenId}::uuid, ${c.key}, ${c.method}, ${c.path}, ${c.bodyHash}, ${new Date().toISOString()}::timestamptz
        FROM no_wait
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT true AS claimed, NULL AS "method", NULL AS "path", NULL AS "bodyHash", NULL::int AS "status",
           NULL::jsonb AS "response", NULL::timestamptz AS "createdAt"
      FROM claimed
    UNION ALL
    SELECT false, "method", "path", "bodyHash", "status", "response", "createdAt"
      FROM "IdempotentRequest"
     WHERE "tokenId" = ${c.tokenId}::uuid AND "key" = ${c.key} AND NOT EXISTS (SELECT FROM claimed)`;
  if (!rows.length) return 'unseen';
  return rows[0].claimed ? 'claimed' : rows[0];
}

/**
 * Stores the answer under its key; false when it could not be stored
 * (PostgreSQL unreachable). Server errors are not final: their key is
 * released so that the request can be retried, and they are sent either way.
 */
async function keepAnswer(db: Db, tokenId: string, key: string, status: number, body: unknown): Promise<boolean> {
  if (status >= 500) {
    await db.idempotentRequest.deleteMany({ where: { tokenId, key, status: null } }).catch(() => undefined);
    return true;
  }
  try {
    // One statement, nothing read back; no row (the key released as abandoned meanwhile) is not kept either.
    const { count } = await db.idempotentRequest.updateMany({
      where: { tokenId, key },
      data: { status, response: (body ?? null) as Prisma.InputJsonValue, completedAt: new Date() },
    });
    if (count === 1) return true;
  } catch {
    // PostgreSQL unreachable or refusing: not kept.
  }
  // Not kept: release the key if PostgreSQL is already back, so the retry runs at once (it joins the same
  // Temporal update, named by the key); otherwise the key frees itself after ABANDONED_AFTER_MS.
  await db.idempotentRequest.deleteMany({ where: { tokenId, key, status: null } }).catch(() => undefined);
  return false;
}

/** The answer could not be kept: the client is told to retry with the same key, and gets the same outcome. */
function answerRetry(res: Response): void {
  res.setHeader('Retry-After', '2');
  const problem = new ProblemError(
    503,
    'unavailable',
    'Try again',
    'The answer could not be kept; retry with the same Idempotency-Key to get it.',
  );
  // A 5xx is never kept: sendProblem goes out through res.send, which releases the key once more.
  sendProblem(res, problem, res.req.originalUrl);
}
