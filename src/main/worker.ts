// The Temporal worker, as production runs it: needs DATABASE_URL and a reachable Temporal.
import { NativeConnection, type Worker } from '@temporalio/worker';
import { loadConfig, requireDatabaseUrl, type Config } from '../config';
import { createDb } from '../db';
import { migrate } from '../db/migrate';
import { createLogger, type Logger } from '../logger';
import { createChannels, startDispatcher } from '../notify/dispatcher';
import { createTemporalClient } from '../temporal/client';
import { createWorker } from '../temporal/worker';
import { installWorkerRuntime, workerMetricsUrl } from '../temporal/runtime';
import { failStart } from './lifecycle';

export interface RunningWorker {
  worker: Worker;
  /** Resolves when the worker has stopped (after shutdown() or a fatal error). */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function startWorker(config: Config, databaseUrl: string, logger: Logger): Promise<RunningWorker> {
  const db = createDb(databaseUrl);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const client = await createTemporalClient(config);
  const worker = await createWorker({ config, db, connection, client });
  // Delivers and retries queued notifications while the worker runs.
  const dispatcher = startDispatcher({ db, channels: createChannels(config.notify), intervalMs: 5_000, logger });
  const done = worker.run().finally(async () => {
    await dispatcher.stop();
    await client.connection.close();
    await connection.close();
    await db.$disconnect();
  });
  logger.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker running');
  return {
    worker,
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
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
