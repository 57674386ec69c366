import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { createNotifyActivities, type NotifyInput, type NotifyResult } from '../../activities/notification/notify';
import { createDb, type Db } from '../../src/db';
import { startDispatcher } from '../../src/notification/dispatcher';
import { createWebhookChannel } from '../../src/notification/webhook';
import { awaitingCounts, listAwaiting, setAddress } from '../../src/notification/service';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/fault-stack';
import { ownDatabase } from '../helpers/own-database';
import { unique } from '../helpers/stack';

/**
 * A notification whose recipient has no address yet is kept in the outbox
 * (AWAITING_ADDRESS), listed and counted, and sent once an address for that
 * recipient is set: once, to a real HTTP receiver that verifies signatures,
 * however often the address is set. For every kind of recipient the workflows
 * name. On a database of its own: on the run's shared one, other tests set
 * addresses for these recipients.
 */

// Parties, the intermediary, the coordinator, the tracing service and an authority (a case's idle reminder).
const KINDS = ['RU', 'UA', 'INTERMEDIARY', 'COORDINATOR', 'TRACING', 'UA-FORENSIC'];

let db: Db;
let database: Awaited<ReturnType<typeof ownDatabase>>;
let receiver: WebhookReceiver;
beforeAll(async () => {
  database = await ownDatabase();
  db = createDb(database.url);
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  await db.$disconnect();
  await database.drop();
});

const logged: LogEntry[] = [];
const logger = new DefaultLogger('WARN', (entry) => void logged.push(entry));
const notify = (input: NotifyInput): Promise<NotifyResult> =>
  new MockActivityEnvironment({}, { logger }).run(createNotifyActivities({ db }).notify, input);

/** One pass of the worker's dispatcher (it starts with one, and stop() waits for it). */
async function dispatcherPass(): Promise<void> {
  await startDispatcher({
    db,
    channels: { WEBHOOK: createWebhookChannel({ timeoutMs: 5_000 }) },
    intervalMs: 60_000,
  }).stop();
}

const sentTo = (recipient: string) => receiver.requests.filter((r) => r.recipient === recipient);
const webhookOf = (recipient: string) => ({
  recipient,
  channel: 'WEBHOOK' as const,
  address: receiver.url(recipient),
  secret: receiver.secret,
});

describe('a notification whose recipient has no address yet', () => {
  const eventId = unique('evt');
  const input: NotifyInput = {
    eventId,
    event: 'case.identified',
    operationReference: 'RU-UA-2025-06',
    recipients: KINDS,
    payload: { caseNumber: 'PM-UA-2025-000123', status: 'IDENTIFIED' },
  };

  it('when no recipient has an address, then each notification is kept, listed and counted, and a line says it waits', async () => {
    const result = await notify(input);
    expect(result).toEqual({ notifications: 0, delivered: 0, waiting: 0, unaddressed: KINDS });
    // Retried (a worker died after the write): still one per recipient.
    expect((await notify(input)).unaddressed).toEqual(KINDS);

    const rows = await db.notification.findMany({ where: { key: { startsWith: `${eventId}:` } } });
    expect(rows.map((r) => [r.recipient, r.status, r.channel]).sort()).toEqual(
      [...KINDS].sort().map((r) => [r, 'AWAITING_ADDRESS', null]),
    );
    const listed = await listAwaiting(db, { limit: 50, offset: 0 });
    expect(listed.total).toBe(KINDS.length);
    expect(listed.items.map((i) => i.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(listed.items[0]).toEqual({
      id: expect.any(String),
      recipient: expect.any(String),
      event: 'case.identified',
      operationReference: 'RU-UA-2025-06',
      keptAt: expect.any(String),
    });
    expect(await awaitingCounts(db)).toEqual([...KINDS].sort().map((recipient) => ({ recipient, count: 1 })));

    const lines = logged.filter((e) => e.message === 'notification waits for an address');
    expect(lines[0].meta).toMatchObject({ event: 'case.identified', eventId, unaddressed: KINDS });
    // The payload stays out of the log.
    expect(JSON.stringify(lines.map((l) => [l.message, l.meta]))).not.toContain('PM-UA-2025-000123');
  });

  it('when an address is set for each recipient, twice and at once, then each notification is sent once, on that address', async () => {
    const released = await Promise.all(
      KINDS.flatMap((r) => [setAddress(db, webhookOf(r)), setAddress(db, webhookOf(r))]),
    );
    // Each recipient's notification released by exactly one of the two.
    expect(released.map((r) => r.released).reduce((a, b) => a + b)).toBe(KINDS.length);
    expect((await setAddress(db, webhookOf('TRACING'))).released).toBe(0);

    await dispatcherPass();
    await dispatcherPass();
    const rows = await db.notification.findMany({ where: { key: { startsWith: `${eventId}:` } } });
    for (const recipient of KINDS) {
      const row = rows.find((r) => r.recipient === recipient)!;
      expect({ recipient, status: row.status, channel: row.channel }).toEqual({
        recipient,
        status: 'DELIVERED',
        channel: 'WEBHOOK',
      });
      expect(sentTo(recipient).map((d) => [d.id, d.signatureValid, d.body.event, d.body.payload])).toEqual([
        [row.id, true, 'case.identified', input.payload],
      ]);
    }
    expect(await awaitingCounts(db)).toEqual([]);

    // The step retried once the addresses are there: nothing queued again, nothing sent again.
    expect(await notify(input)).toMatchObject({ notifications: 0, unaddressed: [] });
    await dispatcherPass();
    for (const recipient of KINDS) expect(sentTo(recipient)).toHaveLength(1);
  });

  it('when an address appears some other way (written by hand, or while the notification was being kept), then the dispatcher releases it', async () => {
    const recipient = unique('AUTHORITY');
    await notify({ ...input, eventId: unique('evt'), recipients: [recipient] });
    await db.notificationRecipient.create({ data: webhookOf(recipient) });
    expect(await awaitingCounts(db)).toEqual([{ recipient, count: 1 }]);

    await dispatcherPass();
    await dispatcherPass();
    expect(sentTo(recipient)).toHaveLength(1);
    expect(await awaitingCounts(db)).toEqual([]);
  });
});
