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
}

export interface ChangeMissingPersonStatusArgs {
  status: MissingPersonTarget;
  /** Code of the person recording the change. */
  by: string;
  occurredAt?: string;
  /** Opaque reference: a remains case's PM number, a detention record's number, a document's number. */
  reference?: string;
}

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
