import type { Request } from 'express';
import type { Db } from '../db';
import { principalOf, seesCaseDataOf } from '../api/auth';
import { notFound } from '../api/errors';
import { missingPersonNumber } from './schemas';

/** One answer for absent and hidden cases: a party learns nothing of the other side's. */
export const noSuchMissingPerson = () => notFound('No missing-person case has that number.');

/** The missing-person case named by :caseNumber, if the principal may see it (its own side's, or any for the intermediary); else 404. */
export async function visibleMissingPerson(req: Request, db: Db) {
  const number = missingPersonNumber.safeParse(req.params.caseNumber);
  if (!number.success) throw noSuchMissingPerson();
  const row = await db.missingPersonCase.findUnique({ where: { caseNumber: number.data } });
  if (!row || !seesCaseDataOf(principalOf(req), row.party)) throw noSuchMissingPerson();
  return row;
}
export type VisibleMissingPerson = Awaited<ReturnType<typeof visibleMissingPerson>>;
