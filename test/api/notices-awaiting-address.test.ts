import request from 'supertest';
import type { Express } from 'express';
import pino from 'pino';
import { createApp } from '../../src/api/app';
import { startDispatcher } from '../../src/notification/dispatcher';
import { createWebhookChannel } from '../../src/notification/webhook';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/fault-stack';
import { ownDatabase } from '../helpers/own-database';
import { spawnEntryPoint } from '../helpers/processes';
import { openStack, unique, type TestStack } from '../helpers/stack';
import { personTokens, type TestTokens } from '../helpers/tokens';
import { expectProblem, familyContact, type Who } from './support';

/**
 * Issue 23, defect 2, as it was found: on a fresh start no address is set for
 * TRACING, and a reference sample rejected then asks for a new one. The
 * notification to the tracing service is kept (not dropped), listed for the
 * coordinator and operators, counted on /metrics, and sent once, to a real
 * receiver, when `npm run recipients -- set` gives TRACING an address; setting
 * it again sends nothing more. On a database of its own, where no recipient
 * has an address (on the run's shared one, other tests give TRACING one).
 */

const PERSON = 'Oleksii Marchuk';
let database: Awaited<ReturnType<typeof ownDatabase>>;
let stack: TestStack;
let tokens: TestTokens;
let app: Express;
let receiver: WebhookReceiver;
const logLines: string[] = [];

beforeAll(async () => {
  database = await ownDatabase();
  stack = await openStack({ DATABASE_URL: database.url });
  tokens = await personTokens();
  // The API's logger as src/logger.ts makes it, written to this array instead of stdout.
  const logger = pino({ level: 'info', name: 'api' }, { write: (line: string) => void logLines.push(line) });
  app = createApp({ config: stack.config, db: stack.db, temporal: stack.client, logger });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await stack?.close();
  await database?.drop();
});

const get = (who: Who, path: string) => request(app).get(path).auth(tokens[who], { type: 'bearer' });
const post = (who: Who, path: string, body: object) =>
  request(app).post(path).auth(tokens[who], { type: 'bearer' }).send(body);
const AWAITING = '/api/notifications/awaiting-address';

/** The value of a sample on /metrics, or undefined when it is not there. */
async function metric(name: string, label: string): Promise<number | undefined> {
  const text = (await request(app).get('/metrics').expect(200)).text;
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${label}}`));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

/** `npm run recipients -- set TRACING WEBHOOK <receiver> --secret …`, as an operator runs it. */
async function setTracingAddress(): Promise<string> {
  const args = ['set', 'TRACING', 'WEBHOOK', receiver.url('TRACING'), '--secret', receiver.secret];
  const run = spawnEntryPoint('src/main/recipients.ts', { DATABASE_URL: database.url }, args);
  const { code } = await run.exited;
  expect({ code, output: run.output() }).toEqual({ code: 0, output: expect.any(String) });
  return run.output();
}

/** One pass of the worker's dispatcher (it starts with one, and stop() waits for it). */
async function dispatcherPass(): Promise<void> {
  const channels = { WEBHOOK: createWebhookChannel({ timeoutMs: 5_000 }) };
  await startDispatcher({ db: stack.db, channels, intervalMs: 60_000 }).stop();
}

/** A sample of a new missing-person case, rejected by the laboratory: the tracing service must be told. */
async function rejectASample(): Promise<{ caseNumber: string; barcode: string }> {
  const caseNumber = unique('MP-UA').toUpperCase();
  await post('tracing', '/api/missing-persons', {
    caseNumber,
    party: 'UA',
    person: { name: PERSON, dateOfBirth: '1979-11-02', lastKnownPlace: 'Bakhmut', lastKnownDate: '2023-05-20' },
    contacts: [familyContact()],
  }).expect(201);
  const { barcode } = (
    await post('tracing', `/api/missing-persons/${caseNumber}/samples`, { contactPosition: 1, laboratory: 'LAB-1' })
  ).body as { barcode: string };
  await post('tracing', `/api/reference-samples/${barcode}/status`, { status: 'IN_TRANSIT' }).expect(200);
  const rejected = await post('forensic', `/api/reference-samples/${barcode}/status`, {
    status: 'REJECTED',
    problem: 'PAPERWORK_INCOMPLETE',
  }).expect(200);
  expect(rejected.body).toMatchObject({ status: 'REJECTED', replacementAsked: true });
  return { caseNumber, barcode };
}

describe('a notification to TRACING before it has an address', () => {
  let rejected: { caseNumber: string; barcode: string };
  let id: string;

  it('when a sample is rejected, then the notification is kept, listed for the coordinator and operators, counted, and logged without personal data', async () => {
    rejected = await rejectASample();
    const listed = await get('coordinator', AWAITING).expect(200);
    expect(listed.body).toEqual({
      items: [
        {
          id: expect.any(String),
          recipient: 'TRACING',
          event: 'reference_sample.new_sample_needed',
          keptAt: expect.any(String),
        },
      ],
      total: 1,
      limit: 50,
      offset: 0,
      recipients: [{ recipient: 'TRACING', count: 1 }],
    });
    id = listed.body.items[0].id;
    expect((await get('operator', `${AWAITING}?recipient=TRACING`).expect(200)).body.total).toBe(1);
    expect((await get('operator', `${AWAITING}?recipient=UA`).expect(200)).body).toMatchObject({ items: [], total: 0 });
    expectProblem(await get('tracing', AWAITING), 403);
    expect(await metric('repatriation_notifications_awaiting_address', 'recipient="TRACING"')).toBe(1);
    expect(await metric('repatriation_notifications', 'status="AWAITING_ADDRESS"')).toBe(1);

    const waits = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'notification waits for an address');
    expect(waits).toEqual([
      expect.objectContaining({
        event: 'reference_sample.new_sample_needed',
        eventId: `sample:${rejected.barcode}:REJECTED`,
        unaddressed: ['TRACING'],
      }),
    ]);
    expect(logLines.join('\n')).not.toContain(PERSON);
    expect(logLines.join('\n')).not.toContain(familyContact().name);
  });

  it('when an address is set for TRACING, then the notification is sent once, and setting it again sends nothing more', async () => {
    expect(await setTracingAddress()).toContain(
      '1 notification(s) waiting for an address now go to TRACING by WEBHOOK.',
    );
    await dispatcherPass();
    expect(receiver.requests.map((r) => [r.recipient, r.id, r.signatureValid, r.body.event, r.body.payload])).toEqual([
      [
        'TRACING',
        id,
        true,
        'reference_sample.new_sample_needed',
        {
          caseNumber: rejected.caseNumber,
          barcode: rejected.barcode,
          status: 'REJECTED',
          problem: 'PAPERWORK_INCOMPLETE',
        },
      ],
    ]);

    expect(await setTracingAddress()).not.toContain('waiting for an address');
    await dispatcherPass();
    expect(receiver.requests).toHaveLength(1);
    expect((await get('coordinator', AWAITING).expect(200)).body).toMatchObject({
      items: [],
      total: 0,
      recipients: [],
    });
    expect(await metric('repatriation_notifications_awaiting_address', 'recipient="TRACING"')).toBe(0);
    expect(await metric('repatriation_notifications', 'status="AWAITING_ADDRESS"')).toBe(0);
  });
});
