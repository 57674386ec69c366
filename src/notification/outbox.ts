import {
  Prisma,
  type Notification,
  type NotificationChannel,
  type NotificationStatus,
} from '../generated/prisma/client';
import { createHash } from 'node:crypto';
import type { Db } from '../db';

/**
 * The notification outbox: rows are written first (idempotently, by key) and
 * delivered afterwards, by the step that wrote them or by a dispatcher, and
 * retried with exponential backoff until delivered. Delivery is at least
 * once; the receiver dedupes on the notification id it is sent.
 */

/** What a channel is given to send: identifiers and the event, nothing else. */
export interface OutgoingNotification {
  id: string;
  recipient: string;
  event: string;
  operationReference: string | null;
  payload: Record<string, unknown>;
}

/** Where the recipient is reached on the channel (NotificationRecipient). */
export interface Destination {
  address: string;
  secret: string | null;
}

/** A failure's reason is short and never echoes a body: it ends up in lastError and in logs. */
export type DeliveryResult = { ok: true } | { ok: false; reason: string };

export interface Channel {
  send(notification: OutgoingNotification, to: Destination): Promise<DeliveryResult>;
}

/** The channels this process can send on; rows of other channels wait for a process that can. */
export type Channels = Partial<Record<NotificationChannel, Channel>>;

export interface NotificationItem {
  /** "<event id>:<recipient>:<channel>" (see notificationKey). */
  key: string;
  recipient: string;
  channel: NotificationChannel;
  event: string;
  operationReference?: string;
  payload: Record<string, unknown>;
}

export const notificationKey = (eventId: string, recipient: string, channel: NotificationChannel) =>
  `${eventId}:${recipient}:${channel}`;

/**
 * A notification's id, sent as X-Repatriation-Delivery, made from its key: a
 * notice written again (after a database restore, by reconcile) keeps the id
 * its recipient has seen, so the recipient still drops the repeat.
 */
export function notificationId(key: string): string {
  const h = createHash('sha256').update(`notification:${key}`).digest('hex');
  // Laid out as a UUID (version 8, RFC 9562 variant), which the uuid column takes.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class PersonalDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PersonalDataError';
  }
}

// Words of field names that would carry names of the dead, family contacts or genetic data.
const PERSONAL_WORDS = new Set([
  ...['name', 'names', 'surname', 'family', 'relative', 'relatives', 'kin', 'contact', 'contacts'],
  ...['phone', 'email', 'mail', 'address', 'birth', 'birthday', 'dob', 'photo', 'passport'],
  ...['dna', 'genetic', 'genome', 'genomic'],
]);
/** "familyContact", "next_of_kin", "e-mail" → their words; so "kind" is not "kin". */
const wordsOf = (field: string) =>
  field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
const looksPersonal = (field: string) => wordsOf(field).some((w) => PERSONAL_WORDS.has(w));

/**
 * Payloads carry identifiers (operation reference, handover day, case number,
 * counts per direction). Anything that looks like personal data, at any
 * depth, is refused before it is stored; the message names the field, never its value.
 */
export function assertIdentifiersOnly(payload: unknown, path = 'payload'): void {
  if (typeof payload === 'string' && payload.includes('@')) {
    throw new PersonalDataError(`notification ${path} looks like a contact address; send identifiers only`);
  }
  if (payload === null || typeof payload !== 'object') return;
  for (const [field, value] of Object.entries(payload)) {
    const at = Array.isArray(payload) ? `${path}[${field}]` : `${path}.${field}`;
    if (!Array.isArray(payload) && looksPersonal(field)) {
      throw new PersonalDataError(`notification ${at} looks like personal data; send identifiers only`);
    }
    assertIdentifiersOnly(value, at);
  }
}

