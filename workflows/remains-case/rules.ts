/**
 * The order of a remains case's steps, as pure functions over its state: the
 * case workflow's update validators call the `check…` functions, which throw
 * a RuleViolation with a reason a person can act on, so a broken rule is
 * refused before anything reaches history; the handlers call them again, as
 * the state may have moved while the update waited its turn.
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
import { fail, RuleViolation } from '../shared/refusal';

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

/** The order of steps: `step` must be one the case may go on to now. */
function checkStepOrder(state: CaseState, step: CaseStep): void {
  if (isClosed(state.status)) fail(closedReason(state));
  if (step === state.status) fail(`the case is already ${step}`);
  // A national of the other side goes back whatever its forensic progress, identified or not.
  if (step === 'RETURNED_TO_OTHER_PARTY' && state.returnTo) return;
  if (allowedNext(state).includes(step)) return;
  if (step === 'RESAMPLE') fail(NEEDS.RESAMPLE);
  if (BEFORE_IDENTIFICATION.includes(step) && rankOf(state) >= RANK.IDENTIFIED!) {
    fail(
      'identified remains go to their family: they are neither retained unidentified nor returned to the other party',
    );
  }
  const rank = RANK[step];
  if (rank !== undefined && rank < rankOf(state)) fail(`the case is already past ${step} (it is ${state.status})`);
  if (step === 'PROFILED' && state.profiled) fail('the case already has a DNA profile');
  fail(NEEDS[step]);
}

/** Why `step` cannot come next, or undefined when it can: the order of steps asked as a question (tests pick steps by it). */
export function stepRejection(state: CaseState, step: CaseStep): string | undefined {
  try {
    checkStepOrder(state, step);
    return undefined;
  } catch (err) {
    if (err instanceof RuleViolation) return err.message;
    throw err;
  }
}

function checkOpen(state: CaseState): void {
  if (isClosed(state.status)) fail(closedReason(state));
}

// Identifiers only: a space or anything beyond these characters suggests a name or free text.
const CODE = /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,127}$/;
const isCode = (value: unknown): boolean => typeof value === 'string' && CODE.test(value);

/** The who/when/reference of a message must be codes and a past instant. */
function checkAttribution(args: { by: string; occurredAt?: string; reference?: string }, nowMs: number): void {
  if (!isCode(args.by)) fail('by must be a staff or authority code (letters, digits and . _ : / # -), never a name');
  if (args.reference !== undefined && !isCode(args.reference)) {
    fail(
      'reference must be an opaque identifier from the forensic records (letters, digits and . _ : / # -), never personal data or free text',
    );
  }
  if (args.occurredAt !== undefined) {
    const at = Date.parse(args.occurredAt);
    if (!Number.isFinite(at)) fail('occurredAt must be an ISO 8601 date and time');
    // A few minutes of clock skew between the reporter and the server are tolerated.
    if (at > nowMs + 5 * 60_000) fail('occurredAt is in the future');
  }
}

/** A step as the validator sees it: who and when, then the order of steps, then families first. */
export function checkRecordStep(state: CaseState, args: RecordCaseStepArgs, nowMs: number): void {
  checkAttribution(args, nowMs);
  checkStep(state, args);
}

/** A step as its turn comes: the order of steps, then families first (the attribution cannot have changed). */
export function checkStep(state: CaseState, args: RecordCaseStepArgs): void {
  checkStepOrder(state, args.step);
  checkFamiliesFirst(state, args);
}

/**
 * Families first, in the workflow: a match names the missing person, the family is told through the
 * missing-person case (never by a bare step), the remains go only to the contact designated to receive
 * them, and a return names the party it goes to.
 */
function checkFamiliesFirst(state: CaseState, args: RecordCaseStepArgs): void {
  if (args.releasedTo !== undefined && (args.step !== 'RELEASED' || !Number.isInteger(args.releasedTo))) {
    fail('releasedTo is given with RELEASED only: the position of the family contact the remains go to');
  }
  if (isClosed(state.status)) return;
  switch (args.step) {
    case 'MATCHED':
      return fail(
        'a match names the missing-person case it links: record it as a match (report number and kinship statistic)',
      );
    case 'FAMILY_INFORMED':
      return fail(
        "the family is informed through its missing-person case: the party's authority records there who told it, when and how",
      );
    case 'RELEASED':
      return checkRelease(state, args.releasedTo);
    case 'RETURNED_TO_OTHER_PARTY':
      if (!state.returnTo) {
        fail(
          'a return names the party the remains go to: record first that they are a national of the other side (with its evidence)',
        );
      }
      return;
    default:
      return;
  }
}

