/**
 * The rules of one handover day, as pure functions over its state: the
 * workflow's update validators call them, and unit tests exercise them
 * without a server. A broken rule throws RuleViolation with a reason a person
 * can act on; nothing is changed. This file holds the day's state and its
 * course (opening, counts, sign-off, postponement, refusal, abort); the
 * containers' rules (manifests, receipts, custody) are in container-rules.ts,
 * the intermediary's spot checks and incidents in field-report-rules.ts.
 */
import {
  COUNT_SOURCES,
  directionKey,
  FINAL_HANDOVER_STATUSES,
  type Actor,
  type CountSource,
  type Direction,
  type HandoverStatus,
  type IntermediaryRole,
} from '../shared/domain';
import { fail } from '../shared/refusal';
import { assertText, TEXT } from '../shared/text';

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

/** A day as it is scheduled: nothing reported yet. */
export function scheduledState(input: {
  operationReference: string;
  dayKey: string;
  date: string;
  exchangePoint: string;
  parties: [string, string];
  intermediaryRole: IntermediaryRole;
  transfers: Array<Direction & { plannedCount: number }>;
}): HandoverState {
  return {
    operationReference: input.operationReference,
    dayKey: input.dayKey,
    date: input.date,
    exchangePoint: input.exchangePoint,
    parties: input.parties,
    status: 'SCHEDULED',
    suspended: false,
    directions: input.transfers.map((t) => ({
      direction: { from: t.from, to: t.to },
      plannedCount: t.plannedCount,
      manifests: [],
      counts: {},
      received: [],
      extra: [],
      missing: [],
    })),
    signOffs: {},
    escalated: false,
    spotChecks: [],
    incidents: 0,
    // Each custodian attests its own custody: its take-over, and its hand-over to the next.
    ...(input.intermediaryRole === 'CUSTODIAN' ? { custodyByCustodian: true } : {}),
  };
}

export const isFinal = (state: HandoverState) => FINAL_HANDOVER_STATUSES.includes(state.status);

export function directionOf(state: HandoverState, direction: Direction): DirectionState {
  return (
    state.directions.find((d) => directionKey(d.direction) === directionKey(direction)) ??
    fail(`No transfer from ${direction.from} to ${direction.to} is planned for this day.`)
  );
}

export const latestManifest = (d: DirectionState): ManifestVersion | undefined => d.manifests[d.manifests.length - 1];

/** Custodian mode: tags the intermediary took over and the receiver has not (yet). */
export function heldByIntermediary(d: DirectionState): string[] {
  const handedOn = new Set([...d.received, ...d.extra]);
  return (d.takenOver ?? []).filter((t) => !handedOn.has(t));
}

export function assertOpenForReports(state: HandoverState): void {
  if (isFinal(state))
    fail(`The day is already ${state.status.toLowerCase().replace('_', ' ')}; nothing more can be recorded.`);
  if (state.suspended) fail('The operation is suspended; reports resume when it is resumed.');
}

export function assertLiaisonOf(actor: Actor, party: string, what: string): void {
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

/** A few tags for a message: the first five, and how many more. */
export const listed = (tags: string[]) =>
  `${tags.slice(0, 5).join(', ')}${tags.length > 5 ? ` and ${tags.length - 5} more` : ''}`;

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
