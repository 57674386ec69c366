import { Prisma, type NotificationChannel } from '../generated/prisma/client';
import type { Db } from '../db';

/**
 * Recipients' addresses, and the notices kept for recipients that had none
 * (AWAITING_ADDRESS, see ./notices.ts): who may list them, how many wait per
 * recipient, and their release once an address is set. A notice is released
 * exactly once, onto one channel of its recipient, and is then sent like any
 * other row of the outbox (lease, retries, the same delivery id).
 */

export interface Released {
  recipient: string;
  channel: NotificationChannel;
  count: number;
}

/**
 * Makes the kept notices of recipients that now have an address PENDING on one
 * of their channels: `only` that recipient's given channel (an address just
 * set), else every recipient's first (a webhook before an e-mail). Only rows
 * still AWAITING_ADDRESS change, so two releases at once release each notice once.
 */
export async function releaseAwaiting(
  db: Pick<Db, '$queryRaw'>,
  only?: { recipient: string; channel: NotificationChannel },
  now = new Date(),
): Promise<Released[]> {
  const which = only
    ? Prisma.sql`WHERE "recipient" = ${only.recipient} AND "channel"::text = ${only.channel}`
    : Prisma.empty;
  const rows = await db.$queryRaw<Array<{ recipient: string; channel: NotificationChannel }>>`
    WITH address AS (
      SELECT DISTINCT ON ("recipient") "recipient", "channel" FROM "NotificationRecipient"
      ${which}
      ORDER BY "recipient", "channel"
    )
    UPDATE "Notification" AS n
       SET "status" = 'PENDING', "channel" = address."channel", "nextAttemptAt" = ${now.toISOString()}::timestamptz
      FROM address
     WHERE n."status" = 'AWAITING_ADDRESS' AND n."recipient" = address."recipient"
    RETURNING n."recipient", n."channel"::text AS "channel"`;
  const released = new Map<string, Released>();
  for (const { recipient, channel } of rows) {
    const entry = released.get(recipient) ?? { recipient, channel, count: 0 };
    entry.count += 1;
    released.set(recipient, entry);
  }
  return [...released.values()];
}

export interface Address {
  recipient: string;
  channel: NotificationChannel;
  address: string;
  /** A webhook's HMAC secret; webhooks are never sent unsigned. */
  secret?: string;
}

/** Why an address cannot be used, or undefined. */
export function addressProblem({ recipient, channel, address, secret }: Address): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(recipient)) {
    return 'A recipient is a code (letters, digits, dots, dashes), e.g. UA, INTERMEDIARY, TRACING.';
  }
  if (channel === 'WEBHOOK' && (!/^https?:\/\//.test(address) || !secret)) {
    return 'A webhook needs an http(s) URL and --secret: webhooks are never sent unsigned.';
  }
  if (channel === 'EMAIL' && !/^[^@\s]+@[^@\s]+$/.test(address)) return 'Not an e-mail address.';
  return undefined;
}

/**
 * Sets a recipient's address on a channel and, in the same transaction,
 * releases the notices kept for it onto that channel. Setting it again
 * releases nothing more: those notices are already on their way.
 */
export async function setAddress(db: Db, a: Address): Promise<{ released: number }> {
  const problem = addressProblem(a);
  if (problem) throw new Error(problem);
  const data = { address: a.address, secret: a.channel === 'WEBHOOK' ? a.secret! : null };
  return db.$transaction(async (tx) => {
    await tx.notificationRecipient.upsert({
      where: { recipient_channel: { recipient: a.recipient, channel: a.channel } },
      create: { recipient: a.recipient, channel: a.channel, ...data },
      update: data,
    });
    const [released] = await releaseAwaiting(tx, { recipient: a.recipient, channel: a.channel });
    return { released: released?.count ?? 0 };
  });
}

/** How many notices wait for an address, per recipient (recipients with none are left out). */
export async function awaitingCounts(db: Db): Promise<Array<{ recipient: string; count: number }>> {
  const rows = await db.notification.groupBy({
    by: ['recipient'],
    where: { status: 'AWAITING_ADDRESS' },
    _count: { _all: true },
    orderBy: { recipient: 'asc' },
  });
  return rows.map((r) => ({ recipient: r.recipient, count: r._count._all }));
}

/** One page of the notices waiting for an address, the oldest first; their payloads are not shown. */
export async function listAwaiting(db: Db, query: { recipient?: string; limit: number; offset: number }) {
  const where = { status: 'AWAITING_ADDRESS' as const, ...(query.recipient ? { recipient: query.recipient } : {}) };
  const [rows, total, recipients] = await Promise.all([
    db.notification.findMany({
      where,
      orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
      take: query.limit,
      skip: query.offset,
      select: { id: true, recipient: true, event: true, operationReference: true, createdAt: true },
    }),
    db.notification.count({ where }),
    awaitingCounts(db),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      recipient: r.recipient,
      event: r.event,
      ...(r.operationReference ? { operationReference: r.operationReference } : {}),
      keptAt: r.createdAt.toISOString(),
    })),
    total,
    limit: query.limit,
    offset: query.offset,
    recipients,
  };
}
