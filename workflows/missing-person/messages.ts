import { defineQuery, defineUpdate } from '@temporalio/workflow';

/**
 * The missing-person case's types and messages. Everything here crosses
 * workflow history: case numbers, statuses, party and staff codes, dates and
 * opaque references only. The person's name, ante-mortem data and the
 * family's contacts never enter a workflow: they live sealed in PostgreSQL.
 */

export const MISSING_PERSON_STATUSES = [
  'REPORTED',
  'ACTIVE',
  'IDENTIFIED_DECEASED',
  'LOCATED_ALIVE',
  'CONFIRMED_DETAINED',
  'FAMILY_INFORMED',
  'CLOSED',
] as const;
export type MissingPersonStatus = (typeof MISSING_PERSON_STATUSES)[number];

/** The statuses a change may ask for (REPORTED is the opening). ACTIVE from CLOSED reopens the case. */
export type MissingPersonTarget = Exclude<MissingPersonStatus, 'REPORTED'>;

export interface MissingPersonInput {
  caseNumber: string;
  /** Database id of the case. */
  caseId: string;
  /** The party the person is from. */
  party: string;
  /** The status PostgreSQL holds when the workflow starts (the case may have rested for years). */
  status: MissingPersonStatus;
  /** A closed case still answers (and may be reopened in place) for this long; default 7 days. */
  closedRetention?: number | string;
  /** Changes per run before continuing as new; default 200. */
  maxEventsPerRun?: number;
  /** Set only by continue-as-new. */
  carried?: MissingPersonState;
}

export interface MissingPersonState {
  caseNumber: string;
  caseId: string;
  party: string;
  status: MissingPersonStatus;
  /** Changes made by this workflow (all runs): numbers the event keys. */
  changes: number;
  reopenings: number;
  run: number;
  /** The family-informed tasks, one per identified remains case (several for commingled remains). */
  notices?: FamilyNoticeState[];
}

/** One task of telling the family of an identification: open until the party's authority records it done. */
export interface FamilyNoticeState {
  /** The identified remains case (PM number). */
  remainsCaseNumber: string;
  openedAt: string;
  /** Past this the task is overdue: the authority and the tracing service are told. */
  dueAt: string;
  /** Milliseconds between reminders to the authority. */
  reminderMs: number;
  remindersSent: number;
  lastReminderAt?: string;
  overdue: boolean;
  /** Set once the family was told; then the remains may be released to `receiverContact`. */
  informedAt?: string;
}

export interface ChangeMissingPersonStatusArgs {
  status: MissingPersonTarget;
  /** Code of the person recording the change. */
  by: string;
  occurredAt?: string;
  /** Opaque reference: a remains case's PM number, a detention record's number, a document's number. */
  reference?: string;
}

/** From a remains case's legal identification (an activity of the remains case workflow). */
export interface RemainsIdentifiedArgs {
  remainsCaseNumber: string;
  /** Code of the authority that made the identification. */
  by: string;
  occurredAt: string;
  /** How long the party's authority has to tell the family, and how often it is reminded (Temporal durations). */
  noticeDeadline: number | string;
  noticeReminderEvery: number | string;
}

/** The party's authority records that the family was told (who, when, how, through which contact). */
export interface FamilyInformedArgs {
  remainsCaseNumber: string;
  /** Code of the authority's officer who told the family. */
  by: string;
  informedAt: string;
  channel: 'PHONE' | 'EMAIL' | 'POST' | 'IN_PERSON';
  /** Position of the designated contact told (also the one the remains are released to). */
  contactPosition: number;
}

export const remainsIdentifiedUpdate = defineUpdate<MissingPersonState, [RemainsIdentifiedArgs]>('remainsIdentified');
export const familyInformedUpdate = defineUpdate<MissingPersonState, [FamilyInformedArgs]>('familyInformed');

export const changeMissingPersonStatusUpdate = defineUpdate<MissingPersonState, [ChangeMissingPersonStatusArgs]>(
  'changeMissingPersonStatus',
);
export const missingPersonStateQuery = defineQuery<MissingPersonState>('missingPersonState');

export interface ReviewScanInput {
  /** Time between scans; default 1 day. */
  interval?: number | string;
  /** Cases reminded per activity; default 500. */
  batchSize?: number;
  /** Scans per run before continuing as new; default 50. */
  scansPerRun?: number;
}
