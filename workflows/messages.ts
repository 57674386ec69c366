import { defineQuery } from '@temporalio/workflow';
import type { OperationState } from './domain';

/**
 * Signals, updates and queries, defined once with stable wire names and typed
 * arguments; the workflows, the API and the tests all import them from here.
 */
export const operationStateQuery = defineQuery<OperationState>('operationState');
