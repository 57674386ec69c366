/**
 * The order of a remains case's steps, as pure functions over its state: the
 * case workflow's update validators call them, so a broken rule is refused
 * with a reason a person can act on before anything reaches history.
 */
import type {
  CaseState,
  CaseStatus,
  CaseStep,
  MergeCaseArgs,
  RecordCaseStepArgs,
  RecordForeignNationalArgs,
  RecordMatchArgs,
  SplitCaseArgs,
} from './messages';

const CLOSED: readonly CaseStatus[] = ['RELEASED', 'RETURNED_TO_OTHER_PARTY', 'MERGED'];
export const isClosed = (status: CaseStatus): boolean => CLOSED.includes(status);

/** A retained case waits for new family reference data, not for anyone's action: no reminders. */
export const awaitsAction = (status: CaseStatus): boolean => !isClosed(status) && status !== 'UNIDENTIFIED_RETAINED';

const BEFORE_IDENTIFICATION: readonly CaseStep[] = ['UNIDENTIFIED_RETAINED', 'RETURNED_TO_OTHER_PARTY'];

/** The steps each status may go on to. */
const NEXT: Record<CaseStatus, readonly CaseStep[]> = {
  RECEIVED: ['EXAMINED', 'RETURNED_TO_OTHER_PARTY'],
  EXAMINED: ['SAMPLED', 'RETURNED_TO_OTHER_PARTY'],
  SAMPLED: ['PROFILED', 'RESAMPLE', ...BEFORE_IDENTIFICATION],
  RESAMPLE: ['SAMPLED', ...BEFORE_IDENTIFICATION],
  PROFILED: ['MATCHED', ...BEFORE_IDENTIFICATION],
  MATCHED: ['IDENTIFIED', ...BEFORE_IDENTIFICATION],
  IDENTIFIED: ['FAMILY_INFORMED'],
  FAMILY_INFORMED: ['RELEASED'],
  // A numbered grave is reopenable: exhumation and a new sample, or a late profile or match.
  UNIDENTIFIED_RETAINED: ['SAMPLED', 'PROFILED', 'MATCHED', 'RETURNED_TO_OTHER_PARTY'],
  RELEASED: [],
  RETURNED_TO_OTHER_PARTY: [],
  MERGED: [],
};

/** Position on the main line, to tell a step already passed from one not yet possible. */
const RANK: Partial<Record<CaseStatus, number>> = {
  RECEIVED: 0,
  EXAMINED: 1,
  SAMPLED: 2,
  RESAMPLE: 2,
  PROFILED: 3,
  MATCHED: 4,
  IDENTIFIED: 5,
  FAMILY_INFORMED: 6,
  RELEASED: 7,
};

/** Why a step is not possible yet. */
const NEEDS: Record<CaseStep, string> = {
  EXAMINED: 'the post-mortem examination follows the reception of the remains',
  SAMPLED: 'no DNA sample before the post-mortem examination',
  RESAMPLE: 'a resample is asked only when a sample gave no DNA profile',
  PROFILED: 'no DNA profile without a sample',
  MATCHED: 'no match without a DNA profile',
  IDENTIFIED: 'no legal identification without a match',
  FAMILY_INFORMED: 'the family is informed only after legal identification',
  RELEASED: 'cannot release before the family is informed',
  UNIDENTIFIED_RETAINED: 'remains are retained unidentified only once a DNA sample is taken',
  RETURNED_TO_OTHER_PARTY: 'identified remains go to their family, not back to the other party',
};

function rankOf(state: CaseState): number {
  if (state.status === 'UNIDENTIFIED_RETAINED') return state.profiled ? 3 : 2;
  return RANK[state.status] ?? 0;
}

function allowedNext(state: CaseState): readonly CaseStep[] {
  if (state.status !== 'UNIDENTIFIED_RETAINED') return NEXT[state.status];
  // A retained case is matched on its existing profile, or profiled first.
  return NEXT.UNIDENTIFIED_RETAINED.filter((s) => (state.profiled ? s !== 'PROFILED' : s !== 'MATCHED'));
}

