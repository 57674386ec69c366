import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../shared/domain';
import type { DiscrepancyState } from './rules';

/** Updates and the query of a discrepancy's workflow (`discrepancy:<id>`), with stable wire names. */

export const discrepancyStateQuery = defineQuery<DiscrepancyState>('discrepancyState');

/** Answers once the discrepancy's record is written (its first step), with its state. */
export const discrepancyRecordedUpdate = defineUpdate<DiscrepancyState, []>('discrepancyRecorded');

export interface AttestAccount {
  text: string;
  count?: number;
  tags?: string[];
  by: Actor;
}
/** Answers with the statement's position in the record. */
export const attestAccountUpdate = defineUpdate<{ sequence: number }, [AttestAccount]>('attestAccount');

export interface ProposeResolution {
  text: string;
  by: Actor;
}
export const proposeResolutionUpdate = defineUpdate<{ proposal: number; sequence: number }, [ProposeResolution]>(
  'proposeResolution',
);

export interface AcceptResolution {
  proposal: number;
  by: Actor;
}
export const acceptResolutionUpdate = defineUpdate<DiscrepancyState, [AcceptResolution]>('acceptResolution');

export interface EscalateDiscrepancy {
  reason: string;
  by: Actor;
}
export const escalateDiscrepancyUpdate = defineUpdate<DiscrepancyState, [EscalateDiscrepancy]>('escalateDiscrepancy');

export interface DecideDiscrepancy {
  resolution: string;
  by: Actor;
}
export const decideDiscrepancyUpdate = defineUpdate<DiscrepancyState, [DecideDiscrepancy]>('decideDiscrepancy');
