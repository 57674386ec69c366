import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/**
 * The remains case's types and messages, defined once with stable wire names.
 * Everything here crosses workflow history: identifiers, step names, dates,
 * authority codes and opaque references only — never names, DNA data or
 * family contacts.
 */

export const CASE_STATUSES = [
  'RECEIVED',
  'EXAMINED',
  'SAMPLED',
  'RESAMPLE',
  'PROFILED',
  'MATCHED',
  'IDENTIFIED',
  'FAMILY_INFORMED',
  'RELEASED',
  'UNIDENTIFIED_RETAINED',
  'RETURNED_TO_OTHER_PARTY',
  'MERGED',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** What a case event records (mirrors the CaseEventKind enum of prisma/schema/case.prisma). */
export type CaseEventKind = 'STEP' | 'SPLIT' | 'ABSORBED' | 'MERGED' | 'REMINDER' | 'FOREIGN_NATIONAL';

/** The steps staff record; RECEIVED is the opening and MERGED comes only from a merge. */
export type CaseStep = Exclude<CaseStatus, 'RECEIVED' | 'MERGED'>;

/** How long to wait, as a Temporal duration: milliseconds or e.g. '30 days'. */
export type CaseDuration = number | string;

export interface CaseInput {
  /** The post-mortem number. */
  caseNumber: string;
  operationReference: string;
  /** Party code of the side following the case. */
  receivingParty: string;
  /** Code of the authority reminded when the case makes no progress. */
  responsibleAuthority: string;
  /** Database ids of the containers the remains came from. */
  containerIds: string[];
  openedBy: string;
  /** ISO instant; defaults to the workflow's start. With caseId: the opening as recorded, and the reminder clock's start. */
  openedAt?: string;
  /**
   * Set when the opening is already recorded (cases opened in bulk, activities/remains-case/cases.ts): the case row's id.
   * The workflow then records nothing at its start and publishes nothing the start did not already set.
   */
  caseId?: string;
  /** Set on a case split off another one: that case's PM number. */
  splitFrom?: string;
  /** No progress for this long reminds the authority, and again after each further period. Default 30 days. */
  reminderPeriod?: CaseDuration;
  /** A closed case still answers (rejecting steps with "case is closed") for this long. Default 7 days. */
  closedRetention?: CaseDuration;
  /** Events (steps, splits, merges, reminders) per run before continuing as new. Default 200. */
  maxEventsPerRun?: number;
  /** Set only by continue-as-new: the state to carry on from. */
  carried?: CaseState;
}

/** What the case workflow answers to `caseStateQuery`; also what continue-as-new carries. */
export interface CaseState {
  caseNumber: string;
  /** Database id, once the opening is recorded. */
  caseId?: string;
  operationReference: string;
  receivingParty: string;
  responsibleAuthority: string;
  containerIds: string[];
  status: CaseStatus;
  /** Whether the current sample has a DNA profile (a retained case can be matched only then). */
  profiled: boolean;
  /** Sequence of the last recorded case event. */
  sequence: number;
  /** When progress was last recorded (workflow time, ISO); the reminder clock runs from here or the last reminder. */
  lastProgressAt: string;
  lastReminderAt?: string;
  remindersSent: number;
  /** How many cases were split off this one (numbers the next split). */
  splits: number;
  mergedInto?: string;
  /** Run of the workflow (continue-as-new increments it). */
  run: number;
  /** The missing-person case the remains were matched to (or found to be, for a national of the other side). */
  missingPersonCaseNumber?: string;
  /** Set when the party's authority recorded that the family was told: the contact the remains go to. */
  receiverContact?: number;
  familyInformedAt?: string;
  /** A national of the other side: the party the remains go back to. */
  returnTo?: string;
}

export interface RecordCaseStepArgs {
  step: CaseStep;
  /** Code of the person or authority recording the step. */
  by: string;
  /** ISO instant the step happened; defaults to now. */
  occurredAt?: string;
  /** Opaque reference into the forensic authority's records, e.g. a sample or match id. */
  reference?: string;
  /** For RELEASED: the family contact (its position in the missing-person case) the remains go to. */
  releasedTo?: number;
}

/** A DNA match between this remains case and a missing-person case of the same party. */
export interface RecordMatchArgs {
  missingPersonCaseNumber: string;
  /** The match report's number. */
  reportNumber: string;
  /** The kinship statistic (likelihood ratio) the report gives. */
  kinshipStatistic: number;
  by: string;
  occurredAt?: string;
}

/** The remains are found to be a person reported missing by the other side's families. */
export interface RecordForeignNationalArgs {
  missingPersonCaseNumber: string;
  /** The party the person is from: the remains go back to it. */
  returnTo: string;
  evidence: 'DNA_MATCH' | 'DOCUMENTS';
  /** The match report's number, or the documents'. */
  reference: string;
  kinshipStatistic?: number;
  by: string;
  occurredAt?: string;
}

/** From the missing-person case: the family was told of this identification. */
export interface FamilyInformedSignalArgs {
  missingPersonCaseNumber: string;
  /** The designated contact: the remains are released to it only. */
  receiverContact: number;
  by: string;
  informedAt: string;
}

export interface SplitCaseArgs {
  /** How many new cases to open for remains found with this one (1–20). */
  parts: number;
  by: string;
  occurredAt?: string;
  reference?: string;
  /** Containers the new cases come from; default all of this case's. */
  containerIds?: string[];
}

export interface MergeCaseArgs {
  /** PM number of the case this one absorbs. */
  absorbedCaseNumber: string;
  by: string;
  occurredAt?: string;
  reference?: string;
}

/** Sent by the absorbing case to the absorbed one. */
export interface CaseMergedArgs {
  intoCaseNumber: string;
  by: string;
  occurredAt: string;
  reference?: string;
}

export const recordCaseStepUpdate = defineUpdate<CaseState, [RecordCaseStepArgs]>('recordCaseStep');
export const splitCaseUpdate = defineUpdate<{ caseNumbers: string[] }, [SplitCaseArgs]>('splitCase');
export const mergeCaseUpdate = defineUpdate<CaseState, [MergeCaseArgs]>('mergeCase');
export const caseMergedSignal = defineSignal<[CaseMergedArgs]>('caseMerged');
export const recordMatchUpdate = defineUpdate<CaseState, [RecordMatchArgs]>('recordMatch');
export const recordForeignNationalUpdate = defineUpdate<CaseState, [RecordForeignNationalArgs]>(
  'recordForeignNational',
);
export const familyInformedSignal = defineSignal<[FamilyInformedSignalArgs]>('familyInformed');
export const caseStateQuery = defineQuery<CaseState>('caseState');
