/**
 * The rules of one handover day, as pure functions over its state: the
 * workflow's update validators call them, and unit tests exercise them
 * without a server. A broken rule throws RuleViolation with a reason a person
 * can act on; nothing is changed.
 */
import {
  COUNT_SOURCES,
  directionKey,
  FINAL_HANDOVER_STATUSES,
  INTERMEDIARY,
  type Actor,
  type CountSource,
  type Direction,
  type HandoverStatus,
  type ManifestLine,
  INCIDENT_KINDS,
  type IncidentKind,
} from '../shared/domain';
import { fail, InvalidInput } from '../shared/refusal';
import { assertOptionalText, assertText, pointerTo, TEXT, textProblem } from '../shared/text';

export interface ManifestVersion {
  version: number;
  status: 'SUBMITTED' | 'ACKNOWLEDGED';
  tags: string[];
}

export interface DirectionState {
  direction: Direction;
  plannedCount: number;
  manifests: ManifestVersion[];
  counts: Partial<Record<CountSource, number>>;
  received: string[];
  extra: string[];
  /**
   * Custodian mode: tags the intermediary's field staff took over from the sender, which the receiver then
   * takes over from the intermediary.
   */
  takenOver?: string[];
  /** Custodian mode: tags whose hand-over to the intermediary the sender attested. */
  handedOverBySender?: string[];
  /** Custodian mode: tags whose hand-over to the receiver the intermediary attested. */
  handedOverByIntermediary?: string[];
  /** Filled when the day is signed off: manifest lines never received. */
  missing: string[];
}

export interface HandoverState {
  operationReference: string;
  dayKey: string;
  date: string;
  exchangePoint: string;
  parties: [string, string];
  status: HandoverStatus;
  statusReason?: string;
  suspended: boolean;
  directions: DirectionState[];
  /** Party code → principal who signed. */
  signOffs: Record<string, string>;
  escalated: boolean;
  /** The intermediary's spot checks, one per tag. */
  spotChecks?: SpotCheckRecord[];
  /** How many incidents were reported (the last one's sequence); absent means none. */
  incidents?: number;
  /**
   * True when the intermediary is custodian: each custodian attests its own custody (the intermediary its
   * take-over from the sender, the receiver its take-over from the intermediary), and each releasing
   * custodian its hand-over before the next hop. Absent when the intermediary is not custodian.
   */
  custodyByCustodian?: boolean;
}

export interface SpotCheckRecord {
  direction: Direction;
  tag: string;
  sealIntact: boolean;
}

export interface DirectionSummary {
  direction: Direction;
  plannedCount: number;
  counts: Partial<Record<CountSource, number>>;
  received: number;
  missing: number;
  extra: number;
}
export interface HandoverSummary {
  dayKey: string;
  status: HandoverStatus;
  directions: DirectionSummary[];
}

export interface DiscrepancyFinding {
  /** Unique within the day, e.g. "COUNT_MISMATCH:RU>UA". */
  key: string;
  kind: 'COUNT_MISMATCH' | 'MISSING_TAG' | 'EXTRA_TAG' | 'SCHEDULE_DISPUTE' | 'BROKEN_SEAL';
  details: Record<string, unknown>;
}

const MAX_MANIFEST_LINES = 10_000;

export const isFinal = (state: HandoverState) => FINAL_HANDOVER_STATUSES.includes(state.status);

export function directionOf(state: HandoverState, direction: Direction): DirectionState {
  return (
    state.directions.find((d) => directionKey(d.direction) === directionKey(direction)) ??
    fail(`No transfer from ${direction.from} to ${direction.to} is planned for this day.`)
  );
}

export const latestManifest = (d: DirectionState): ManifestVersion | undefined => d.manifests[d.manifests.length - 1];

function assertOpenForReports(state: HandoverState): void {
  if (isFinal(state))
    fail(`The day is already ${state.status.toLowerCase().replace('_', ' ')}; nothing more can be recorded.`);
  if (state.suspended) fail('The operation is suspended; reports resume when it is resumed.');
}

function assertLiaisonOf(actor: Actor, party: string, what: string): void {
  if (actor.role !== 'PARTY_LIAISON' || actor.party !== party) {
    fail(`Only a liaison of ${party} can ${what}.`);
  }
}

function assertCoordinator(actor: Actor, what: string): void {
  if (actor.role !== 'COORDINATOR') fail(`Only a coordinator can ${what}.`);
}

