import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createDb, type Db } from '../../src/db';
import { migrate } from '../../src/db/migrate';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { findTemporalCli } from '../../src/tools';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../src/notification/webhook';
import { eventually, freePort, spawnEntryPoint, type Spawned } from './processes';
import { testDataConverter } from './stack';
import { personTokens, type TestTokens } from './tokens';
import { TEST_ENV } from '../setup/state';

/**
 * A whole production-shaped stack of the test's own, for fault injection:
 * an embedded PostgreSQL (its own port and temp folder, never the machine's),
 * a Temporal dev server persisting to a SQLite file, the worker and the API
 * as separate child processes (the production entry points), and a webhook
 * receiver standing in for the parties' and the intermediary's systems.
 * Each part can be killed or stopped and started again on the same port.
 */

/** Who receives notifications: every webhook recipient the operations address. */
export const RECIPIENTS = ['RU', 'UA', 'INTERMEDIARY', 'COORDINATOR'] as const;

export interface WebhookDelivery {
  /** The notification id (X-Repatriation-Delivery): the same on every retry. */
  id: string;
  recipient: string;
  body: { id: string; event: string; operationReference?: string; payload: Record<string, unknown> };
  signatureValid: boolean;
}

/** A party's (or the intermediary's) system: verifies each signature and drops repeats by notification id. */
export interface WebhookReceiver {
  url(recipient: string): string;
  secret: string;
  /** Every request received, repeats included. */
  requests: WebhookDelivery[];
  /** The receiver's own idempotency: the first request per notification id. */
  accepted: Map<string, WebhookDelivery>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const secret = `fault-secret-${randomUUID()}`;
  const requests: WebhookDelivery[] = [];
  const accepted = new Map<string, WebhookDelivery>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const signatureValid = verifySignature(
        secret,
        String(req.headers[TIMESTAMP_HEADER.toLowerCase()]),
        raw,
        req.headers[SIGNATURE_HEADER.toLowerCase()],
      );
      const id = String(req.headers[DELIVERY_HEADER.toLowerCase()] ?? '');
      const recipient = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
      let body: WebhookDelivery['body'];
      try {
        body = JSON.parse(raw) as WebhookDelivery['body'];
      } catch {
        res.writeHead(400).end();
        return;
      }
      const delivery = { id, recipient, body, signatureValid };
      requests.push(delivery);
      if (!signatureValid) {
        res.writeHead(401).end();
        return;
      }
      if (!accepted.has(id)) accepted.set(id, delivery);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (recipient) => `http://127.0.0.1:${port}/hooks/${encodeURIComponent(recipient)}`,
    secret,
    requests,
    accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface FaultStack {
  api: string;
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  /** The test's own connections, which outlive every fault. */
  db: Db;
  temporal: Client;
  receiver: WebhookReceiver;
  /** People's access tokens from the run's OpenID Provider, one per kind of person (the API here trusts it). */
  people: TestTokens;
  worker(): Spawned | undefined;
  apiProcess(): Spawned | undefined;
  startWorker(): Promise<void>;
  killWorker(): Promise<void>;
  startApi(): Promise<void>;
  killApi(): Promise<void>;
  stopTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** Output of the child processes so far, for failure messages. */
  logs(): string;
  close(): Promise<void>;
}

/** The variables every child gets: the stack's own, plus any PAYLOAD_* setting of the test process (payload keys). */
function childEnv(own: Record<string, string>): Record<string, string> {
  const passed = Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[0].startsWith('PAYLOAD_') && typeof e[1] === 'string',
    ),
  );
  return {
    ...passed,
    ...(process.env.TEMPORAL_CLI ? { TEMPORAL_CLI: process.env.TEMPORAL_CLI } : {}),
    ...own,
  };
}

async function killHard(p: Spawned | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGKILL');
  await p.exited;
}

/** Waits for `ready`, failing at once with the process's output if it exits first. */
async function readyOrDied(p: Spawned, what: string, ready: Promise<unknown>): Promise<void> {
  const died = p.exited.then(({ code, signal }) => {
    throw new Error(`${what} exited (${code ?? signal}) before it was ready:\n${p.output().slice(-4000)}`);
  });
  await Promise.race([ready, died]);
}

/** An embedded PostgreSQL of the stack's own (its folder, its port), stopped and started again on the same port. */
function postgresOfItsOwn(folder: string, port: number) {
  let pg: Spawned | undefined;
  let url = '';
  const start = async () => {
    const p = spawnEntryPoint('test/helpers/postgres-process.ts', {}, [folder, String(port)]);
    pg = p;
    await readyOrDied(
      p,
      'PostgreSQL',
      eventually(async () => /^ready /m.test(p.output()), 'PostgreSQL to accept connections', 120_000, 100),
    );
    url = /^ready (\S+)/m.exec(p.output())![1];
  };
  const stop = async () => {
    if (!pg || pg.child.exitCode !== null || pg.child.signalCode !== null) return;
    pg.child.kill('SIGTERM');
    const killer = setTimeout(() => pg?.child.kill('SIGKILL'), 20_000);
    await pg.exited;
    clearTimeout(killer);
  };
  return { start, stop, url: () => url };
}

