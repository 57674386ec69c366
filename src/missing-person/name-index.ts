import type { Db } from '../db';
import { searchKeyRows } from './case-rows';
import { SealedDataError, type PersonalDataVault } from './personal-data';
import type { MissingPerson } from './schemas';

/**
 * The blind index (name parts and service number) derived again from each
 * case's sealed data, for when the folds (names.ts, NAME_FOLD_VERSION) or
 * SEARCH_INDEX_KEY change: every entry under the current index key, none
 * under any other. In batches by case id, each batch's changed cases in one
 * transaction, only where they differ: safe to stop and run again, a second
 * run changes nothing, and a search that matches the old and the new key
 * (SEARCH_INDEX_KEY=new,old) finds every case all along.
 */

const BATCH = 500;
const entry = (k: { kind: string; hash: string }) => `${k.kind}:${k.hash}`;

export interface ReindexResult {
  cases: number;
  /** Cases whose entries were replaced. */
  changed: number;
  /** Cases whose sealed data no key in PAYLOAD_KEYS opens (left as they are). */
  unreadable: number;
}

export interface ReindexOptions {
  /** Cases per batch (default 500). */
  batch?: number;
  /** After each batch: where the run stands. Stops after that batch once `signal` is aborted. */
  onBatch?: (progress: ReindexResult) => void;
  signal?: AbortSignal;
}

export async function reindexNameKeys(
  db: Db,
  vault: PersonalDataVault,
  options: ReindexOptions = {},
): Promise<ReindexResult> {
  const result: ReindexResult = { cases: 0, changed: 0, unreadable: 0 };
  let after: string | undefined;
  while (!options.signal?.aborted) {
    const cases = await db.missingPersonCase.findMany({
      where: after ? { id: { gt: after } } : {},
      orderBy: { id: 'asc' },
      take: options.batch ?? BATCH,
      select: { id: true, personalData: true, searchKeys: { select: { kind: true, hash: true } } },
    });
    if (cases.length === 0) break;
    const stale: { caseId: string; kind: string; hash: string }[] = [];
    const wanted: ReturnType<typeof searchKeyRows> = [];
    for (const c of cases) {
      result.cases += 1;
      let person: MissingPerson;
      try {
        person = vault.open<MissingPerson>(c.personalData);
      } catch (e) {
        if (!(e instanceof SealedDataError)) throw e;
        result.unreadable += 1;
        continue;
      }
      const rows = searchKeyRows(vault, c.id, person);
      const keep = new Set(rows.map(entry));
      const held = new Set(c.searchKeys.map(entry));
      if (rows.length === held.size && rows.every((k) => held.has(entry(k)))) continue;
      result.changed += 1;
      stale.push(...c.searchKeys.filter((k) => !keep.has(entry(k))).map((k) => ({ caseId: c.id, ...k })));
      wanted.push(...rows);
    }
    // The batch's cases change over in one transaction: a search sees each case's old entries or its new ones.
    if (wanted.length || stale.length) {
      await db.$transaction([
        db.$executeRawUnsafe(
          `DELETE FROM "MissingPersonSearchKey" AS k
             USING unnest($1::uuid[], $2::text[], $3::text[]) AS s(case_id, kind, hash)
            WHERE k."caseId" = s.case_id AND k."kind"::text = s.kind AND k."hash" = s.hash`,
          stale.map((k) => k.caseId),
          stale.map((k) => k.kind),
          stale.map((k) => k.hash),
        ),
        db.missingPersonSearchKey.createMany({ data: wanted, skipDuplicates: true }),
      ]);
    }
    after = cases[cases.length - 1].id;
    options.onBatch?.({ ...result });
  }
  return result;
}
