import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { Client as PgClient } from 'pg';
import { REVIEW_PERIOD_MS } from './review';
import { readCsv, type CsvProgress } from './csv';
import { familyContactRow, searchKeyRows } from './case-rows';
import type { PersonalDataVault } from './personal-data';
import { RegisterRows, type OpenMissingPersonRequest, type RowProblem } from './register-row';

/**
 * Imports a party's register of missing persons (CSV) as missing-person cases
 * at rest (rows, no workflow: see the README). Streaming, in batches: each
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

export async function importRegister(opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const openedBy = opts.openedBy ?? 'register-import';
  const totalBytes = statSync(opts.file).size;
  const importId = `${opts.party}:${await fileHash(opts.file)}`;
  const db = new PgClient({ connectionString: opts.databaseUrl });
  await db.connect();
  const rejects = createWriteStream(opts.rejectsFile);
  const rejectedByField: Record<string, number[]> = {};
  const progress: CsvProgress = { bytes: 0 };
  const counts = { rows: 0, imported: 0, alreadyPresent: 0, rejected: 0 };
  const report = () => opts.onProgress?.({ bytes: progress.bytes, totalBytes, ...counts });
  try {
    await db.query(
      `INSERT INTO "MissingPersonImport" ("id", "party", "fileHash", "updatedAt") VALUES ($1, $2, $3, now())
       ON CONFLICT ("id") DO NOTHING`,
      [importId, opts.party, importId.slice(opts.party.length + 1)],
    );
    const checkpoint = (
      await db.query<{ lastLine: number; finishedAt: Date | null }>(
        'SELECT "lastLine", "finishedAt" FROM "MissingPersonImport" WHERE "id" = $1',
        [importId],
      )
    ).rows[0];
    const resumedAfterLine = checkpoint.lastLine;
    let committedLine = resumedAfterLine;
    let committedBefore = 0;
    rejects.write('line,field,reason\n');

    const reject = (line: number, problems: RowProblem[]) => {
      counts.rejected++;
      for (const p of problems) {
        (rejectedByField[p.field] ??= []).push(line);
        rejects.write(`${line},${csvCell(p.field)},${csvCell(p.reason)}\n`);
      }
    };

    // A register identifier twice in one file is refused the second time (the first wins).
    const seen = new Map<string, number>();
    let batch: PendingCase[] = [];
    let batchLastLine = committedLine;
    let writing: Promise<void> = Promise.resolve();
    let stopped = false;

    const flush = async () => {
      const upTo = batchLastLine;
      const prepared = prepare(batch, opts.vault);
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
      if (record.malformed) {
        reject(record.line, [{ field: 'row', reason: record.malformed }]);
      } else if (record.fields.length !== rows.width) {
        reject(record.line, [{ field: 'row', reason: `has ${record.fields.length} fields, the header ${rows.width}` }]);
      } else {
        const result = rows.read(record.fields);
        const first = result.registerId ? seen.get(result.registerId) : undefined;
        if (result.registerId && first === undefined) seen.set(result.registerId, record.line);
        if (!result.ok) reject(record.line, result.problems);
        else if (first !== undefined)
          reject(record.line, [{ field: 'register_id', reason: `repeats the register identifier of line ${first}` }]);
        else if (!before) batch.push({ line: record.line, request: result.request });
      }
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
    if (counts.imported >= VACUUM_AFTER) {
      // Fresh statistics for the planner, and the visibility map the searches' index-only scans need.
      await db.query('VACUUM (ANALYZE) "MissingPersonCase", "MissingPersonSearchKey", "FamilyContact"');
    }
    if (!stopped) {
      await db.query(
        'UPDATE "MissingPersonImport" SET "finishedAt" = now(), "updatedAt" = now() WHERE "id" = $1 AND "finishedAt" IS NULL',
        [importId],
      );
    }
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
      rejectedByField,
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

interface BatchRows {
  cases: { id: string; caseNumber: string; personalData: string }[];
  contacts: ReturnType<typeof familyContactRow>[];
  keys: ReturnType<typeof searchKeyRows>;
}

/** Seals and indexes a batch in memory (the CPU part), before the database sees it. */
function prepare(cases: PendingCase[], vault: PersonalDataVault): BatchRows {
  const out: BatchRows = { cases: [], contacts: [], keys: [] };
  for (const { request } of cases) {
    const id = randomUUID();
    out.cases.push({ id, caseNumber: request.caseNumber!, personalData: vault.seal(request.person) });
    request.contacts.forEach((c, i) => out.contacts.push(familyContactRow(vault, c, id, i + 1)));
    out.keys.push(...searchKeyRows(vault, id, request.person));
  }
  return out;
}

