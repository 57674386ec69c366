import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import { migrate } from '../../src/db/migrate';
import { compareSchema, type DbSchema, type DmmfDatamodel, type ReferentialAction } from '../helpers/schema-compare';
import { testDatabaseUrl } from '../helpers/stack';

/**
 * The database our migrations build is the one prisma/schema/*.prisma
 * describes: the schema's data model (read offline by Prisma's own schema
 * engine, compiled to WebAssembly) against the migrated database (read from
 * information_schema and pg_catalog).
 */

const SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'prisma', 'schema');
// The schema is a folder of .prisma files; together they are one data model.
const schemaText = readdirSync(SCHEMA_DIR)
  .filter((f) => f.endsWith('.prisma'))
  .sort()
  .map((f) => readFileSync(path.join(SCHEMA_DIR, f), 'utf8'))
  .join('\n');
const IGNORE = { ignoreTables: ['_prisma_migrations'] };

function datamodelOf(prismaSchema: string): DmmfDatamodel {
  return (JSON.parse(get_dmmf(JSON.stringify({ prismaSchema }))) as { datamodel: DmmfDatamodel }).datamodel;
}

const ACTIONS: Record<string, ReferentialAction> = {
  a: 'NoAction',
  r: 'Restrict',
  c: 'Cascade',
  n: 'SetNull',
  d: 'SetDefault',
};

/** The columns of the schema's tables, with their SQL type as PostgreSQL writes it. */
async function readColumns(client: Client, schema: string, tableNames: Set<string>): Promise<DbSchema['columns']> {
  const columns = await client.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    udt_name: string;
    sql_type: string;
    is_nullable: 'YES' | 'NO';
    column_default: string | null;
  }>(
    `SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable, c.column_default,
            format_type(a.atttypid, a.atttypmod) AS sql_type
       FROM information_schema.columns c
       JOIN pg_catalog.pg_attribute a
         ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass
        AND a.attname = c.column_name
      WHERE c.table_schema = $1`,
    [schema],
  );
  return columns.rows
    .filter((c) => tableNames.has(c.table_name))
    .map((c) => ({
      table: c.table_name,
      name: c.column_name,
      dataType: c.data_type,
      udtName: c.udt_name,
      sqlType: c.sql_type,
      nullable: c.is_nullable === 'YES',
      default: c.column_default,
    }));
}

/** The schema's indexes (primary keys included): key columns or expressions, order, method and predicate. */
async function readIndexes(client: Client, schema: string): Promise<DbSchema['indexes']> {
  const indexes = await client.query<{
    table_name: string;
    index_name: string;
    columns: string[];
    descending: boolean[];
    is_unique: boolean;
    is_primary: boolean;
    method: string;
    predicate: string | null;
  }>(
    `SELECT t.relname::text AS table_name, i.relname::text AS index_name,
            ARRAY(SELECT coalesce(a.attname::text, pg_get_indexdef(ix.indexrelid, k + 1, true))
                    FROM generate_subscripts(ix.indkey, 1) AS k
                    LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k]
                   WHERE k < ix.indnkeyatts
                   ORDER BY k) AS columns,
            ARRAY(SELECT (ix.indoption[k] & 1) = 1
                    FROM generate_subscripts(ix.indoption, 1) AS k
                   WHERE k < ix.indnkeyatts
                   ORDER BY k) AS descending,
            ix.indisunique AS is_unique, ix.indisprimary AS is_primary, am.amname::text AS method,
            pg_get_expr(ix.indpred, ix.indrelid) AS predicate
       FROM pg_catalog.pg_index ix
       JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
       JOIN pg_catalog.pg_class t ON t.oid = ix.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_catalog.pg_am am ON am.oid = i.relam
      WHERE n.nspname = $1`,
    [schema],
  );
  return indexes.rows.map((i) => ({
    table: i.table_name,
    name: i.index_name,
    columns: i.columns,
    descending: i.descending,
    unique: i.is_unique,
    primary: i.is_primary,
    method: i.method,
    predicate: i.predicate,
  }));
}

/** The schema's foreign keys, with the referential actions named as Prisma names them. */
async function readForeignKeys(client: Client, schema: string): Promise<DbSchema['foreignKeys']> {
  const foreignKeys = await client.query<{
    constraint_name: string;
    table_name: string;
    columns: string[];
    referenced_table: string;
    referenced_columns: string[];
    on_delete: string;
    on_update: string;
  }>(
    `SELECT con.conname::text AS constraint_name, t.relname::text AS table_name, r.relname::text AS referenced_table,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                   ORDER BY k.ord) AS columns,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                   ORDER BY k.ord) AS referenced_columns,
            con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
       FROM pg_catalog.pg_constraint con
       JOIN pg_catalog.pg_class t ON t.oid = con.conrelid
       JOIN pg_catalog.pg_class r ON r.oid = con.confrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
      WHERE con.contype = 'f' AND n.nspname = $1`,
    [schema],
  );
  return foreignKeys.rows.map((f) => ({
    table: f.table_name,
    name: f.constraint_name,
    columns: f.columns,
    referencedTable: f.referenced_table,
    referencedColumns: f.referenced_columns,
    onDelete: ACTIONS[f.on_delete],
    onUpdate: ACTIONS[f.on_update],
  }));
}

