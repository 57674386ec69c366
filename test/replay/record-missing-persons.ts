// The missing-person histories of the replay corpus (record-histories.ts runs them): a case through an
// answer, closed and reopened; and one run of the review scan.
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { missingPersonCase, missingPersonReviews } from '../../workflows/missing-person/workflow';
import { changeMissingPersonStatusUpdate } from '../../workflows/missing-person/messages';
import { missingPersonWorkflowId } from '../../workflows/shared/ids';
import { saveHistory as save, type Recording } from './recorder';

const BY = 'tracing-07';

export async function recordMissingPersons({ config, db, client }: Recording) {
  const taskQueue = config.temporal.taskQueue;

  // A case at rest, moved through an answer to closure, reopened on new information (it joins the closed
  // run), answered again and closed; the workflow ends after its retention.
  const caseNumber = `MP-UA-HIST${randomUUID().slice(0, 6).toUpperCase()}`;
  const row = await db.missingPersonCase.create({
    data: {
      caseNumber,
      party: 'UA',
      source: 'TRACING_REQUEST',
      personalData: 'v1:none:history-recording',
      openedBy: BY,
      nextReviewAt: new Date(Date.now() + 365 * 86_400_000),
    },
  });
  const input = { caseNumber, caseId: row.id, party: 'UA', status: row.status, closedRetention: '5 seconds' };
  const reopened = ['ACTIVE', 'LOCATED_ALIVE', 'FAMILY_INFORMED', 'CLOSED'] as const;
  for (const status of ['ACTIVE', 'CONFIRMED_DETAINED', 'FAMILY_INFORMED', 'CLOSED', ...reopened] as const) {
    await client.workflow.executeUpdateWithStart(changeMissingPersonStatusUpdate, {
      args: [{ status, by: BY, ...(status === 'CONFIRMED_DETAINED' ? { reference: 'ICRC-VISIT-2025-118' } : {}) }],
      startWorkflowOperation: new WithStartWorkflowOperation(missingPersonCase, {
        workflowId: missingPersonWorkflowId(caseNumber),
        taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [input],
      }),
    });
  }
  const handle = client.workflow.getHandle(missingPersonWorkflowId(caseNumber));
  await handle.result();
  await save(handle, 'missing-person-lifecycle-encrypted');

  // One run of the review scan, continuing as new after its scan.
  const scan = await client.workflow.start(missingPersonReviews, {
    workflowId: `missing-person-reviews-${randomUUID().slice(0, 8)}`,
    taskQueue,
    args: [{ interval: '1 second', scansPerRun: 1 }],
  });
  const first = scan.workflowId;
  await new Promise((r) => setTimeout(r, 3000));
  await save(client.workflow.getHandle(first, scan.firstExecutionRunId), 'missing-person-reviews-encrypted');
  await scan.terminate('recorded');
}
