import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, AgreementTerms, Direction, HandoverStatus, OperationState } from '../shared/domain';
import type { HandoverSummary } from '../handover-day/rules';

/**
 * The operation's signals, updates and queries, defined once with stable wire names and typed
 * arguments; the workflows, the API and the tests all import them from here.
 * Updates answer a person now ("recorded" / "rejected: why"); their validators
 * reject before anything enters history.
 */

export const operationStateQuery = defineQuery<OperationState>('operationState');

export interface ConfirmTerms {
  version: number;
  by: Actor;
}
export const confirmTermsUpdate = defineUpdate<OperationState, [ConfirmTerms]>('confirmTerms');

export interface AmendAgreement {
  terms: AgreementTerms;
  by: Actor;
}
export const amendAgreementUpdate = defineUpdate<OperationState, [AmendAgreement]>('amendAgreement');

export interface ScheduleHandover {
  date: string;
  exchangePoint: string;
  transfers: Array<Direction & { plannedCount: number }>;
  by: Actor;
}
/** Answers with the handover's workflow id. */
export const scheduleHandoverUpdate = defineUpdate<{ workflowId: string }, [ScheduleHandover]>('scheduleHandover');

export interface ChangePhase {
  reason?: string;
  by: Actor;
}
export const suspendOperationUpdate = defineUpdate<OperationState, [ChangePhase]>('suspendOperation');
export const resumeOperationUpdate = defineUpdate<OperationState, [ChangePhase]>('resumeOperation');
export const abortOperationUpdate = defineUpdate<OperationState, [ChangePhase]>('abortOperation');
/** Ends the handover phase: no more days; case follow-up goes on. */
export const completeHandoversUpdate = defineUpdate<OperationState, [ChangePhase]>('completeHandovers');
export const closeOperationUpdate = defineUpdate<OperationState, [ChangePhase]>('closeOperation');

/** A handover day tells its operation how it stands (child → parent); `date` is the day's date after a postponement. */
export interface HandoverChanged {
  dayKey: string;
  status: HandoverStatus;
  date?: string;
  summary?: HandoverSummary;
}
export const handoverChangedSignal = defineSignal<[HandoverChanged]>('handoverChanged');
