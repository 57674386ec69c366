import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../../src/db';
import { deliverDue, enqueueNotifications, notificationKey } from '../../src/notification/outbox';
import { createWebhookChannel, DELIVERY_HEADER } from '../../src/notification/webhook';
import { testDatabaseUrl, unique } from '../helpers/stack';

/**
 * A sender that dies with a notice claimed does not hold it for minutes: its
 * claim lapses within seconds (a live sender renews it while sending), and
 * another dispatcher sends it, once.
 */

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
// The dying sender: claims the notice, starts sending, never finishes.
const DYING_SENDER = `
import { createDb } from '${ROOT}/src/db';
import { deliverDue } from '${ROOT}/src/notification/outbox';
const db = createDb(process.env.SENDER_DATABASE_URL!);
void deliverDue(db, { WEBHOOK: { send: () => { console.log('sending'); return new Promise(() => undefined); } } }, { keys: [process.env.SENDER_KEY!] });
`;

let db: Db;
let server: Server;
const hits: string[] = [];
let url = '';
beforeAll(async () => {
  db = createDb(testDatabaseUrl());
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits.push(String(req.headers[DELIVERY_HEADER.toLowerCase()]));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await db?.$disconnect();
});

it('when the dispatcher sending a notice is killed, then another dispatcher sends it within seconds, and only once', async () => {
  const recipient = unique('R');
  await db.notificationRecipient.create({ data: { recipient, channel: 'WEBHOOK', address: url, secret: 's' } });
  const key = notificationKey(unique('event'), recipient, 'WEBHOOK');
  await enqueueNotifications(db, [{ key, recipient, channel: 'WEBHOOK', event: 'discrepancy.opened', payload: {} }]);

  const script = path.join(tmpdir(), `${unique('dying-sender')}.ts`);
  writeFileSync(script, DYING_SENDER);
  // One process (no wrapper), so a SIGKILL ends the sender itself.
  const sender = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, SENDER_DATABASE_URL: testDatabaseUrl(), SENDER_KEY: key },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    sender.stdout.on('data', (d: Buffer) => d.toString().includes('sending') && resolve());
    sender.once('exit', (code) => reject(new Error(`the sender exited (${code}) before sending`)));
  });
  sender.kill('SIGKILL');
  const killedAt = Date.now();

  const webhook = { WEBHOOK: createWebhookChannel({ timeoutMs: 5_000 }) };
  let delivered = false;
  while (!delivered && Date.now() - killedAt < 60_000) {
    delivered = (await deliverDue(db, webhook, { keys: [key] })).some((o) => o.status === 'DELIVERED');
    if (!delivered) await new Promise((r) => setTimeout(r, 250));
  }
  expect({ delivered, withinSeconds: (Date.now() - killedAt) / 1000 < 20 }).toEqual({
    delivered: true,
    withinSeconds: true,
  });
  expect(await deliverDue(db, webhook, { keys: [key] })).toEqual([]);
  const row = await db.notification.findUniqueOrThrow({ where: { key } });
  expect({ status: row.status, attempts: row.attempts, hits }).toEqual({
    status: 'DELIVERED',
    attempts: 1,
    hits: [row.id],
  });
});
