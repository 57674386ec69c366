import type { Db } from '../db';
import { resealCases } from './case-rows';
import { resealContacts } from './contact-rows';
import { SealedDataError, type PersonalDataVault, type Resealed } from './personal-data';

/**
 * Re-sealing PostgreSQL's personal data under the current payload key (the
 * first of PAYLOAD_KEYS), so that an older key can leave PAYLOAD_KEYS: every
 * sealed column, in batches by row id, each batch one UPDATE. A row is picked
 * by the key id its value names (`v1:<keyId>:…`), so a run that stops (or is
 * killed) part-way is resumed by running it again, and a second run finds
 * nothing to do. Each row is written by its table's one writer, only if it
 * still holds the value read (compare and set), so two runs at once, or a
 * write meanwhile, never lose a value; its updatedAt is left alone.
 */

/** Every column of the schema that holds a sealed value (src/missing-person/personal-data.ts). */
export const SEALED_COLUMNS = [
  { table: 'MissingPersonCase', column: 'personalData', write: resealCases },
  { table: 'FamilyContact', column: 'personalData', write: resealContacts },
] as const;
export type SealedColumn = (typeof SEALED_COLUMNS)[number];

const BATCH = 500;
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

export interface ResealProgress {
  column: SealedColumn;
  /** Values found under another key than the current one. */
  found: number;
  /** Of those, sealed again under the current key by this run. */
  resealed: number;
  /** Changed by another writer (or another run) between read and write: left for that writer. */
  changedMeanwhile: number;
  /** Values no key in PAYLOAD_KEYS opens, by the key id they name: left as they are. */
  unreadable: Record<string, number>;
}

export interface ResealOptions {
  /** Rows per batch (default 500). */
  batch?: number;
  /** After each batch. */
  onBatch?: (progress: ResealProgress) => void;
  /** Once aborted, the run stops after the batch being written; running again resumes. */
  signal?: AbortSignal;
}

const quoted = (c: SealedColumn) => ({ table: `"${c.table}"`, column: `"${c.column}"` });

async function resealColumn(
  db: Db,
  vault: PersonalDataVault,
  sealedColumn: SealedColumn,
  options: ResealOptions,
): Promise<ResealProgress> {
  const { table, column } = quoted(sealedColumn);
  const current = `v1:${vault.currentKeyId}:`;
  const progress: ResealProgress = { column: sealedColumn, found: 0, resealed: 0, changedMeanwhile: 0, unreadable: {} };
  let after = FIRST_ID;
  while (!options.signal?.aborted) {
    const rows = await db.$queryRawUnsafe<{ id: string; sealed: string }[]>(
      `SELECT "id"::text AS id, ${column} AS sealed FROM ${table}
        WHERE "id" > $1::uuid AND NOT starts_with(${column}, $2)
        ORDER BY "id" LIMIT $3`,
      after,
      current,
      options.batch ?? BATCH,
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    const batch: Resealed[] = [];
    for (const row of rows) {
      progress.found += 1;
      try {
        const sealed = vault.reseal(row.sealed);
        if (sealed) batch.push({ id: row.id, was: row.sealed, sealed });
      } catch (err) {
        if (!(err instanceof SealedDataError)) throw err;
        progress.unreadable[err.keyId] = (progress.unreadable[err.keyId] ?? 0) + 1;
      }
    }
    const written = batch.length ? await sealedColumn.write(db, batch) : 0;
    progress.resealed += written;
    progress.changedMeanwhile += batch.length - written;
    options.onBatch?.({ ...progress, unreadable: { ...progress.unreadable } });
  }
  return progress;
}

/** Re-seals every sealed column under the current key, one column after the other. */
export async function resealPersonalData(
  db: Db,
  vault: PersonalDataVault,
  options: ResealOptions = {},
): Promise<ResealProgress[]> {
  const done: ResealProgress[] = [];
  for (const column of SEALED_COLUMNS) {
    if (options.signal?.aborted) break;
    done.push(await resealColumn(db, vault, column, options));
  }
  return done;
}

/** How many values each sealed column holds under each key id: what an older key still opens. */
export async function sealedCensus(db: Db): Promise<{ column: SealedColumn; byKey: Record<string, number> }[]> {
  const census = [];
  for (const sealedColumn of SEALED_COLUMNS) {
    const { table, column } = quoted(sealedColumn);
    const rows = await db.$queryRawUnsafe<{ key: string; count: number }[]>(
      `SELECT split_part(${column}, ':', 2) AS key, count(*)::int AS count FROM ${table} GROUP BY 1 ORDER BY 1`,
    );
    census.push({ column: sealedColumn, byKey: Object.fromEntries(rows.map((r) => [r.key, r.count])) });
  }
  return census;
}
