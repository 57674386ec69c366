import { createHash } from 'node:crypto';

/**
 * The chain of custody made tamper-evident. Each custody event carries the
 * hash of the event before it in its container's chain (null for the first),
 * and its own hash: SHA-256, in lowercase hex, over the event's canonical form
 *
 *   JSON.stringify(["custody-event/v1", containerId, sequence, fromCustodian, toCustodian,
 *                   place, occurredAt, attestedBy, previousHash])
 *
 * a JSON array (no spaces, fields in this order, strings JSON-escaped, UTF-8),
 * with occurredAt as ISO 8601 in UTC with milliseconds ("2025-06-16T09:30:00.000Z")
 * and a missing fromCustodian or previousHash as null. The database computes
 * the same form (custody_event_canonical in migration 20261128600000) and
 * refuses an insert whose hashes do not match, and any UPDATE or DELETE.
 * Changing one event thus breaks its own hash and every later link; the
 * record's id and recordedAt (the database's clock) are not part of it.
 */

export const CUSTODY_HASH_FORMAT = 'custody-event/v1';

export interface ChainedEvent {
  containerId: string;
  sequence: number;
  fromCustodian: string | null;
  toCustodian: string;
  place: string;
  occurredAt: Date;
  attestedBy: string;
  previousHash: string | null;
}

export const canonicalForm = (e: ChainedEvent): string =>
  JSON.stringify([
    CUSTODY_HASH_FORMAT,
    e.containerId,
    e.sequence,
    e.fromCustodian,
    e.toCustodian,
    e.place,
    e.occurredAt.toISOString(),
    e.attestedBy,
    e.previousHash,
  ]);

export const eventHash = (e: ChainedEvent): string =>
  createHash('sha256').update(canonicalForm(e), 'utf8').digest('hex');

export type BreakReason = 'SEQUENCE_GAP' | 'PREVIOUS_HASH_MISMATCH' | 'HASH_MISMATCH';

const EXPLAINED: Record<BreakReason, string> = {
  SEQUENCE_GAP: 'an event is missing before this one (its sequence does not follow on)',
  PREVIOUS_HASH_MISMATCH: 'the hash it carries of the previous event is not that event’s hash',
  HASH_MISMATCH: 'its content no longer matches its hash (it was changed after it was written)',
};

export interface StoredEvent extends ChainedEvent {
  id: string;
  hash: string;
}

export interface ChainBreak {
  eventId: string;
  sequence: number;
  reason: BreakReason;
  explanation: string;
}

/** Recomputes one container's chain (events in any order); the first event that does not hold, or null. */
export function firstBreak(events: StoredEvent[]): ChainBreak | null {
  const chain = [...events].sort((a, b) => a.sequence - b.sequence);
  let previous: StoredEvent | null = null;
  for (const [i, e] of chain.entries()) {
    const reason: BreakReason | null =
      e.sequence !== i + 1
        ? 'SEQUENCE_GAP'
        : e.previousHash !== (previous?.hash ?? null)
          ? 'PREVIOUS_HASH_MISMATCH'
          : eventHash(e) !== e.hash
            ? 'HASH_MISMATCH'
            : null;
    if (reason) return { eventId: e.id, sequence: e.sequence, reason, explanation: EXPLAINED[reason] };
    previous = e;
  }
  return null;
}

/** A hop to append to a container's chain. */
export interface CustodyHop {
  fromCustodian: string | null;
  toCustodian: string;
  place: string;
  occurredAt: Date;
  attestedBy: string;
}

/** The same hop attested again (a retried activity): same custodians, instant and attester. */
export const sameHop = (a: CustodyHop, b: CustodyHop): boolean =>
  a.fromCustodian === b.fromCustodian &&
  a.toCustodian === b.toCustodian &&
  a.occurredAt.getTime() === b.occurredAt.getTime() &&
  a.attestedBy === b.attestedBy;

/**
 * The events that append `hops` to a container's chain as it stands (`chain`,
 * in sequence order): hops already in the chain (a retry) are skipped, the
 * others follow its last event, linked by hash.
 */
export function appendHops(containerId: string, chain: StoredEvent[], hops: CustodyHop[]): StoredEvent[] {
  const added: StoredEvent[] = [];
  let last = chain[chain.length - 1] ?? null;
  for (const hop of hops) {
    if (chain.some((e) => sameHop(e, hop))) continue;
    const event: ChainedEvent = {
      containerId,
      sequence: (last?.sequence ?? 0) + 1,
      ...hop,
      previousHash: last?.hash ?? null,
    };
    last = { ...event, id: '', hash: eventHash(event) };
    added.push(last);
  }
  return added;
}
