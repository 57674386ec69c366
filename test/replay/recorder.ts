// What the history recorders in test/replay/ share: connecting to a stack, running the project's
// worker(s) while a recording runs, and writing what it recorded into test/histories/.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { Client as Pg } from 'pg';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { loadConfig, requireDatabaseUrl, type Config } from '../../src/config';
import { createDb, type Db } from '../../src/db';
import { migrate } from '../../src/db/migrate';
import { freePort } from '../../src/processes';
import { startDevServer } from '../../src/temporal/dev-server';
import { findTemporalCli } from '../../src/tools';
import { dataConverter } from '../../src/temporal/data-converter';
import { makeVersionCurrent } from '../../src/temporal/deployment';
import { createWorkers, runWorkersUntil, type Workers } from '../../src/temporal/worker';
import { recordCountUpdate } from '../../workflows/handover-day/messages';
import { HISTORY_PAYLOAD_KEYS, historyPayloadKeys } from '../histories/payload-keys';
import { actors, RU_UA, type UA_RU } from '../helpers/actors';

export const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');

/** Writes the workflow's history as test/histories/<name>.json, replacing the file. */
export async function writeHistory(handle: WorkflowHandle, name: string): Promise<void> {
  const file = path.join(HISTORIES_DIR, `${name}.json`);
  const history = await handle.fetchHistory();
  writeFileSync(file, historyToJSON(history));
  console.log(`Wrote ${path.relative(process.cwd(), file)} (${history.events?.length} events)`);
}

/** Like writeHistory, but keeps a file already recorded: a committed history is a promise that its runs replay. */
export async function saveHistory(handle: WorkflowHandle, name: string): Promise<void> {
  const file = path.join(HISTORIES_DIR, `${name}.json`);
  if (existsSync(file)) return console.log(`Kept ${path.relative(process.cwd(), file)} (already recorded)`);
  await writeHistory(handle, name);
}

/** A direction's three counts (sender, receiver, intermediary), recorded one after another. */
export async function recordCounts(day: WorkflowHandle, direction: typeof RU_UA | typeof UA_RU, count: number) {
  const [sender, receiver] = direction === RU_UA ? [actors.ru, actors.ua] : [actors.ua, actors.ru];
  for (const [source, by] of [
    ['SENDER', sender],
    ['RECEIVER', receiver],
    ['INTERMEDIARY', actors.field],
  ] as const) {
    await day.executeUpdate(recordCountUpdate, { args: [{ direction, source, count, by }] });
  }
}

export interface Recording {
  config: Config;
  db: Db;
  client: Client;
}

export interface RecordOptions {
  /** Over process.env when loading the config (the task queue is always a fresh `record-<uuid>`). */
  env?: Record<string, string>;
}

/**
 * Connects to the stack the config names, runs `work` while the process's two workers (main and cases
 * queue) run as the release's Worker Deployment version, made current as a development start makes it,
 * then closes everything. Payloads are encrypted with the histories' test key.
 */
export async function record(work: (r: Recording) => Promise<void>, options: RecordOptions = {}): Promise<void> {
  const config = loadConfig({
    ...process.env,
    TEMPORAL_TASK_QUEUE: `record-${randomUUID()}`,
    PAYLOAD_KEYS: HISTORY_PAYLOAD_KEYS,
    ...options.env,
  });
  const db = createDb(requireDatabaseUrl(config));
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: dataConverter(historyPayloadKeys()),
  });
  const nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
  try {
    const deps = { config, db, connection: nativeConnection, client };
    const recording = { config, db, client };
    const workers = await createWorkers(deps);
    await runWorkersUntil(
      workers,
      current(config, client, workers).then(() => work(recording)),
    );
  } finally {
    await nativeConnection.close();
    await connection.close();
    await db.$disconnect();
  }
}

/** Production runs versioned: the recording's version is made current once both its queues poll. */
async function current(config: Config, client: Client, workers: Workers): Promise<void> {
  const version = workers.main.options.workerDeploymentOptions?.version;
  if (!version) return;
  await makeVersionCurrent({
    client,
    namespace: config.temporal.namespace,
    version,
    taskQueues: [workers.main.options.taskQueue, workers.cases.options.taskQueue],
    mode: 'always',
  });
}

/**
 * `record` on parts of its own: a fresh database on TEST_DATABASE_URL's server
 * (default the machine's PostgreSQL) and a Temporal dev server on a free port,
 * both removed afterwards.
 */
export async function recordOnOwnStack(
  databasePrefix: string,
  work: (r: Recording) => Promise<void>,
  options: RecordOptions = {},
): Promise<void> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const databaseName = `${databasePrefix}_${Date.now().toString(36)}`;
  const admin = new Pg({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();
  await migrate(databaseUrl);
  const server = await startDevServer({
    cli: findTemporalCli(process.env.TEMPORAL_CLI),
    port: await freePort(),
    namespace: 'default',
  });
  try {
    await record(work, {
      ...options,
      env: {
        ...options.env,
        DATABASE_URL: databaseUrl,
        TEMPORAL_ADDRESS: server.address,
        TEMPORAL_NAMESPACE: 'default',
      },
    });
  } finally {
    await server.stop();
    await admin.query(`DROP DATABASE ${databaseName} WITH (FORCE)`);
    await admin.end();
  }
}

/** Runs a recorder's main, exiting non-zero on failure. */
export function runRecorder(main: () => Promise<void>): void {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
