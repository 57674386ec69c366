// What bench:missing reads of PostgreSQL with the cases at rest: its backends' memory and size, and the
// plans of the searches by name part and by service number.
import type { Client as PgClient } from 'pg';
import { readMemory } from './memory';
import { mib } from './report';

/** The memory of PostgreSQL's processes serving this database (backends), and what it keeps of it. */
export async function postgresFigures(db: PgClient): Promise<Record<string, unknown>> {
  const { rows: backends } = await db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const rss = backends.map((b) => readMemory(b.pid)?.rssKb ?? 0);
  const setting = async (name: string) =>
    (await db.query<{ v: string }>(`SELECT current_setting('${name}') AS v`)).rows[0].v;
  const { rows: sizes } = await db.query<{ name: string; table: string; indexes: string }>(
    `SELECT c.relname AS name, pg_size_pretty(pg_table_size(c.oid)) AS table, pg_size_pretty(pg_indexes_size(c.oid)) AS indexes
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r'
       AND c.relname IN ('MissingPersonCase', 'FamilyContact', 'MissingPersonSearchKey', 'MissingPersonEvent')
     ORDER BY pg_total_relation_size(c.oid) DESC`,
  );
  const dbSize = (await db.query<{ s: string }>('SELECT pg_database_size(current_database())::text AS s')).rows[0].s;
  return {
    backends: backends.length,
    backendsRssMiB: mib(rss.reduce((s, x) => s + x, 0)),
    largestBackendRssMiB: mib(Math.max(0, ...rss)),
    sharedBuffers: await setting('shared_buffers'),
    workMem: await setting('work_mem'),
    databaseSizeMiB: Math.round(Number(dbSize) / 2 ** 20),
    tables: sizes,
  };
}

/**
 * EXPLAIN ANALYZE of the search as the route's query has it (Prisma: EXISTS per blind-index key, newest first,
 * a page of 50, and the count), for the most common name part with another, and for a service number.
 */
export async function searchPlans(db: PgClient): Promise<Record<string, unknown>> {
  const common = await db.query<{ hash: string; n: number }>(
    `SELECT "hash", count(*)::int AS n FROM "MissingPersonSearchKey" WHERE "kind" = 'NAME_PART'
     GROUP BY "hash" ORDER BY count(*) DESC LIMIT 2`,
  );
  const number = await db.query<{ hash: string }>(
    `SELECT "hash" FROM "MissingPersonSearchKey" WHERE "kind" = 'SERVICE_NUMBER' LIMIT 1`,
  );
  const exists = (i: number) =>
    `EXISTS (SELECT 1 FROM "MissingPersonSearchKey" t${i} WHERE t${i}."kind" = $${i * 2 + 1}::"SearchKeyKind" AND t${i}."hash" = $${i * 2 + 2} AND t${i}."caseId" = m."id")`;
  const explain = async (params: string[]) => {
    const where = Array.from({ length: params.length / 2 }, (_, i) => exists(i)).join(' AND ');
    const page = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE) SELECT m.* FROM "MissingPersonCase" m WHERE ${where} ORDER BY m."createdAt" DESC, m."caseNumber" LIMIT 50`,
      params,
    );
    const count = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE) SELECT count(*) FROM "MissingPersonCase" m WHERE ${where}`,
      params,
    );
    return { page: page.rows.map((r) => r['QUERY PLAN']), count: count.rows.map((r) => r['QUERY PLAN']) };
  };
  const [a, b] = common.rows;
  return {
    commonNameParts: common.rows.map((r) => r.n),
    twoMostCommonNameParts: a && b ? await explain(['NAME_PART', a.hash, 'NAME_PART', b.hash]) : undefined,
    serviceNumber: number.rows[0] ? await explain(['SERVICE_NUMBER', number.rows[0].hash]) : undefined,
  };
}
