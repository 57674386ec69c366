/**
 * The rules of an operation's lifecycle, as pure functions over its state:
 * the workflow's update validators call them and unit tests exercise them.
 */
import {
  FINAL_HANDOVER_STATUSES,
  type Actor,
  type AgreementTerms,
  type OperationInput,
  type OperationPhase,
  type OperationState,
} from '../shared/domain';
import type { ScheduleHandover } from '../operation/messages';
import { assertActor, isCalendarDate } from '../handover-day/rules';
import { fail, InvalidInput } from '../shared/refusal';
import { assertOptionalText, assertText, pointerTo, TEXT } from '../shared/text';

const ENDED: readonly OperationPhase[] = ['CLOSED', 'ABORTED'];

function assertCoordinator(by: Actor, what: string): void {
  assertActor(by);
  if (by.role !== 'COORDINATOR') fail(`Only a coordinator can ${what}.`);
}

function assertNotEnded(state: OperationState): void {
  if (ENDED.includes(state.phase)) fail(`The operation is ${state.phase.toLowerCase()}.`);
}

/** The agreement's text and dates, at `path` within the message (the API checks the rest of its shape). */
export function assertAgreementText(terms: AgreementTerms, path: Array<string | number>): void {
  const at = (...rest: Array<string | number>) => [...path, ...rest];
  if (!Array.isArray(terms?.parties) || terms.parties.length !== 2)
    throw new InvalidInput(pointerTo(at('parties')), 'must name the two parties');
  terms.parties.forEach((p, i) => assertText(p?.name, TEXT.partyName, at('parties', i, 'name')));
  assertText(terms.venue, TEXT.venue, at('venue'));
  if (!Array.isArray(terms.exchangePoints) || terms.exchangePoints.length === 0)
    throw new InvalidInput(pointerTo(at('exchangePoints')), 'must name at least one exchange point');
  terms.exchangePoints.forEach((x, i) => assertText(x, TEXT.exchangePoint, at('exchangePoints', i)));
  for (const [value, where] of [
    [terms.concludedOn, at('concludedOn')],
    [terms.window?.start, at('window', 'start')],
    [terms.window?.end, at('window', 'end')],
  ] as const) {
    if (!isCalendarDate(value)) throw new InvalidInput(pointerTo(where), 'must be a calendar date, YYYY-MM-DD');
  }
}

/** What an operation starts with: checked before its first record, so that a bad start fails at once. */
export function assertOperationInput(input: OperationInput): void {
  assertText(input.reference, TEXT.reference, ['reference']);
  assertText(input.title, TEXT.title, ['title']);
  assertAgreementText(input.agreement, ['agreement']);
}

/** Returns false when that party already confirmed this version (nothing to do). */
export function checkConfirmTerms(state: OperationState, terms: AgreementTerms, version: number, by: Actor): boolean {
  assertActor(by);
  assertNotEnded(state);
  const parties = terms.parties.map((p) => p.code);
  if (by.role !== 'PARTY_LIAISON' || !by.party || !parties.includes(by.party)) {
    fail('Only a liaison of one of the two parties can confirm the terms, for that party.');
  }
  if (version !== state.agreementVersion) {
    fail(
      `Version ${version} is not the current agreement (version ${state.agreementVersion} is); confirm the current one.`,
    );
  }
  return !(by.party! in state.confirmations);
}

export function checkAmend(state: OperationState, current: AgreementTerms, amended: AgreementTerms, by: Actor): void {
  assertCoordinator(by, 'amend the agreement');
  assertNotEnded(state);
  if (state.phase === 'FOLLOW_UP') fail('The handovers are complete; the agreement can no longer be amended.');
  const codes = (t: AgreementTerms) =>
    t.parties
      .map((p) => p.code)
      .sort()
      .join(',');
  assertAgreementText(amended, ['terms']);
  if (codes(amended) !== codes(current)) fail('An amendment cannot change the parties.');
}

