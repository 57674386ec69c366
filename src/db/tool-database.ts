import type { Config } from '../config';
import { developmentDatabaseUrl } from './embedded-postgres';
import { migrate } from './migrate';

/**
 * The database of a command-line tool (`npm run tokens`, `npm run recipients`,
 * the demo): DATABASE_URL, else the embedded PostgreSQL of the running
 * development start, found as `npm run dev` makes it. Migrated first; a
 * database that does not answer is named, with what to do.
 */
export async function toolDatabaseUrl(config: Pick<Config, 'databaseUrl' | 'dev'>): Promise<string> {
  const url = developmentDatabaseUrl(config);
  try {
    await migrate(url);
  } catch (err) {
    if (!/ECONNREFUSED/.test(`${(err as NodeJS.ErrnoException).code} ${(err as Error).message}`)) throw err;
    const where = new URL(url).host;
    throw new Error(
      config.databaseUrl
        ? `No PostgreSQL answers at ${where} (DATABASE_URL).`
        : `No PostgreSQL answers at ${where}, the development stack's (DEV_POSTGRES_PORT): start it with \`npm run dev\` in another terminal, or set DATABASE_URL.`,
      { cause: err },
    );
  }
  return url;
}
