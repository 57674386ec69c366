/**
 * The order of a missing-person case's statuses, as pure functions: the
 * workflow's validators and handlers and the API (before starting a resting
 * case's workflow) all ask them. A broken rule throws `RuleViolation` with a
 * reason a person can act on (the API answers it 409).
 */
import { fail } from '../shared/refusal';
import type {
  ChangeMissingPersonStatusArgs,
  FamilyInformedArgs,
  FamilyNoticeState,
  RemainsIdentifiedArgs,
  MissingPersonStatus,
  MissingPersonTarget,
} from './messages';

const OUTCOMES: readonly MissingPersonTarget[] = ['IDENTIFIED_DECEASED', 'LOCATED_ALIVE', 'CONFIRMED_DETAINED'];

const NEXT: Record<MissingPersonStatus, readonly MissingPersonTarget[]> = {
  REPORTED: ['ACTIVE'],
  ACTIVE: OUTCOMES,
  IDENTIFIED_DECEASED: ['FAMILY_INFORMED'],
  LOCATED_ALIVE: ['FAMILY_INFORMED'],
  CONFIRMED_DETAINED: ['FAMILY_INFORMED'],
  FAMILY_INFORMED: ['CLOSED'],
  // Reopening: new information (a later identification, a release from detention, a mistake found).
  CLOSED: ['ACTIVE'],
};

const NEEDS: Partial<Record<MissingPersonTarget, string>> = {
  ACTIVE: 'a case becomes active once reported, or again when reopened after closing',
  IDENTIFIED_DECEASED: 'an outcome is recorded for an active case',
  LOCATED_ALIVE: 'an outcome is recorded for an active case',
  CONFIRMED_DETAINED: 'an outcome is recorded for an active case',
  FAMILY_INFORMED: 'the family is informed of an outcome: record it first',
  CLOSED: 'a case closes once the family is informed',
};

export const isOutcome = (s: MissingPersonStatus): boolean => (OUTCOMES as readonly string[]).includes(s);

// Identifiers only: a space or anything beyond these characters suggests a name or free text.
const CODE = /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,127}$/;

/** Why the case cannot move from `from` to `to`, or undefined when it can: the order itself, as text. */
export function transitionRejection(from: MissingPersonStatus, to: MissingPersonTarget): string | undefined {
  if (from === to) return `the case is already ${to}`;
  if (NEXT[from].includes(to)) return undefined;
  return `${NEEDS[to] ?? 'not possible'} (the case is ${from})`;
}

/** The case can move from `from` to `to`. */
export function checkTransition(from: MissingPersonStatus, to: MissingPersonTarget): void {
  const reason = transitionRejection(from, to);
  if (reason) fail(reason);
}

/** A change is acceptable now. */
export function checkChange(from: MissingPersonStatus, args: ChangeMissingPersonStatusArgs, nowMs: number): void {
  if (typeof args.by !== 'string' || !CODE.test(args.by)) fail('by must be a staff code, never a name');
  if (args.reference !== undefined && (typeof args.reference !== 'string' || !CODE.test(args.reference))) {
    fail('reference must be an opaque identifier (letters, digits and . _ : / # -), never personal data');
  }
  if (args.status === 'IDENTIFIED_DECEASED' && !args.reference) {
    fail('an identification names the remains case it was made on (reference: its PM number)');
  }
  if (args.occurredAt !== undefined) {
    const at = Date.parse(args.occurredAt);
    if (!Number.isFinite(at)) fail('occurredAt must be an ISO 8601 date and time');
    if (at > nowMs + 5 * 60_000) fail('occurredAt is in the future');
  }
  checkTransition(from, args.status);
}

/** An open family notice is done only by recording who told the family, when and how. */
export function checkNoNoticeOpen(notices: readonly FamilyNoticeState[], to: MissingPersonTarget): void {
  const open = notices.filter((n) => !n.informedAt);
  if (to !== 'FAMILY_INFORMED' || open.length === 0) return;
  fail(
    `the family is told of ${open.map((n) => n.remainsCaseNumber).join(', ')} through its family notice: the party's authority records who told it, when and how`,
  );
}

const CHANNELS = ['PHONE', 'EMAIL', 'POST', 'IN_PERSON'];

export function checkRemainsIdentified(args: RemainsIdentifiedArgs): void {
  if (typeof args.remainsCaseNumber !== 'string' || !CODE.test(args.remainsCaseNumber)) {
    fail('remainsCaseNumber must be a PM number');
  }
  if (typeof args.by !== 'string' || !CODE.test(args.by)) fail('by must be an authority code, never a name');
  if (!Number.isFinite(Date.parse(args.occurredAt))) fail('occurredAt must be an ISO 8601 date and time');
}

/** The family can be recorded as told of this identification now; returns the notice it closes. */
export function checkFamilyInformed(
  notices: readonly FamilyNoticeState[],
  args: FamilyInformedArgs,
  nowMs: number,
): FamilyNoticeState {
  if (typeof args.by !== 'string' || !CODE.test(args.by)) fail('by must be a staff code, never a name');
  if (!CHANNELS.includes(args.channel)) fail(`channel must be one of ${CHANNELS.join(', ')}`);
  if (!Number.isInteger(args.contactPosition) || args.contactPosition < 1) {
    fail('contactPosition must be the position of a family contact');
  }
  const at = Date.parse(args.informedAt);
  if (!Number.isFinite(at)) fail('informedAt must be an ISO 8601 date and time');
  if (at > nowMs + 5 * 60_000) fail('informedAt is in the future');
  const notice = notices.find((n) => n.remainsCaseNumber === args.remainsCaseNumber);
  if (!notice) return fail(`no identification of ${args.remainsCaseNumber} is waiting to be told to this family`);
  if (notice.informedAt) fail(`the family was already told of ${args.remainsCaseNumber}`);
  if (at < Date.parse(notice.openedAt) - 5 * 60_000) {
    fail('informedAt is before the identification: the family is told of it after it is made');
  }
  return notice;
}
