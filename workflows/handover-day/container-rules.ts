/**
 * The rules of a day's containers: manifests submitted and acknowledged,
 * containers received tag by tag and, when the intermediary is custodian, each
 * hop of custody attested by the custodian that releases them; what is
 * missing or extra once the day is signed off. The day's state and course are
 * in rules.ts.
 */
import { directionKey, INTERMEDIARY, type Actor, type Direction, type ManifestLine } from '../shared/domain';
import { fail, InvalidInput } from '../shared/refusal';
import { assertOptionalText, assertText, pointerTo, TEXT } from '../shared/text';
import {
  assertActor,
  assertLiaisonOf,
  assertOpenForReports,
  directionOf,
  heldByIntermediary,
  isCalendarDate,
  latestManifest,
  listed,
  type DirectionState,
  type DiscrepancyFinding,
  type HandoverState,
} from './rules';

const MAX_MANIFEST_LINES = 10_000;

export function checkSubmitManifest(
  state: HandoverState,
  direction: Direction,
  lines: ManifestLine[],
  by: Actor,
): void {
  assertActor(by);
  assertOpenForReports(state);
  const d = directionOf(state, direction);
  assertLiaisonOf(by, direction.from, `submit the manifest of ${direction.from}`);
  if (state.status === 'COUNTS_RECORDED') fail('Counts are recorded; the manifest can no longer be corrected.');
  if (d.received.length || d.extra.length)
    fail('Containers have been received against this manifest; it can no longer be corrected.');
  if (lines.length === 0) fail('A manifest needs at least one line.');
  if (lines.length > MAX_MANIFEST_LINES) fail(`A manifest holds at most ${MAX_MANIFEST_LINES} lines.`);
  const seen = new Set<string>();
  for (const [i, line] of lines.entries()) {
    assertText(line.tag, TEXT.tag, ['lines', i, 'tag']);
    assertOptionalText(line.declaredAffiliation, TEXT.affiliation, ['lines', i, 'declaredAffiliation']);
    if (line.declaredIdentity !== undefined) {
      assertText(line.declaredIdentity.name, TEXT.declaredName, ['lines', i, 'declaredIdentity', 'name']);
      const born = line.declaredIdentity.dateOfBirth;
      if (born !== undefined && !isCalendarDate(born))
        throw new InvalidInput(
          pointerTo(['lines', i, 'declaredIdentity', 'dateOfBirth']),
          'must be a calendar date, YYYY-MM-DD',
        );
    }
    if (seen.has(line.tag)) fail(`Tag ${line.tag} is listed twice.`);
    seen.add(line.tag);
  }
}

export function checkAcknowledgeManifest(state: HandoverState, direction: Direction, version: number, by: Actor): void {
  assertActor(by);
  assertOpenForReports(state);
  const d = directionOf(state, direction);
  assertLiaisonOf(by, direction.to, `acknowledge the manifest sent to ${direction.to}`);
  const latest = latestManifest(d) ?? fail('No manifest has been submitted for this direction.');
  if (latest.version !== version) fail(`Version ${version} is not the latest manifest (version ${latest.version} is).`);
  if (latest.status === 'ACKNOWLEDGED') fail(`Version ${version} is already acknowledged.`);
}
/** Tags named twice in one report, or already in `already`. */
function repeatedTags(tags: string[], already: Set<string>): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const tag of tags) {
    if (!tag.trim()) fail('A tag number is empty.');
    if (already.has(tag) || seen.has(tag)) twice.push(tag);
    seen.add(tag);
  }
  return twice;
}

export function checkRecordReceipt(state: HandoverState, direction: Direction, tags: string[], by: Actor): void {
  assertActor(by);
  assertOpenForReports(state);
  const d = directionOf(state, direction);
  assertLiaisonOf(by, direction.to, `record containers received by ${direction.to}`);
  if (state.status !== 'IN_PROGRESS' && state.status !== 'COUNTS_RECORDED')
    fail('Containers are received once the day is open.');
  if (tags.length === 0) fail('Name at least one tag.');
  tags.forEach((tag, i) => assertText(tag, TEXT.tag, ['tags', i]));
  const twice = repeatedTags(tags, new Set([...d.received, ...d.extra]));
  if (twice.length) fail(`Already received: ${listed(twice)}.`);
  if (state.custodyByCustodian) {
    const held = new Set(d.takenOver ?? []);
    const notHeld = tags.filter((t) => !held.has(t));
    if (notHeld.length) {
      fail(
        `Not in the intermediary's custody: ${listed(notHeld)}. ` +
          "The intermediary's field staff record its take-over from the sender first.",
      );
    }
    const handed = new Set(d.handedOverByIntermediary ?? []);
    const notHanded = tags.filter((t) => !handed.has(t));
    if (notHanded.length) {
      fail(
        `The intermediary has not attested its hand-over of: ${listed(notHanded)}. ` +
          'Its field staff attest the hand-over first; then the receiver takes the containers over.',
      );
    }
  }
}

