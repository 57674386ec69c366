import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import { createApp } from '../../src/api/app';
import type { Config } from '../../src/config';
import { createDb, type Db } from '../../src/db';
import { ownDatabase } from './own-database';
import { createLogger } from '../../src/logger';
import { createChannels, startDispatcher } from '../../src/notification/dispatcher';
import { makeVersionCurrent } from '../../src/temporal/deployment';
import { createWorkers, runWorkers, type Workers } from '../../src/temporal/worker';
import { RECIPIENTS, startWebhookReceiver, type WebhookReceiver } from './fault-stack';
import { testConfig, testDataConverter, unique } from './stack';
import { personTokens, type TestTokens } from './tokens';

/**
 * The world of an upgrade rehearsal (test/e2e/upgrade.test.ts): the run's
 * Temporal dev server, a database of its own (its notification recipients
 * point at a webhook receiver, which the run's shared database cannot do
 * without changing other tests' recipients), the API in this process, and
 * worker pairs that poll one task queue as versions of a deployment of the
 * test's own, so no other test's workers or versions are involved.
 */
export interface UpgradeWorld {
  db: Db;
  client: Client;
  receiver: WebhookReceiver;
  /** People's access tokens from the run's OpenID Provider, one per kind of person (the API here trusts it). */
  people: TestTokens;
  api: string;
  taskQueue: string;
  deployment: string;
  /** Starts the two workers of `buildId` running `bundle`, until stop(). */
  startBuild(buildId: string, bundle: WorkflowBundleOption): Promise<RunningBuild>;
  /** Makes the version current once the server has seen it poll both task queues. */
  makeCurrent(build: RunningBuild): Promise<void>;
  close(): Promise<void>;
}

export interface RunningBuild {
  buildId: string;
  config: Config;
  workers: Workers;
  /** Shuts both workers down (in-flight tasks finish first) and waits for them. */
  stop(): Promise<void>;
}


export async function openUpgradeWorld(): Promise<UpgradeWorld> {
  const database = await ownDatabase();
  const taskQueue = unique('upgrade');
  const deployment = unique('rehearsal');
  const base = { DATABASE_URL: database.url, TEMPORAL_TASK_QUEUE: taskQueue };
  const apiConfig = testConfig(base);
  const db = createDb(database.url);
  const connection = await Connection.connect({ address: apiConfig.temporal.address });
  const client = new Client({
    connection,
    namespace: apiConfig.temporal.namespace,
    dataConverter: testDataConverter(),
  });
  const receiver = await startWebhookReceiver();
  for (const recipient of RECIPIENTS) {
    await db.notificationRecipient.create({
      data: { recipient, channel: 'WEBHOOK', address: receiver.url(recipient), secret: receiver.secret },
    });
  }
  const people = await personTokens();
  const logger = createLogger('silent', 'test');
  const server: Server = createServer(createApp({ config: apiConfig, db, temporal: client, logger }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Retries what the activities could not deliver at once, as the worker process does.
  const dispatcher = startDispatcher({ db, channels: createChannels(apiConfig.notify, db), intervalMs: 1_000 });
  const builds: RunningBuild[] = [];

  async function startBuild(buildId: string, bundle: WorkflowBundleOption): Promise<RunningBuild> {
    const config = testConfig({
      ...base,
      WORKER_VERSIONING: 'on',
      WORKER_DEPLOYMENT_NAME: deployment,
      WORKER_BUILD_ID: buildId,
      WORKER_MAKE_CURRENT: 'never',
    });
    const native = await NativeConnection.connect({ address: config.temporal.address });
    const workers = await createWorkers({ config, db, connection: native, client, workflowBundle: bundle });
    let failure: unknown;
    const running = runWorkers(workers)
      .catch((err: unknown) => void (failure = err))
      .finally(() => native.close());
    let stopped: Promise<void> | undefined;
    const build: RunningBuild = {
      buildId,
      config,
      workers,
      stop: () =>
        (stopped ??= (async () => {
          for (const w of [workers.main, workers.cases]) if (w.getState() === 'RUNNING') w.shutdown();
          await running;
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          if (failure) throw failure;
        })()),
    };
    builds.push(build);
    return build;
  }

  return {
    db,
    client,
    receiver,
    people,
    api,
    taskQueue,
    deployment,
    startBuild,
    async makeCurrent(build) {
      const { main, cases } = build.workers;
      await makeVersionCurrent({
        client,
        namespace: build.config.temporal.namespace,
        version: { deploymentName: deployment, buildId: build.buildId },
        taskQueues: [main.options.taskQueue, cases.options.taskQueue],
        mode: 'always',
        timeoutMs: 90_000,
      });
    },
    async close() {
      await Promise.allSettled(builds.map((b) => b.stop()));
      await dispatcher.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await receiver.close();
      await connection.close();
      await db.$disconnect();
      await database.drop().catch(() => undefined);
    },
  };
}
