import type { Db } from '../db';
import { searchKeyRows } from './case-rows';
import { SealedDataError, type PersonalDataVault } from './personal-data';
import type { MissingPerson } from './schemas';

/**
 * The blind index (name parts and service number) derived again from each
 * case's sealed data, for when the folds (names.ts, NAME_FOLD_VERSION) or
 * SEARCH_INDEX_KEY change: every entry under the current index key, none
 * under any other. A case at a time in batches, each case's entries replaced
 * in one transaction, only where they differ: safe to stop and run again, a
 * second run changes nothing, and a search that matches the old and the new
 * key (SEARCH_INDEX_KEY=new,old) finds every case all along.
 */

const BATCH = 500;

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
      const wanted = searchKeyRows(vault, c.id, person);
      const entry = (k: { kind: string; hash: string }) => `${k.kind}:${k.hash}`;
      const held = new Set(c.searchKeys.map(entry));
      if (wanted.length === held.size && wanted.every((k) => held.has(entry(k)))) continue;
      result.changed += 1;
      const keep = new Set(wanted.map(entry));
      await db.$transaction([
        ...c.searchKeys
          .filter((k) => !keep.has(entry(k)))
          .map((k) => db.missingPersonSearchKey.delete({ where: { caseId_kind_hash: { caseId: c.id, ...k } } })),
        db.missingPersonSearchKey.createMany({ data: wanted, skipDuplicates: true }),
      ]);
    }
    after = cases[cases.length - 1].id;
    options.onBatch?.({ ...result });
  }
  return result;
}
