import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createNotifyActivities } from '../../activities/notification/notify';
import { createDb, type Db } from '../../src/db';
import { startDispatcher } from '../../src/notification/dispatcher';
import {
  acknowledgeNotification,
  backoffMs,
  DEFAULT_BACKOFF,
  deliverDue,
  enqueueNotifications,
  notificationKey,
  PersonalDataError,
  type Channels,
  type NotificationItem,
} from '../../src/notification/outbox';
import { createWebhookChannel, DELIVERY_HEADER } from '../../src/notification/webhook';
import { testDatabaseUrl, unique } from '../helpers/stack';

/**
 * The outbox on the run's real PostgreSQL database, delivering by webhook to
 * a real HTTP receiver on 127.0.0.1 that counts what it gets.
 */

interface Receiver {
  url: string;
  /** Delivery ids, in the order the requests arrived. */
  hits: string[];
  close(): Promise<void>;
}

async function startReceiver(status = 200, delayMs = 0): Promise<Receiver> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits.push(String(req.headers[DELIVERY_HEADER.toLowerCase()]));
      setTimeout(() => res.writeHead(status).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let db: Db;
const receivers: Receiver[] = [];
const webhook: Channels = { WEBHOOK: createWebhookChannel({ timeoutMs: 5_000 }) };
beforeAll(() => {
  db = createDb(testDatabaseUrl());
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await db.$disconnect();
});

async function webhookRecipient(status = 200, delayMs = 0) {
  const receiver = await startReceiver(status, delayMs);
  receivers.push(receiver);
  const recipient = unique('RU');
  await db.notificationRecipient.create({
    data: { recipient, channel: 'WEBHOOK', address: receiver.url, secret: unique('secret') },
  });
  return { recipient, receiver };
}

const item = (recipient: string, channel: 'WEBHOOK' | 'EMAIL' = 'WEBHOOK'): NotificationItem => ({
  key: notificationKey(unique('evt'), recipient, channel),
  recipient,
  channel,
  event: 'handover.scheduled',
  operationReference: 'RU-UA-2025-06',
  payload: { handoverDay: '2025-06-07' },
});

async function enqueueOne(recipient: string) {
  const one = item(recipient);
  await enqueueNotifications(db, [one]);
  return one;
}

const rowOf = (key: string) => db.notification.findUniqueOrThrow({ where: { key } });
const quietLogger = new DefaultLogger('ERROR', () => undefined);

describe('notification outbox: queueing', () => {
  it('when the same items are enqueued twice, then there is one row per key', async () => {
    const items = [item(unique('UA')), item(unique('RU'))];

    expect(await enqueueNotifications(db, items)).toBe(2);
    expect(await enqueueNotifications(db, items)).toBe(0);
    await Promise.all([enqueueNotifications(db, items), enqueueNotifications(db, items)]);

    const rows = await db.notification.findMany({ where: { key: { in: items.map((i) => i.key) } } });
    expect(rows.map((r) => r.key).sort()).toEqual(items.map((i) => i.key).sort());
    expect(rows.every((r) => r.status === 'PENDING' && r.attempts === 0)).toBe(true);
  });

  it('when a payload nests identifiers (counts per direction), then it is queued as given', async () => {
    const structured = {
      ...item(unique('UA')),
      payload: {
        dayKey: '2025-06-07',
        kind: 'COUNT_MISMATCH',
        directions: [{ from: 'RU', to: 'UA', plannedCount: 1212, counts: { SENDER: 1212 } }],
      },
    };

    expect(await enqueueNotifications(db, [structured])).toBe(1);

    expect((await rowOf(structured.key)).payload).toEqual(structured.payload);
  });
});

describe('notification outbox: delivery', () => {
  it('when two dispatchers deliver at the same time, then each row is delivered exactly once', async () => {
    const { recipient, receiver } = await webhookRecipient(200, 5);
    const items = Array.from({ length: 40 }, () => item(recipient));
    await enqueueNotifications(db, items);
    const keys = items.map((i) => i.key);
    // Each dispatcher with a database client of its own, as two worker processes would have.
    const other = createDb(testDatabaseUrl());
    const dispatcher = async (client: Db) => {
      let claimed = 0;
      for (;;) {
        const outcomes = await deliverDue(client, webhook, { keys, batchSize: 4 });
        if (outcomes.length === 0) return claimed;
        claimed += outcomes.length;
      }
    };

    const [a, b] = await Promise.all([dispatcher(db), dispatcher(other)]).finally(() => other.$disconnect());

    expect(a + b).toBe(40);
    const rows = await db.notification.findMany({ where: { key: { in: keys } } });
    expect(rows.every((r) => r.status === 'DELIVERED' && r.attempts === 1)).toBe(true);
    expect(receiver.hits).toHaveLength(40);
    expect([...receiver.hits].sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it('when a delivery fails, then nextAttemptAt moves into the future by the backoff and the row is not picked before it', async () => {
    const { recipient, receiver } = await webhookRecipient(500);
    const { key } = await enqueueOne(recipient);
    const t0 = new Date();

    await deliverDue(db, webhook, { keys: [key], now: t0 });
    const failed = await rowOf(key);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(failed.nextAttemptAt.getTime()).toBe(t0.getTime() + DEFAULT_BACKOFF.baseMs);

    const early = await deliverDue(db, webhook, { keys: [key], now: new Date(failed.nextAttemptAt.getTime() - 1) });
    expect(early).toEqual([]);
    expect(receiver.hits).toHaveLength(1);

    const due = await deliverDue(db, webhook, { keys: [key], now: failed.nextAttemptAt });
    expect(due).toEqual([expect.objectContaining({ status: 'FAILED', attempts: 2 })]);
    expect(receiver.hits).toHaveLength(2);
  });

  it('when attempts keep failing, then the backoff doubles up to one hour and never gives up', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(8)).toBe(60 * 60_000);
    expect(backoffMs(10_000)).toBe(60 * 60_000);
  });

  it('when a send is under way, then another dispatcher does not take the row until its lease has run out, and the receiver sees the same Delivery id again', async () => {
    const { recipient, receiver } = await webhookRecipient(200, 300);
    const { key } = await enqueueOne(recipient);

    const first = deliverDue(db, webhook, { keys: [key], leaseMs: 60_000 });
    while (receiver.hits.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(await deliverDue(db, webhook, { keys: [key] })).toEqual([]);
    // As if the first dispatcher had died: once the lease is over, the row is due again.
    const second = deliverDue(db, webhook, { keys: [key], now: new Date(Date.now() + 61_000) });
    await Promise.all([first, second]);

    const row = await rowOf(key);
    expect(receiver.hits).toEqual([row.id, row.id]);
    expect(row.status).toBe('DELIVERED');
  });

  it("when a process has no sender for a channel, then it leaves that channel's rows PENDING for one that has", async () => {
    const recipient = unique('COORDINATOR');
    const email = item(recipient, 'EMAIL');
    await enqueueNotifications(db, [email]);

    expect(await deliverDue(db, webhook, { keys: [email.key] })).toEqual([]);

    expect(await rowOf(email.key)).toMatchObject({ status: 'PENDING', attempts: 0 });
  });

  it('when a recipient has no address for the channel, then the row is FAILED with that reason and retried', async () => {
    const pending = item(unique('AUTHORITY'));
    await enqueueNotifications(db, [pending]);

    await deliverDue(db, webhook, { keys: [pending.key] });

    expect(await rowOf(pending.key)).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      lastError: 'no WEBHOOK address configured for the recipient',
    });
  });

  it('when a receiver acknowledges, then the row is ACKNOWLEDGED and a late delivery outcome does not undo it', async () => {
    const { recipient } = await webhookRecipient(500);
    const { key } = await enqueueOne(recipient);
    const { id } = await rowOf(key);
    const at = new Date();

    expect(await acknowledgeNotification(db, id, at)).toBe(true);
    expect(await acknowledgeNotification(db, id)).toBe(false);
    await deliverDue(db, webhook, { keys: [key] });

    expect(await rowOf(key)).toMatchObject({
      status: 'ACKNOWLEDGED',
      acknowledgedAt: at,
      deliveredAt: at,
      attempts: 0,
    });
  });
});

describe('notification outbox: no personal data', () => {
  it('when a payload carries personal data, then nothing is queued and the error names the field, not the value', async () => {
    const named = { ...item(unique('UA')), payload: { caseNumber: 'UA-1', deceasedName: 'Ivan Petrenko' } };
    const contact = { ...item(unique('UA')), payload: { caseNumber: 'UA-2', reference: 'mother@example.org' } };
    const nested = { ...item(unique('UA')), payload: { caseNumber: 'UA-3', results: [{ dnaMatch: 'D8S1179' }] } };
    const kin = { ...item(unique('UA')), payload: { caseNumber: 'UA-4', next_of_kin: 'Olena' } };

    for (const bad of [named, contact, nested, kin]) {
      const error = await enqueueNotifications(db, [bad]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PersonalDataError);
      expect((error as Error).message).not.toMatch(/Ivan|Petrenko|mother@example\.org|D8S1179|Olena/);
    }
    expect(await db.notification.count({ where: { key: { in: [named.key, contact.key, nested.key, kin.key] } } })).toBe(
      0,
    );
  });

  it('when the notify activity is given personal data, then it fails without retries and queues nothing', async () => {
    const { recipient } = await webhookRecipient();
    const notify = createNotifyActivities({ db, channels: webhook }).notify;

    const error = await new MockActivityEnvironment({}, { logger: quietLogger })
      .run(notify, {
        eventId: unique('evt'),
        event: 'case.identified',
        recipients: [recipient],
        payload: { caseNumber: 'UA-2025-000123', familyContact: '+380 44 000 0000' },
      })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as Error).message).toContain('familyContact');
    expect((error as Error).message).not.toContain('+380');
    expect(await db.notification.count({ where: { recipient } })).toBe(0);
  });
});