/** Writes each item once: a key already in the outbox is left as it is. Returns how many rows are new. */
export async function enqueueNotifications(
  // A transaction's client too: a notification can be written with the change it tells of.
  db: Pick<Db, 'notification'>,
  items: NotificationItem[],
  now = new Date(),
): Promise<number> {
  if (items.length === 0) return 0;
  for (const item of items) assertIdentifiersOnly(item.payload);
  const { count } = await db.notification.createMany({
    data: items.map((item) => ({
      id: notificationId(item.key),
      key: item.key,
      recipient: item.recipient,
      channel: item.channel,
      event: item.event,
      operationReference: item.operationReference ?? null,
      payload: item.payload as Prisma.InputJsonObject,
      nextAttemptAt: now,
    })),
    skipDuplicates: true,
  });
  return count;
}

export interface Backoff {
  baseMs: number;
  capMs: number;
}

// Never given up on (a family must be told): retries slow down to once an hour.
export const DEFAULT_BACKOFF: Backoff = { baseMs: 30_000, capMs: 60 * 60_000 };

/** Delay before the next attempt after `attempts` attempts: base, 2×base, 4×base, … up to the cap. */
export function backoffMs(attempts: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
}

export interface DeliverOptions {
  /** The clock (tests move it); defaults to the real time at each step. */
  now?: Date;
  batchSize?: number;
  /** Only these keys (the notify activity delivers what it has just enqueued). */
  keys?: string[];
  backoff?: Backoff;
  /**
   * How long a claimed row is hidden from other dispatchers. The sender renews
   * it while the send is under way, so it can be short: if the sender dies,
   * another dispatcher takes the row over within this time.
   */
  leaseMs?: number;
}

export interface DeliveryOutcome {
  id: string;
  key: string;
  recipient: string;
  channel: NotificationChannel;
  event: string;
  status: 'DELIVERED' | 'FAILED';
  attempts: number;
  error?: string;
}

export const DEFAULT_LEASE_MS = 10_000;

/** A row with its channel: any row but one awaiting an address. */
type Addressed = Notification & { channel: NotificationChannel };

/**
 * Claims the due PENDING/FAILED rows of the given channels, sends them and
 * records each outcome. Two dispatchers never claim the same row: the claim
 * locks rows with FOR UPDATE SKIP LOCKED and moves them out of the due window
 * (the lease) in the same statement.
 */
export async function deliverDue(db: Db, channels: Channels, options: DeliverOptions = {}): Promise<DeliveryOutcome[]> {
  const clock = () => options.now ?? new Date();
  const available = (Object.keys(channels) as NotificationChannel[]).filter((c) => channels[c]);
  if (available.length === 0 || options.keys?.length === 0) return [];
  const ids = await claimDue(db, available, clock(), options);
  if (ids.length === 0) return [];

  // Claimed rows are PENDING or FAILED, so each has its channel (only a notice awaiting an address has none).
  const rows = (
    await db.notification.findMany({ where: { id: { in: ids } }, orderBy: { nextAttemptAt: 'asc' } })
  ).filter((r): r is Addressed => r.channel !== null);
  const destinations = await db.notificationRecipient.findMany({
    where: { OR: rows.map((r) => ({ recipient: r.recipient, channel: r.channel })) },
  });
  const destinationOf = (row: Addressed) =>
    destinations.find((d) => d.recipient === row.recipient && d.channel === row.channel);

  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const sending = new Set(ids);
  const renewal = setInterval(() => void renewLease(db, [...sending], leaseMs).catch(() => undefined), leaseMs / 3);
  try {
    return await Promise.all(
      rows.map(async (row) => {
        const result = await sendOne(channels[row.channel]!, row, destinationOf(row));
        sending.delete(row.id);
        return record(db, row, result, clock(), options.backoff ?? DEFAULT_BACKOFF);
      }),
    );
  } finally {
    clearInterval(renewal);
  }
}

/** Keeps the rows being sent hidden from other dispatchers while this one lives. */
async function renewLease(db: Db, ids: string[], leaseMs: number): Promise<void> {
  if (ids.length === 0) return;
  const until = new Date(Date.now() + leaseMs).toISOString();
  await db.$executeRaw`
    UPDATE "Notification" SET "nextAttemptAt" = GREATEST("nextAttemptAt", ${until}::timestamptz)
     WHERE "id"::text = ANY(${ids}::text[]) AND "status" IN ('PENDING', 'FAILED')`;
}