const closedReason = (state: CaseState) => `case is closed: ${state.caseNumber} is ${state.status}`;

/** Why `step` cannot be recorded now, or undefined when it can. */
export function stepRejection(state: CaseState, step: CaseStep): string | undefined {
  if (isClosed(state.status)) return closedReason(state);
  if (step === state.status) return `the case is already ${step}`;
  // A national of the other side goes back whatever its forensic progress, identified or not.
  if (step === 'RETURNED_TO_OTHER_PARTY' && state.returnTo) return undefined;
  if (allowedNext(state).includes(step)) return undefined;
  if (step === 'RESAMPLE') return NEEDS.RESAMPLE;
  if (BEFORE_IDENTIFICATION.includes(step) && rankOf(state) >= RANK.IDENTIFIED!) {
    return 'identified remains go to their family: they are neither retained unidentified nor returned to the other party';
  }
  const rank = RANK[step];
  if (rank !== undefined && rank < rankOf(state)) return `the case is already past ${step} (it is ${state.status})`;
  if (step === 'PROFILED' && state.profiled) return 'the case already has a DNA profile';
  return NEEDS[step];
}

// Identifiers only: a space or anything beyond these characters suggests a name or free text.
const CODE = /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,127}$/;

/** Why the who/when/reference of a message is not acceptable, or undefined. */
function attributionRejection(
  args: { by: string; occurredAt?: string; reference?: string },
  nowMs: number,
): string | undefined {
  if (typeof args.by !== 'string' || !CODE.test(args.by)) {
    return 'by must be a staff or authority code (letters, digits and . _ : / # -), never a name';
  }
  if (args.reference !== undefined && (typeof args.reference !== 'string' || !CODE.test(args.reference))) {
    return 'reference must be an opaque identifier from the forensic records (letters, digits and . _ : / # -), never personal data or free text';
  }
  if (args.occurredAt !== undefined) {
    const at = Date.parse(args.occurredAt);
    if (!Number.isFinite(at)) return 'occurredAt must be an ISO 8601 date and time';
    // A few minutes of clock skew between the reporter and the server are tolerated.
    if (at > nowMs + 5 * 60_000) return 'occurredAt is in the future';
  }
  return undefined;
}

export function recordStepRejection(state: CaseState, args: RecordCaseStepArgs, nowMs: number): string | undefined {
  return attributionRejection(args, nowMs) ?? stepRejection(state, args.step) ?? familiesFirstRejection(state, args);
}

/**
 * Families first, in the workflow: a match names the missing person, the family is told through the
 * missing-person case (never by a bare step), the remains go only to the contact designated to receive
 * them, and a return names the party it goes to.
 */
export function familiesFirstRejection(state: CaseState, args: RecordCaseStepArgs): string | undefined {
  if (args.releasedTo !== undefined && (args.step !== 'RELEASED' || !Number.isInteger(args.releasedTo))) {
    return 'releasedTo is given with RELEASED only: the position of the family contact the remains go to';
  }
  if (isClosed(state.status)) return undefined;
  switch (args.step) {
    case 'MATCHED':
      return 'a match names the missing-person case it links: record it as a match (report number and kinship statistic)';
    case 'FAMILY_INFORMED':
      return "the family is informed through its missing-person case: the party's authority records there who told it, when and how";
    case 'RELEASED':
      if (state.familyInformedAt === undefined || state.receiverContact === undefined) {
        return state.status === 'FAMILY_INFORMED' || state.status === 'IDENTIFIED'
          ? 'cannot release before the family is informed'
          : undefined;
      }
      if (args.releasedTo === undefined) {
        return `a release names the family contact it goes to (releasedTo): only contact ${state.receiverContact}, designated to receive the remains`;
      }
      if (args.releasedTo !== state.receiverContact) {
        return `the remains are released only to the contact designated to receive them: contact ${state.receiverContact} of ${state.missingPersonCaseNumber}, not ${args.releasedTo}`;
      }
      return undefined;
    case 'RETURNED_TO_OTHER_PARTY':
      return state.returnTo
        ? undefined
        : 'a return names the party the remains go to: record first that they are a national of the other side (with its evidence)';
    default:
      return undefined;
  }
}

