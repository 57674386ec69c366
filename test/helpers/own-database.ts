import { Client as PgClient } from 'pg';
import { migrate } from '../../src/db/migrate';
import { testDatabaseUrl } from './stack';

/**
 * A migrated database of the test's own, beside the run's shared one, for a
 * test that counts every row of a table or leaves rows other tests must not see.
 */
export async function ownDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const url = new URL(testDatabaseUrl());
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const name = `${url.pathname.slice(1)}_own_${process.pid}_${Date.now().toString(36)}`;
  const sql = async (query: string) => {
    const c = new PgClient({ connectionString: admin.toString() });
    await c.connect();
    try {
      await c.query(query);
    } finally {
      await c.end();
    }
  };
  await sql(`CREATE DATABASE ${name}`);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return { url: url.toString(), drop: () => sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
