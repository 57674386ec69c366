import { ApplicationFailure, log } from '@temporalio/activity';
import type { Db } from '../../src/db';
import { assertIdentifiersOnly, deliverDue, PersonalDataError, type Channels } from '../../src/notification/outbox';
import { queueNotices } from '../../src/notification/notices';
import { withReportLinks } from '../../src/report/closure';

export interface NotifyInput {
  /** Unique per milestone (e.g. "<workflow id>:signed-off"): a retried step notifies once. */
  eventId: string;
  /** e.g. "handover.signed_off". */
  event: string;
  operationReference?: string;
  /** Party codes, INTERMEDIARY, COORDINATOR or authorities: only those the event concerns. */
  recipients: string[];
  /** Identifiers only (handover day, case number, ...); personal data is refused. */
  payload: Record<string, unknown>;
}

export interface NotifyResult {
  /** One per recipient × channel the recipient has an address for (those kept for an address not counted). */
  notifications: number;
  delivered: number;
  /** Not delivered yet: they wait in the outbox for the dispatcher's retries. */
  waiting: number;
  /** Recipients with no address on any channel: their notification is kept, AWAITING_ADDRESS, until one is set. */
  unaddressed: string[];
}

/**
 * The outbox side of a notification: queue a milestone's rows (idempotent by
 * event, recipient and channel), and send queued rows on the channels this
 * worker has. A recipient that is down never fails anything: its rows stay
 * in the outbox and the dispatcher retries them. A recipient without an
 * address has its notification kept until one is set (src/notification/notices.ts).
 */
export function notificationOutbox({ db, channels = {} }: { db: Db; channels?: Channels }) {
  return {
    /** Queues the milestone for every recipient; answers the keys of rows to send and who has no address yet. */
    async queue(input: NotifyInput): Promise<{ keys: string[]; unaddressed: string[] }> {
      const recipients = [...new Set(input.recipients)];
      if (recipients.some((r) => r.includes(':'))) {
        throw ApplicationFailure.nonRetryable('a recipient code cannot contain ":"', 'InvalidRecipient');
      }
      try {
        // Checked even when no recipient has an address: a bad payload is the caller's bug either way.
        assertIdentifiersOnly(input.payload);
      } catch (err) {
        // Retrying cannot make a payload acceptable; the message names the field, not its value.
        if (err instanceof PersonalDataError) throw ApplicationFailure.nonRetryable(err.message, err.name);
        throw err;
      }
      const { keys, awaiting } = await queueNotices(db, [
        {
          eventId: input.eventId,
          event: input.event,
          operationReference: input.operationReference,
          recipients,
          // The closure tells each recipient where its own report is.
          payloadFor: (recipient) => withReportLinks(input.event, input.operationReference, recipient, input.payload),
        },
      ]);
      const unaddressed = awaiting.map((a) => a.recipient);
      if (unaddressed.length > 0) {
        // Kept in the outbox until an address is set; identifiers only, never the payload.
        log.warn('notification waits for an address', { event: input.event, eventId: input.eventId, unaddressed });
      }
      return { keys, unaddressed };
    },

    /** Sends these queued rows now (those already sent are left alone). */
    async deliver(keys: string[]): Promise<void> {
      await deliverDue(db, channels, { keys, batchSize: keys.length });
    },

    /** How many of these rows are delivered: counted from the rows, so a retry also counts an earlier attempt's. */
    delivered: (keys: string[]) =>
      db.notification.count({ where: { key: { in: keys }, status: { in: ['DELIVERED', 'ACKNOWLEDGED'] } } }),
  };
}

export type NotificationOutbox = ReturnType<typeof notificationOutbox>;

/** Notification of a milestone: queued in the outbox first, then sent at once on the channels this worker has. */
export function createNotifyActivities(
  deps: { db: Db; channels?: Channels },
  outbox: NotificationOutbox = notificationOutbox(deps),
) {
  return {
    async notify(input: NotifyInput): Promise<NotifyResult> {
      const { keys, unaddressed } = await outbox.queue(input);
      await outbox.deliver(keys);
      const delivered = await outbox.delivered(keys);
      return { notifications: keys.length, delivered, waiting: keys.length - delivered, unaddressed };
    },
  };
}