const POSITIVE = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n > 0;

export function matchRejection(state: CaseState, args: RecordMatchArgs, nowMs: number): string | undefined {
  if (isClosed(state.status)) return closedReason(state);
  if (typeof args.missingPersonCaseNumber !== 'string' || !CODE.test(args.missingPersonCaseNumber)) {
    return 'missingPersonCaseNumber must be a missing-person case number';
  }
  if (typeof args.reportNumber !== 'string' || !CODE.test(args.reportNumber)) {
    return 'reportNumber must be the match report number (letters, digits and . _ : / # -)';
  }
  if (!POSITIVE(args.kinshipStatistic)) return 'kinshipStatistic must be a positive number';
  if (state.returnTo) return `the remains are already found to be a national of ${state.returnTo}`;
  return attributionRejection(args, nowMs) ?? stepRejection(state, 'MATCHED');
}

export function foreignNationalRejection(
  state: CaseState,
  args: RecordForeignNationalArgs,
  nowMs: number,
): string | undefined {
  if (isClosed(state.status)) return closedReason(state);
  if (typeof args.missingPersonCaseNumber !== 'string' || !CODE.test(args.missingPersonCaseNumber)) {
    return 'missingPersonCaseNumber must be a missing-person case number';
  }
  if (typeof args.returnTo !== 'string' || !/^[A-Z]{2,3}$/.test(args.returnTo)) return 'returnTo must be a party code';
  if (args.returnTo === state.receivingParty) {
    return `a national of the other side goes back to the other party, not to ${state.receivingParty}, which received the remains`;
  }
  if (state.returnTo) return `the remains are already found to be a national of ${state.returnTo}`;
  if (args.evidence !== 'DNA_MATCH' && args.evidence !== 'DOCUMENTS') return 'evidence must be DNA_MATCH or DOCUMENTS';
  if (typeof args.reference !== 'string' || !CODE.test(args.reference)) {
    return 'reference must be the match report or document number (letters, digits and . _ : / # -)';
  }
  if (args.evidence === 'DNA_MATCH' && !POSITIVE(args.kinshipStatistic)) {
    return 'a DNA match gives its kinship statistic (a positive number)';
  }
  return attributionRejection(args, nowMs);
}

export const MAX_SPLIT_PARTS = 20;

export function splitRejection(state: CaseState, args: SplitCaseArgs, nowMs: number): string | undefined {
  if (isClosed(state.status)) return closedReason(state);
  if (!Number.isInteger(args.parts) || args.parts < 1 || args.parts > MAX_SPLIT_PARTS) {
    return `parts must be a whole number from 1 to ${MAX_SPLIT_PARTS}`;
  }
  const foreign = (args.containerIds ?? []).filter((id) => !state.containerIds.includes(id));
  if (foreign.length) return `containers ${foreign.join(', ')} are not among this case's containers`;
  if (args.containerIds && args.containerIds.length === 0)
    return 'containerIds, when given, names at least one container';
  return attributionRejection(args, nowMs);
}

export function mergeRejection(state: CaseState, args: MergeCaseArgs, nowMs: number): string | undefined {
  if (isClosed(state.status)) return closedReason(state);
  if (typeof args.absorbedCaseNumber !== 'string' || !CODE.test(args.absorbedCaseNumber)) {
    return 'absorbedCaseNumber must be a PM number';
  }
  if (args.absorbedCaseNumber === state.caseNumber) return 'a case cannot absorb itself';
  return attributionRejection(args, nowMs);
}

/** PM numbers of the cases split off `caseNumber`, continuing its numbering. */
export const splitCaseNumbers = (caseNumber: string, splitsSoFar: number, parts: number): string[] =>
  Array.from({ length: parts }, (_, i) => `${caseNumber}.${splitsSoFar + i + 1}`);
