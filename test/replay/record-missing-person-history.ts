// Records the missing-person histories that test/replay/replay.test.ts replays
// on every run, encrypted with the histories' test key. Run it against a
// throwaway Temporal server with the project's search attributes and a migrated database:
//   temporal server start-dev --headless --port 7299 --search-attribute CaseStatus=Keyword …
//   DATABASE_URL=postgresql://… TEMPORAL_ADDRESS=127.0.0.1:7299 npx tsx test/replay/record-missing-person-history.ts
// Commit the files it writes; never edit them by hand.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection, WithStartWorkflowOperation, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { loadConfig, requireDatabaseUrl } from '../../src/config';
import { createDb } from '../../src/db';
import { dataConverter } from '../../src/temporal/data-converter';
import { createWorker } from '../../src/temporal/worker';
import { missingPersonCase, missingPersonReviews } from '../../workflows/missing-person';
import { changeMissingPersonStatusUpdate } from '../../workflows/missing-person-messages';
import { missingPersonWorkflowId } from '../../workflows/ids';
import { HISTORY_PAYLOAD_KEYS, historyPayloadKeys } from '../histories/payload-keys';

const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');
const BY = 'tracing-07';

async function save(handle: WorkflowHandle, name: string): Promise<void> {
  const file = path.join(HISTORIES_DIR, `${name}.json`);
  if (existsSync(file)) return console.log(`Kept ${name}.json (already recorded)`);
  const history = await handle.fetchHistory();
  writeFileSync(file, historyToJSON(history));
  console.log(`Wrote ${name}.json (${history.events?.length} events)`);
}

async function main() {
  const config = loadConfig({
    ...process.env,
    TEMPORAL_TASK_QUEUE: `record-${randomUUID()}`,
    PAYLOAD_KEYS: HISTORY_PAYLOAD_KEYS,
  });
  const db = createDb(requireDatabaseUrl(config));
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: dataConverter(historyPayloadKeys()),
  });
  const nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
  const taskQueue = config.temporal.taskQueue;
  const worker = await createWorker({ config, db, connection: nativeConnection, client, taskQueue });

  await worker.runUntil(async () => {
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
  });
  await nativeConnection.close();
  await connection.close();
  await db.$disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
