/** Domain types shared by workflows, activities and the API. Pure: no I/O. */

export const INTERMEDIARY_ROLES = ['OBSERVER', 'CUSTODIAN'] as const;
export type IntermediaryRole = (typeof INTERMEDIARY_ROLES)[number];

export const OPERATION_PHASES = [
  'PLANNED',
  'PREPARING',
  'IN_PROGRESS',
  'SUSPENDED',
  'FOLLOW_UP',
  'CLOSED',
  'ABORTED',
] as const;
export type OperationPhase = (typeof OPERATION_PHASES)[number];

export interface Party {
  /** Short code, e.g. "UA" or "RU". */
  code: string;
  name: string;
}

/** Planned count of remains for one direction, e.g. RU → UA 6,000. */
export interface PlannedTransfer {
  from: string;
  to: string;
  count: number;
}

/** The terms the two parties negotiated; dates are ISO calendar dates (YYYY-MM-DD). */
export interface AgreementTerms {
  parties: [Party, Party];
  venue: string;
  concludedOn: string;
  window: { start: string; end: string };
  exchangePoints: string[];
  plannedTransfers: PlannedTransfer[];
  intermediaryRole: IntermediaryRole;
}

export interface OperationInput {
  reference: string;
  title: string;
  agreement: AgreementTerms;
}

/** What the operation workflow answers to a state query. */
export interface OperationState {
  reference: string;
  phase: OperationPhase;
  agreementVersion: number;
  recorded: boolean;
}
