import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Client as PgClient } from 'pg';
import type { Db } from '../db';
import type { MissingPersonStatus } from '../../workflows/missing-person/messages';
import { addCaseEvent, addCaseEvents, insertOpenedEvents, openedKey } from './case-events';
import { familyContactRow, insertContacts, insertRegisterContacts, type ContactRow } from './contact-rows';
import type { FamilyContactRequest, MissingPerson } from './schemas';
import type { OpenMissingPersonRequest } from './register-row';
import type { PersonalDataVault, Resealed } from './personal-data';
import { REVIEW_PERIOD_MS } from './review';

/**
 * The one writer of missing-person case rows (MissingPersonCase and its
 * blind-index keys). How a case is stored is decided here only, whether it
 * comes through the API (`openCase`), from a party's register
 * (`insertRegisterBatch`, set-based SQL for the importer's speed) or from its
 * workflow (`recordStatusChange`). Personal data is sealed, the blind index
 * computed from the person's name and service number. The contacts a case
 * opens with are written by ./contact-rows.ts, its events by ./case-events.ts,
 * in the same transaction.
 */

/** The columns of a new case. */
interface NewCase {
  caseNumber: string;
  party: string;
  person: MissingPerson;
  contacts: FamilyContactRequest[];
  openedBy: string;
}

/** Opens one case (a tracing request through the API) with its contacts, keys and OPENED event; null if its number is taken. */
export async function openCase(db: Db, vault: PersonalDataVault, c: NewCase, now = new Date()) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.missingPersonCase.createMany({
      data: [
        {
          caseNumber: c.caseNumber,
          party: c.party,
          source: 'TRACING_REQUEST',
          personalData: vault.seal(c.person),
          openedBy: c.openedBy,
          nextReviewAt: new Date(now.getTime() + REVIEW_PERIOD_MS),
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) return null;
    const row = await tx.missingPersonCase.findUniqueOrThrow({ where: { caseNumber: c.caseNumber } });
    await insertContacts(
      tx,
      c.contacts.map((contact, i) => familyContactRow(vault, contact, row.id, i + 1)),
    );
    await tx.missingPersonSearchKey.createMany({
      data: searchKeyRows(vault, row.id, c.person),
      skipDuplicates: true,
    });
    await addCaseEvent(tx, {
      caseId: row.id,
      key: openedKey(row.id),
      kind: 'OPENED',
      status: 'REPORTED',
      recordedBy: c.openedBy,
      occurredAt: now,
    });
    return row;
  });
}

/** A batch of register rows, sealed and indexed in memory (the CPU part), before the database sees it. */
export interface RegisterBatch {
  cases: { id: string; caseNumber: string; personalData: string }[];
  contacts: ContactRow[];
  keys: ReturnType<typeof searchKeyRows>;
}

export function prepareRegisterBatch(requests: OpenMissingPersonRequest[], vault: PersonalDataVault): RegisterBatch {
  const out: RegisterBatch = { cases: [], contacts: [], keys: [] };
  for (const request of requests) {
    const id = randomUUID();
    out.cases.push({ id, caseNumber: request.caseNumber!, personalData: vault.seal(request.person) });
    request.contacts.forEach((c, i) => out.contacts.push(familyContactRow(vault, c, id, i + 1)));
    out.keys.push(...searchKeyRows(vault, id, request.person));
  }
  return out;
}

/**
 * Writes a register batch inside the caller's open transaction, by a few
 * multi-row INSERTs: the cases not yet there (by case number), then the
 * contacts, index keys and OPENED events of those written (by their writers'
 * set-based SQL). Returns the ids written.
 */
export async function insertRegisterBatch(
  db: PgClient,
  rows: RegisterBatch,
  party: string,
  openedBy: string,
  now: Date,
): Promise<Set<string>> {
  const nextReview = new Date(now.getTime() + REVIEW_PERIOD_MS);
  let written = new Set<string>();
  if (rows.cases.length) {
    const res = await db.query<{ id: string }>(
      `INSERT INTO "MissingPersonCase"
           ("id", "caseNumber", "party", "status", "source", "personalData", "openedBy", "nextReviewAt", "createdAt", "updatedAt")
         SELECT u.id, u.case_number, $4, 'REPORTED', 'REGISTER_IMPORT', u.personal_data, $5, $6, $7, $7
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, case_number, personal_data)
         ON CONFLICT DO NOTHING
         RETURNING "id"`,
      [
        rows.cases.map((c) => c.id),
        rows.cases.map((c) => c.caseNumber),
        rows.cases.map((c) => c.personalData),
        party,
        openedBy,
        nextReview,
        now,
      ],
    );
    written = new Set(res.rows.map((r) => r.id));
  }
  if (written.size) {
    await insertRegisterContacts(
      db,
      rows.contacts.filter((c) => written.has(c.caseId)),
      now,
    );
    const keys = rows.keys.filter((k) => written.has(k.caseId));
    await db.query(
      `INSERT INTO "MissingPersonSearchKey" ("caseId", "kind", "hash")
         SELECT u.case_id, u.kind::"SearchKeyKind", u.hash FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(case_id, kind, hash)
         ON CONFLICT DO NOTHING`,
      [keys.map((k) => k.caseId), keys.map((k) => k.kind), keys.map((k) => k.hash)],
    );
    await insertOpenedEvents(db, [...written], openedBy, now);
  }
  return written;
}

