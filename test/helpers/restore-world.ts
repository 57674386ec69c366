import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createApp } from '../../src/api/app';
import { createDb, type Db } from '../../src/db';
import { createLogger } from '../../src/logger';
import { createChannels, startDispatcher } from '../../src/notification/dispatcher';
import { createWorkers, runWorkers } from '../../src/temporal/worker';
import { createRecordWriters } from '../../activities/reconcile/writers';
import { reconcile, type ReconcileReport } from '../../src/reconcile/reconcile';
import { RECIPIENTS, startWebhookReceiver, type WebhookReceiver } from './fault-stack';
import { ownDatabase } from './own-database';
import { PROJECT_ROOT } from './processes';
import { testConfig, testDataConverter, unique } from './stack';
import { TEST_ENV } from '../setup/state';
import { personTokens, type TestTokens } from './tokens';

const run = promisify(execFile);
const quiet = { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * The world of a restore rehearsal (test/e2e/restore.test.ts): a database of
 * its own on the run's PostgreSQL (dumped, dropped and restored), the run's
 * Temporal dev server (which keeps running: it is what the record is rebuilt
 * from), a webhook receiver for every recipient, and the service (the API on
 * a port that stays the same, the worker's two workers and the notification
 * dispatcher) that can be stopped and started again.
 */
export interface RestoreWorld {
  db: Db;
  client: Client;
  receiver: WebhookReceiver;
  /** People's access tokens from the run's OpenID Provider, one per kind of person (the API here trusts it). */
  people: TestTokens;
  api: string;
  /** What the service and `npm run reconcile` are configured with. */
  env: Record<string, string>;
  startService(): Promise<void>;
  stopService(): Promise<void>;
  /** pg_dump of the database, custom format. */
  dump(file: string): Promise<void>;
  /** The database dropped, created again and the dump restored into it (the service must be stopped). */
  restore(file: string): Promise<void>;
  /** `npm run reconcile -- <args>` (the entry point through tsx): its exit code and output. */
  reconcile(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** The same reconcile in this process (no start-up cost), for one operation. */
  reconcileHere(reference: string, repair: boolean): Promise<ReconcileReport>;
  close(): Promise<void>;
}

export async function openRestoreWorld(): Promise<RestoreWorld> {
  const database = await ownDatabase();
  const taskQueue = unique('restore');
  const config = testConfig({ DATABASE_URL: database.url, TEMPORAL_TASK_QUEUE: taskQueue });
  const env = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    PAYLOAD_KEYS: process.env[TEST_ENV.payloadKeys]!,
    LOG_LEVEL: 'warn',
  };
  let db = createDb(database.url);
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: testDataConverter() });
  const receiver = await startWebhookReceiver();
  for (const recipient of RECIPIENTS) {
    await db.notificationRecipient.create({
      data: { recipient, channel: 'WEBHOOK', address: receiver.url(recipient), secret: receiver.secret },
    });
  }
  const people = await personTokens();
  const bundle = { code: readFileSync(process.env[TEST_ENV.workflowBundle]!, 'utf8') };
  const logger = createLogger('silent', 'test');
  let port = 0;
  let stop: (() => Promise<void>) | undefined;

  async function startService() {
    const serviceDb = createDb(database.url);
    const server: Server = createServer(createApp({ config, db: serviceDb, temporal: client, logger }));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    const dispatcher = startDispatcher({
      db: serviceDb,
      channels: createChannels(config.notify, serviceDb),
      intervalMs: 500,
    });
    const native = await NativeConnection.connect({ address: config.temporal.address });
    const workers = await createWorkers({ config, db: serviceDb, connection: native, client, workflowBundle: bundle });
    const running = runWorkers(workers).finally(() => native.close());
    stop = async () => {
      for (const w of [workers.main, workers.cases]) if (w.getState() === 'RUNNING') w.shutdown();
      await running;
      await dispatcher.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await serviceDb.$disconnect();
    };
  }

  const world: RestoreWorld = {
    get db() {
      return db;
    },
    client,
    receiver,
    people,
    get api() {
      return `http://127.0.0.1:${port}`;
    },
    env,
    startService,
    async stopService() {
      await stop?.();
      stop = undefined;
    },
    async dump(file) {
      await run('pg_dump', ['--format=custom', `--file=${file}`, database.url]);
    },
    async restore(file) {
      await db.$disconnect();
      const admin = new URL(database.url);
      const name = admin.pathname.slice(1);
      admin.pathname = '/postgres';
      await run('psql', [admin.toString(), '-v', 'ON_ERROR_STOP=1', '-c', `DROP DATABASE ${name} WITH (FORCE)`]);
      await run('psql', [admin.toString(), '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`]);
      await run('pg_restore', ['--exit-on-error', '--no-owner', `--dbname=${database.url}`, file]);
      db = createDb(database.url);
    },
    async reconcile(args) {
      const tsx = `${PROJECT_ROOT}/node_modules/.bin/tsx`;
      try {
        const { stdout, stderr } = await run(tsx, ['src/main/reconcile.ts', ...args], {
          cwd: PROJECT_ROOT,
          env: { ...process.env, ...env },
        });
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as { code?: number; stdout?: string; stderr?: string };
        return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
      }
    },
    reconcileHere: (reference, repair) =>
      reconcile(
        {
          db,
          client,
          writersFor: (txDb) => createRecordWriters(txDb, quiet),
          taskQueue,
          discrepancyTiming: config.discrepancies,
        },
        { reference, repair },
      ),
    async close() {
      await world.stopService().catch(() => undefined);
      await receiver.close();
      await connection.close();
      await db.$disconnect();
      await database.drop().catch(() => undefined);
    },
  };
  return world;
}
