import { condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { OperationInput, OperationState } from './domain';
import { operationStateQuery } from './messages';
import { SearchAttr } from './search-attributes';

const { recordOperationPlanned } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Database outages are waited out: the record must be written, however late.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/**
 * One repatriation operation, from the agreement to closure. The workflow is
 * the single writer of the operation's state; each transition is persisted by
 * an idempotent activity.
 */
export async function repatriationOperation(input: OperationInput): Promise<OperationState> {
  const state: OperationState = {
    reference: input.reference,
    phase: 'PLANNED',
    agreementVersion: 1,
    recorded: false,
  };
  setHandler(operationStateQuery, () => state);

  await recordOperationPlanned({ ...input, workflowId: workflowInfo().workflowId });
  state.recorded = true;
  upsertSearchAttributes([{ key: SearchAttr.OperationPhase, value: state.phase }]);

  // The lifecycle (confirmation of terms, handover days, follow-up) moves the
  // phase on; until it ends the operation stays open.
  await condition(() => state.phase === 'CLOSED' || state.phase === 'ABORTED');
  return state;
}
