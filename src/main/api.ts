// The HTTP API, as production runs it: needs DATABASE_URL and a reachable Temporal.
import type { Server } from 'node:http';
import { createApp } from '../api/app';
import { auditsWritten } from '../api/audit';
import { answerClientErrors } from '../api/client-errors';
import { purgeExpiredKeys } from '../api/idempotency';
import { loadConfig, requireDatabaseUrl, type Config } from '../config';
import { createDb, type Db } from '../db';
import { migrate } from '../db/migrate';
import { createLogger, type Logger } from '../logger';
import { createTemporalClient } from '../temporal/client';
import { failStart, onShutdownSignal } from './lifecycle';

export interface RunningApi {
  server: Server;
  url: string;
  stop(): Promise<void>;
}

export async function startApi(config: Config, databaseUrl: string, logger: Logger): Promise<RunningApi> {
  const db: Db = createDb(databaseUrl);
  const temporal = await createTemporalClient(config);
  const app = createApp({ config, db, temporal, logger });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.api.port, config.api.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  answerClientErrors(server);
  // Keep idle connections longer than clients and proxies do (often 60 s), so that none sends a request on a
  // connection the API is closing (Node's 5 s default makes reporters with keep-alive see "socket hang up").
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // Idempotency keys are replayable for a week; older ones are dropped, so the table does not grow for ever.
  const purge = setInterval(() => {
    purgeExpiredKeys(db)
      .then((count) => count && logger.info({ count }, 'expired idempotency keys purged'))
      .catch((err: Error) => logger.warn({ err: { message: err.message } }, 'idempotency keys not purged'));
  }, 3_600_000);
  purge.unref();
  return {
    server,
    url: `http://${config.api.host}:${config.api.port}`,
    async stop() {
      clearInterval(purge);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await auditsWritten(db);
      await temporal.connection.close();
      await db.$disconnect();
    },
  };
}

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'api');
  const databaseUrl = requireDatabaseUrl(config);
  await migrate(databaseUrl);
  const api = await startApi(config, databaseUrl, logger);
  logger.info({ url: api.url }, 'API listening');
  onShutdownSignal(logger, () => api.stop());
}

if (require.main === module) main().catch(failStart);