/**
 * One batch in one transaction: the cases not yet there (by case number), then
 * the contacts, index keys and OPENED events of those written, and the
 * checkpoint, moved only from where this run left it (a second run of the same
 * file at the same time fails here rather than interleave).
 */
async function writeBatch(
  db: PgClient,
  importId: string,
  rows: BatchRows,
  fromLine: number,
  toLine: number,
  party: string,
  openedBy: string,
): Promise<{ imported: number; alreadyPresent: number }> {
  const now = new Date();
  const nextReview = new Date(now.getTime() + REVIEW_PERIOD_MS);
  await db.query('BEGIN');
  try {
    let written = new Set<string>();
    if (rows.cases.length) {
      const res = await db.query<{ id: string }>(
        `INSERT INTO "MissingPersonCase"
           ("id", "caseNumber", "party", "status", "source", "personalData", "openedBy", "nextReviewAt", "createdAt", "updatedAt")
         SELECT u.id, u.case_number, $4, 'REPORTED', 'REGISTER_IMPORT', u.personal_data, $5, $6, $7, $7
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, case_number, personal_data)
         ON CONFLICT DO NOTHING
         RETURNING "id"`,
        [
          rows.cases.map((c) => c.id),
          rows.cases.map((c) => c.caseNumber),
          rows.cases.map((c) => c.personalData),
          party,
          openedBy,
          nextReview,
          now,
        ],
      );
      written = new Set(res.rows.map((r) => r.id));
    }
    if (written.size) {
      const contacts = rows.contacts.filter((c) => written.has(c.caseId));
      await db.query(
        `INSERT INTO "FamilyContact"
           ("id", "caseId", "position", "relation", "personalData", "preferredChannel", "preferredLanguage",
            "receivesRemains", "consentScope", "shareWithOtherParty", "createdAt", "updatedAt")
         SELECT gen_random_uuid(), u.case_id, u.position, u.relation::"FamilyRelation", u.personal_data,
                u.channel::"ContactChannel", u.language, u.receives, u.scope::"ConsentScope", u.share, $10, $10
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::text[], $9::bool[])
           AS u(case_id, position, relation, personal_data, channel, language, receives, scope, share)`,
        [
          contacts.map((c) => c.caseId),
          contacts.map((c) => c.position),
          contacts.map((c) => c.relation),
          contacts.map((c) => c.personalData),
          contacts.map((c) => c.preferredChannel),
          contacts.map((c) => c.preferredLanguage),
          contacts.map((c) => c.receivesRemains),
          contacts.map((c) => c.consentScope),
          contacts.map((c) => c.shareWithOtherParty),
          now,
        ],
      );
      const keys = rows.keys.filter((k) => written.has(k.caseId));
      await db.query(
        `INSERT INTO "MissingPersonSearchKey" ("caseId", "kind", "hash")
         SELECT u.case_id, u.kind::"SearchKeyKind", u.hash FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(case_id, kind, hash)
         ON CONFLICT DO NOTHING`,
        [keys.map((k) => k.caseId), keys.map((k) => k.kind), keys.map((k) => k.hash)],
      );
      const ids = [...written];
      await db.query(
        `INSERT INTO "MissingPersonEvent" ("id", "caseId", "key", "kind", "status", "recordedBy", "occurredAt", "recordedAt")
         SELECT gen_random_uuid(), u.case_id, 'opened:' || u.case_id, 'OPENED', 'REPORTED', $2, $3, $3
         FROM unnest($1::uuid[]) AS u(case_id)
         ON CONFLICT DO NOTHING`,
        [ids, openedBy, now],
      );
    }
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
