import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { missingPersonReviews } from '../../workflows/missing-person/workflow';
import { MISSING_PERSON_REVIEWS_WORKFLOW_ID } from '../../workflows/shared/ids';
import { caseTaskQueue } from '../temporal/task-queues';

/** Starts the review scan of missing-person cases unless it runs already (every worker start asks). */
export async function ensureReviewScan(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.workflow.start(missingPersonReviews, {
      workflowId: MISSING_PERSON_REVIEWS_WORKFLOW_ID,
      taskQueue: caseTaskQueue(taskQueue),
      args: [{}],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
