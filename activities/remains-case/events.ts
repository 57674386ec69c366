import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../src/db';
import type { Prisma } from '../../src/generated/prisma/client';
import type { CaseEventKind, CaseStatus } from '../../workflows/remains-case/messages';
import { writeCaseOpenings, type CaseOpening } from './openings';

const CLOSED: CaseStatus[] = ['RELEASED', 'RETURNED_TO_OTHER_PARTY', 'MERGED'];

type Tx = Prisma.TransactionClient;

export interface CaseEventRecord {
  caseId: string;
  /** Position in the case's history: the idempotency key with caseId. */
  sequence: number;
  kind: CaseEventKind;
  /** The case's status after the event. */
  step: CaseStatus;
  recordedBy: string;
  occurredAt: string;
  reference?: string;
  relatedCase?: string;
  /** Set for progress (anything but a reminder): the case row takes this status and progress time. */
  progressAt?: string;
}

export interface CaseAbsorption {
  caseId: string;
  sequence: number;
  step: CaseStatus;
  absorbedCaseNumber: string;
  recordedBy: string;
  occurredAt: string;
  reference?: string;
  progressAt: string;
}

export interface AuthorityReminder {
  caseId: string;
  caseNumber: string;
  sequence: number;
  authority: string;
  status: CaseStatus;
  idleSince: string;
  remindedAt: string;
}

/**
 * Idempotent writes of a remains case's history, keyed by PM number and
 * (case, sequence), so a retried activity or a restarted worker never adds an
 * event twice. The case workflow is their only caller.
 */
export function createCaseEventActivities(db: Db) {
  return {
    /** Writes the case, its containers and its opening event (sequence 1); returns the case's id. */
    async recordCaseOpened(o: CaseOpening): Promise<string> {
      const [written] = await db.$transaction((tx) => writeCaseOpenings(tx, [o]));
      if ('refused' in written) throw ApplicationFailure.nonRetryable(written.refused.message, written.refused.type);
      return written.caseId;
    },

    /** Appends one event; progress also moves the case row, unless a later event is already there. */
    async recordCaseEvent(e: CaseEventRecord): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.caseEvent.createMany({
          data: [
            {
              caseId: e.caseId,
              sequence: e.sequence,
              kind: e.kind,
              step: e.step,
              recordedBy: e.recordedBy,
              occurredAt: new Date(e.occurredAt),
              reference: e.reference,
              relatedCase: e.relatedCase,
            },
          ],
          skipDuplicates: true,
        });
        if (e.progressAt) {
          // A stale attempt (one that outlived its retry) must not roll the status back.
          await tx.remainsCase.updateMany({
            where: { id: e.caseId, events: { none: { sequence: { gt: e.sequence } } } },
            data: { status: e.step, lastProgressAt: new Date(e.progressAt) },
          });
        }
      });
    },

    /**
     * Records that a case absorbs another: the other's containers become this
     * case's too. Refuses (without writing) an unknown or closed case. Returns
     * this case's container ids.
     */
    async recordCaseAbsorbed(a: CaseAbsorption): Promise<string[]> {
      return db.$transaction((tx) => absorb(tx, a));
    },

    /**
     * Reminds the responsible authority of a case without progress. For now
     * the reminder is recorded as a REMINDER case event.
     * Seam: when the notifications outbox lands, enqueue the notification to
     * `r.authority` here, in the same transaction, keyed by (caseId, sequence)
     * so a retry neither duplicates the event nor the message.
     */
    async remindAuthority(r: AuthorityReminder): Promise<void> {
      await db.caseEvent.createMany({
        data: [
          {
            caseId: r.caseId,
            sequence: r.sequence,
            kind: 'REMINDER',
            step: r.status,
            recordedBy: 'system',
            occurredAt: new Date(r.remindedAt),
            reference: `reminder-to:${r.authority}`,
          },
        ],
        skipDuplicates: true,
      });
    },
  };
}

/** The absorption in one transaction; a retry finds its event written and only reads the containers. */
async function absorb(tx: Tx, a: CaseAbsorption): Promise<string[]> {
  const done = await tx.caseEvent.findUnique({
    where: { caseId_sequence: { caseId: a.caseId, sequence: a.sequence } },
  });
  if (!done) {
    // Locks the absorbed case's row against its own concurrent step.
    const [absorbed] = await tx.$queryRaw<{ id: string; status: CaseStatus }[]>`
      SELECT "id", "status"::text AS "status" FROM "RemainsCase" WHERE "caseNumber" = ${a.absorbedCaseNumber} FOR UPDATE`;
    if (!absorbed) throw ApplicationFailure.nonRetryable(`no case ${a.absorbedCaseNumber}`, 'UnknownCase');
    if (absorbed.id === a.caseId) throw ApplicationFailure.nonRetryable('a case cannot absorb itself', 'SelfMerge');
    if (CLOSED.includes(absorbed.status)) {
      throw ApplicationFailure.nonRetryable(
        `case ${a.absorbedCaseNumber} is closed (${absorbed.status}): it cannot be merged`,
        'CaseClosed',
      );
    }
    const links = await tx.caseContainer.findMany({ where: { caseId: absorbed.id } });
    await tx.caseContainer.createMany({
      data: links.map((l) => ({ caseId: a.caseId, containerId: l.containerId })),
      skipDuplicates: true,
    });
    await tx.caseEvent.createMany({
      data: [
        {
          caseId: a.caseId,
          sequence: a.sequence,
          kind: 'ABSORBED',
          step: a.step,
          recordedBy: a.recordedBy,
          occurredAt: new Date(a.occurredAt),
          reference: a.reference,
          relatedCase: a.absorbedCaseNumber,
        },
      ],
      skipDuplicates: true,
    });
    await tx.remainsCase.updateMany({
      where: { id: a.caseId, events: { none: { sequence: { gt: a.sequence } } } },
      data: { lastProgressAt: new Date(a.progressAt) },
    });
  }
  const links = await tx.caseContainer.findMany({ where: { caseId: a.caseId }, orderBy: { containerId: 'asc' } });
  return links.map((l) => l.containerId);
}
