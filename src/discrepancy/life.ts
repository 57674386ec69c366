import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Db } from '../db';
import type { DiscrepancyInput, DiscrepancyTiming } from '../../workflows/discrepancy/rules';
import type { discrepancyLife } from '../../workflows/discrepancy/workflow';
import type { Direction } from '../../workflows/shared/domain';
import { discrepancyWorkflowId } from '../../workflows/shared/ids';
import { SearchAttr } from '../../workflows/shared/search-attributes';

/**
 * The one way a discrepancy's workflow is started, idempotently: by the API
 * (a report, or an action on a discrepancy recorded before it had a
 * workflow) and by a handover day's activity (a finding).
 */

/** Starts `discrepancy:<id>`; when it already runs (or ran), nothing happens. */
export async function startDiscrepancyLife(client: Client, taskQueue: string, input: DiscrepancyInput): Promise<void> {
  try {
    await client.workflow.start<typeof discrepancyLife>('discrepancyLife', {
      taskQueue,
      workflowId: discrepancyWorkflowId(input.id),
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: SearchAttr.OperationReference, value: input.operationReference },
        { key: SearchAttr.OperationPhase, value: 'OPEN' },
      ],
      // What an operator reads in the Web UI (no personal data).
      memo: {
        operationReference: input.operationReference,
        kind: input.kind,
        ...(input.dayKey ? { dayKey: input.dayKey } : {}),
      },
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** What the workflow of a recorded discrepancy starts with: its record's identifiers, kind, day and direction. */
export async function lifeOfRecord(db: Db, id: string, timing: DiscrepancyTiming): Promise<DiscrepancyInput> {
  const row = await db.discrepancy.findUniqueOrThrow({
    where: { id },
    include: {
      operation: {
        select: { reference: true, parties: { select: { partyCode: true }, orderBy: { partyCode: 'asc' } } },
      },
      handover: { select: { dayKey: true } },
    },
  });
  const details = (row.details ?? {}) as { direction?: Direction };
  const parties = row.operation.parties.map((p) => p.partyCode);
  return {
    id: row.id,
    key: row.key,
    operationReference: row.operation.reference,
    parties: [parties[0], parties[1]],
    kind: row.kind,
    ...(row.handover ? { dayKey: row.handover.dayKey } : {}),
    ...(details.direction ? { direction: details.direction } : {}),
    timing,
  };
}