export function checkSchedule(state: OperationState, terms: AgreementTerms, request: ScheduleHandover): void {
  assertCoordinator(request.by, 'schedule a handover day');
  if (!isCalendarDate(request.date)) throw new InvalidInput('/date', 'must be a calendar date, YYYY-MM-DD');
  assertText(request.exchangePoint, TEXT.exchangePoint, ['exchangePoint']);
  if (state.phase !== 'PREPARING' && state.phase !== 'IN_PROGRESS') {
    fail(
      state.phase === 'PLANNED'
        ? 'Both parties must confirm the agreed terms before any handover is scheduled.'
        : `A handover cannot be scheduled while the operation is ${state.phase.toLowerCase().replace('_', ' ')}.`,
    );
  }
  if (!state.termsConfirmed) fail(`Both parties must confirm agreement version ${state.agreementVersion} first.`);
  checkDateInWindow(terms.window, request.date);
  if (!terms.exchangePoints.includes(request.exchangePoint))
    fail(`${request.exchangePoint} is not an agreed exchange point.`);
  checkDateFree(state.handovers, request.date);
  if (request.transfers.length === 0) fail('A handover needs at least one direction.');
  const parties = terms.parties.map((p) => p.code);
  const seen = new Set<string>();
  for (const t of request.transfers) {
    if (!parties.includes(t.from) || !parties.includes(t.to) || t.from === t.to) {
      fail(`A transfer must go from one party to the other (${t.from} to ${t.to} does not).`);
    }
    if (seen.has(`${t.from}>${t.to}`)) fail(`The direction ${t.from} to ${t.to} is given twice.`);
    seen.add(`${t.from}>${t.to}`);
    if (!Number.isInteger(t.plannedCount) || t.plannedCount < 0)
      fail('A planned count must be a whole number, zero or more.');
  }
}

/** The operation's days by key (the date first scheduled), each with its current date and workflow. */
export type DaysByKey = Record<string, { date: string; workflowId: string }>;

/** A day's date lies within the agreed window (of the current agreement). */
export function checkDateInWindow(window: { start: string; end: string }, date: string): void {
  if (date < window.start || date > window.end) {
    fail(`${date} is outside the agreed window (${window.start} to ${window.end}).`);
  }
}

/** One day per date: no other day (other than `movingWorkflowId`'s) is first scheduled on `date` or postponed to it. */
export function checkDateFree(days: DaysByKey, date: string, movingWorkflowId?: string): void {
  const other = Object.entries(days).find(
    ([dayKey, h]) => (dayKey === date || h.date === date) && h.workflowId !== movingWorkflowId,
  );
  if (other) fail(`A handover is already scheduled for ${date}.`);
}

/**
 * The day's date rule, as scheduling applies it and as a postponement must:
 * within the agreed window (when one is known) and held by no other day.
 * Throws RuleViolation.
 */
export function checkDayDate(
  window: { start: string; end: string } | undefined,
  days: DaysByKey,
  date: string,
  movingWorkflowId?: string,
): void {
  if (window) checkDateInWindow(window, date);
  checkDateFree(days, date, movingWorkflowId);
}

export function checkSuspend(state: OperationState, by: Actor, reason?: string): void {
  assertCoordinator(by, 'suspend the operation');
  assertOptionalText(reason, TEXT.reason, ['reason']);
  if (state.phase !== 'PREPARING' && state.phase !== 'IN_PROGRESS') {
    fail(`An operation that is ${state.phase.toLowerCase().replace('_', ' ')} cannot be suspended.`);
  }
}

export function checkResume(state: OperationState, by: Actor): void {
  assertCoordinator(by, 'resume the operation');
  if (state.phase !== 'SUSPENDED') fail('The operation is not suspended.');
}

export function checkAbortOperation(state: OperationState, by: Actor, reason: string | undefined): void {
  assertCoordinator(by, 'abort the operation');
  assertNotEnded(state);
  if (state.phase === 'FOLLOW_UP') fail('The handovers are complete; the operation can be closed, not aborted.');
  if (!reason?.trim()) fail('Aborting needs a reason.');
  assertText(reason, TEXT.reason, ['reason']);
}

export function checkCompleteHandovers(state: OperationState, by: Actor): void {
  assertCoordinator(by, 'end the handover phase');
  if (state.phase !== 'IN_PROGRESS') fail('Only an operation in progress can end its handover phase.');
  const open = Object.entries(state.handovers).filter(([, h]) => !FINAL_HANDOVER_STATUSES.includes(h.status));
  if (open.length) fail(`Handover days still open: ${open.map(([day]) => day).join(', ')}.`);
}

export function checkClose(state: OperationState, by: Actor): void {
  assertCoordinator(by, 'close the operation');
  if (state.phase !== 'FOLLOW_UP') fail('Only an operation in follow-up can be closed.');
}