describe('the notify activity', () => {
  it('when the notify activity is retried for the same event, then it neither queues nor sends anything twice', async () => {
    const { recipient, receiver } = await webhookRecipient();
    const notify = createNotifyActivities({ db, channels: webhook }).notify;
    const input = { eventId: unique('evt'), event: 'terms.confirmed', recipients: [recipient, recipient], payload: {} };
    const run = (attempt: number) =>
      new MockActivityEnvironment({ attempt }, { logger: quietLogger }).run(notify, input);

    expect(await run(1)).toEqual({ notifications: 1, delivered: 1, waiting: 0, unaddressed: [] });
    expect(await run(2)).toEqual({ notifications: 1, delivered: 1, waiting: 0, unaddressed: [] });

    expect(receiver.hits).toHaveLength(1);
    expect(await db.notification.count({ where: { recipient } })).toBe(1);
  });

  it('when a recipient has no address at all, then the notify activity says so and queues for the others', async () => {
    const { recipient } = await webhookRecipient();
    const nowhere = unique('AUTHORITY');

    const result = await new MockActivityEnvironment({}, { logger: quietLogger }).run(
      createNotifyActivities({ db, channels: webhook }).notify,
      { eventId: unique('evt'), event: 'operation.closed', recipients: [recipient, nowhere], payload: {} },
    );

    expect(result).toEqual({ notifications: 1, delivered: 1, waiting: 0, unaddressed: [nowhere] });
  });

  it('when the notify activity has no channels, then it only queues and the dispatcher delivers', async () => {
    const { recipient, receiver } = await webhookRecipient();
    const eventId = unique('evt');
    const result = await new MockActivityEnvironment({}, { logger: quietLogger }).run(
      createNotifyActivities({ db }).notify,
      {
        eventId,
        event: 'handover.postponed',
        operationReference: 'RU-UA-2025-06',
        recipients: [recipient],
        payload: {},
      },
    );
    expect(result).toEqual({ notifications: 1, delivered: 0, waiting: 1, unaddressed: [] });

    const dispatcher = startDispatcher({ db, channels: webhook, intervalMs: 50 });
    try {
      const key = notificationKey(eventId, recipient, 'WEBHOOK');
      for (let i = 0; i < 100 && (await rowOf(key)).status !== 'DELIVERED'; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(await rowOf(key)).toMatchObject({ status: 'DELIVERED', attempts: 1 });
      expect(receiver.hits).toHaveLength(1);
    } finally {
      await dispatcher.stop();
    }
  });
});
