import { createHmac, randomBytes } from 'node:crypto';
import { reindexNameKeys } from '../../src/missing-person/name-index';
import { personalDataVault } from '../../src/missing-person/personal-data';
import { createDb, type Db } from '../../src/db';
import { ownDatabase } from '../helpers/own-database';
import { unique } from '../helpers/stack';

/**
 * Name keys made by earlier folds are derived again, so a case stays findable when the folds change.
 * On a database of its own: the re-index counts every case, and its unreadable case must not reach other tests' lists.
 */

let stack: { db: Db };
let database: Awaited<ReturnType<typeof ownDatabase>>;
beforeAll(async () => {
  database = await ownDatabase();
  stack = { db: createDb(database.url) };
});
afterAll(async () => {
  await stack.db.$disconnect();
  await database.drop();
});

describe('re-deriving the blind index of names', () => {
  it('when a case holds keys of an older fold, then the re-index replaces them once and a search by another spelling finds it', async () => {
    const indexKey = randomBytes(32);
    const vault = personalDataVault([{ id: 'k1', key: randomBytes(32) }], indexKey);
    // What the first folds gave Воробьёвский (ё as e, -ий kept as ii): a key Vorobyovskiy did not reach.
    const oldKey = createHmac('sha256', indexKey).update('name:vorobevskii').digest('hex');
    const person = await stack.db.missingPersonCase.create({
      data: {
        caseNumber: unique('MP-UA'),
        party: 'UA',
        source: 'TRACING_REQUEST',
        personalData: vault.seal({ name: 'Воробьёвский' }),
        openedBy: 'tracing-1',
        nextReviewAt: new Date(),
        searchKeys: { create: [{ kind: 'NAME_PART', hash: oldKey }] },
      },
    });
    const unreadable = await stack.db.missingPersonCase.create({
      data: {
        caseNumber: unique('MP-UA'),
        party: 'UA',
        source: 'TRACING_REQUEST',
        personalData: personalDataVault([{ id: 'k0', key: randomBytes(32) }]).seal({ name: 'x' }),
        openedBy: 'tracing-1',
        nextReviewAt: new Date(),
      },
    });

    expect(await reindexNameKeys(stack.db, vault)).toEqual({ cases: 2, changed: 1, unreadable: 1 });
    const keys = await stack.db.missingPersonSearchKey.findMany({ where: { caseId: person.id } });
    expect(keys.map((k) => k.hash)).toEqual(vault.nameKeys('Vorobyovskiy'));
    expect(await stack.db.missingPersonSearchKey.count({ where: { caseId: unreadable.id } })).toBe(0);
    expect(await reindexNameKeys(stack.db, vault)).toEqual({ cases: 2, changed: 0, unreadable: 1 });
  });
});