/** The schema's enums, each with its labels in their order. */
async function readEnums(client: Client, schema: string): Promise<DbSchema['enums']> {
  const enums = await client.query<{ name: string; labels: string[] }>(
    `SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_catalog.pg_type t
       JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1
      GROUP BY t.typname`,
    [schema],
  );
  return enums.rows;
}

/** The tables, columns, indexes, foreign keys and enums of the connection's current schema. */
async function readDatabaseSchema(databaseUrl: string): Promise<DbSchema> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const {
      rows: [{ schema }],
    } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');

    const tables = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
      [schema],
    );
    const tableNames = new Set(tables.rows.map((r) => r.table_name));

    return {
      tables: [...tableNames],
      columns: await readColumns(client, schema, tableNames),
      indexes: await readIndexes(client, schema),
      foreignKeys: await readForeignKeys(client, schema),
      enums: await readEnums(client, schema),
    };
  } finally {
    await client.end();
  }
}

// Throwaway databases on the same server as the run's database, dropped afterwards.
const scratchDatabases: string[] = [];
const adminUrl = () => {
  const url = new URL(testDatabaseUrl());
  url.pathname = '/postgres';
  return url.toString();
};

async function withAdmin<T>(fn: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** A new database with every migration applied, then `alterations` run on it. */
async function migratedScratchDatabase(alterations: string): Promise<string> {
  const name = `schema_drift_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  scratchDatabases.push(name);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(alterations);
  } finally {
    await client.end();
  }
  return url.toString();
}

afterAll(async () => {
  await withAdmin(async (admin) => {
    for (const name of scratchDatabases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
});

describe('schema drift', () => {
  const datamodel = datamodelOf(schemaText);

  it('when the run database is migrated, then it matches prisma/schema/*.prisma exactly', async () => {
    const db = await readDatabaseSchema(testDatabaseUrl());
    expect(compareSchema(datamodel, db, IGNORE)).toEqual([]);
  });

  it('when the comparison reads the migrated database, then it sees every model, index and relation of the schema', async () => {
    // Guards against an empty comparison passing vacuously.
    const db = await readDatabaseSchema(testDatabaseUrl());
    const modelTables = datamodel.models.map((m) => m.dbName ?? m.name);
    const relations = datamodel.models.flatMap((m) => m.fields.filter((f) => f.relationFromFields?.length));
    expect(modelTables.length).toBeGreaterThan(0);
    expect(db.tables.filter((t) => t !== '_prisma_migrations').sort()).toEqual([...modelTables].sort());
    expect(db.columns.filter((c) => c.table !== '_prisma_migrations')).toHaveLength(
      datamodel.models.flatMap((m) => m.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum')).length,
    );
    expect(db.indexes.filter((i) => i.table !== '_prisma_migrations')).toHaveLength(datamodel.indexes.length);
    expect(db.foreignKeys).toHaveLength(relations.length);
    expect(db.enums.map((e) => e.name).sort()).toEqual(datamodel.enums.map((e) => e.name).sort());
  });

  it.each<[string, string, string[]]>([
    [
      'a column is dropped',
      'ALTER TABLE "Agreement" DROP COLUMN "venue"',
      ['column "Agreement"."venue" (Agreement.venue) is missing from the database'],
    ],
    [
      'a column is added',
      'ALTER TABLE "Party" ADD COLUMN "nickname" TEXT',
      ['column "Party"."nickname" is in the database but not in the schema'],
    ],
    [
      'an index is dropped',
      'DROP INDEX "RepatriationOperation_phase_idx"',
      [
        'index "RepatriationOperation_phase_idx" on "RepatriationOperation"("phase") (@@index on RepatriationOperation("phase")) is missing from the database',
      ],
    ],
    [
      'a composite unique index is dropped and an index added',
      `DROP INDEX "Agreement_operationId_version_key";
       CREATE INDEX "Agreement_venue_idx" ON "Agreement"("venue")`,
      [
        'unique index "Agreement_operationId_version_key" on "Agreement"("operationId", "version") (@@unique on Agreement("operationId", "version")) is missing from the database',
        'index "Agreement_venue_idx" on "Agreement"("venue") is in the database but not in the schema',
      ],
    ],
    [
      'a column changes type, precision, nullability and default',
      `ALTER TABLE "PlannedTransfer" ALTER COLUMN "count" TYPE BIGINT;
       ALTER TABLE "Agreement" ALTER COLUMN "createdAt" TYPE TIMESTAMPTZ(6);
       ALTER TABLE "RepatriationOperation" ALTER COLUMN "title" DROP NOT NULL;
       ALTER TABLE "RepatriationOperation" ALTER COLUMN "phase" DROP DEFAULT;
       ALTER TABLE "RepatriationOperation" ALTER COLUMN "updatedAt" SET DEFAULT now()`,
      [
        'column "PlannedTransfer"."count" (PlannedTransfer.count) has type bigint (bigint/int8); schema expects integer (integer/int4)',
        'column "Agreement"."createdAt" (Agreement.createdAt) has type timestamp(6) with time zone (timestamp with time zone/timestamptz); schema expects timestamp(3) with time zone (timestamp with time zone/timestamptz)',
        'column "RepatriationOperation"."title" (RepatriationOperation.title) is nullable; schema expects NOT NULL',
        `column "RepatriationOperation"."phase" (RepatriationOperation.phase) has no default; schema expects default 'PLANNED'`,
        'column "RepatriationOperation"."updatedAt" (RepatriationOperation.updatedAt) has default now(); schema expects no default',
      ],
    ],
    [
      'an enum gains a value',
      `ALTER TYPE "OperationPhase" ADD VALUE 'ARCHIVED'`,
      [
        'enum "OperationPhase" has values PLANNED, PREPARING, IN_PROGRESS, SUSPENDED, FOLLOW_UP, CLOSED, ABORTED, ARCHIVED; schema expects PLANNED, PREPARING, IN_PROGRESS, SUSPENDED, FOLLOW_UP, CLOSED, ABORTED',
      ],
    ],
    [
      "a foreign key's ON DELETE action changes and another is dropped",
      `ALTER TABLE "OperationParty" DROP CONSTRAINT "OperationParty_partyCode_fkey";
       ALTER TABLE "OperationParty" ADD CONSTRAINT "OperationParty_partyCode_fkey"
         FOREIGN KEY ("partyCode") REFERENCES "Party"("code") ON DELETE CASCADE ON UPDATE CASCADE;
       ALTER TABLE "PlannedTransfer" DROP CONSTRAINT "PlannedTransfer_agreementId_fkey"`,
      [
        'foreign key "OperationParty"("partyCode") → "Party"("code") has ON DELETE Cascade in the database; schema expects Restrict',
        'foreign key "PlannedTransfer"("agreementId") → "Agreement"("id") is missing from the database',
      ],
    ],
    [
      // An extra table is named once; its own columns and indexes are not listed again.
      'a table is added and the primary key changes',
      `CREATE TABLE "Note" ("id" INTEGER PRIMARY KEY);
       ALTER TABLE "PlannedTransfer" DROP CONSTRAINT "PlannedTransfer_pkey";
       ALTER TABLE "PlannedTransfer" ADD CONSTRAINT "PlannedTransfer_pkey" PRIMARY KEY ("agreementId", "fromParty")`,
      [
        'table "Note" is in the database but not in the schema',
        'primary key "PlannedTransfer_pkey" on "PlannedTransfer"("agreementId", "fromParty", "toParty") (@@id on PlannedTransfer("agreementId", "fromParty", "toParty")) covers ("agreementId", "fromParty") in the database',
      ],
    ],
  ])('when %s after migrating, then the comparison names the drift', async (_change, alterations, expected) => {
    const url = await migratedScratchDatabase(alterations);
    const diffs = compareSchema(datamodel, await readDatabaseSchema(url), IGNORE);
    expect([...diffs].sort()).toEqual([...expected].sort());
  });

  it('when the schema gains a field and an index that no migration creates, then the comparison names them', async () => {
    const edited = schemaText
      .replace(/(model Party \{\n\s+code\s+String\s+@id\n)/, '$1  nickname String?\n')
      .replace(/(\n\s+@@unique\(\[operationId, version\]\))/, '$1\n  @@index([venue])');
    expect(edited).not.toBe(schemaText);
    const diffs = compareSchema(datamodelOf(edited), await readDatabaseSchema(testDatabaseUrl()), IGNORE);
    expect([...diffs].sort()).toEqual(
      [
        'column "Party"."nickname" (Party.nickname) is missing from the database',
        'index "Agreement_venue_idx" on "Agreement"("venue") (@@index on Agreement("venue")) is missing from the database',
      ].sort(),
    );
  });
});
