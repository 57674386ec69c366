import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createNotifyActivities } from '../../activities/notification/notify';
import { createDb, type Db } from '../../src/db';
import { deliverDue, DEFAULT_BACKOFF, enqueueNotifications, notificationKey } from '../../src/notification/outbox';
import {
  createWebhookChannel,
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifySignature,
} from '../../src/notification/webhook';
import { testDatabaseUrl, unique } from '../helpers/stack';

/**
 * Webhook notifications to a real HTTP receiver on 127.0.0.1, which checks
 * each signature with verifySignature as a party's system would, through the
 * real outbox on the run's PostgreSQL database.
 */

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
}

interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** Answers each request with the next status of `statuses` (the last one repeats); 401 when the signature is wrong. */
async function startReceiver(secret: string, statuses: number[] = [200], delayMs = 0): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signatureValid = verifySignature(
        secret,
        String(req.headers[TIMESTAMP_HEADER.toLowerCase()]),
        body,
        req.headers[SIGNATURE_HEADER.toLowerCase()],
      );
      received.push({ headers: req.headers, body, signatureValid });
      const status = signatureValid ? statuses[Math.min(received.length - 1, statuses.length - 1)] : 401;
      setTimeout(() => res.writeHead(status, { 'content-type': 'text/plain' }).end(`receiver said ${status}`), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notifications`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let db: Db;
const receivers: Receiver[] = [];
const webhook = { WEBHOOK: createWebhookChannel({ timeoutMs: 2_000 }) };
beforeAll(() => {
  db = createDb(testDatabaseUrl());
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await db.$disconnect();
});

/** A recipient of the test's own, reached at a new receiver. */
async function recipientAt(
  options: { secret?: string; receiverSecret?: string; statuses?: number[]; delayMs?: number } = {},
) {
  const secret = options.secret ?? unique('secret');
  const receiver = await startReceiver(options.receiverSecret ?? secret, options.statuses, options.delayMs);
  receivers.push(receiver);
  const recipient = unique('UA');
  await db.notificationRecipient.create({ data: { recipient, channel: 'WEBHOOK', address: receiver.url, secret } });
  return { recipient, receiver };
}

async function enqueueOne(recipient: string, payload: Record<string, unknown> = { handoverDay: '2025-06-07' }) {
  const key = notificationKey(unique('evt'), recipient, 'WEBHOOK');
  await enqueueNotifications(db, [
    { key, recipient, channel: 'WEBHOOK', event: 'handover.signed_off', operationReference: 'RU-UA-2025-06', payload },
  ]);
  return key;
}

const rowOf = (key: string) => db.notification.findUniqueOrThrow({ where: { key } });

const quietLogger = new DefaultLogger('ERROR', () => undefined);

describe('webhook notifications: signed, and holding only what was given', () => {
  it('when the notify activity runs, then the receiver gets a correctly signed notification and the row is DELIVERED', async () => {
    const { recipient, receiver } = await recipientAt();
    const notify = createNotifyActivities({ db, channels: webhook }).notify;
    const eventId = unique('evt');

    const result = await new MockActivityEnvironment({}, { logger: quietLogger }).run(notify, {
      eventId,
      event: 'handover.signed_off',
      operationReference: 'RU-UA-2025-06',
      recipients: [recipient],
      payload: { handoverDay: '2025-06-07' },
    });

    expect(result).toEqual({ notifications: 1, delivered: 1, waiting: 0, unaddressed: [] });
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request.signatureValid).toBe(true);
    expect(request.headers['content-type']).toBe('application/json');
    const row = await rowOf(notificationKey(eventId, recipient, 'WEBHOOK'));
    expect(request.headers[DELIVERY_HEADER.toLowerCase()]).toBe(row.id);
    expect(row).toMatchObject({ status: 'DELIVERED', attempts: 1, lastError: null });
    expect(row.deliveredAt).toBeInstanceOf(Date);
  });

  it('when a notification is sent, then its body holds only the id, event, operation reference and the payload given', async () => {
    const { recipient, receiver } = await recipientAt();
    const payload = { handoverDay: '2025-06-07', caseNumber: 'UA-2025-000123', count: 6000 };
    const key = await enqueueOne(recipient, payload);

    await deliverDue(db, webhook, { keys: [key] });

    const row = await rowOf(key);
    expect(row.payload).toEqual(payload);
    expect(JSON.parse(receiver.received[0].body)).toEqual({
      id: row.id,
      event: 'handover.signed_off',
      operationReference: 'RU-UA-2025-06',
      payload,
    });
  });

  it("when the sender signs with a secret other than the receiver's, then the receiver detects it and the row stays FAILED", async () => {
    const { recipient, receiver } = await recipientAt({ secret: 'stale-secret', receiverSecret: 'rotated-secret' });
    const key = await enqueueOne(recipient);

    await deliverDue(db, webhook, { keys: [key] });

    expect(receiver.received.map((r) => r.signatureValid)).toEqual([false]);
    const { body, headers } = receiver.received[0];
    const timestamp = String(headers[TIMESTAMP_HEADER.toLowerCase()]);
    expect(verifySignature('stale-secret', timestamp, body, headers[SIGNATURE_HEADER.toLowerCase()])).toBe(true);
    expect(await rowOf(key)).toMatchObject({ status: 'FAILED', attempts: 1, lastError: 'HTTP 401' });
  });

  it('when the body or timestamp is altered, then verifySignature refuses it', async () => {
    const { recipient, receiver } = await recipientAt({ secret: 'shared-secret' });
    await deliverDue(db, webhook, { keys: [await enqueueOne(recipient)] });
    const { body, headers } = receiver.received[0];
    const timestamp = String(headers[TIMESTAMP_HEADER.toLowerCase()]);
    const signature = headers[SIGNATURE_HEADER.toLowerCase()];

    expect(verifySignature('shared-secret', timestamp, body, signature)).toBe(true);
    expect(verifySignature('shared-secret', timestamp, body.replace('2025-06-07', '2025-06-08'), signature)).toBe(
      false,
    );
    expect(verifySignature('shared-secret', String(Number(timestamp) + 1), body, signature)).toBe(false);
    expect(verifySignature('shared-secret', timestamp, body, undefined)).toBe(false);
    expect(verifySignature('shared-secret', timestamp, body, 'sha256=00')).toBe(false);
  });
});

describe('webhook notifications: failures and retries', () => {
  it('when the receiver answers 500 twice then 200, then the row ends DELIVERED after three attempts, each recorded', async () => {
    const { recipient, receiver } = await recipientAt({ statuses: [500, 500, 200] });
    const key = await enqueueOne(recipient);
    const t0 = new Date();

    const first = await deliverDue(db, webhook, { keys: [key], now: t0 });
    expect(first).toEqual([expect.objectContaining({ status: 'FAILED', attempts: 1, error: 'HTTP 500' })]);
    const afterFirst = await rowOf(key);
    expect(afterFirst).toMatchObject({ status: 'FAILED', attempts: 1, lastError: 'HTTP 500' });
    expect(afterFirst.nextAttemptAt.getTime()).toBe(t0.getTime() + DEFAULT_BACKOFF.baseMs);

    await deliverDue(db, webhook, { keys: [key], now: afterFirst.nextAttemptAt });
    const afterSecond = await rowOf(key);
    expect(afterSecond).toMatchObject({ status: 'FAILED', attempts: 2, lastError: 'HTTP 500' });
    expect(afterSecond.nextAttemptAt.getTime()).toBe(afterFirst.nextAttemptAt.getTime() + 2 * DEFAULT_BACKOFF.baseMs);

    await deliverDue(db, webhook, { keys: [key], now: afterSecond.nextAttemptAt });
    const delivered = await rowOf(key);
    expect(delivered).toMatchObject({ status: 'DELIVERED', attempts: 3 });
    expect(delivered.deliveredAt).toEqual(afterSecond.nextAttemptAt);
    expect(receiver.received.map((r) => r.signatureValid)).toEqual([true, true, true]);
  });

  it('when a notification is retried, then the receiver sees the same Delivery id each time and can drop the duplicate', async () => {
    const { recipient, receiver } = await recipientAt({ statuses: [503, 200] });
    const key = await enqueueOne(recipient);

    await deliverDue(db, webhook, { keys: [key] });
    await deliverDue(db, webhook, { keys: [key], now: (await rowOf(key)).nextAttemptAt });

    const row = await rowOf(key);
    expect(row.status).toBe('DELIVERED');
    const deliveryIds = receiver.received.map((r) => r.headers[DELIVERY_HEADER.toLowerCase()]);
    expect(deliveryIds).toEqual([row.id, row.id]);
    // Timestamps may differ between attempts; the body, and so the receiver's dedupe, does not.
    expect(receiver.received[0].body).toBe(receiver.received[1].body);
  });

  it('when the receiver answers an error with a body, then lastError is the status code alone', async () => {
    const { recipient } = await recipientAt({ statuses: [502] });
    const key = await enqueueOne(recipient);

    await deliverDue(db, webhook, { keys: [key] });

    expect((await rowOf(key)).lastError).toBe('HTTP 502');
  });

  it('when the receiver is slower than the timeout, then the attempt fails with a timeout and is retried later', async () => {
    const { recipient } = await recipientAt({ delayMs: 1_000 });
    const key = await enqueueOne(recipient);
    const slow = { WEBHOOK: createWebhookChannel({ timeoutMs: 200 }) };

    await deliverDue(db, slow, { keys: [key] });

    const row = await rowOf(key);
    expect(row).toMatchObject({ status: 'FAILED', attempts: 1, lastError: 'timeout after 200 ms' });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('when a recipient is down, then the notify activity still succeeds and the row waits FAILED in the outbox', async () => {
    const { recipient, receiver } = await recipientAt();
    await receiver.close();
    const eventId = unique('evt');

    const result = await new MockActivityEnvironment({}, { logger: quietLogger }).run(
      createNotifyActivities({ db, channels: webhook }).notify,
      {
        eventId,
        event: 'operation.suspended',
        operationReference: 'RU-UA-2025-06',
        recipients: [recipient],
        payload: {},
      },
    );

    expect(result).toEqual({ notifications: 1, delivered: 0, waiting: 1, unaddressed: [] });
    const row = await rowOf(notificationKey(eventId, recipient, 'WEBHOOK'));
    expect(row).toMatchObject({ status: 'FAILED', attempts: 1, lastError: 'network error ECONNREFUSED' });
  });
});
