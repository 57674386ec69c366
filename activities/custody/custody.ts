import type { Prisma } from '../../src/generated/prisma/client';
import { appendHops, type CustodyHop, type StoredEvent } from '../../src/custody/chain';

type Tx = Prisma.TransactionClient;

/**
 * Appends custody hops to containers' chains inside the caller's transaction.
 * Each container's row is locked first (in id order, so two writers never
 * deadlock): two events for one container written at once are chained one
 * after the other, never forked. A hop already in the chain (an activity
 * retried) is not added again. The container's custodian follows the last hop (unless it is a hand-over).
 */
export async function appendCustody(
  tx: Tx,
  hopsOf: Map<string, CustodyHop[]>,
  /** False for a hand-over: the releaser attests, custody passes at the next custodian's take-over. */
  { custodianMoves = true }: { custodianMoves?: boolean } = {},
): Promise<number> {
  const ids = [...hopsOf.keys()].sort();
  if (ids.length === 0) return 0;
  await tx.$queryRaw`SELECT "id" FROM "RemainsContainer" WHERE "id" = ANY(${ids}::uuid[]) ORDER BY "id" FOR UPDATE`;
  const existing = await tx.custodyEvent.findMany({
    where: { containerId: { in: ids } },
    orderBy: [{ containerId: 'asc' }, { sequence: 'asc' }],
  });
  const chains = new Map<string, StoredEvent[]>(ids.map((id) => [id, []]));
  for (const e of existing) chains.get(e.containerId)!.push(e);

  const added: StoredEvent[] = [];
  const custodians = new Map<string, string[]>();
  for (const id of ids) {
    const events = appendHops(id, chains.get(id)!, hopsOf.get(id)!);
    added.push(...events);
    const last = events[events.length - 1];
    if (last) custodians.set(last.toCustodian, [...(custodians.get(last.toCustodian) ?? []), id]);
  }
  if (added.length === 0) return 0;
  if (!custodianMoves) custodians.clear();
  // The database checks each link again (trigger custody_event_follows_chain).
  await tx.custodyEvent.createMany({ data: added.map(({ id: _id, ...event }) => event) });
  for (const [custodian, containerIds] of custodians) {
    await tx.remainsContainer.updateMany({ where: { id: { in: containerIds } }, data: { custodian } });
  }
  return added.length;
}
