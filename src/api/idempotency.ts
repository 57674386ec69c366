import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Db } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { principalOf } from './auth';
import { ProblemError } from './errors';

/**
 * `Idempotency-Key` on state-changing requests: the first answer is stored
 * and replayed to every repeat of the same request by the same token; the
 * same key with a different request is refused. Retried requests therefore
 * have one effect, even across a lost answer. Answers are kept for
 * KEY_RETENTION_DAYS, then forgotten.
 */

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;
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

export function idempotency(db: Db): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    if (req.method !== 'POST' || key === undefined) return next();
    if (!KEY.test(key)) {
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
    const { count } = await db.idempotentRequest.createMany({
      data: [{ tokenId, key, method: req.method, path, bodyHash }],
      skipDuplicates: true,
    });
    if (count === 0) {
      const first = await db.idempotentRequest.findUniqueOrThrow({ where: { tokenId_key: { tokenId, key } } });
      if (first.status === null && Date.now() - first.createdAt.getTime() > ABANDONED_AFTER_MS) {
        await db.idempotentRequest.deleteMany({ where: { tokenId, key, status: null, createdAt: first.createdAt } });
        return idempotency(db)(req, res, next);
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
      return;
    }
    // The answer is stored before it leaves, so a repeat always finds it.
    const sendJson = res.json.bind(res);
    res.json = (body: unknown) => {
      void storeAnswer(db, tokenId, key, res.statusCode, body).finally(() => sendJson(body));
      return res;
    };
    const sendRaw = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (typeof body === 'string' && res.get('content-type')?.includes('problem+json')) {
        void storeAnswer(db, tokenId, key, res.statusCode, JSON.parse(body)).finally(() => sendRaw(body));
        return res;
      }
      return sendRaw(body);
    };
    next();
  };
}

async function storeAnswer(db: Db, tokenId: string, key: string, status: number, body: unknown): Promise<void> {
  // Server errors are not final: the key is released so that the request can be retried.
  if (status >= 500) {
    await db.idempotentRequest.deleteMany({ where: { tokenId, key } }).catch(() => undefined);
    return;
  }
  await db.idempotentRequest
    .update({
      where: { tokenId_key: { tokenId, key } },
      data: { status, response: (body ?? null) as Prisma.InputJsonValue, completedAt: new Date() },
    })
    .catch(() => undefined);
}
