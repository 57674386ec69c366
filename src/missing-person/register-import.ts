import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { Client as PgClient } from 'pg';
import { readCsv, type CsvProgress, type CsvRecord } from './csv';
import { insertRegisterBatch, prepareRegisterBatch, type RegisterBatch } from './case-rows';
import type { PersonalDataVault } from './personal-data';
import { RegisterRows, type OpenMissingPersonRequest, type RowProblem } from './register-row';

/**
 * Imports a party's register of missing persons (CSV) as missing-person cases
 * at rest (rows, no workflow: see the README). How a row is read and checked:
 * ./register-row.ts; how it is written as a case: ./case-rows.ts. Streaming, in batches: each
 * batch's cases, contacts, blind-index keys and OPENED events are written by
 * a few multi-row INSERTs in one transaction, together with the checkpoint
 * (the last line committed), so a run killed at any point resumes after its
 * last committed batch and nothing is lost or written twice. Rows are keyed
 * by the party's register identifier (case number MP-<party>-<register id>):
 * importing the same file, or a later edition of the register, again adds
 * only what is not there yet (INSERT … ON CONFLICT DO NOTHING).
 */

export interface ImportOptions {
  databaseUrl: string;
  /** The party whose register it is (the persons are from it). */
  party: string;
  file: string;
  vault: PersonalDataVault;
  /** Where the rejected rows are written (line, column, reason), as CSV. */
  rejectsFile: string;
  /** Rows per transaction. */
  batchSize?: number;
  /** Recorded as who opened the cases and their OPENED events. */
  openedBy?: string;
  /** Called after each committed batch (and once at the start). */
  onProgress?: (p: ImportProgress) => void;
  /** Checked between batches: when it answers true, the import stops after the last committed batch. */
  shouldStop?: () => boolean;
}

export interface ImportProgress {
  bytes: number;
  totalBytes: number;
  /** Rows read so far, rejected ones included. */
  rows: number;
  imported: number;
  alreadyPresent: number;
  rejected: number;
}

export interface ImportSummary extends ImportProgress {
  importId: string;
  /** The checkpoint this run started after (0 for a first run). */
  resumedAfterLine: number;
  /** Rows at or before that line: committed by an earlier run, read again only to check them. */
  committedBefore: number;
  /** Whether the whole file is in (false when stopped early). */
  finished: boolean;
  /** Whether an earlier run had already imported the whole file (this one wrote nothing). */
  finishedBefore: boolean;
  /** Rejections by column. */
  rejectedByField: Record<string, number[]>;
  seconds: number;
}

interface PendingCase {
  line: number;
  request: OpenMissingPersonRequest;
}

const DEFAULT_BATCH = 1000;
/** After this many new cases, the import vacuums and analyses what it wrote, rather than wait for autovacuum. */
const VACUUM_AFTER = 5000;

