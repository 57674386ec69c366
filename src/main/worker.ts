// The Temporal worker, as production runs it: needs DATABASE_URL and a reachable Temporal.
import type { Client } from '@temporalio/client';
import { toCanonicalString } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig, requireDatabaseUrl, type Config } from '../config';
import { createDb } from '../db';
import { migrate } from '../db/migrate';
import { createLogger, type Logger } from '../logger';
import { createChannels, startDispatcher } from '../notification/dispatcher';
import { createTemporalClient } from '../temporal/client';
import { makeVersionCurrent } from '../temporal/deployment';
import { createWorkers, runWorkers, type Workers } from '../temporal/worker';
import { installWorkerRuntime, workerMetricsUrl } from '../temporal/runtime';
import { ensureReviewScan } from '../missing-person/review-scan';
import { failStart } from './lifecycle';

export interface RunningWorker {
  /** The main task queue's worker (operations, days) and the cases queue's (remains cases). */
  workers: Workers;
  /** Resolves when both workers have stopped (after stop() or a signal); rejects if one failed (the other is then shut down). */
  done: Promise<void>;
  /** The Worker Deployment version both workers poll as (deployment.buildId), unless unversioned. */
  version: string | undefined;
  stop(): Promise<void>;
}

export async function startWorker(config: Config, databaseUrl: string, logger: Logger): Promise<RunningWorker> {
  const db = createDb(databaseUrl);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const client = await createTemporalClient(config);
  // One workflow bundle for both workers: one on the main task queue, one on `<main>-cases`.
  const workers = await createWorkers({ config, db, connection, client });
  // Delivers and retries queued notifications while the workers run.
  const dispatcher = startDispatcher({ db, channels: createChannels(config.notify, db), intervalMs: 5_000, logger });
  const done = runWorkers(workers).finally(async () => {
    await dispatcher.stop();
    await client.connection.close();
    await connection.close();
    await db.$disconnect();
  });
  const version = await becomeCurrent(config, client, workers, logger).catch(async (err: unknown) => {
    for (const w of [workers.main, workers.cases]) if (w.getState() === 'RUNNING') w.shutdown();
    await done.catch(() => undefined);
    throw err;
  });
  // The yearly reviews with families are reminded by one scan over PostgreSQL, not a timer per case.
  await ensureReviewScan(client, config.temporal.taskQueue);
  logger.info(
    {
      taskQueue: workers.main.options.taskQueue,
      caseTaskQueue: workers.cases.options.taskQueue,
      namespace: config.temporal.namespace,
      version: version ?? 'unversioned',
    },
    'worker running',
  );
  return {
    workers,
    done,
    version,
    async stop() {
      for (const w of [workers.main, workers.cases]) if (w.getState() === 'RUNNING') w.shutdown();
      await done;
    },
  };
}

/**
 * As WORKER_MAKE_CURRENT says, makes this worker's version the deployment's
 * current one once both its task queues poll (docs/versioning.md).
 */
async function becomeCurrent(config: Config, client: Client, workers: Workers, logger: Logger) {
  const version = workers.main.options.workerDeploymentOptions?.version;
  if (!version || !config.worker.deployment) return undefined;
  const outcome = await makeVersionCurrent({
    client,
    namespace: config.temporal.namespace,
    version,
    taskQueues: [workers.main.options.taskQueue, workers.cases.options.taskQueue],
    mode: config.worker.deployment.makeCurrent,
  });
  logger.info({ version: toCanonicalString(version), outcome }, 'worker deployment version');
  return toCanonicalString(version);
}

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'worker');
  const databaseUrl = requireDatabaseUrl(config);
  await migrate(databaseUrl);
  // The SDK's runtime drains the worker on SIGINT/SIGTERM: in-flight tasks finish first.
  // Its logs go to pino (identifiers only); its metrics to Prometheus at WORKER_METRICS_ADDRESS.
  const metricsAddress = config.worker.metricsAddress;
  installWorkerRuntime({ logger, metricsAddress, shutdownSignals: ['SIGINT', 'SIGTERM'] });
  if (metricsAddress) logger.info({ url: workerMetricsUrl(metricsAddress) }, 'worker metrics listening');
  const running = await startWorker(config, databaseUrl, logger);
  await running.done;
  logger.info('worker stopped');
}

if (require.main === module) main().catch(failStart);
