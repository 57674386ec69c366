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

/** Durations as Temporal reads them: milliseconds or strings such as '2 days'. */
export type Duration = string | number;

export interface OperationTiming {
  /** Unconfirmed terms remind the coordinator after this, and again after each further period. */
  confirmationReminderAfter?: Duration;
  /** A handover day open longer than this without sign-off escalates to the coordinator. */
  signOffDeadline?: Duration;
}

export interface OperationInput {
  reference: string;
  title: string;
  agreement: AgreementTerms;
  timing?: OperationTiming;
}

export interface HandoverEntry {
  workflowId: string;
  date: string;
  status: HandoverStatus;
}

/** What the operation workflow answers to a state query. */
export interface OperationState {
  reference: string;
  phase: OperationPhase;
  agreementVersion: number;
  recorded: boolean;
  /** Party code → principal who confirmed the current agreement version. */
  confirmations: Record<string, string>;
  termsConfirmed: boolean;
  reminders: number;
  handovers: Record<string, HandoverEntry>;
  /** Per direction ("RU>UA"), per source: the sum over signed-off days. Sources are never merged. */
  totals: Record<string, Partial<Record<CountSource, number>>>;
  phaseReason?: string;
}

/** Who acts: every state change is attributed to a principal with a role (and a party, for party roles). */
export const ROLES = [
  'COORDINATOR',
  'PARTY_LIAISON',
  'FIELD_STAFF',
  'FORENSIC',
  'OBSERVER',
  'OPERATOR',
  // The intermediary's tracing service: missing-person cases and families of both sides.
  'TRACING_OFFICER',
] as const;
export type Role = (typeof ROLES)[number];
export interface Actor {
  principal: string;
  role: Role;
  /** The party a liaison acts for; absent for the intermediary's roles. */
  party?: string;
}

/** The intermediary as a custodian or count source. */
export const INTERMEDIARY = 'INTERMEDIARY';

export interface Direction {
  from: string;
  to: string;
}
export const directionKey = (d: Direction): string => `${d.from}>${d.to}`;

export const HANDOVER_STATUSES = [
  'SCHEDULED',
  'IN_PROGRESS',
  'COUNTS_RECORDED',
  'SIGNED_OFF',
  'POSTPONED',
  'REFUSED',
  'ABORTED',
] as const;
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number];
export const FINAL_HANDOVER_STATUSES: readonly HandoverStatus[] = ['SIGNED_OFF', 'REFUSED', 'ABORTED'];

export const COUNT_SOURCES = ['SENDER', 'RECEIVER', 'INTERMEDIARY'] as const;
export type CountSource = (typeof COUNT_SOURCES)[number];

/**
 * Who the sender says is in a container. Personal data: it travels only in
 * encrypted payloads and PostgreSQL, never in logs, search attributes or memos.
 */
export interface DeclaredIdentity {
  name: string;
  dateOfBirth?: string;
}

export interface ManifestLine {
  tag: string;
  /** Declared by the sender; declared is not identified. */
  declaredAffiliation?: string;
  declaredIdentity?: DeclaredIdentity;
}

/** What the intermediary's field staff report as an incident of a handover day. */
export const INCIDENT_KINDS = ['SECURITY', 'DELAY', 'EQUIPMENT', 'OTHER'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