async function claimDue(
  db: Db,
  channels: NotificationChannel[],
  now: Date,
  options: DeliverOptions,
): Promise<string[]> {
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS));
  const onlyKeys = options.keys ? Prisma.sql`AND "key" = ANY(${options.keys}::text[])` : Prisma.empty;
  // Timestamps go as ISO strings cast to timestamptz, so the session's time zone cannot shift them.
  const claimed = await db.$queryRaw<Array<{ id: string }>>`
    WITH due AS (
      SELECT "id" FROM "Notification"
       WHERE "status" IN ('PENDING', 'FAILED')
         AND "channel"::text = ANY(${channels}::text[])
         AND "nextAttemptAt" <= ${now.toISOString()}::timestamptz
         ${onlyKeys}
       ORDER BY "nextAttemptAt"
       LIMIT ${options.batchSize ?? 20}
       FOR UPDATE SKIP LOCKED
    )
    UPDATE "Notification" AS n
       SET "nextAttemptAt" = ${leaseUntil.toISOString()}::timestamptz
      FROM due
     WHERE n."id" = due."id"
    RETURNING n."id"::text AS id`;
  return claimed.map((r) => r.id);
}

async function sendOne(channel: Channel, row: Addressed, to: Destination | undefined): Promise<DeliveryResult> {
  if (!to) return { ok: false, reason: `no ${row.channel} address configured for the recipient` };
  try {
    return await channel.send(
      {
        id: row.id,
        recipient: row.recipient,
        event: row.event,
        operationReference: row.operationReference,
        payload: row.payload as Record<string, unknown>,
      },
      { address: to.address, secret: to.secret },
    );
  } catch (err) {
    // Channels report failures as results; a throw is a bug, recorded without its message (it may quote data).
    return { ok: false, reason: `unexpected ${(err as Error)?.name ?? 'error'} in ${row.channel} channel` };
  }
}

// Only these rows are updated by an outcome, so a late outcome never undoes an acknowledgement.
const UNSETTLED: NotificationStatus[] = ['PENDING', 'FAILED'];

async function record(
  db: Db,
  row: Addressed,
  result: DeliveryResult,
  now: Date,
  backoff: Backoff,
): Promise<DeliveryOutcome> {
  const attempts = row.attempts + 1;
  const where = { id: row.id, status: { in: UNSETTLED } };
  const outcome = {
    id: row.id,
    key: row.key,
    recipient: row.recipient,
    channel: row.channel,
    event: row.event,
    attempts,
  };
  if (result.ok) {
    await db.notification.updateMany({
      where,
      data: { status: 'DELIVERED', deliveredAt: now, attempts: { increment: 1 } },
    });
    return { ...outcome, status: 'DELIVERED' };
  }
  const reason = result.reason.slice(0, 200);
  await db.notification.updateMany({
    where,
    data: {
      status: 'FAILED',
      attempts: { increment: 1 },
      lastError: reason,
      nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, backoff)),
    },
  });
  return { ...outcome, status: 'FAILED', error: reason };
}

/**
 * Records a receiver's acknowledgement. It may come before the delivery is
 * recorded (a receiver acknowledging from inside its webhook handler), so any
 * unacknowledged row can be acknowledged (not one still awaiting an address: it was never sent).
 * Returns false for an unknown or already acknowledged id.
 */
export async function acknowledgeNotification(db: Db, id: string, at = new Date()): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE "Notification"
       SET "status" = 'ACKNOWLEDGED',
           "acknowledgedAt" = ${at.toISOString()}::timestamptz,
           "deliveredAt" = COALESCE("deliveredAt", ${at.toISOString()}::timestamptz)
     WHERE "id"::text = ${id} AND "status" NOT IN ('ACKNOWLEDGED', 'AWAITING_ADDRESS')`;
  return count === 1;
}
