/**
 * The rules of a discrepancy's life, as pure functions over its state: the
 * discrepancy workflow's update validators call them, the API reuses the
 * text rule, and unit tests exercise them.
 *
 * OPEN → RESOLVED (both parties accept the same proposed resolution, once each
 * has attested its account) or OPEN → ESCALATED (a party, the intermediary or
 * the deadline) → RESOLVED by the coordinator's decision.
 */
import { INTERMEDIARY, type Actor, type Direction, type Duration } from '../shared/domain';
import { fail } from '../shared/refusal';
import { TEXT, textProblem } from '../shared/text';

export const DISCREPANCY_KINDS = [
  'COUNT_MISMATCH',
  'MISSING_TAG',
  'EXTRA_TAG',
  'COMMINGLED',
  'FOREIGN_NATIONAL',
  'BROKEN_SEAL',
  'SCHEDULE_DISPUTE',
] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];
export const DISCREPANCY_STATUSES = ['OPEN', 'RESOLVED', 'ESCALATED'] as const;
export type DiscrepancyStatus = (typeof DISCREPANCY_STATUSES)[number];
export const STATEMENT_TYPES = ['REPORT', 'ACCOUNT', 'PROPOSAL', 'ACCEPTANCE', 'ESCALATION', 'DECISION'] as const;
export type StatementType = (typeof STATEMENT_TYPES)[number];

export interface DiscrepancyTiming {
  /** Past it, a discrepancy still open is escalated to the coordinator. */
  deadline: Duration;
  /** While open, those who have not answered are reminded after each period. */
  reminderEvery: Duration;
}

export interface DiscrepancyInput {
  /** The record's id; the workflow is `discrepancy:<id>`. */
  id: string;
  /** Unique business key of the record (a day's finding, or `reported:<id>`). */
  key: string;
  operationReference: string;
  parties: [string, string];
  kind: DiscrepancyKind;
  /** The handover day it concerns, if any. */
  dayKey?: string;
  direction?: Direction;
  tags?: string[];
  /** A reported discrepancy: the reporter's first statement (a finding of the day has none). */
  report?: { text: string; count?: number; by: Actor };
  timing: DiscrepancyTiming;
}

export interface Account {
  principal: string;
  /** The statement that holds it (the latest of that party's accounts). */
  sequence: number;
}

export interface Proposal {
  number: number;
  sequence: number;
  principal: string;
  text: string;
}

export interface DiscrepancyState {
  id: string;
  kind: DiscrepancyKind;
  operationReference: string;
  dayKey?: string;
  parties: [string, string];
  status: DiscrepancyStatus;
  /** Statements recorded so far (the record holds their text). */
  statements: number;
  /** Party code or INTERMEDIARY → its latest account; a new account is a new statement, never an overwrite. */
  accounts: Record<string, Account>;
  proposal?: Proposal;
  /** Party code → principal who accepted the current proposal. */
  acceptances: Record<string, string>;
  reminders: number;
  escalation?: { reason: string; principal: string };
  resolution?: { text: string; principal: string };
}

/**
 * A statement is free text for the shared record (the text rule of a reason),
 * never personal data: no contact addresses ('@') and no long digit runs
 * (phone, passport or identity numbers). Tags go in their own field.
 * Returns why it is refused, or undefined.
 */
export function statementProblem(text: string): string | undefined {
  const problem = textProblem(text, TEXT.reason);
  if (problem) return problem;
  if (text.includes('@')) return "must not contain '@' (no contact addresses)";
  if (/\d{7,}/.test(text)) return 'must not contain runs of more than 6 digits (no personal numbers; tags go in tags)';
  return undefined;
}

function assertText(text: string, what: string): void {
  const problem = statementProblem(text);
  if (problem) fail(`The ${what} ${problem}.`);
}

/** Whom a statement speaks for: a party's liaison for its party, the intermediary's people for the intermediary. */
export const actingFor = (by: Actor): string => by.party ?? INTERMEDIARY;

