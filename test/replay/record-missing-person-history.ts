// Records the missing-person histories that test/replay/replay.test.ts replays
// on every run, encrypted with the histories' test key. Run it against a
// throwaway Temporal server with the project's search attributes and a migrated database:
//   temporal server start-dev --headless --port 7299 --search-attribute CaseStatus=Keyword …
//   DATABASE_URL=postgresql://… TEMPORAL_ADDRESS=127.0.0.1:7299 npx tsx test/replay/record-missing-person-history.ts
// Commit the files it writes; never edit them by hand.
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { missingPersonCase, missingPersonReviews } from '../../workflows/missing-person';
import { changeMissingPersonStatusUpdate } from '../../workflows/missing-person-messages';
import { missingPersonWorkflowId } from '../../workflows/ids';
import { record, runRecorder, saveHistory as save, type Recording } from './recorder';

const BY = 'tracing-07';

async function recordMissingPerson({ config, db, client }: Recording) {
  const taskQueue = config.temporal.taskQueue;

  // A case at rest, then moved through an answer to closure; the workflow ends after its retention.
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
  const input = { caseNumber, caseId: row.id, party: 'UA', status: row.status, closedRetention: '2 seconds' };
  for (const status of ['ACTIVE', 'CONFIRMED_DETAINED', 'FAMILY_INFORMED', 'CLOSED'] as const) {
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

runRecorder(() => record(recordMissingPerson));
