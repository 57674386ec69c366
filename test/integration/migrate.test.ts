import { createHash, randomUUID } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { eventHash, firstBreak, type StoredEvent } from '../../src/custody/chain';
import { migrate, MigrationError, MIGRATIONS_DIR } from '../../src/db/migrate';
import { testDatabaseUrl } from '../helpers/stack';

/**
 * Our migration runner against real, empty PostgreSQL databases of the
 * tests' own (on the server of the run's database), each dropped afterwards.
 */

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

const databases: string[] = [];
const tempDirs: string[] = [];

function urlFor(database: string): string {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database; returns its URL. */
async function emptyDatabase(): Promise<string> {
  const name = `migrate_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await withClient(urlFor('postgres'), (admin) => admin.query(`CREATE DATABASE ${name}`));
  databases.push(name);
  return urlFor(name);
}

/** A copy of prisma/migrations that a test may change. */
function migrationsCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
  tempDirs.push(dir);
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

function addMigration(dir: string, name: string, sql: string): void {
  mkdirSync(path.join(dir, name));
  writeFileSync(path.join(dir, name, 'migration.sql'), sql);
}

/** Every migration directory, in the order its timestamped name sorts. */
const migrationNames = () =>
  readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const rows = (url: string) =>
  withClient(
    url,
    async (c) =>
      (await c.query<MigrationRow>('SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name')).rows,
  );

const tables = (url: string) =>
  withClient(url, async (c) =>
    (
      await c.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
      )
    ).rows.map((r) => r.table_name),
  );

afterAll(async () => {
  await withClient(urlFor('postgres'), async (admin) => {
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('migrate: applying the migrations', () => {
  it('when the database is empty, then it applies every migration directory in order and returns their names', async () => {
    const url = await emptyDatabase();
    const names = migrationNames();
    expect(names.length).toBeGreaterThan(0);

    await expect(migrate(url)).resolves.toEqual(names);

    expect((await rows(url)).map((r) => r.migration_name)).toEqual(names);
    expect(await tables(url)).toEqual(
      expect.arrayContaining([
        '_prisma_migrations',
        'Party',
        'RepatriationOperation',
        'OperationParty',
        'Agreement',
        'PlannedTransfer',
      ]),
    );
  });

  it('when a migration is applied, then its _prisma_migrations row is what prisma migrate deploy writes', async () => {
    const url = await emptyDatabase();
    await migrate(url);

    const recorded = await rows(url);
    expect(recorded).toHaveLength(migrationNames().length);
    for (const row of recorded) {
      expect(row.checksum).toBe(sha256(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql')));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toHaveLength(36);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('when every migration is already applied, then running again applies nothing and records nothing', async () => {
    const url = await emptyDatabase();
    await migrate(url);
    const before = await rows(url);

    await expect(migrate(url)).resolves.toEqual([]);

    expect(await rows(url)).toEqual(before);
  });

  it('when two migrate() calls run concurrently, then the advisory lock lets each migration be applied exactly once', async () => {
    const url = await emptyDatabase();
    // A slow last migration widens the window in which the two runs overlap.
    const dir = migrationsCopy();
    addMigration(
      dir,
      '99990101000000_slow',
      'SELECT pg_sleep(0.5);\nCREATE TABLE "SlowlyMade" ("id" INTEGER PRIMARY KEY);\n',
    );
    const names = [...migrationNames(), '99990101000000_slow'];

    const results = await Promise.allSettled([migrate(url, dir), migrate(url, dir)]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const applied = results.map((r) => (r as PromiseFulfilledResult<string[]>).value);
    // One run applied everything; the other waited for the lock and found nothing to do.
    expect([...applied].sort((a, b) => a.length - b.length)).toEqual([[], names]);
    const recorded = await rows(url);
    expect(recorded.map((r) => r.migration_name).sort()).toEqual([...names].sort());
    expect(recorded.every((r) => r.finished_at !== null)).toBe(true);
  });
});

describe('migrate: a migration edited, failed or interrupted', () => {
  it('when an applied migration is edited afterwards, then migrate rejects it naming the migration', async () => {
    const url = await emptyDatabase();
    const dir = migrationsCopy();
    await migrate(url, dir);
    const before = await rows(url);
    const edited = migrationNames()[0];
    appendFileSync(path.join(dir, edited, 'migration.sql'), '\n-- an afterthought\n');

    const run = migrate(url, dir);

    await expect(run).rejects.toBeInstanceOf(MigrationError);
    await expect(run).rejects.toThrow(`Migration ${edited} was changed after it was applied`);
    expect(await rows(url)).toEqual(before);
  });

  it('when a migration fails, then it leaves no row and no partial schema, and the error names it', async () => {
    const url = await emptyDatabase();
    const dir = migrationsCopy();
    await migrate(url, dir);
    const tablesBefore = await tables(url);
    const broken = '99990101000000_broken';
    addMigration(
      dir,
      broken,
      'CREATE TABLE "HalfMade" ("id" INTEGER PRIMARY KEY);\nALTER TABLE "Party" ADD COLUMN "nickname" TEXT;\nSELECT * FROM "NoSuchTable";\n',
    );

    const run = migrate(url, dir);

    await expect(run).rejects.toBeInstanceOf(MigrationError);
    await expect(run).rejects.toThrow(new RegExp(`^Migration ${broken} failed: .*"NoSuchTable" does not exist`));
    expect((await rows(url)).map((r) => r.migration_name)).not.toContain(broken);
    expect(await tables(url)).toEqual(tablesBefore);
    const nickname = await withClient(url, (c) =>
      c.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'Party' AND column_name = 'nickname'`),
    );
    expect(nickname.rowCount).toBe(0);
  });

  it('when a failed migration is fixed, then the next run applies it', async () => {
    const url = await emptyDatabase();
    const dir = migrationsCopy();
    const name = '99990101000000_fixed_later';
    addMigration(dir, name, 'CREATE TABLE "Later" ("id" INTEGER PRIMARY KEY);\nSELECT * FROM "NoSuchTable";\n');
    await expect(migrate(url, dir)).rejects.toThrow(name);

    writeFileSync(path.join(dir, name, 'migration.sql'), 'CREATE TABLE "Later" ("id" INTEGER PRIMARY KEY);\n');

    // The migrations before the failed one stayed applied: each has its own transaction.
    await expect(migrate(url, dir)).resolves.toEqual([name]);
    const row = (await rows(url)).find((r) => r.migration_name === name)!;
    expect(row.checksum).toBe(sha256(path.join(dir, name, 'migration.sql')));
    expect(await tables(url)).toContain('Later');
  });

  it('when a migration started but never finished, then migrate refuses to go on and names it', async () => {
    const url = await emptyDatabase();
    const dir = migrationsCopy();
    await migrate(url, dir);
    const name = '99990101000000_interrupted';
    addMigration(dir, name, 'CREATE TABLE "Interrupted" ("id" INTEGER PRIMARY KEY);\n');
    await withClient(url, (c) =>
      c.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)`, [
        randomUUID(),
        sha256(path.join(dir, name, 'migration.sql')),
        name,
      ]),
    );

    await expect(migrate(url, dir)).rejects.toThrow(`Migration ${name} started but did not finish`);
    expect(await tables(url)).not.toContain('Interrupted');
  });
});

describe('migrate: rows recorded before a migration', () => {
  it('when custody events were recorded before the chain, then the chain migration links them by hash as the service does', async () => {
    const url = await emptyDatabase();
    const chainMigration = '20261128600000_custody_chain';
    const before = migrationsCopy();
    for (const name of migrationNames().filter((n) => n >= chainMigration)) {
      rmSync(path.join(before, name), { recursive: true });
    }
    await migrate(url, before);
    const containerId = randomUUID();
    await withClient(url, async (c) => {
      const op = randomUUID();
      const day = randomUUID();
      await c.query(
        `INSERT INTO "RepatriationOperation" (id, reference, title, "workflowId", "updatedAt") VALUES ($1, 'op', 't', 'operation:op', now())`,
        [op],
      );
      await c.query(
        `INSERT INTO "Handover" (id, "operationId", "dayKey", "scheduledOn", "exchangePoint", "workflowId", "updatedAt")
         VALUES ($1, $2, '2025-06-16', '2025-06-16', 'Belarus–Ukraine border', 'handover:op:2025-06-16', now())`,
        [day, op],
      );
      await c.query(
        `INSERT INTO "RemainsContainer" (id, "handoverId", "fromParty", "toParty", tag, outcome, custodian)
         VALUES ($1, $2, 'RU', 'UA', 'T-1', 'RECEIVED', 'UA')`,
        [containerId, day],
      );
      for (const [sequence, from, to, at] of [
        [1, 'RU', 'INTERMEDIARY', '2025-06-16T09:00:00.123Z'],
        [2, 'INTERMEDIARY', 'UA', '2025-06-16T09:30:00Z'],
      ] as const) {
        await c.query(
          `INSERT INTO "CustodyEvent" (id, "containerId", sequence, "fromCustodian", "toCustodian", place, "occurredAt", "attestedBy")
           VALUES ($1, $2, $3, $4, $5, 'Пункт "Б"', $6, 'liaison-ua-1')`,
          [randomUUID(), containerId, sequence, from, to, at],
        );
      }
    });

    await migrate(url);

    const chain = await withClient(
      url,
      async (c) =>
        (
          await c.query<StoredEvent>(`SELECT * FROM "CustodyEvent" WHERE "containerId" = $1 ORDER BY sequence`, [
            containerId,
          ])
        ).rows,
    );
    expect(chain.map((e) => [e.sequence, e.previousHash === null, e.hash === eventHash(e)])).toEqual([
      [1, true, true],
      [2, false, true],
    ]);
    expect(firstBreak(chain)).toBeNull();
  });
});
