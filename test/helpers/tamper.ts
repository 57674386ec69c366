import { Client } from 'pg';
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