/** Who acts is recorded with every change: a principal the records can hold. */
export function assertActor(by: Actor): void {
  assertText(by?.principal, TEXT.principal, ['by', 'principal']);
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar date, YYYY-MM-DD (not 2025-02-30). */
export const isCalendarDate = (value: unknown): value is string =>
  typeof value === 'string' &&
  CALENDAR_DATE.test(value) &&
  !Number.isNaN(Date.parse(value)) &&
  new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

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

export function checkOpenDay(state: HandoverState, by: Actor): void {
  assertActor(by);
  assertOpenForReports(state);
  if (by.role !== 'COORDINATOR' && by.role !== 'FIELD_STAFF') fail('Only the intermediary can open a handover day.');
  if (state.status !== 'SCHEDULED' && state.status !== 'POSTPONED')
    fail(`The day is already ${state.status.toLowerCase()}.`);
  for (const d of state.directions) {
    if (d.plannedCount === 0) continue;
    if (latestManifest(d)?.status !== 'ACKNOWLEDGED') {
      fail(
        `The manifest from ${d.direction.from} to ${d.direction.to} is not acknowledged by the receiver; ` +
          'a delivery the receiver has not accepted is not a handover.',
      );
    }
  }
}

/** Returns false when the same count was already recorded by that source (a repeated report changes nothing). */
export function checkRecordCount(
  state: HandoverState,
  direction: Direction,
  source: CountSource,
  count: number,
  by: Actor,
): boolean {
  assertActor(by);
  assertOpenForReports(state);
  const d = directionOf(state, direction);
  if (state.status !== 'IN_PROGRESS' && state.status !== 'COUNTS_RECORDED')
    fail('Counts are recorded once the day is open.');
  if (!Number.isInteger(count) || count < 0) fail('A count must be a whole number, zero or more.');
  if (source === 'SENDER') assertLiaisonOf(by, direction.from, 'declare the sender count');
  if (source === 'RECEIVER') assertLiaisonOf(by, direction.to, 'record the receiver count');
  if (source === 'INTERMEDIARY' && by.role !== 'FIELD_STAFF')
    fail("Only the intermediary's field staff record the observed count.");
  const existing = d.counts[source];
  if (existing === undefined) return true;
  if (existing === count) return false;
  return fail(
    `The ${source.toLowerCase()} count is already recorded as ${existing}; counts are attested, not overwritten. ` +
      'Report the difference as a discrepancy.',
  );
}

const listed = (tags: string[]) =>
  `${tags.slice(0, 5).join(', ')}${tags.length > 5 ? ` and ${tags.length - 5} more` : ''}`;

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

/** Custodian mode: tags the intermediary took over and the receiver has not (yet). */
export function heldByIntermediary(d: DirectionState): string[] {
  const handedOn = new Set([...d.received, ...d.extra]);
  return (d.takenOver ?? []).filter((t) => !handedOn.has(t));
}

/** Returns false when that party has already signed (a repeated sign-off changes nothing). */
export function checkSignOff(state: HandoverState, party: string, by: Actor): boolean {
  assertActor(by);
  if (state.status === 'SIGNED_OFF') fail('The day is already signed off.');
  assertOpenForReports(state);
  if (!state.parties.includes(party)) fail(`${party} is not a party to this handover.`);
  if (by.role !== 'PARTY_LIAISON') fail('Only a party liaison can sign off a day.');
  if (by.party !== party) fail(`A liaison of ${by.party} cannot sign for ${party}.`);
  if (state.status !== 'COUNTS_RECORDED')
    fail('The day can be signed off once all three counts of every direction are recorded.');
  // Nothing leaves custody silently: what the intermediary holds goes to the receiver before the day closes.
  for (const d of state.directions) {
    const held = heldByIntermediary(d);
    if (held.length) {
      fail(
        `Still in the intermediary's custody: ${listed(held)}. ` +
          `${d.direction.to} takes them over (receipts) before the day is signed off.`,
      );
    }
  }
  return !(party in state.signOffs);
}

export function checkPostpone(state: HandoverState, newDate: string, reason: string, by: Actor): void {
  assertActor(by);
  assertCoordinator(by, 'postpone a handover day');
  if (state.status !== 'SCHEDULED' && state.status !== 'POSTPONED') {
    fail(`A day that is ${state.status.toLowerCase().replace('_', ' ')} cannot be postponed.`);
  }
  if (!isCalendarDate(newDate)) fail('The new date must be a calendar date, YYYY-MM-DD.');
  if (newDate <= state.date) fail(`The new date ${newDate} must be after the day's date, ${state.date}.`);
  if (!reason?.trim()) fail('A postponement needs a reason.');
  assertText(reason, TEXT.reason, ['reason']);
}

export function checkRefuse(state: HandoverState, reason: string, by: Actor): void {
  assertActor(by);
  if (by.role !== 'PARTY_LIAISON' || !by.party || !state.parties.includes(by.party)) {
    fail('Only a liaison of one of the parties can refuse a handover day.');
  }
  if (state.status !== 'SCHEDULED' && state.status !== 'POSTPONED') fail('Only a day not yet opened can be refused.');
  if (!reason?.trim()) fail('A refusal needs a reason.');
  assertText(reason, TEXT.reason, ['reason']);
}

export function checkAbort(state: HandoverState, reason: string, by: Actor): void {
  assertActor(by);
  assertCoordinator(by, 'abort a handover day');
  if (isFinal(state)) fail(`The day is already ${state.status.toLowerCase().replace('_', ' ')}.`);
  if (!reason?.trim()) fail('Aborting needs a reason.');
  assertText(reason, TEXT.reason, ['reason']);
}

export const allCountsRecorded = (state: HandoverState) =>
  state.directions.every((d) => COUNT_SOURCES.every((s) => d.counts[s] !== undefined));

/** Count mismatches: the three attested counts of a direction are not all equal. */
export function countDiscrepancies(state: HandoverState): DiscrepancyFinding[] {
  return state.directions.flatMap((d) => {
    const values = COUNT_SOURCES.map((s) => d.counts[s]);
    if (values.some((v) => v === undefined) || new Set(values).size === 1) return [];
    return [
      {
        key: `COUNT_MISMATCH:${directionKey(d.direction)}`,
        kind: 'COUNT_MISMATCH' as const,
        details: { direction: d.direction, counts: d.counts },
      },
    ];
  });
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

export function summarise(state: HandoverState): HandoverSummary {
  return {
    dayKey: state.dayKey,
    status: state.status,
    directions: state.directions.map((d) => ({
      direction: d.direction,
      plannedCount: d.plannedCount,
      counts: d.counts,
      received: d.received.length,
      missing: d.missing.length,
      extra: d.extra.length,
    })),
  };
}

// --- Field reports: the intermediary's spot checks and incidents ------------

export const MAX_FIELD_NOTE = TEXT.note.max;

/**
 * A field note is a short code-like remark ("seal 4471 replaced", "convoy late"),
 * never personal data: no contact addresses ('@') and no long digit runs
 * (phone, passport or identity numbers). Returns why it is refused, or undefined.
 */
export function fieldNoteProblem(note: string): string | undefined {
  const problem = textProblem(note, TEXT.note);
  if (problem) return problem;
  if (note.includes('@')) return "must not contain '@' (no contact addresses)";
  if (/\d{7,}/.test(note)) return 'must not contain runs of more than 6 digits (no personal numbers)';
  return undefined;
}

function assertFieldNote(note: string): void {
  const problem = fieldNoteProblem(note);
  if (problem) throw new InvalidInput('/note', problem);
}

/** The latest acknowledged manifest of a direction: the list the receiver accepted. */
const latestAcknowledged = (d: DirectionState): ManifestVersion | undefined =>
  [...d.manifests].reverse().find((m) => m.status === 'ACKNOWLEDGED');

/**
 * The intermediary's field staff check a container at the exchange point:
 * once the day is open, not while suspended, one check per tag, and only a
 * container of this day (listed on the accepted manifest, or received).
 */
export function checkSpotCheck(
  state: HandoverState,
  direction: Direction,
  tag: string,
  note: string | undefined,
  by: Actor,
): void {
  assertActor(by);
  assertOpenForReports(state);
  const d = directionOf(state, direction);
  if (by.role !== 'FIELD_STAFF') fail("Only the intermediary's field staff spot-check containers.");
  if (state.status !== 'IN_PROGRESS' && state.status !== 'COUNTS_RECORDED')
    fail('Containers are spot-checked once the day is open.');
  assertText(tag, TEXT.tag, ['tag']);
  if (note !== undefined) assertFieldNote(note);
  const known = new Set([...(latestAcknowledged(d)?.tags ?? []), ...d.received, ...d.extra]);
  if (!known.has(tag)) fail(`Tag ${tag} is not part of this day.`);
  if ((state.spotChecks ?? []).some((c) => directionKey(c.direction) === directionKey(direction) && c.tag === tag))
    fail(`Tag ${tag} has already been spot-checked.`);
}

/** A broken seal is a discrepancy of its own, keyed by direction and tag. */
export function spotCheckDiscrepancies(check: SpotCheckRecord): DiscrepancyFinding[] {
  if (check.sealIntact) return [];
  return [
    {
      key: `BROKEN_SEAL:${directionKey(check.direction)}:${check.tag}`,
      kind: 'BROKEN_SEAL',
      details: { direction: check.direction, tag: check.tag },
    },
  ];
}

/** Field staff or the coordinator report an incident on any day not yet ended, suspended or not. */
export function checkIncident(state: HandoverState, kind: IncidentKind, note: string, by: Actor): void {
  assertActor(by);
  if (isFinal(state))
    fail(`The day is already ${state.status.toLowerCase().replace('_', ' ')}; nothing more can be recorded.`);
  if (by.role !== 'FIELD_STAFF' && by.role !== 'COORDINATOR') fail('Only the intermediary reports incidents.');
  if (!INCIDENT_KINDS.includes(kind)) fail(`An incident is one of ${INCIDENT_KINDS.join(', ')}.`);
  assertFieldNote(note);
}