function checkRelease(state: CaseState, releasedTo: number | undefined): void {
  if (state.familyInformedAt === undefined || state.receiverContact === undefined) {
    if (state.status === 'FAMILY_INFORMED' || state.status === 'IDENTIFIED') {
      fail('cannot release before the family is informed');
    }
    return;
  }
  if (releasedTo === undefined) {
    fail(
      `a release names the family contact it goes to (releasedTo): only contact ${state.receiverContact}, designated to receive the remains`,
    );
  }
  if (releasedTo !== state.receiverContact) {
    fail(
      `the remains are released only to the contact designated to receive them: contact ${state.receiverContact} of ${state.missingPersonCaseNumber}, not ${releasedTo}`,
    );
  }
}

const POSITIVE = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n > 0;

export function checkMatch(state: CaseState, args: RecordMatchArgs, nowMs: number): void {
  checkOpen(state);
  if (!isCode(args.missingPersonCaseNumber)) fail('missingPersonCaseNumber must be a missing-person case number');
  if (!isCode(args.reportNumber)) {
    fail('reportNumber must be the match report number (letters, digits and . _ : / # -)');
  }
  if (!POSITIVE(args.kinshipStatistic)) fail('kinshipStatistic must be a positive number');
  if (state.returnTo) fail(`the remains are already found to be a national of ${state.returnTo}`);
  checkAttribution(args, nowMs);
  checkStepOrder(state, 'MATCHED');
}

export function checkForeignNational(state: CaseState, args: RecordForeignNationalArgs, nowMs: number): void {
  checkOpen(state);
  if (!isCode(args.missingPersonCaseNumber)) fail('missingPersonCaseNumber must be a missing-person case number');
  if (typeof args.returnTo !== 'string' || !/^[A-Z]{2,3}$/.test(args.returnTo)) fail('returnTo must be a party code');
  if (args.returnTo === state.receivingParty) {
    fail(
      `a national of the other side goes back to the other party, not to ${state.receivingParty}, which received the remains`,
    );
  }
  if (state.returnTo) fail(`the remains are already found to be a national of ${state.returnTo}`);
  if (args.evidence !== 'DNA_MATCH' && args.evidence !== 'DOCUMENTS') fail('evidence must be DNA_MATCH or DOCUMENTS');
  if (!isCode(args.reference)) {
    fail('reference must be the match report or document number (letters, digits and . _ : / # -)');
  }
  if (args.evidence === 'DNA_MATCH' && !POSITIVE(args.kinshipStatistic)) {
    fail('a DNA match gives its kinship statistic (a positive number)');
  }
  checkAttribution(args, nowMs);
}

export const MAX_SPLIT_PARTS = 20;

export function checkSplit(state: CaseState, args: SplitCaseArgs, nowMs: number): void {
  checkOpen(state);
  if (!Number.isInteger(args.parts) || args.parts < 1 || args.parts > MAX_SPLIT_PARTS) {
    fail(`parts must be a whole number from 1 to ${MAX_SPLIT_PARTS}`);
  }
  const foreign = (args.containerIds ?? []).filter((id) => !state.containerIds.includes(id));
  if (foreign.length) fail(`containers ${foreign.join(', ')} are not among this case's containers`);
  if (args.containerIds && args.containerIds.length === 0)
    fail('containerIds, when given, names at least one container');
  checkAttribution(args, nowMs);
}

export function checkMerge(state: CaseState, args: MergeCaseArgs, nowMs: number): void {
  checkOpen(state);
  if (!isCode(args.absorbedCaseNumber)) fail('absorbedCaseNumber must be a PM number');
  if (args.absorbedCaseNumber === state.caseNumber) fail('a case cannot absorb itself');
  checkAttribution(args, nowMs);
}

/** A split or merge whose turn comes after the case closed. */
export function checkStillOpen(state: CaseState): void {
  if (isClosed(state.status)) fail(`case is closed: ${state.caseNumber}`);
}

/** PM numbers of the cases split off `caseNumber`, continuing its numbering. */
export const splitCaseNumbers = (caseNumber: string, splitsSoFar: number, parts: number): string[] =>
  Array.from({ length: parts }, (_, i) => `${caseNumber}.${splitsSoFar + i + 1}`);
