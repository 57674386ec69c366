import { Client } from 'pg';
import type { Db } from '../../src/db';
import { testDatabaseUrl } from './stack';

/**
 * Runs SQL as someone tampering with the record would: a superuser's session
 * with triggers off (session_replication_role = replica), behind the service's back.
 */
export async function asSuperuserBypassingTriggers(sql: string, params: unknown[]): Promise<void> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query('SET session_replication_role = replica');
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/**
 * Runs `fn` while a trigger of the test's own (`name`, on `table`, `timing`
 * e.g. `BEFORE UPDATE`) runs `body` (plpgsql) on each row: a fault PostgreSQL
 * raises for chosen rows only. The trigger and its function are dropped after.
 */
export async function withTrigger<T>(
  db: Db,
  trigger: { name: string; table: string; timing: string; body: string },
  fn: () => Promise<T>,
): Promise<T> {
  const { name, table, timing, body } = trigger;
  await db.$executeRawUnsafe(
    `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger AS $$ BEGIN ${body} RETURN NEW; END $$ LANGUAGE plpgsql`,
  );
  await db.$executeRawUnsafe(`CREATE TRIGGER ${name} ${timing} ON "${table}" FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  try {
    return await fn();
  } finally {
    await db.$executeRawUnsafe(`DROP TRIGGER ${name} ON "${table}"`);
    await db.$executeRawUnsafe(`DROP FUNCTION ${name}()`);
  }
}
