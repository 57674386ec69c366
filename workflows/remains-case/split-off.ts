import { log, ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { CaseInput, CaseState, SplitCaseArgs } from './messages';
import type { remainsCase } from './workflow';
import { caseWorkflowId } from '../shared/ids';

/**
 * Starts the workflow of a case split off another one (by its type's name:
 * the workflow module imports this one). Abandoned on close: each split-off
 * case lives its own life, across its parent's continue-as-new. Already
 * started (a split retried): it goes on as it is.
 */
export async function startSplitOff(
  caseNumber: string,
  from: { state: CaseState; input: CaseInput; args: SplitCaseArgs; occurredAt: string },
): Promise<void> {
  const { state, input, args, occurredAt } = from;
  try {
    await startChild<typeof remainsCase>('remainsCase', {
      workflowId: caseWorkflowId(caseNumber),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [
        {
          caseNumber,
          operationReference: state.operationReference,
          receivingParty: state.receivingParty,
          responsibleAuthority: state.responsibleAuthority,
          containerIds: args.containerIds ?? state.containerIds,
          openedBy: args.by,
          openedAt: occurredAt,
          splitFrom: state.caseNumber,
          reminderPeriod: input.reminderPeriod,
          closedRetention: input.closedRetention,
          maxEventsPerRun: input.maxEventsPerRun,
        },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    log.warn('split-off case already open', { caseNumber });
  }
}
