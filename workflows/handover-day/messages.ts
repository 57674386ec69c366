import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, CountSource, Direction, IncidentKind, ManifestLine } from '../shared/domain';
import type { HandoverState } from './rules';
import type { RecordProgress } from './records';

/**
 * Signals, updates and queries, defined once with stable wire names and typed
 * arguments; the workflows, the API and the tests all import them from here.
 * Updates answer a person now ("recorded" / "rejected: why"); their validators
 * reject before anything enters history.
 */

// --- Handover day ----------------------------------------------------------
export const handoverStateQuery = defineQuery<HandoverState>('handoverState');
/** How far PostgreSQL's record of the day is behind its state (changes made, changes written). */
export const dayRecordsQuery = defineQuery<RecordProgress>('dayRecords');

export interface SubmitManifest {
  direction: Direction;
  lines: ManifestLine[];
  by: Actor;
}
export const submitManifestUpdate = defineUpdate<{ version: number }, [SubmitManifest]>('submitManifest');

export interface AcknowledgeManifest {
  direction: Direction;
  version: number;
  by: Actor;
}
export const acknowledgeManifestUpdate = defineUpdate<{ version: number }, [AcknowledgeManifest]>(
  'acknowledgeManifest',
);

export const openDayUpdate = defineUpdate<HandoverState, [{ by: Actor }]>('openDay');

export interface RecordCount {
  direction: Direction;
  source: CountSource;
  count: number;
  by: Actor;
}
export const recordCountUpdate = defineUpdate<HandoverState, [RecordCount]>('recordCount');

export interface RecordReceipt {
  direction: Direction;
  /** Tags of the containers the receiver took over in this batch. */
  tags: string[];
  by: Actor;
}
export const recordReceiptUpdate = defineUpdate<{ received: number; extra: number }, [RecordReceipt]>('recordReceipt');

/** Custodian mode: the intermediary's field staff attest that it took these containers over from the sender. */
export const takeOverCustodyUpdate = defineUpdate<{ takenOver: number; extra: number }, [RecordReceipt]>(
  'takeOverCustody',
);

/**
 * Custodian mode: the custodian that releases containers attests its hand-over, at its own time: the sender's
 * liaison hands over to the intermediary what it took over; the intermediary's field staff hand over to the receiver.
 */
export const handOverCustodyUpdate = defineUpdate<{ handedOver: number; to: string }, [RecordReceipt]>(
  'handOverCustody',
);

export interface SignOff {
  party: string;
  by: Actor;
}
export const signOffUpdate = defineUpdate<HandoverState, [SignOff]>('signOff');

export interface PostponeDay {
  newDate: string;
  reason: string;
  by: Actor;
}
export const postponeDayUpdate = defineUpdate<HandoverState, [PostponeDay]>('postponeDay');

export interface EndDay {
  reason: string;
  by: Actor;
}
export const refuseDayUpdate = defineUpdate<HandoverState, [EndDay]>('refuseDay');
export const abortDayUpdate = defineUpdate<HandoverState, [EndDay]>('abortDay');

/** The operation suspends or resumes its open days. */
export const operationSuspendedSignal = defineSignal<[{ suspended: boolean }]>('operationSuspended');
/** The operation was aborted: its open days end as aborted. */
export const operationAbortedSignal = defineSignal<[{ reason: string }]>('operationAborted');

// --- Field reports ---------------------------------------------------------

export interface RecordSpotCheck {
  direction: Direction;
  tag: string;
  sealIntact: boolean;
  /** Short code-like text; no personal data. */
  note?: string;
  by: Actor;
}
/** Answers with the discrepancy opened for a broken seal, if any (its key within the day). */
export const recordSpotCheckUpdate = defineUpdate<
  { direction: Direction; tag: string; sealIntact: boolean; discrepancy?: string },
  [RecordSpotCheck]
>('recordSpotCheck');

export interface RecordIncident {
  kind: IncidentKind;
  /** Short code-like text; no personal data. */
  note: string;
  by: Actor;
}
/** Answers with the incident's sequence within the day. */
export const recordIncidentUpdate = defineUpdate<{ sequence: number; kind: IncidentKind }, [RecordIncident]>(
  'recordIncident',
);