const held = (d: DirectionState) => new Set(heldByIntermediary(d));

/**
 * Custodian mode: the releasing custodian attests its hand-over of containers, in the order
 * custody passes. The sender's liaison: containers the intermediary took over from it. The intermediary's
 * field staff: containers whose hand-over the sender has attested, before the receiver takes them over.
 * Returns the custodian they are handed to.
 */
export function checkHandOver(state: HandoverState, direction: Direction, tags: string[], by: Actor): string {
  assertActor(by);
  assertOpenForReports(state);
  const d = directionOf(state, direction);
  if (!state.custodyByCustodian) {
    fail('The intermediary is not custodian of this day: the receiver attests the one hop from the sender.');
  }
  const sender = by.role === 'PARTY_LIAISON' && by.party === direction.from;
  if (!sender && by.role !== 'FIELD_STAFF') {
    fail(
      `Only a liaison of ${direction.from} or the intermediary's field staff attest a hand-over of these containers.`,
    );
  }
  if (state.status !== 'IN_PROGRESS' && state.status !== 'COUNTS_RECORDED')
    fail('Containers are handed over once the day is open.');
  if (tags.length === 0) fail('Name at least one tag.');
  tags.forEach((tag, i) => assertText(tag, TEXT.tag, ['tags', i]));
  const twice = repeatedTags(tags, new Set(sender ? d.handedOverBySender : d.handedOverByIntermediary));
  if (twice.length) fail(`Hand-over already attested: ${listed(twice)}.`);
  const inCustody = held(d);
  const notHeld = tags.filter((t) => !inCustody.has(t));
  if (notHeld.length) {
    fail(
      `Not in the intermediary's custody: ${listed(notHeld)}. ` +
        (sender
          ? "The intermediary's field staff record its take-over first; the sender then attests its hand-over."
          : 'Only containers the intermediary holds are handed over to the receiver.'),
    );
  }
  if (!sender) {
    const released = new Set(d.handedOverBySender ?? []);
    const notReleased = tags.filter((t) => !released.has(t));
    if (notReleased.length) {
      fail(`${direction.from} has not attested its hand-over of: ${listed(notReleased)}.`);
    }
  }
  return sender ? INTERMEDIARY : direction.to;
}

/** Custodian mode: the intermediary's field staff attest that it took containers over from the sender. */
export function checkTakeOver(state: HandoverState, direction: Direction, tags: string[], by: Actor): void {
  assertActor(by);
  assertOpenForReports(state);
  const d = directionOf(state, direction);
  if (!state.custodyByCustodian) {
    fail('The intermediary is not custodian of this day: containers pass from the sender to the receiver directly.');
  }
  if (by.role !== 'FIELD_STAFF') fail("Only the intermediary's field staff attest its take-over of containers.");
  if (state.status !== 'IN_PROGRESS' && state.status !== 'COUNTS_RECORDED')
    fail('Containers are taken over once the day is open.');
  if (tags.length === 0) fail('Name at least one tag.');
  tags.forEach((tag, i) => assertText(tag, TEXT.tag, ['tags', i]));
  const twice = repeatedTags(tags, new Set(d.takenOver ?? []));
  if (twice.length) fail(`Already in the intermediary's custody or taken over: ${listed(twice)}.`);
}

/** Manifest lines never received, per direction. */
export function missingTags(d: DirectionState): string[] {
  const received = new Set(d.received);
  return (latestManifest(d)?.tags ?? []).filter((tag) => !received.has(tag));
}

export function tagDiscrepancies(state: HandoverState): DiscrepancyFinding[] {
  return state.directions.flatMap((d) => {
    const found: DiscrepancyFinding[] = [];
    const key = directionKey(d.direction);
    if (d.missing.length) {
      found.push({
        key: `MISSING_TAG:${key}`,
        kind: 'MISSING_TAG',
        details: { direction: d.direction, tags: d.missing },
      });
    }
    if (d.extra.length) {
      found.push({ key: `EXTRA_TAG:${key}`, kind: 'EXTRA_TAG', details: { direction: d.direction, tags: d.extra } });
    }
    return found;
  });
}
