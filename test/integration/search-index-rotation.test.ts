import { randomBytes } from 'node:crypto';
import { searchKeyRows } from '../../src/missing-person/case-rows';
import { reindexNameKeys } from '../../src/missing-person/name-index';
import { personalDataVault } from '../../src/missing-person/personal-data';
import type { MissingPerson } from '../../src/missing-person/schemas';
import { generatePayloadKey, parsePayloadKeys } from '../../src/temporal/codec';
import { familyContact } from '../api/support';
import { openRotationWorld, type Keys, type RotationWorld } from '../helpers/key-rotation';
import { unique } from '../helpers/stack';

/**
 * The blind index moved to a new SEARCH_INDEX_KEY, rehearsed on the real stack (docs/operators.md,
 * "Rotating keys"): from the key derived from the payload key (no SEARCH_INDEX_KEY) to I1, then from I1 to
 * I2. With the new key first and the old after it, searches find every case before, during and after
 * `npm run reindex:names`; once it ran, every entry is under the new key alone, and the old key can go.
 * On a database of its own.
 */

jest.setTimeout(180_000);

const PAYLOAD_KEYS = generatePayloadKey('k1');
const [I1, I2] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
const BASE = '/api/missing-persons';

let w: RotationWorld;
const people: { caseNumber: string; name: string; serviceNumber: string; search: string }[] = [
  { caseNumber: '', name: 'Oleksii Marchuk', serviceNumber: 'AB-123456', search: 'Oleksiy MARCHUK' },
  { caseNumber: '', name: 'Воробьёвский Дмитрий', serviceNumber: 'ВС 654321', search: 'Vorobyovskiy' },
  { caseNumber: '', name: 'Taras Hnatiuk', serviceNumber: 'TH-1', search: 'hnatyuk' },
];

/** Every person found by a spelling of their name and by their service number, through the API of `keys`. */
async function everyoneFound(keys: Omit<Keys, 'PAYLOAD_KEYS'>) {
  const service = w.service({ PAYLOAD_KEYS, ...keys });
  for (const p of people.filter((q) => q.caseNumber)) {
    const byName = await service.get('tracing', `${BASE}?name=${encodeURIComponent(p.search)}`).expect(200);
    const byNumber = await service
      .get('tracing', `${BASE}?serviceNumber=${encodeURIComponent(p.serviceNumber.toLowerCase())}`)
      .expect(200);
    for (const found of [byName, byNumber]) {
      expect(found.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual([p.caseNumber]);
    }
  }
}

/** Whether every case's entries are exactly those of `indexKey` (and no other key's). */
async function indexedUnder(indexKey: string): Promise<boolean> {
  const vault = personalDataVault(parsePayloadKeys(PAYLOAD_KEYS), Buffer.from(indexKey, 'base64'));
  const rows = await w.db.missingPersonCase.findMany({ include: { searchKeys: true } });
  return rows.every((r) => {
    const wanted = searchKeyRows(vault, r.id, vault.open<MissingPerson>(r.personalData)).map((k) => k.hash);
    return JSON.stringify(r.searchKeys.map((k) => k.hash).sort()) === JSON.stringify(wanted.sort());
  });
}

async function open(p: (typeof people)[number], keys: Omit<Keys, 'PAYLOAD_KEYS'>) {
  p.caseNumber = unique('MP-UA').toUpperCase();
  const person = { name: p.name, serviceNumber: p.serviceNumber };
  const body = { caseNumber: p.caseNumber, party: 'UA', person, contacts: [familyContact()] };
  await w
    .service({ PAYLOAD_KEYS, ...keys })
    .post('tracing', BASE, body)
    .expect(201);
}

async function reindex(keys: Omit<Keys, 'PAYLOAD_KEYS'>) {
  const run = w.tool('reindex-names', { PAYLOAD_KEYS, ...keys });
  const { code } = await run.exited;
  return { code, output: run.output() };
}

beforeAll(async () => {
  w = await openRotationWorld();
});
afterAll(() => w.close());

describe('moving the blind index to SEARCH_INDEX_KEY', () => {
  it('when cases were indexed without SEARCH_INDEX_KEY and the API now has I1, then searches find them before, during and after the re-index', async () => {
    for (const p of people.slice(0, 2)) await open(p, {});
    await everyoneFound({ SEARCH_INDEX_KEY: I1 });
    // A case opened by the API with I1: indexed under I1 at once.
    await open(people[2], { SEARCH_INDEX_KEY: I1 });
    await everyoneFound({ SEARCH_INDEX_KEY: I1 });

    // Stopped after its first batch (one case): some cases under I1, others still under the derived key.
    const stop = new AbortController();
    const vault = personalDataVault(parsePayloadKeys(PAYLOAD_KEYS), [Buffer.from(I1, 'base64')]);
    await reindexNameKeys(w.db, vault, { batch: 1, signal: stop.signal, onBatch: () => stop.abort() });
    expect(await indexedUnder(I1)).toBe(false);
    await everyoneFound({ SEARCH_INDEX_KEY: I1 });

    const run = await reindex({ SEARCH_INDEX_KEY: I1 });
    expect(run).toMatchObject({ code: 0, output: expect.stringContaining('Search keys: 3 case(s) checked') });
    expect(run.output).not.toMatch(/Marchuk|Hnatiuk|Воробь/);
    expect(await indexedUnder(I1)).toBe(true);
    await everyoneFound({ SEARCH_INDEX_KEY: I1 });
  });

  it('when I2 is put first and I1 kept, then searches find every case before and after the re-index; then I1 goes and a second run changes nothing', async () => {
    const rotating = { SEARCH_INDEX_KEY: `${I2},${I1}` };
    await everyoneFound(rotating);
    const run = await reindex(rotating);
    expect(run).toMatchObject({ code: 0, output: expect.stringContaining('3 case(s) checked, 3 re-derived') });
    expect(await indexedUnder(I2)).toBe(true);
    await everyoneFound(rotating);
    await everyoneFound({ SEARCH_INDEX_KEY: I2 });
    const again = await reindex({ SEARCH_INDEX_KEY: I2 });
    expect(again).toMatchObject({ code: 0, output: expect.stringContaining('3 case(s) checked, 0 re-derived') });
  });
});
