import type { RequestHandler } from 'express';
import type { Db } from '../db';
import type { Logger } from '../logger';

/**
 * Attribution of every state-changing request: the token it came with, its
 * principal (a person's subject, with their display name, or a machine's
 * name), role and party, what it asked and how it was answered. Records name
 * the principal; this names the token too.
 */
/** Entries still being written, per database client: a stop waits for them rather than closing it under them. */
const inFlight = new WeakMap<Db, Set<Promise<unknown>>>();

/** Resolves once every audit entry begun on `db` so far is written (or has failed and been logged). */
export async function auditsWritten(db: Db): Promise<void> {
  await Promise.allSettled([...(inFlight.get(db) ?? [])]);
}

export function auditChanges(db: Db, logger: Logger): RequestHandler {
  const writing = inFlight.get(db) ?? new Set<Promise<unknown>>();
  inFlight.set(db, writing);
  return (req, res, next) => {
    if (req.method !== 'POST' || !req.principal) return next();
    const { tokenId, kind, principal, displayName, role, party } = req.principal;
    const receivedAt = new Date();
    const path = req.originalUrl.split('?')[0];
    res.on('finish', () => {
      const entry = db.requestAudit
        .create({
          data: {
            tokenId,
            kind,
            principal,
            displayName: displayName ?? null,
            role,
            party: party ?? null,
            method: req.method,
            path,
            status: res.statusCode,
            requestId: req.id,
            receivedAt,
          },
        })
        .catch((err: Error) =>
          logger.error({ requestId: req.id, err: { message: err.message } }, 'audit entry not written'),
        )
        .finally(() => writing.delete(entry));
      writing.add(entry);
    });
    next();
  };
}
