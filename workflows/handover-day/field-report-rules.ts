/**
 * The rules of what the intermediary's people report from the exchange
 * point: spot checks of containers (a broken seal is a discrepancy) and
 * incidents, each with a short field note that holds no personal data.
 */
import { directionKey, INCIDENT_KINDS, type Actor, type Direction, type IncidentKind } from '../shared/domain';
import { fail, InvalidInput } from '../shared/refusal';
import { assertText, TEXT, textProblem } from '../shared/text';
import {
  assertActor,
  assertOpenForReports,
  directionOf,
  isFinal,
  type DirectionState,
  type DiscrepancyFinding,
  type HandoverState,
  type ManifestVersion,
  type SpotCheckRecord,
} from './rules';

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
