/**
 * The order of a missing-person case's statuses, as pure functions: the
 * workflow's validator and the API (before starting a resting case's
 * workflow) both ask them, so a wrong change is refused with a reason.
 */
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

/** Why the case cannot move from `from` to `to`, or undefined when it can. */
export function transitionRejection(from: MissingPersonStatus, to: MissingPersonTarget): string | undefined {
  if (from === to) return `the case is already ${to}`;
  if (NEXT[from].includes(to)) return undefined;
  return `${NEEDS[to] ?? 'not possible'} (the case is ${from})`;
}

/** Why a change is not acceptable now, or undefined. */
export function changeRejection(
  from: MissingPersonStatus,
  args: ChangeMissingPersonStatusArgs,
  nowMs: number,
): string | undefined {
  if (typeof args.by !== 'string' || !CODE.test(args.by)) return 'by must be a staff code, never a name';
  if (args.reference !== undefined && (typeof args.reference !== 'string' || !CODE.test(args.reference))) {
    return 'reference must be an opaque identifier (letters, digits and . _ : / # -), never personal data';
  }
  if (args.status === 'IDENTIFIED_DECEASED' && !args.reference) {
    return 'an identification names the remains case it was made on (reference: its PM number)';
  }
  if (args.occurredAt !== undefined) {
    const at = Date.parse(args.occurredAt);
    if (!Number.isFinite(at)) return 'occurredAt must be an ISO 8601 date and time';
    if (at > nowMs + 5 * 60_000) return 'occurredAt is in the future';
  }
  return transitionRejection(from, args.status);
}

const CHANNELS = ['PHONE', 'EMAIL', 'POST', 'IN_PERSON'];

export function remainsIdentifiedRejection(args: RemainsIdentifiedArgs): string | undefined {
  if (typeof args.remainsCaseNumber !== 'string' || !CODE.test(args.remainsCaseNumber)) {
    return 'remainsCaseNumber must be a PM number';
  }
  if (typeof args.by !== 'string' || !CODE.test(args.by)) return 'by must be an authority code, never a name';
  if (!Number.isFinite(Date.parse(args.occurredAt))) return 'occurredAt must be an ISO 8601 date and time';
  return undefined;
}

/** Why the family cannot be recorded as told of this identification now, or undefined. */
export function familyInformedRejection(
  notices: readonly FamilyNoticeState[],
  args: FamilyInformedArgs,
  nowMs: number,
): string | undefined {
  if (typeof args.by !== 'string' || !CODE.test(args.by)) return 'by must be a staff code, never a name';
  if (!CHANNELS.includes(args.channel)) return `channel must be one of ${CHANNELS.join(', ')}`;
  if (!Number.isInteger(args.contactPosition) || args.contactPosition < 1) {
    return 'contactPosition must be the position of a family contact';
  }
  const at = Date.parse(args.informedAt);
  if (!Number.isFinite(at)) return 'informedAt must be an ISO 8601 date and time';
  if (at > nowMs + 5 * 60_000) return 'informedAt is in the future';
  const notice = notices.find((n) => n.remainsCaseNumber === args.remainsCaseNumber);
  if (!notice) return `no identification of ${args.remainsCaseNumber} is waiting to be told to this family`;
  if (notice.informedAt) return `the family was already told of ${args.remainsCaseNumber}`;
  if (at < Date.parse(notice.openedAt) - 5 * 60_000) {
    return 'informedAt is before the identification: the family is told of it after it is made';
  }
  return undefined;
}
