// Records the remains case histories that test/replay/replay.test.ts replays
// on every run. Run it against a Temporal server with the project's search
// attributes and a migrated database, e.g. a throwaway dev server:
//   temporal server start-dev --headless --port 7299 --search-attribute CaseStatus=Keyword …
//   DATABASE_URL=postgresql://… TEMPORAL_ADDRESS=127.0.0.1:7299 npx tsx test/replay/record-case-history.ts
// Commit the files it writes; never edit them by hand.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { loadConfig, requireDatabaseUrl } from '../../src/config';
import { createDb } from '../../src/db';
import { createWorker } from '../../src/temporal/worker';
import { remainsCase } from '../../workflows/case';
import {
  caseStateQuery,
  mergeCaseUpdate,
  recordCaseStepUpdate,
  splitCaseUpdate,
  type CaseInput,
  type CaseStep,
} from '../../workflows/case-messages';
import { caseWorkflowId } from '../../workflows/ids';
import { caseInput, seedContainers } from '../helpers/cases';

const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');
const BY = 'ua-forensic-07';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const config = loadConfig({ ...process.env, TEMPORAL_TASK_QUEUE: `record-${randomUUID()}` });
  const db = createDb(requireDatabaseUrl(config));
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createWorker({ config, db, connection: nativeConnection, client });

  const start = async (input: CaseInput) => {
    const handle = await client.workflow.start(remainsCase, {
      taskQueue: config.temporal.taskQueue,
      workflowId: caseWorkflowId(input.caseNumber),
      args: [input],
    });
    while (!(await handle.query(caseStateQuery)).caseId) await pause(200);
    return handle;
  };
  const steps = async (handle: WorkflowHandle<typeof remainsCase>, ...list: CaseStep[]) => {
    for (const step of list) {
      await handle.executeUpdate(recordCaseStepUpdate, {
        args: [{ step, by: BY, reference: `ref-${step.toLowerCase()}` }],
      });
    }
  };
  const write = async (handle: WorkflowHandle, name: string) => {
    const history = await handle.fetchHistory();
    const file = path.join(HISTORIES_DIR, name);
    writeFileSync(file, historyToJSON(history));
    console.log(`Wrote ${path.relative(process.cwd(), file)} (${history.events?.length} events)`);
  };

  await worker.runUntil(async () => {
    // 1. Reception to release; the closed case answers for a second, then completes.
    const released = await start(caseInput(await seedContainers(db, 1), { closedRetention: '1 second' }));
    await steps(released, 'EXAMINED', 'SAMPLED', 'PROFILED', 'MATCHED', 'IDENTIFIED', 'FAMILY_INFORMED', 'RELEASED');
    await released.result();
    await write(released, 'case-released.json');

    // 2. A reminder, a split, a merge and a resample, until the run continues as new.
    const seeded = await seedContainers(db, 2);
    const busy = await start(
      caseInput(
        { ...seeded, containerIds: [seeded.containerIds[0]] },
        { reminderPeriod: '2 seconds', maxEventsPerRun: 7 },
      ),
    );
    const absorbed = await start(caseInput({ ...seeded, containerIds: [seeded.containerIds[1]] }));
    const firstRun = client.workflow.getHandle(busy.workflowId, (await busy.describe()).runId);
    while ((await busy.query(caseStateQuery)).remindersSent < 1) await pause(200);
    await steps(busy, 'EXAMINED');
    const { caseNumbers } = await busy.executeUpdate(splitCaseUpdate, { args: [{ parts: 1, by: BY }] });
    await busy.executeUpdate(mergeCaseUpdate, {
      args: [{ absorbedCaseNumber: (await absorbed.query(caseStateQuery)).caseNumber, by: BY }],
    });
    await steps(busy, 'SAMPLED', 'RESAMPLE', 'SAMPLED');
    while ((await firstRun.describe()).status.name !== 'CONTINUED_AS_NEW') await pause(200);
    await write(firstRun, 'case-split-merge-continued.json');

    // 3. The absorbed case, ended by the merge signal (it then answers for the default retention: stop it).
    while ((await absorbed.query(caseStateQuery)).status !== 'MERGED') await pause(200);
    await absorbed.terminate('history recorded for replay tests');
    await write(absorbed, 'case-merged.json');

    for (const number of caseNumbers) await client.workflow.getHandle(caseWorkflowId(number)).terminate('recorded');
    await busy.terminate('history recorded for replay tests');
  });
  await nativeConnection.close();
  await connection.close();
  await db.$disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