export interface StatusChange {
  caseId: string;
  /** Idempotency key of the event. */
  key: string;
  from: MissingPersonStatus;
  to: MissingPersonStatus;
  reopening: boolean;
  by: string;
  occurredAt: string;
  reference?: string;
}

/** One status change from the case's workflow: the event (once) and the status, only from the status it saw. */
export async function recordStatusChange(db: Db, r: StatusChange): Promise<void> {
  await db.$transaction(async (tx) => {
    const added = await addCaseEvent(tx, {
      caseId: r.caseId,
      key: r.key,
      kind: r.reopening ? 'REOPENED' : 'STATUS',
      status: r.to,
      recordedBy: r.by,
      occurredAt: new Date(r.occurredAt),
      reference: r.reference,
    });
    if (!added) return; // a retry of a write that was done
    const moved = await tx.missingPersonCase.updateMany({
      where: { id: r.caseId, status: r.from },
      data: { status: r.to },
    });
    if (moved.count !== 1) {
      // The workflow is the single writer of the status: a case elsewhere than it believes is a bug, not a transient.
      throw ApplicationFailure.nonRetryable(
        `missing-person case ${r.caseId} is not ${r.from} in the database`,
        'MissingPersonStatusConflict',
      );
    }
  });
}

/** Records that the case's workflow runs (the first start only). */
export async function linkWorkflow(db: Db, caseId: string, workflowId: string): Promise<void> {
  await db.missingPersonCase.updateMany({ where: { id: caseId, workflowId: null }, data: { workflowId } });
}

/**
 * Cases' personal data sealed again under the current key (npm run reseal:personal-data): the data is the same,
 * so updatedAt is left alone; a row that no longer holds what was read is left to its writer. Answers how many.
 */
export function resealCases(db: Db, batch: Resealed[]): Promise<number> {
  return db.$executeRawUnsafe(
    `UPDATE "MissingPersonCase" AS t SET "personalData" = u.sealed
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, was, sealed)
      WHERE t."id" = u.id AND t."personalData" = u.was`,
    batch.map((b) => b.id),
    batch.map((b) => b.was),
    batch.map((b) => b.sealed),
  );
}

/** A periodic review held with the family: the next is due a year later. */
export async function recordReview(
  db: Db,
  r: { caseId: string; status: MissingPersonStatus; by: string; at: Date; channel?: string },
): Promise<Date> {
  const nextReviewAt = new Date(r.at.getTime() + REVIEW_PERIOD_MS);
  await db.$transaction(async (tx) => {
    await tx.missingPersonCase.update({ where: { id: r.caseId }, data: { lastReviewAt: r.at, nextReviewAt } });
    await addCaseEvent(tx, {
      caseId: r.caseId,
      key: randomUUID(),
      kind: 'REVIEW',
      status: r.status,
      recordedBy: r.by,
      occurredAt: r.at,
      reference: r.channel,
    });
  });
  return nextReviewAt;
}

/** The review scan reminded the tracing service of these cases' due reviews: once per due date. */
export async function recordReviewsReminded(
  db: Db,
  due: { id: string; status: MissingPersonStatus; nextReviewAt: Date }[],
  at: Date,
): Promise<void> {
  await db.$transaction(async (tx) => {
    await addCaseEvents(
      tx,
      due.map((c) => ({
        caseId: c.id,
        key: `review-due:${c.id}:${c.nextReviewAt.toISOString()}`,
        kind: 'REVIEW_DUE' as const,
        status: c.status,
        recordedBy: 'review-scan',
        occurredAt: at,
      })),
    );
    for (const c of due) {
      await tx.missingPersonCase.updateMany({
        where: { id: c.id, nextReviewAt: c.nextReviewAt },
        data: { reviewRemindedFor: c.nextReviewAt },
      });
    }
  });
}

/** The blind-index entries of a person: one per distinct name part, and the service number's. */
export function searchKeyRows(vault: PersonalDataVault, caseId: string, person: MissingPerson) {
  const number = person.serviceNumber ? vault.numberKey(person.serviceNumber) : undefined;
  return [
    ...vault.nameKeys(person.name).map((hash) => ({ caseId, kind: 'NAME_PART' as const, hash })),
    ...(number ? [{ caseId, kind: 'SERVICE_NUMBER' as const, hash: number }] : []),
  ];
}