function assertPartyLiaison(state: DiscrepancyState, by: Actor, what: string): void {
  if (by.role !== 'PARTY_LIAISON' || !by.party || !state.parties.includes(by.party)) {
    fail(`Only a liaison of ${state.parties.join(' or ')} can ${what}, for its own party.`);
  }
}

function assertNotResolved(state: DiscrepancyState): void {
  if (state.status === 'RESOLVED') fail('The discrepancy is resolved; nothing more can be recorded on it.');
}

/** Each party (and the intermediary) attests its own account; a later one adds to the record, never replaces. */
export function checkAccount(state: DiscrepancyState, text: string, by: Actor, tags: string[] = []): void {
  assertNotResolved(state);
  const badTag = tags.find((t) => textProblem(t, TEXT.tag) || t.trim() !== t);
  if (badTag !== undefined) fail('A tag of the account is not a valid tag.');
  if (by.role === 'PARTY_LIAISON') assertPartyLiaison(state, by, 'attest its account');
  else if (by.role !== 'FIELD_STAFF' && by.role !== 'COORDINATOR')
    fail("Accounts are attested by each party's liaison, or by the intermediary's field staff or coordinator.");
  assertText(text, 'account');
}

export const awaitingAccounts = (state: DiscrepancyState): string[] => state.parties.filter((p) => !state.accounts[p]);

export function checkPropose(state: DiscrepancyState, text: string, by: Actor): void {
  if (state.status !== 'OPEN') fail(`The discrepancy is ${state.status.toLowerCase()}; no resolution can be proposed.`);
  if (by.role === 'PARTY_LIAISON') assertPartyLiaison(state, by, 'propose a resolution');
  else if (by.role !== 'COORDINATOR') fail("A resolution is proposed by a party's liaison or the coordinator.");
  const awaiting = awaitingAccounts(state);
  if (awaiting.length) fail(`Each party attests its account first; still awaited: ${awaiting.join(', ')}.`);
  assertText(text, 'resolution');
}

/** Returns false when this party already accepted this proposal (nothing to do). */
export function checkAccept(state: DiscrepancyState, proposal: number, by: Actor): boolean {
  if (state.status !== 'OPEN') fail(`The discrepancy is ${state.status.toLowerCase()}; nothing can be accepted.`);
  assertPartyLiaison(state, by, 'accept a resolution');
  if (!state.proposal) fail('No resolution has been proposed yet.');
  if (proposal !== state.proposal!.number) {
    fail(
      `Proposal ${proposal} is not the current one (proposal ${state.proposal!.number} is); accept the current one.`,
    );
  }
  return !(by.party! in state.acceptances);
}

export function checkEscalate(state: DiscrepancyState, reason: string, by: Actor): void {
  if (state.status !== 'OPEN') fail(`The discrepancy is ${state.status.toLowerCase()}; it cannot be escalated.`);
  if (by.role === 'PARTY_LIAISON') assertPartyLiaison(state, by, 'escalate it');
  else if (by.role !== 'FIELD_STAFF' && by.role !== 'COORDINATOR')
    fail("A discrepancy is escalated by a party's liaison, the intermediary's field staff or the coordinator.");
  assertText(reason, 'reason');
}

export function checkDecide(state: DiscrepancyState, resolution: string, by: Actor): void {
  if (by.role !== 'COORDINATOR') fail('Only the coordinator decides an escalated discrepancy.');
  if (state.status !== 'ESCALATED') {
    fail(
      state.status === 'OPEN'
        ? 'The coordinator decides once the discrepancy is escalated; escalate it first.'
        : 'The discrepancy is resolved; nothing more can be decided.',
    );
  }
  assertText(resolution, 'decision');
}

/** Who a reminder is for: parties whose account or acceptance is awaited; both while a resolution is awaited. */
export function awaitedParties(state: DiscrepancyState): string[] {
  const awaited = state.parties.filter((p) => !state.accounts[p] || (state.proposal && !(p in state.acceptances)));
  return awaited.length ? awaited : [...state.parties];
}
