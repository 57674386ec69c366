import { ApplicationFailure, Context } from '@temporalio/activity';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { Db } from '../../src/db';
import { addCaseEvent } from '../../src/missing-person/case-events';
import { linkWorkflow } from '../../src/missing-person/case-rows';
import { caseTaskQueue } from '../../src/temporal/task-queues';
import type { missingPersonCase } from '../../workflows/missing-person/workflow';
import { remainsIdentifiedUpdate, type MissingPersonStatus } from '../../workflows/missing-person/messages';
import { missingPersonWorkflowId } from '../../workflows/shared/ids';

/** How long a party's authority has to tell a family of an identification, and how often it is reminded. */
export interface FamilyNoticeTiming {
  deadline: string;
  reminderEvery: string;
}

export interface RemainsMatchRecord {
  remainsCaseId: string;
  remainsCaseNumber: string;
  missingPersonCaseNumber: string;
  /** The party the missing person must be of: the receiving party's for a match, the other's for a national of it. */
  personParty: string;
  evidence: 'DNA_MATCH' | 'DOCUMENTS';
  reference: string;
  kinshipStatistic?: number;
  by: string;
  occurredAt: string;
  /** For a national of the other side: the party the remains go back to. */
  returnTo?: string;
}

export interface RemainsReturnRecord {
  remainsCaseId: string;
  by: string;
  returnedAt: string;
}

export interface IdentificationAnnouncement {
  missingPersonCaseNumber: string;
  remainsCaseNumber: string;
  by: string;
  occurredAt: string;
}

export interface FamilyNoticeOpening {
  caseId: string;
  remainsCaseNumber: string;
  status: MissingPersonStatus;
  by: string;
  openedAt: string;
  dueAt: string;
}

export interface FamilyNoticeReminder {
  caseId: string;
  remainsCaseNumber: string;
  status: MissingPersonStatus;
  /** 1 for the first reminder: with the case and the remains case, the idempotency key. */
  reminder: number;
  remindedAt: string;
}

export interface FamilyToldRecord {
  caseId: string;
  remainsCaseNumber: string;
  /** The missing-person case's status after it. */
  status: MissingPersonStatus;
  by: string;
  informedAt: string;
  channel: 'PHONE' | 'EMAIL' | 'POST' | 'IN_PERSON';
  contactPosition: number;
}

/** The link between a remains case and a missing person (a match, or a national of the other side). */
async function recordRemainsMatch(db: Db, m: RemainsMatchRecord): Promise<void> {
  await db.$transaction(async (tx) => {
    const person = await tx.missingPersonCase.findUnique({ where: { caseNumber: m.missingPersonCaseNumber } });
    if (!person || person.party !== m.personParty) {
      throw ApplicationFailure.nonRetryable(
        `no missing-person case of ${m.personParty} has the number ${m.missingPersonCaseNumber}`,
        'UnknownMissingPerson',
      );
    }
    const link = {
      missingPersonCaseId: person.id,
      evidence: m.evidence,
      reference: m.reference,
      kinshipStatistic: m.kinshipStatistic ?? null,
      recordedBy: m.by,
      occurredAt: new Date(m.occurredAt),
      returnTo: m.returnTo ?? null,
    };
    // A later finding (a national of the other side) replaces an earlier link of the same remains.
    await tx.remainsMatch.upsert({
      where: { remainsCaseId: m.remainsCaseId },
      create: { remainsCaseId: m.remainsCaseId, ...link },
      update: link,
    });
    await addCaseEvent(tx, {
      caseId: person.id,
      key: `${m.returnTo ? 'found-across' : 'matched'}:${m.remainsCaseNumber}`,
      kind: m.returnTo ? 'REMAINS_FOUND_ACROSS' : 'REMAINS_MATCHED',
      status: person.status,
      recordedBy: m.by,
      occurredAt: new Date(m.occurredAt),
      reference: m.remainsCaseNumber,
    });
  });
}

/** Remains of a national of the other side went back: off the queue, and on the person's case. */
async function recordRemainsReturned(db: Db, r: RemainsReturnRecord): Promise<void> {
  await db.$transaction(async (tx) => {
    const link = await tx.remainsMatch.findUnique({
      where: { remainsCaseId: r.remainsCaseId },
      include: { missingPersonCase: true, remainsCase: true },
    });
    if (!link?.returnTo) return;
    await tx.remainsMatch.updateMany({
      where: { id: link.id, returnedAt: null },
      data: { returnedAt: new Date(r.returnedAt) },
    });
    await addCaseEvent(tx, {
      caseId: link.missingPersonCaseId,
      key: `returned:${link.remainsCase.caseNumber}`,
      kind: 'REMAINS_RETURNED',
      status: link.missingPersonCase.status,
      recordedBy: r.by,
      occurredAt: new Date(r.returnedAt),
      reference: link.remainsCase.caseNumber,
    });
  });
}

/**
 * A linked remains case was legally identified: the missing-person case's
 * workflow (started from PostgreSQL's status if the case was at rest) moves
 * it to IDENTIFIED_DECEASED and opens the family's notice. Idempotent: the
 * update id and the workflow both know the remains case.
 */
