// Records the remains case histories that test/replay/replay.test.ts replays
// on every run. Run it against a Temporal server with the project's search
// attributes and a migrated database, e.g. a throwaway dev server:
//   temporal server start-dev --headless --port 7299 --search-attribute CaseStatus=Keyword …
//   DATABASE_URL=postgresql://… TEMPORAL_ADDRESS=127.0.0.1:7299 npx tsx test/replay/record-case-history.ts
// Commit the files it writes; never edit them by hand.
import { type WorkflowHandle } from '@temporalio/client';
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
import { record, runRecorder, writeHistory, type Recording } from './recorder';

const BY = 'ua-forensic-07';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function recordCases({ config, db, client }: Recording) {
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

  // 1. Reception to release; the closed case answers for a second, then completes.
  const released = await start(caseInput(await seedContainers(db, 1), { closedRetention: '1 second' }));
  await steps(released, 'EXAMINED', 'SAMPLED', 'PROFILED', 'MATCHED', 'IDENTIFIED', 'FAMILY_INFORMED', 'RELEASED');
  await released.result();
  await writeHistory(released, 'case-released');

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
  await writeHistory(firstRun, 'case-split-merge-continued');

  // 3. The absorbed case, ended by the merge signal (it then answers for the default retention: stop it).
  while ((await absorbed.query(caseStateQuery)).status !== 'MERGED') await pause(200);
  await absorbed.terminate('history recorded for replay tests');
  await writeHistory(absorbed, 'case-merged');

  for (const number of caseNumbers) await client.workflow.getHandle(caseWorkflowId(number)).terminate('recorded');
  await busy.terminate('history recorded for replay tests');
}

runRecorder(() => record(recordCases, { plain: true }));
