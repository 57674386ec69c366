import type { Client as PgClient } from 'pg';
import type { Db } from '../db';
import type { MissingPersonEventKind, Prisma } from '../generated/prisma/client';
import type { MissingPersonStatus } from '../../workflows/missing-person/messages';

/**
 * The one writer of MissingPersonEvent rows, the history of a missing-person
 * case, for every path that adds to it: the API's service (contacts, consent,
 * samples, reviews), the register importer (set-based SQL), the case's
 * workflow and the remains cases' activities. An event is written once per
 * key: a retried write with the same key adds nothing. A change the API makes
 * once (its request's Idempotency-Key guarding a retry) gives a fresh key.
 */

/** Prisma, or the transaction the event is written in with the change it records. */
type Writer = Db | Prisma.TransactionClient;

export interface CaseEvent {
  caseId: string;
  /** Idempotency key: the event is written once per key. */
  key: string;
  kind: MissingPersonEventKind;
  /** The case's status after the event. */
  status: MissingPersonStatus;
  recordedBy: string;
  occurredAt: Date;
  /** Opaque reference (a PM number, a barcode, a channel); never personal data. */
  reference?: string;
  contactPosition?: number;
}

/** Writes the events whose keys are new; returns how many were. */
export async function addCaseEvents(db: Writer, events: CaseEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const { count } = await db.missingPersonEvent.createMany({ data: events, skipDuplicates: true });
  return count;
}

/** Writes one event if its key is new; says whether it was. */
export async function addCaseEvent(db: Writer, event: CaseEvent): Promise<boolean> {
  return (await addCaseEvents(db, [event])) === 1;
}

/** The OPENED event's key: a case opens once, whichever path opened it. */
export const openedKey = (caseId: string) => `opened:${caseId}`;

/** The register importer's OPENED events, inside its open transaction: one multi-row INSERT. */
export async function insertOpenedEvents(pg: PgClient, caseIds: string[], openedBy: string, now: Date) {
  await pg.query(
    `INSERT INTO "MissingPersonEvent" ("id", "caseId", "key", "kind", "status", "recordedBy", "occurredAt", "recordedAt")
       SELECT gen_random_uuid(), u.case_id, 'opened:' || u.case_id, 'OPENED', 'REPORTED', $2, $3, $3
       FROM unnest($1::uuid[]) AS u(case_id)
       ON CONFLICT DO NOTHING`,
    [caseIds, openedBy, now],
  );
}
