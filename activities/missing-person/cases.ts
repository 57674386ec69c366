import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../src/db';
import { enqueueNotifications, notificationKey } from '../../src/notification/outbox';
import type { MissingPersonStatus } from '../../workflows/missing-person/messages';

export interface MissingPersonStatusRecord {
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

/** The intermediary's tracing service, as a notification recipient. */
const TRACING = 'TRACING';

/**
 * Writes of missing-person cases that their workflows (lifecycle) and the
 * review scan make: idempotent by event key, identifiers only.
 */
export function createMissingPersonActivities(db: Db) {
  return {
    /** One status change: the event (once) and the case's status, only from the status the workflow saw. */
    async recordMissingPersonStatus(r: MissingPersonStatusRecord): Promise<void> {
      await db.$transaction(async (tx) => {
        const { count } = await tx.missingPersonEvent.createMany({
          data: [
            {
              caseId: r.caseId,
              key: r.key,
              kind: r.reopening ? 'REOPENED' : 'STATUS',
              status: r.to,
              recordedBy: r.by,
              occurredAt: new Date(r.occurredAt),
              reference: r.reference,
            },
          ],
          skipDuplicates: true,
        });
        if (count === 0) return; // a retry of a write that was done
        const moved = await tx.missingPersonCase.updateMany({
          where: { id: r.caseId, status: r.from },
          data: { status: r.to },
        });
        if (moved.count !== 1) {
          // The workflow is the single writer: a case elsewhere than it believes is a bug, not a transient.
          throw ApplicationFailure.nonRetryable(
            `missing-person case ${r.caseId} is not ${r.from} in the database`,
            'MissingPersonStatusConflict',
          );
        }
      });
    },

    /**
     * Reminds the tracing service of up to `batchSize` open cases whose review
     * is due at `now` and not reminded for that due date; returns how many.
     */
    async remindDueReviews({ now, batchSize }: { now: string; batchSize: number }): Promise<number> {
      const at = new Date(now);
      const due = await db.$queryRaw<
        { id: string; caseNumber: string; party: string; status: MissingPersonStatus; nextReviewAt: Date }[]
      >`
        SELECT "id", "caseNumber", "party", "status"::text AS "status", "nextReviewAt"
        FROM "MissingPersonCase"
        WHERE "nextReviewAt" <= ${at} AND "status" <> 'CLOSED'
          AND ("reviewRemindedFor" IS NULL OR "reviewRemindedFor" < "nextReviewAt")
        ORDER BY "nextReviewAt"
        LIMIT ${batchSize}`;
      if (due.length === 0) return 0;
      const addresses = await db.notificationRecipient.findMany({ where: { recipient: TRACING } });
      await db.$transaction(async (tx) => {
        await tx.missingPersonEvent.createMany({
          data: due.map((c) => ({
            caseId: c.id,
            key: `review-due:${c.id}:${c.nextReviewAt.toISOString()}`,
            kind: 'REVIEW_DUE' as const,
            status: c.status,
            recordedBy: 'review-scan',
            occurredAt: at,
          })),
          skipDuplicates: true,
        });
        for (const c of due) {
          await tx.missingPersonCase.updateMany({
            where: { id: c.id, nextReviewAt: c.nextReviewAt },
            data: { reviewRemindedFor: c.nextReviewAt },
          });
        }
      });
      const eventId = (c: (typeof due)[number]) => `review-due:${c.caseNumber}:${c.nextReviewAt.toISOString()}`;
      await enqueueNotifications(
        db,
        due.flatMap((c) =>
          addresses.map((a) => ({
            key: notificationKey(eventId(c), a.recipient, a.channel),
            recipient: a.recipient,
            channel: a.channel,
            event: 'missing_person.review_due',
            payload: { caseNumber: c.caseNumber, party: c.party, dueSince: c.nextReviewAt.toISOString() },
          })),
        ),
      );
      return due.length;
    },
  };
}
