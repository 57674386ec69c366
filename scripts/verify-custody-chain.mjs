#!/usr/bin/env node
// Verifies one container's chain of custody as the API exports it
// (GET /api/operations/<ref>/handovers/<date>/containers/<from>/<tag>/custody),
// without the service's code: reads the export (a file named on the command
// line, or stdin), recomputes each event's SHA-256 over its canonical form and
// checks the links. Prints HOLDS or BROKEN; exits 0 when the chain holds, 1 when
// it does not, 2 when the input is not an export.
//
// Canonical form (docs/field-and-coordinators.md, "Chain of custody"): the UTF-8
// bytes of the JSON array
//   ["custody-event/v1", containerId, sequence, fromCustodian, toCustodian,
//    place, occurredAt, attestedBy, previousHash]
// with no spaces and non-ASCII characters unescaped (JSON.stringify's form).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const input = readFileSync(process.argv[2] ?? 0, 'utf8');
let chain;
try {
  chain = JSON.parse(input);
} catch {
  chain = null;
}
const containerId = chain?.container?.id;
if (typeof containerId !== 'string' || !Array.isArray(chain.events)) {
  console.error('Not a custody export: expected { container: { id, ... }, events: [...] }.');
  process.exit(2);
}

const hashOf = (e) =>
  createHash('sha256')
    .update(
      JSON.stringify([
        'custody-event/v1',
        containerId,
        e.sequence,
        e.fromCustodian ?? null,
        e.toCustodian,
        e.place,
        new Date(e.occurredAt).toISOString(),
        e.attestedBy,
        e.previousHash ?? null,
      ]),
      'utf8',
    )
    .digest('hex');

const events = [...chain.events].sort((a, b) => a.sequence - b.sequence);
let previousHash = null;
for (const [i, e] of events.entries()) {
  const reason =
    e.sequence !== i + 1
      ? 'SEQUENCE_GAP'
      : (e.previousHash ?? null) !== previousHash
        ? 'PREVIOUS_HASH_MISMATCH'
        : hashOf(e) !== e.hash
          ? 'HASH_MISMATCH'
          : null;
  if (reason) {
    console.log(`BROKEN at event ${e.sequence} (${e.id}): ${reason}`);
    process.exit(1);
  }
  previousHash = e.hash;
}
const { tag, from, dayKey } = chain.container;
console.log(
  `HOLDS: ${events.length} event${events.length === 1 ? '' : 's'} of container ${tag} (from ${from}, ${dayKey}), last hash ${previousHash ?? 'none'}` +
    (chain.complete === false ? ' (a prefix: later events are the receiving party’s record)' : ''),
);