/** The worker and the API as child processes (the production entry points), each killed and started again. */
function appProcesses(env: Record<string, string>, api: string) {
  let worker: Spawned | undefined;
  let apiProc: Spawned | undefined;
  const finished: string[] = [];

  const startWorker = async () => {
    const p = spawnEntryPoint('src/main/worker.ts', env);
    worker = p;
    void p.exited.then(({ code, signal }) => finished.push(`worker ${p.child.pid} exited (${code ?? signal})`));
    await readyOrDied(
      p,
      'the worker',
      eventually(async () => p.output().includes('"msg":"worker running"'), 'the worker to run', 120_000, 200),
    );
  };
  const startApi = async () => {
    const p = spawnEntryPoint('src/main/api.ts', env);
    apiProc = p;
    void p.exited.then(({ code, signal }) => finished.push(`api ${p.child.pid} exited (${code ?? signal})`));
    await readyOrDied(
      p,
      'the API',
      eventually(async () => (await fetch(`${api}/readyz`)).status === 200, 'the API to be ready', 60_000, 200),
    );
  };

  return {
    worker: () => worker,
    apiProcess: () => apiProc,
    startWorker,
    killWorker: () => killHard(worker),
    startApi,
    killApi: () => killHard(apiProc),
    killBoth: () => Promise.all([killHard(worker), killHard(apiProc)]),
    logs: () =>
      [
        ...finished,
        `--- worker ---\n${worker?.output().slice(-6000) ?? ''}`,
        `--- api ---\n${apiProc?.output().slice(-6000) ?? ''}`,
      ].join('\n'),
    /** The end of each one's output, for a stack that failed to start. */
    lastWords: () => [worker?.output().slice(-3000), apiProc?.output().slice(-3000)].filter(Boolean).join('\n'),
  };
}

/** The environment of the worker and the API: this stack's PostgreSQL, Temporal, task queue and port. */
const appEnv = (databaseUrl: string, temporalAddress: string, taskQueue: string, apiPort: number) =>
  childEnv({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    API_HOST: '127.0.0.1',
    API_PORT: String(apiPort),
    LOG_LEVEL: 'info',
    // No fixed metrics port: several workers (and other tests) run on this machine.
    WORKER_METRICS_ADDRESS: 'off',
    // People's access tokens come from the run's OpenID Provider (global setup), which the API trusts.
    ...(process.env[TEST_ENV.oidcIssuer] ? { OIDC_ISSUER: process.env[TEST_ENV.oidcIssuer] } : {}),
  });

export async function startFaultStack(): Promise<FaultStack> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'repatriation-faults-'));
  // As root, PostgreSQL runs as the `postgres` user, which must reach its data folder.
  chmodSync(workDir, 0o755);
  const [pgPort, temporalPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const cli = findTemporalCli(process.env.TEMPORAL_CLI);
  const dbFile = path.join(workDir, 'temporal', 'dev.sqlite');
  const taskQueue = `faults-${randomUUID().slice(0, 8)}`;
  const api = `http://127.0.0.1:${apiPort}`;

  const postgres = postgresOfItsOwn(path.join(workDir, 'postgres'), pgPort);
  let temporalServer: DevServer | undefined;
  let apps: ReturnType<typeof appProcesses> | undefined;
  let db: Db | undefined;
  let connection: Connection | undefined;
  let receiver: WebhookReceiver | undefined;

  const startTemporal = async () => {
    temporalServer = await startDevServer({ cli, dbFile, port: temporalPort, namespace: 'default' });
  };

  const close = async () => {
    await apps?.killBoth();
    await connection?.close().catch(() => undefined);
    await db?.$disconnect().catch(() => undefined);
    await receiver?.close().catch(() => undefined);
    await temporalServer?.stop().catch(() => undefined);
    await postgres.stop().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  };

  try {
    await Promise.all([postgres.start(), startTemporal()]);
    const databaseUrl = postgres.url();
    await migrate(databaseUrl);
    db = createDb(databaseUrl);
    connection = await Connection.connect({ address: temporalServer!.address });
    // The run's payload keys (PAYLOAD_KEYS, from global setup), as the worker and the API have them.
    const temporal = new Client({ connection, namespace: 'default', dataConverter: testDataConverter() });
    receiver = await startWebhookReceiver();
    for (const recipient of RECIPIENTS) {
      await db.notificationRecipient.create({
        data: { recipient, channel: 'WEBHOOK', address: receiver.url(recipient), secret: receiver.secret },
      });
    }
    const people = await personTokens();

    const started = appProcesses(appEnv(databaseUrl, temporalServer!.address, taskQueue, apiPort), api);
    apps = started;
    await Promise.all([started.startWorker(), started.startApi()]);

    return {
      api,
      databaseUrl,
      temporalAddress: temporalServer!.address,
      taskQueue,
      db,
      temporal,
      receiver,
      people,
      worker: started.worker,
      apiProcess: started.apiProcess,
      startWorker: started.startWorker,
      killWorker: started.killWorker,
      startApi: started.startApi,
      killApi: started.killApi,
      stopTemporal: async () => {
        await temporalServer?.stop();
      },
      startTemporal,
      stopPostgres: postgres.stop,
      startPostgres: postgres.start,
      logs: started.logs,
      close,
    };
  } catch (err) {
    const output = apps?.lastWords() ?? '';
    await close();
    throw output ? new Error(`${(err as Error).message}\n${output}`) : err;
  }
}
