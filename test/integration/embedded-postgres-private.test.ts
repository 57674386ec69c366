import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';
import { packagedNativeDir } from '../../src/db/postgres-as-root';
import { freePort } from '../helpers/processes';

/**
 * A clone in a folder only its owner may enter (root's home is mode 700): the
 * PostgreSQL binaries and the data folder of `npm run dev` are in there. As
 * root, PostgreSQL runs as the `postgres` user, who cannot enter it; the
 * embedded PostgreSQL must start all the same, keep its data, and start
 * afresh when the data folder is deleted.
 */

jest.setTimeout(180_000);

const asRoot = process.getuid?.() === 0;
const home = mkdtempSync(path.join(tmpdir(), 'private-home-'));
const clone = path.join(home, 'clone');
const nativeDir = path.join(clone, 'node_modules', 'native');
const dataDir = path.join(clone, '.data', 'postgres');
const relocated = new Set<string>();

beforeAll(() => {
  chmodSync(home, 0o700);
  cpSync(packagedNativeDir(), nativeDir, { recursive: true, verbatimSymlinks: true });
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  for (const dir of relocated) rmSync(dir, { recursive: true, force: true });
  // The copy of this test's binaries (each copy notes what it copied).
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith('repatriation-postgres-bin-'))) {
    const copied = path.join(tmpdir(), name, 'COPIED');
    if (existsSync(copied) && readFileSync(copied, 'utf8') === nativeDir) {
      rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
    }
  }
});

async function start(): Promise<EmbeddedPostgres> {
  const pg = await startEmbeddedPostgres(dataDir, await freePort(), { nativeDir });
  if (pg.dataDir !== dataDir) relocated.add(pg.dataDir);
  return pg;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL from a clone in a private folder', () => {
  it('when started there, then it answers, and its data stays across a restart', async () => {
    expect(statSync(home).mode & 0o777).toBe(0o700);
    const first = await start();
    try {
      await query(first.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)');
    } finally {
      await first.stop();
    }
    if (asRoot) {
      // Out of the private folder, where the postgres user can reach it; the data folder says where.
      expect(first.dataDir.startsWith(home)).toBe(false);
      expect(readFileSync(path.join(dataDir, 'MOVED-TO'), 'utf8').trim()).toBe(first.dataDir);
    }
    const again = await start();
    try {
      expect(again.dataDir).toBe(first.dataDir);
      expect(await query<{ id: number }>(again.url, 'SELECT id FROM kept')).toEqual([{ id: 42 }]);
    } finally {
      await again.stop();
    }
  });

  it('when the data folder is deleted (to start afresh), then the next start has none of the old data', async () => {
    rmSync(path.join(clone, '.data'), { recursive: true, force: true });
    const fresh = await start();
    try {
      const tables = await query<{ n: number }>(fresh.url, "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'kept'");
      expect(tables).toEqual([{ n: 0 }]);
    } finally {
      await fresh.stop();
    }
    expect(existsSync(path.join(fresh.dataDir, 'PG_VERSION'))).toBe(true);
  });
});
