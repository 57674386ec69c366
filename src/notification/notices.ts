import type { Prisma } from '../generated/prisma/client';
import { NotificationChannel } from '../generated/prisma/enums';
import type { Db } from '../db';
import {
  assertIdentifiersOnly,
  enqueueNotifications,
  notificationId,
  notificationKey,
  type NotificationItem,
} from './outbox';

/**
 * A notice is one event told to some recipients. For each recipient it is
 * queued on every channel the recipient has an address for; a recipient with
 * none has it kept in the outbox, AWAITING_ADDRESS and without a channel,
 * until an address of that recipient releases it (./service.ts). Nothing is dropped.
 */

export interface Notice {
  /** Unique per milestone: a retried step queues it once per recipient. */
  eventId: string;
  event: string;
  operationReference?: string;
  recipients: string[];
  /** Identifiers only; per recipient (the closure links each to its own report). */
  payloadFor: (recipient: string) => Record<string, unknown>;
}

export interface KeptNotice {
  eventId: string;
  event: string;
  recipient: string;
}

export interface Queued {
  /** The rows queued on a channel: the caller may send them at once. */
  keys: string[];
  /** The notices kept because their recipient has no address yet. */
  awaiting: KeptNotice[];
}

/** The key of a notice kept for a recipient without an address; it keeps it once released onto a channel. */
export const awaitingKey = (eventId: string, recipient: string) => `${eventId}:${recipient}`;

const CHANNELS = Object.values(NotificationChannel);

/** Writes the notices' rows, idempotently; in a transaction too, with the change they tell of. */
export async function queueNotices(
  db: Pick<Db, 'notification' | 'notificationRecipient'>,
  notices: Notice[],
  now = new Date(),
): Promise<Queued> {
  const pairs = notices.flatMap((notice) =>
    [...new Set(notice.recipients)].map((recipient) => ({ notice, recipient })),
  );
  if (pairs.length === 0) return { keys: [], awaiting: [] };
  const addresses = await db.notificationRecipient.findMany({
    where: { recipient: { in: [...new Set(pairs.map((p) => p.recipient))] } },
    select: { recipient: true, channel: true },
    orderBy: [{ recipient: 'asc' }, { channel: 'asc' }],
  });
  const channelsOf = (recipient: string) => addresses.filter((a) => a.recipient === recipient).map((a) => a.channel);
  // A retry after an address was set or removed meanwhile finds the notice in the other form: it is not queued again.
  const otherForm = (p: (typeof pairs)[number]) =>
    channelsOf(p.recipient).length > 0
      ? [awaitingKey(p.notice.eventId, p.recipient)]
      : CHANNELS.map((c) => notificationKey(p.notice.eventId, p.recipient, c));
  const queuedBefore = new Set(
    (await db.notification.findMany({ where: { key: { in: pairs.flatMap(otherForm) } }, select: { key: true } })).map(
      (r) => r.key,
    ),
  );
  const fresh = pairs.filter((p) => !otherForm(p).some((key) => queuedBefore.has(key)));

  const items: NotificationItem[] = fresh.flatMap(({ notice, recipient }) =>
    channelsOf(recipient).map((channel) => ({
      key: notificationKey(notice.eventId, recipient, channel),
      recipient,
      channel,
      event: notice.event,
      operationReference: notice.operationReference,
      payload: notice.payloadFor(recipient),
    })),
  );
  const kept = fresh.filter((p) => channelsOf(p.recipient).length === 0);
  const keptRows = kept.map(({ notice, recipient }) => {
    const payload = notice.payloadFor(recipient);
    assertIdentifiersOnly(payload);
    const key = awaitingKey(notice.eventId, recipient);
    return {
      id: notificationId(key),
      key,
      recipient,
      channel: null,
      event: notice.event,
      operationReference: notice.operationReference ?? null,
      payload: payload as Prisma.InputJsonObject,
      status: 'AWAITING_ADDRESS' as const,
      // While it waits: when it was kept, so the oldest are listed first from the outbox's index.
      nextAttemptAt: now,
    };
  });
  await enqueueNotifications(db, items, now);
  if (keptRows.length > 0) await db.notification.createMany({ data: keptRows, skipDuplicates: true });
  return {
    keys: items.map((i) => i.key),
    awaiting: kept.map(({ notice, recipient }) => ({ eventId: notice.eventId, event: notice.event, recipient })),
  };
}