async function announceIdentification(
  db: Db,
  temporal: Client | undefined,
  timing: FamilyNoticeTiming | undefined,
  a: IdentificationAnnouncement,
): Promise<void> {
  if (!temporal || !timing) {
    throw ApplicationFailure.nonRetryable(
      'no Temporal client or family-notice timing in ActivityDeps',
      'NotConfigured',
    );
  }
  const row = await db.missingPersonCase.findUnique({ where: { caseNumber: a.missingPersonCaseNumber } });
  if (!row) {
    throw ApplicationFailure.nonRetryable(
      `no missing-person case ${a.missingPersonCaseNumber}`,
      'UnknownMissingPerson',
    );
  }
  const workflowId = missingPersonWorkflowId(row.caseNumber);
  await temporal.workflow.executeUpdateWithStart(remainsIdentifiedUpdate, {
    args: [
      {
        remainsCaseNumber: a.remainsCaseNumber,
        by: a.by,
        occurredAt: a.occurredAt,
        noticeDeadline: timing.deadline,
        noticeReminderEvery: timing.reminderEvery,
      },
    ],
    updateId: `identified:${a.remainsCaseNumber}`,
    startWorkflowOperation: new WithStartWorkflowOperation<typeof missingPersonCase>('missingPersonCase', {
      workflowId,
      taskQueue: caseTaskQueue(Context.current().info.taskQueue),
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [{ caseNumber: row.caseNumber, caseId: row.id, party: row.party, status: row.status }],
    }),
  });
  await linkWorkflow(db, row.id, workflowId);
}

/** The family's notice opened, once per remains case, with the identification on the person's case. */
async function openFamilyNotice(db: Db, n: FamilyNoticeOpening): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.familyNotice.createMany({
      data: [
        {
          missingPersonCaseId: n.caseId,
          remainsCaseNumber: n.remainsCaseNumber,
          openedAt: new Date(n.openedAt),
          dueAt: new Date(n.dueAt),
        },
      ],
      skipDuplicates: true,
    });
    await addCaseEvent(tx, {
      caseId: n.caseId,
      key: `identified:${n.remainsCaseNumber}`,
      kind: 'REMAINS_IDENTIFIED',
      status: n.status,
      recordedBy: n.by,
      occurredAt: new Date(n.openedAt),
      reference: n.remainsCaseNumber,
    });
  });
}

/** A reminder that the family is still to be told: recorded once per number, and counted on the notice. */
async function remindFamilyNotice(db: Db, r: FamilyNoticeReminder): Promise<void> {
  await db.$transaction(async (tx) => {
    const added = await addCaseEvent(tx, {
      caseId: r.caseId,
      key: `notice-reminder:${r.remainsCaseNumber}:${r.reminder}`,
      kind: 'FAMILY_NOTICE_REMINDER',
      status: r.status,
      recordedBy: 'system',
      occurredAt: new Date(r.remindedAt),
      reference: r.remainsCaseNumber,
    });
    if (added) {
      await tx.familyNotice.updateMany({
        where: { missingPersonCaseId: r.caseId, remainsCaseNumber: r.remainsCaseNumber },
        data: { remindersSent: r.reminder },
      });
    }
  });
}

/** The family told (by whom, when, how and which contact): the notice closed and the person's case told. */
async function recordFamilyTold(db: Db, t: FamilyToldRecord): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.familyNotice.updateMany({
      where: { missingPersonCaseId: t.caseId, remainsCaseNumber: t.remainsCaseNumber, informedAt: null },
      data: {
        informedBy: t.by,
        informedAt: new Date(t.informedAt),
        channel: t.channel,
        contactPosition: t.contactPosition,
      },
    });
    await addCaseEvent(tx, {
      caseId: t.caseId,
      key: `told:${t.remainsCaseNumber}`,
      kind: 'FAMILY_TOLD',
      status: t.status,
      recordedBy: t.by,
      occurredAt: new Date(t.informedAt),
      reference: t.remainsCaseNumber,
      contactPosition: t.contactPosition,
    });
  });
}

/**
 * Writes that link remains cases to missing persons and follow the family's
 * notices: idempotent (keyed by the remains case, the notice, the reminder's
 * number), identifiers only. A missing-person case's status stays its
 * workflow's to write; these add its events, through their one writer
 * (src/missing-person/case-events.ts).
 */
export function createFamilyActivities(db: Db, temporal?: Client, timing?: FamilyNoticeTiming) {
  return {
    recordRemainsMatch: (m: RemainsMatchRecord) => recordRemainsMatch(db, m),
    recordRemainsReturned: (r: RemainsReturnRecord) => recordRemainsReturned(db, r),
    announceIdentification: (a: IdentificationAnnouncement) => announceIdentification(db, temporal, timing, a),
    openFamilyNotice: (n: FamilyNoticeOpening) => openFamilyNotice(db, n),
    remindFamilyNotice: (r: FamilyNoticeReminder) => remindFamilyNotice(db, r),
    recordFamilyTold: (t: FamilyToldRecord) => recordFamilyTold(db, t),
  };
}
