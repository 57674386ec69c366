import type { Request } from 'express';
import type { Db } from '../db';
import { principalOf } from './auth';

/**
 * Neutrality: a read of one party's data (its remains cases, its missing
 * persons and families) by anyone outside that party is logged before the
 * answer leaves; if the log cannot be written, nothing is released.
 */
export async function logDataReads(
  db: Db,
  req: Request,
  dataParties: Iterable<string>,
  resource: string,
): Promise<void> {
  const { principal, role, party } = principalOf(req);
  const data = [...new Set(dataParties)]
    .filter((dataParty) => dataParty !== party)
    .map((dataParty) => ({ principal, role, party: party ?? null, dataParty, resource, requestId: req.id }));
  if (data.length) await db.dataAccessLog.createMany({ data });
}