/** SHA-256 of the file, read as a stream. */
export async function fileHash(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The import's checkpoint, made on its first run: the last line committed, and when the whole file was in. */
async function openCheckpoint(db: PgClient, importId: string, party: string) {
  await db.query(
    `INSERT INTO "MissingPersonImport" ("id", "party", "fileHash", "updatedAt") VALUES ($1, $2, $3, now())
     ON CONFLICT ("id") DO NOTHING`,
    [importId, party, importId.slice(party.length + 1)],
  );
  return (
    await db.query<{ lastLine: number; finishedAt: Date | null }>(
      'SELECT "lastLine", "finishedAt" FROM "MissingPersonImport" WHERE "id" = $1',
      [importId],
    )
  ).rows[0];
}

/** The report of rejected rows: a CSV line per problem (line, column, reason), and the lines by column. */
function rejectsReport(out: NodeJS.WritableStream, counts: { rejected: number }) {
  const byField: Record<string, number[]> = {};
  out.write('line,field,reason\n');
  const reject = (line: number, problems: RowProblem[]) => {
    counts.rejected++;
    for (const p of problems) {
      (byField[p.field] ??= []).push(line);
      out.write(`${line},${csvCell(p.field)},${csvCell(p.reason)}\n`);
    }
  };
  return { reject, byField };
}

/**
 * A record of the register checked: the case it asks for, or its problems. A register identifier twice in one
 * file is refused the second time (the first wins): `seen` holds each one's first line.
 */
function checkRecord(
  record: CsvRecord,
  rows: RegisterRows,
  seen: Map<string, number>,
): { request: OpenMissingPersonRequest } | { problems: RowProblem[] } {
  if (record.malformed) return { problems: [{ field: 'row', reason: record.malformed }] };
  if (record.fields.length !== rows.width) {
    return { problems: [{ field: 'row', reason: `has ${record.fields.length} fields, the header ${rows.width}` }] };
  }
  const result = rows.read(record.fields);
  const first = result.registerId ? seen.get(result.registerId) : undefined;
  if (result.registerId && first === undefined) seen.set(result.registerId, record.line);
  if (!result.ok) return { problems: result.problems };
  if (first !== undefined) {
    return { problems: [{ field: 'register_id', reason: `repeats the register identifier of line ${first}` }] };
  }
  return { request: result.request };
}

/** The run's end: fresh statistics after a large import, and the checkpoint marked finished if the whole file is in. */
async function endRun(db: PgClient, importId: string, imported: number, finished: boolean): Promise<void> {
  if (imported >= VACUUM_AFTER) {
    // Fresh statistics for the planner, and the visibility map the searches' index-only scans need.
    await db.query('VACUUM (ANALYZE) "MissingPersonCase", "MissingPersonSearchKey", "FamilyContact"');
  }
  if (!finished) return;
  await db.query(
    'UPDATE "MissingPersonImport" SET "finishedAt" = now(), "updatedAt" = now() WHERE "id" = $1 AND "finishedAt" IS NULL',
    [importId],
  );
}

export async function importRegister(opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const openedBy = opts.openedBy ?? 'register-import';
  const totalBytes = statSync(opts.file).size;
  const importId = `${opts.party}:${await fileHash(opts.file)}`;
  const db = new PgClient({ connectionString: opts.databaseUrl });
  await db.connect();
  const rejects = createWriteStream(opts.rejectsFile);
  const progress: CsvProgress = { bytes: 0 };
  const counts = { rows: 0, imported: 0, alreadyPresent: 0, rejected: 0 };
  const report = () => opts.onProgress?.({ bytes: progress.bytes, totalBytes, ...counts });
  try {
    const checkpoint = await openCheckpoint(db, importId, opts.party);
    const resumedAfterLine = checkpoint.lastLine;
    let committedLine = resumedAfterLine;
    let committedBefore = 0;
    const rejected = rejectsReport(rejects, counts);

    const seen = new Map<string, number>();
    let batch: PendingCase[] = [];
    let batchLastLine = committedLine;
    let writing: Promise<void> = Promise.resolve();
    let stopped = false;

    const flush = async () => {
      const upTo = batchLastLine;
      const prepared = prepareRegisterBatch(
        batch.map((c) => c.request),
        opts.vault,
      );
      batch = [];
      await writing; // one batch in the database while the next is read and sealed
      if (upTo === committedLine) return;
      writing = writeBatch(db, importId, prepared, committedLine, upTo, opts.party, openedBy).then((r) => {
        committedLine = upTo;
        counts.imported += r.imported;
        counts.alreadyPresent += r.alreadyPresent;
        report();
      });
      // Awaited by the next flush; marked handled meanwhile so a failure is not reported twice.
      writing.catch(() => undefined);
    };

    report();
    let rows: RegisterRows | undefined;
    for await (const record of readCsv(opts.file, progress)) {
      if (!rows) {
        rows = new RegisterRows(record.fields, opts.party);
        continue;
      }
      counts.rows++;
      const before = record.line <= resumedAfterLine;
      if (before) committedBefore++;
      const checked = checkRecord(record, rows, seen);
      if ('problems' in checked) rejected.reject(record.line, checked.problems);
      else if (!before) batch.push({ line: record.line, request: checked.request });
      if (before) continue;
      batchLastLine = record.line;
      if (batch.length >= batchSize || batchLastLine - committedLine >= batchSize * 4) {
        await flush();
        if (opts.shouldStop?.()) {
          stopped = true;
          break;
        }
      }
    }
    if (!rows) throw new Error('The register is empty: not even a header line.');
    if (!stopped) await flush();
    await writing;
    await endRun(db, importId, counts.imported, !stopped);
    report();
    return {
      importId,
      resumedAfterLine,
      committedBefore,
      finishedBefore: checkpoint.finishedAt !== null,
      finished: !stopped,
      bytes: progress.bytes,
      totalBytes,
      ...counts,
      rejectedByField: rejected.byField,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    rejects.end();
    await once(rejects, 'close').catch(() => undefined);
    await db.end().catch(() => undefined);
  }
}

/** A CSV cell, quoted when it needs to be. */
function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One batch in one transaction: its cases (written by ./case-rows.ts) and the
 * checkpoint, moved only from where this run left it (a second run of the same
 * file at the same time fails here rather than interleave).
 */
async function writeBatch(
  db: PgClient,
  importId: string,
  rows: RegisterBatch,
  fromLine: number,
  toLine: number,
  party: string,
  openedBy: string,
): Promise<{ imported: number; alreadyPresent: number }> {
  const now = new Date();
  await db.query('BEGIN');
  try {
    const written = await insertRegisterBatch(db, rows, party, openedBy, now);
    const moved = await db.query(
      `UPDATE "MissingPersonImport"
       SET "lastLine" = $2, "imported" = "imported" + $3, "alreadyPresent" = "alreadyPresent" + $4, "updatedAt" = now()
       WHERE "id" = $1 AND "lastLine" = $5`,
      [importId, toLine, written.size, rows.cases.length - written.size, fromLine],
    );
    if (moved.rowCount !== 1) {
      throw new Error('Another import of the same file for the same party moved its checkpoint meanwhile: stopped.');
    }
    await db.query('COMMIT');
    return { imported: written.size, alreadyPresent: rows.cases.length - written.size };
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
