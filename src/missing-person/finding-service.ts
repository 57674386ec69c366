import type { Request } from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../db';
import {
  recordForeignNationalUpdate,
  recordMatchUpdate,
  type RecordForeignNationalArgs,
  type RecordMatchArgs,
} from '../../workflows/remains-case/messages';
import { principalOf } from '../api/auth';
import { logDataReads } from '../api/data-access';
import { conflict } from '../api/errors';
import { noSuchCase, type VisibleCase } from '../remains-case/scope';
import { updateCaseWorkflow } from '../remains-case/service';
import { caseStateOf } from '../remains-case/view';

/** Idempotency of a change: the API's Idempotency-Key as the update's id. */
type UpdateId = { updateId?: string };

/** Remains cases that left the return queue: gone back, merged into another, or released here. */
const NOT_TO_RETURN = ['RETURNED_TO_OTHER_PARTY', 'MERGED', 'RELEASED'] as const;

/**
 * Findings that link a remains case to a missing person, for ./family-routes.ts:
 * a DNA match on the receiving party's own side, or remains found to be a
 * national of the other side (queued to go back); the shared record of such a
 * case, and the queue of returns. The link is asked of the remains case's
 * workflow (its activities write it); the reads answer from PostgreSQL, each
 * logged for the receiving party's data.
 */
export function findingService({ db, temporal }: { db: Db; temporal: Client }) {
  const personByNumber = (caseNumber: string) => db.missingPersonCase.findUnique({ where: { caseNumber } });

  return {
    async recordMatch(remainsCase: VisibleCase, args: RecordMatchArgs, id: UpdateId) {
      // A match links a person of the receiving party's own side; the other side's answers as an absent one.
      const person = await personByNumber(args.missingPersonCaseNumber);
      if (!person || person.party !== remainsCase.receivingParty) {
        throw conflict(
          `No missing-person case of ${remainsCase.receivingParty} has the number ${args.missingPersonCaseNumber}; a person of the other side is recorded as a foreign national.`,
        );
      }
      const state = await updateCaseWorkflow(temporal, remainsCase.caseNumber, (h) =>
        h.executeUpdate(recordMatchUpdate, { args: [args], ...id }),
      );
      return caseStateOf(state);
    },

    /** The person must be of the other side, whose party the remains go back to. */
    async recordForeignNational(
      remainsCase: VisibleCase,
      args: Omit<RecordForeignNationalArgs, 'returnTo'>,
      id: UpdateId,
    ) {
      const person = await personByNumber(args.missingPersonCaseNumber);
      if (!person || person.party === remainsCase.receivingParty) {
        throw conflict(
          `No missing-person case of the other side has the number ${args.missingPersonCaseNumber}: a national of the other side is one its families reported missing.`,
        );
      }
      const state = await updateCaseWorkflow(temporal, remainsCase.caseNumber, (h) =>
        h.executeUpdate(recordForeignNationalUpdate, { args: [{ ...args, returnTo: person.party }], ...id }),
      );
      return { answer: caseStateOf(state), returnTo: person.party };
    },

    /** A remains case's shared record, for its receiving party and for the party it goes back to; else 404. */
    async sharedRecord(req: Request, caseNumber: string) {
      const row = await db.remainsCase.findUnique({
        where: { caseNumber },
        include: {
          operation: { select: { reference: true } },
          match: { include: { missingPersonCase: { select: { caseNumber: true } } } },
          events: { orderBy: { sequence: 'asc' } },
        },
      });
      const { party } = principalOf(req);
      const returnTo = row?.match?.returnTo ?? undefined;
      if (!row || (party && party !== row.receivingParty && party !== returnTo)) throw noSuchCase();
      // Released across the border: the read is logged for the receiving party's data.
      await logDataReads(db, req, [row.receivingParty], `case-shared-record:${row.caseNumber}`);
      const finding = row.match?.returnTo
        ? {
            missingPersonCaseNumber: row.match.missingPersonCase.caseNumber,
            evidence: row.match.evidence,
            reference: row.match.reference,
            returnTo: row.match.returnTo,
            foundAt: row.match.occurredAt.toISOString(),
            returnedAt: row.match.returnedAt?.toISOString() ?? null,
          }
        : null;
      return {
        caseNumber: row.caseNumber,
        operationReference: row.operation.reference,
        receivingParty: row.receivingParty,
        status: row.status,
        finding,
        events: row.events.map((e) => ({
          sequence: e.sequence,
          kind: e.kind,
          step: e.step,
          occurredAt: e.occurredAt.toISOString(),
        })),
      };
    },

    /** Remains waiting to go back; a party sees the returns it makes and the ones it awaits. */
    async returns(req: Request, query: { from?: string; to?: string }) {
      const { party } = principalOf(req);
      const rows = await db.remainsMatch.findMany({
        where: {
          returnTo: query.to ?? { not: null },
          returnedAt: null,
          remainsCase: {
            ...(query.from ? { receivingParty: query.from } : {}),
            status: { notIn: [...NOT_TO_RETURN] },
          },
          ...(party ? { OR: [{ returnTo: party }, { remainsCase: { receivingParty: party } }] } : {}),
        },
        include: {
          remainsCase: { include: { operation: { select: { reference: true } } } },
          missingPersonCase: { select: { caseNumber: true } },
        },
        orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
      });
      await logDataReads(
        db,
        req,
        rows.map((r) => r.remainsCase.receivingParty),
        'returns',
      );
      return {
        items: rows.map((r) => ({
          caseNumber: r.remainsCase.caseNumber,
          operationReference: r.remainsCase.operation.reference,
          from: r.remainsCase.receivingParty,
          to: r.returnTo!,
          status: r.remainsCase.status,
          missingPersonCaseNumber: r.missingPersonCase.caseNumber,
          evidence: r.evidence,
          foundAt: r.occurredAt.toISOString(),
        })),
        total: rows.length,
      };
    },
  };
}
export type FindingService = ReturnType<typeof findingService>;
