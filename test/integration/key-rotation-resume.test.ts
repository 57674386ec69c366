import { randomUUID } from 'node:crypto';
import { personalDataVault } from '../../src/missing-person/personal-data';
import { resealPersonalData } from '../../src/missing-person/reseal';
import { generatePayloadKey, parsePayloadKeys } from '../../src/temporal/codec';
import { openRotationWorld, type RotationWorld } from '../helpers/key-rotation';
import { eventually } from '../helpers/processes';

/**
 * A re-seal stopped part-way (asked to stop, or killed) resumes when run again: every value ends under the
 * new key exactly as it was, and the cases read throughout. On a database of its own.
 */

jest.setTimeout(180_000);

const A = generatePayloadKey('key-a');
const B = generatePayloadKey('key-b');
const CASES = 300;

let w: RotationWorld;
/** Each sealed value's row id and what it holds, to compare after the runs. */
const plain = new Map<string, { name: string }>();

const underB = async () =>
  (await w.db.missingPersonCase.count({ where: { personalData: { startsWith: 'v1:key-b:' } } })) +
  (await w.db.familyContact.count({ where: { personalData: { startsWith: 'v1:key-b:' } } }));

beforeAll(async () => {
  w = await openRotationWorld();
  const vault = personalDataVault(parsePayloadKeys(A));
  const cases = Array.from({ length: CASES }, (_, i) => ({
    id: randomUUID(),
    caseNumber: `MP-UA-RESUME-${i}`,
    party: 'UA',
    source: 'REGISTER_IMPORT' as const,
    personalData: vault.seal({ name: `Person ${i}` }),
    openedBy: 'tracing-1',
    nextReviewAt: new Date(Date.now() + 86_400_000),
  }));
  const contacts = cases.map((c, i) => ({
    id: randomUUID(),
    caseId: c.id,
    position: 1,
    relation: 'MOTHER' as const,
    personalData: vault.seal({ name: `Relative ${i}` }),
    preferredChannel: 'PHONE' as const,
    preferredLanguage: 'uk',
    receivesRemains: true,
    consentScope: 'IDENTIFICATION_ONLY' as const,
    shareWithOtherParty: false,
  }));
  await w.db.missingPersonCase.createMany({ data: cases });
  await w.db.familyContact.createMany({ data: contacts });
  cases.forEach((c, i) => plain.set(c.id, { name: `Person ${i}` }));
  contacts.forEach((c, i) => plain.set(c.id, { name: `Relative ${i}` }));
});
afterAll(() => w.close());

describe('a re-seal stopped part-way', () => {
  it('when a run is asked to stop after two batches, then it stops there and the cases still read meanwhile', async () => {
    const stop = new AbortController();
    let batches = 0;
    const done = await resealPersonalData(w.db, personalDataVault(parsePayloadKeys(`${B},${A}`)), {
      batch: 50,
      signal: stop.signal,
      onBatch: () => void (++batches === 2 && stop.abort()),
    });
    expect(done.map((p) => [p.column.table, p.resealed])).toEqual([['MissingPersonCase', 100]]);
    expect(await underB()).toBe(100);
    const list = await w.service({ PAYLOAD_KEYS: `${B},${A}` }).get('tracing', '/api/missing-persons?limit=200');
    expect(list.status).toBe(200);
    expect(list.body.items.filter((i: { name: string | null }) => i.name === null)).toEqual([]);
  });

  it('when the command is killed mid-run, then running it again finishes: every value under B, as it was, and a third run finds nothing', async () => {
    const killed = w.tool('reseal-personal-data', { PAYLOAD_KEYS: `${B},${A}` }, ['--batch', '1']);
    await eventually(async () => (await underB()) > 110, 'the killed run to re-seal some values', 60_000, 20);
    killed.child.kill('SIGKILL');
    await killed.exited;
    const left = 2 * CASES - (await underB());
    expect(left).toBeGreaterThan(0);

    const resumed = w.tool('reseal-personal-data', { PAYLOAD_KEYS: `${B},${A}` });
    expect((await resumed.exited).code).toBe(0);
    const counts = [...resumed.output().matchAll(/: (\d+) under other keys, (\d+) re-sealed/g)].map((m) =>
      Number(m[2]),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(left);
    expect(await underB()).toBe(2 * CASES);

    const onlyB = personalDataVault(parsePayloadKeys(B));
    const rows = [
      ...(await w.db.missingPersonCase.findMany({ select: { id: true, personalData: true } })),
      ...(await w.db.familyContact.findMany({ select: { id: true, personalData: true } })),
    ];
    expect(new Map(rows.map((r) => [r.id, onlyB.open(r.personalData)]))).toEqual(plain);

    const third = w.tool('reseal-personal-data', { PAYLOAD_KEYS: `${B},${A}` });
    expect((await third.exited).code).toBe(0);
    expect(third.output()).toContain('FamilyContact.personalData: 0 under other keys, 0 re-sealed');
  });
});
