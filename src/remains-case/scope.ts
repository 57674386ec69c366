import type { Request } from 'express';
import type { Db } from '../db';
import { principalOf, seesCaseDataOf } from '../api/auth';
import { caseNumber } from './schemas';
import { findCase } from './view';
import { notFound } from '../api/errors';

/** One answer for absent and hidden cases: a party learns nothing of the other's. */
export const noSuchCase = () => notFound('No case has that PM number.');

/** The case named by :caseNumber, if the principal may see it (its own party's, or any for the intermediary); else 404. */
export async function visibleCase(req: Request, db: Db) {
  const number = caseNumber.safeParse(req.params.caseNumber);
  if (!number.success) throw noSuchCase();
  const row = await findCase(db, number.data);
  if (!row || !seesCaseDataOf(principalOf(req), row.receivingParty)) throw noSuchCase();
  return row;
}
export type VisibleCase = Awaited<ReturnType<typeof visibleCase>>;
