import type { Db } from '../db';
import type { CustodyEvent, Prisma } from '../generated/prisma/client';
import { firstBreak, type ChainBreak } from './chain';

/**
 * Custody chains as PostgreSQL holds them, recomputed, and cut to what a
 * reader may see. The intermediary and the receiving party see a container's
 * whole chain; the sending party sees it up to the moment the container left
 * its custody (the shared record of the handover), not what the receiver
 * recorded after. A prefix of a chain verifies on its own.
 */

const withChain = {
  handover: { select: { dayKey: true } },
  custodyEvents: { orderBy: { sequence: 'asc' } },
} satisfies Prisma.RemainsContainerInclude;
type ContainerWithChain = Prisma.RemainsContainerGetPayload<{ include: typeof withChain }>;

/** The events of a container `party` may see (every event when party is absent: the intermediary). */
export function visibleChain(container: ContainerWithChain, party?: string): CustodyEvent[] {
  const events = container.custodyEvents;
  if (!party || party !== container.fromParty || party === container.toParty) return events;
  // Its last event is the last it took part in: the intermediary's take-over, or its own hand-over attested after.
  const left = events.map((e) => e.fromCustodian).lastIndexOf(party);
  return left === -1 ? events : events.slice(0, left + 1);
}

export interface ContainerChain {
  container: {
    /** The container's id: part of each event's hashed form. */
    id: string;
    dayKey: string;
    from: string;
    to: string;
    tag: string;
    outcome: string;
    /** Withheld from the sending party once the container has left its custody. */
    custodian?: string;
  };
  events: CustodyEvent[];
  /** False when later events are the receiving party's record and not shown. */
  complete: boolean;
  firstBroken: ChainBreak | null;
}

export function chainOf(container: ContainerWithChain, party?: string): ContainerChain {
  const events = visibleChain(container, party);
  const complete = events.length === container.custodyEvents.length;
  return {
    container: {
      id: container.id,
      dayKey: container.handover.dayKey,
      from: container.fromParty,
      to: container.toParty,
      tag: container.tag,
      outcome: container.outcome,
      ...(complete ? { custodian: container.custodian } : {}),
    },
    events,
    complete,
    firstBroken: firstBreak(events),
  };
}

/** One container, by the day it was handed over on, its sender and its tag; null when there is none. */
export async function containerChain(
  db: Db,
  key: { operationReference: string; dayKey: string; from: string; tag: string },
  party?: string,
): Promise<ContainerChain | null> {
  const container = await db.remainsContainer.findFirst({
    where: {
      handover: { dayKey: key.dayKey, operation: { reference: key.operationReference } },
      fromParty: key.from,
      tag: key.tag,
    },
    include: withChain,
  });
  return container ? chainOf(container, party) : null;
}

export interface OperationVerification {
  holds: boolean;
  containers: number;
  events: number;
  /** Containers whose chain does not hold. */
  brokenContainers: number;
  /** The first event that does not hold, in the order of days, senders and tags. */
  firstBroken: (ChainBreak & { container: ContainerChain['container'] }) | null;
}

/** Recomputes every chain of an operation that `party` may see, a day at a time (a day holds thousands). */
export async function verifyOperation(db: Db, operationId: string, party?: string): Promise<OperationVerification> {
  const days = await db.handover.findMany({
    where: { operationId },
    orderBy: { dayKey: 'asc' },
    select: { id: true },
  });
  const result: OperationVerification = {
    holds: true,
    containers: 0,
    events: 0,
    brokenContainers: 0,
    firstBroken: null,
  };
  for (const day of days) {
    const containers = await db.remainsContainer.findMany({
      where: { handoverId: day.id, ...(party ? { OR: [{ fromParty: party }, { toParty: party }] } : {}) },
      orderBy: [{ fromParty: 'asc' }, { tag: 'asc' }],
      include: withChain,
    });
    for (const c of containers) {
      const chain = chainOf(c, party);
      result.containers += 1;
      result.events += chain.events.length;
      if (!chain.firstBroken) continue;
      result.holds = false;
      result.brokenContainers += 1;
      result.firstBroken ??= { ...chain.firstBroken, container: chain.container };
    }
  }
  return result;
}
