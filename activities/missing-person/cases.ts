import { log } from '@temporalio/activity';
import type { Db } from '../../src/db';
import { queueNotices } from '../../src/notification/notices';
import { recordReviewsReminded, recordStatusChange, type StatusChange } from '../../src/missing-person/case-rows';
import type { MissingPersonStatus } from '../../workflows/missing-person/messages';

/** One status change, as the workflow asks it written. */
export type MissingPersonStatusRecord = StatusChange;

/** The intermediary's tracing service, as a notification recipient. */
const TRACING = 'TRACING';

/**
 * What missing-person cases' workflows (lifecycle) and the review scan ask
 * written: idempotent by event key, identifiers only. The rows themselves are
 * written by src/missing-person/case-rows.ts, their one writer.
 */
export function createMissingPersonActivities(db: Db) {
  return {
    /** One status change: the event (once) and the case's status, only from the status the workflow saw. */
    async recordMissingPersonStatus(r: MissingPersonStatusRecord): Promise<void> {
      await recordStatusChange(db, r);
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
      await recordReviewsReminded(db, due, at);
      const { awaiting } = await queueNotices(
        db,
        due.map((c) => ({
          eventId: `review-due:${c.caseNumber}:${c.nextReviewAt.toISOString()}`,
          event: 'missing_person.review_due',
          recipients: [TRACING],
          payloadFor: () => ({ caseNumber: c.caseNumber, party: c.party, dueSince: c.nextReviewAt.toISOString() }),
        })),
      );
      if (awaiting.length > 0) {
        // One line per batch, not per case; the count and the recipient only.
        log.warn('notification waits for an address', {
          event: 'missing_person.review_due',
          unaddressed: [TRACING],
          size: awaiting.length,
        });
      }
      return due.length;
    },
  };
}
