import { appendCustody } from '../../activities/custody/custody';
import { canonicalForm, eventHash, firstBreak, type CustodyHop } from '../../src/custody/chain';
import { seedContainers } from '../helpers/cases';
import { openStack, type TestStack } from '../helpers/stack';
import { asSuperuserBypassingTriggers } from '../helpers/tamper';

/**
 * The chain of custody in PostgreSQL: linked by hash as the activities write
 * it, never forked by concurrent writers or retries, refused any UPDATE or
 * DELETE, and found broken when a superuser changes a row behind the service's back.
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await openStack();
});
afterAll(() => stack.close());

const hop = (
  fromCustodian: string | null,
  toCustodian: string,
  minute: number,
  attestedBy = 'field-1',
): CustodyHop => ({
  fromCustodian,
  toCustodian,
  place: 'Belarus–Ukraine border',
  occurredAt: new Date(`2025-06-16T09:${String(minute).padStart(2, '0')}:00.000Z`),
  attestedBy,
});
const append = (containerId: string, hops: CustodyHop[]) =>
  stack.db.$transaction((tx) => appendCustody(tx, new Map([[containerId, hops]])));
const chainOf = (containerId: string) =>
  stack.db.custodyEvent.findMany({ where: { containerId }, orderBy: { sequence: 'asc' } });

describe('custody chain in PostgreSQL', () => {
  it('when hops are appended, then each event carries the previous event’s hash and its own, as the database computes it', async () => {
    const {
      containerIds: [bag],
    } = await seedContainers(stack.db, 1);
    // Quotes, a line break, Cyrillic and an emoji: JSON escaping must agree between Node and PostgreSQL.
    const place = 'Пункт "Сумы"\nborder ✓ 🚚';
    await append(bag, [{ ...hop('RU', 'INTERMEDIARY', 0), place }]);
    await append(bag, [hop('INTERMEDIARY', 'UA', 5, 'liaison-ua-1')]);

    const chain = await chainOf(bag);
    expect(chain.map((e) => [e.sequence, e.fromCustodian, e.toCustodian, e.attestedBy])).toEqual([
      [1, 'RU', 'INTERMEDIARY', 'field-1'],
      [2, 'INTERMEDIARY', 'UA', 'liaison-ua-1'],
    ]);
    expect(chain[0].previousHash).toBeNull();
    expect(chain[1].previousHash).toBe(chain[0].hash);
    for (const e of chain) expect(e.hash).toBe(eventHash(e));
    const [{ hash }] = await stack.db.$queryRaw<Array<{ hash: string }>>`
      SELECT custody_event_hash("containerId", "sequence", "fromCustodian", "toCustodian", "place", "occurredAt",
                                "attestedBy", "previousHash") AS hash
        FROM "CustodyEvent" WHERE "id" = ${chain[0].id}::uuid`;
    expect(hash).toBe(chain[0].hash);
    expect(canonicalForm(chain[0])).toBe(
      `["custody-event/v1","${bag}",1,"RU","INTERMEDIARY","Пункт \\"Сумы\\"\\nborder ✓ 🚚","2025-06-16T09:00:00.000Z","field-1",null]`,
    );
    expect(firstBreak(chain)).toBeNull();
    expect(await stack.db.remainsContainer.findUniqueOrThrow({ where: { id: bag } })).toMatchObject({
      custodian: 'UA',
    });
  });

  it('when the same hop is written again (an activity retried), then the chain does not grow', async () => {
    const {
      containerIds: [bag],
    } = await seedContainers(stack.db, 1);
    const hops = [hop('RU', 'INTERMEDIARY', 0), hop('INTERMEDIARY', 'UA', 1)];
    expect(await append(bag, hops)).toBe(2);
    expect(await append(bag, hops)).toBe(0);
    expect(await append(bag, [hops[1]])).toBe(0);
    expect((await chainOf(bag)).map((e) => e.sequence)).toEqual([1, 2]);
  });

  it('when two events for one container are written at once, then they are chained one after the other, not forked', async () => {
    const {
      containerIds: [bag],
    } = await seedContainers(stack.db, 1);
    await append(bag, [hop('RU', 'INTERMEDIARY', 0)]);
    await Promise.all([
      append(bag, [hop('INTERMEDIARY', 'UA', 1, 'liaison-ua-1')]),
      append(bag, [hop('INTERMEDIARY', 'UA', 2, 'liaison-ua-2')]),
    ]);
    const chain = await chainOf(bag);
    expect(chain.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(chain[2].previousHash).toBe(chain[1].hash);
    expect(firstBreak(chain)).toBeNull();
  });

  it('when an event is inserted that does not follow its chain, then the database refuses it', async () => {
    const {
      containerIds: [bag],
    } = await seedContainers(stack.db, 1);
    await append(bag, [hop('RU', 'UA', 0)]);
    const [first] = await chainOf(bag);
    const forged = { ...hop('RU', 'BY', 1), containerId: bag, sequence: 2, previousHash: '0'.repeat(64) };
    await expect(stack.db.custodyEvent.create({ data: { ...forged, hash: eventHash(forged) } })).rejects.toThrow(
      /does not carry the hash of the event before it/,
    );
    const wrongHash = { ...forged, previousHash: first.hash };
    await expect(stack.db.custodyEvent.create({ data: { ...wrongHash, hash: 'f'.repeat(64) } })).rejects.toThrow(
      /carries a hash that is not of its content/,
    );
    expect(await chainOf(bag)).toHaveLength(1);
  });

  it('when the service updates or deletes a custody event, then the database refuses it and the event is unchanged', async () => {
    const {
      containerIds: [bag],
    } = await seedContainers(stack.db, 1);
    await append(bag, [hop('RU', 'UA', 0)]);
    const [event] = await chainOf(bag);
    await expect(
      stack.db.custodyEvent.update({ where: { id: event.id }, data: { place: 'elsewhere' } }),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(stack.db.custodyEvent.delete({ where: { id: event.id } })).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(stack.db.$executeRawUnsafe('TRUNCATE "CustodyEvent" CASCADE')).rejects.toThrow(
      /append-only: TRUNCATE refused/,
    );
    expect(await chainOf(bag)).toEqual([event]);
  });

  it('when a superuser changes a row behind the service’s back, then recomputing the chain names that event', async () => {
    const {
      containerIds: [bag],
    } = await seedContainers(stack.db, 1);
    await append(bag, [hop('RU', 'INTERMEDIARY', 0), hop('INTERMEDIARY', 'UA', 1)]);
    const [first, second] = await chainOf(bag);
    await asSuperuserBypassingTriggers(`UPDATE "CustodyEvent" SET "attestedBy" = 'someone-else' WHERE "id" = $1`, [
      second.id,
    ]);
    expect(firstBreak(await chainOf(bag))).toMatchObject({ eventId: second.id, sequence: 2, reason: 'HASH_MISMATCH' });

    // An event deleted leaves a gap: the event after it is named.
    await asSuperuserBypassingTriggers(`DELETE FROM "CustodyEvent" WHERE "id" = $1`, [first.id]);
    expect(firstBreak(await chainOf(bag))).toMatchObject({ eventId: second.id, sequence: 2, reason: 'SEQUENCE_GAP' });
  });
});
