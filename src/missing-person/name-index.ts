import type { Db } from '../db';
import { SealedDataError, type PersonalDataVault } from './personal-data';

/**
 * The blind index's name keys derived again from each case's sealed name, for
 * when the folds (names.ts, NAME_FOLD_VERSION) or SEARCH_INDEX_KEY change.
 * A case at a time in batches, replacing only the keys that differ: safe to
 * stop and run again, and a second run changes nothing.
 */

const BATCH = 500;

export interface ReindexResult {
  cases: number;
  /** Cases whose name keys were replaced. */
  changed: number;
  /** Cases whose sealed name no key in PAYLOAD_KEYS opens (left as they are). */
  unreadable: number;
}

export async function reindexNameKeys(db: Db, vault: PersonalDataVault): Promise<ReindexResult> {
  const result: ReindexResult = { cases: 0, changed: 0, unreadable: 0 };
  let after: string | undefined;
  for (;;) {
    const cases = await db.missingPersonCase.findMany({
      where: after ? { id: { gt: after } } : {},
      orderBy: { id: 'asc' },
      take: BATCH,
      select: { id: true, personalData: true, searchKeys: { where: { kind: 'NAME_PART' }, select: { hash: true } } },
    });
    if (cases.length === 0) return result;
    for (const c of cases) {
      result.cases += 1;
      let name: string;
      try {
        name = vault.open<{ name: string }>(c.personalData).name;
      } catch (e) {
        if (!(e instanceof SealedDataError)) throw e;
        result.unreadable += 1;
        continue;
      }
      const wanted = new Set(vault.nameKeys(name));
      const held = new Set(c.searchKeys.map((k) => k.hash));
      if (wanted.size === held.size && [...wanted].every((h) => held.has(h))) continue;
      result.changed += 1;
      await db.$transaction([
        db.missingPersonSearchKey.deleteMany({ where: { caseId: c.id, kind: 'NAME_PART', hash: { notIn: [...wanted] } } }),
        db.missingPersonSearchKey.createMany({
          data: [...wanted].map((hash) => ({ caseId: c.id, kind: 'NAME_PART' as const, hash })),
          skipDuplicates: true,
        }),
      ]);
    }
    after = cases[cases.length - 1].id;
  }
}
