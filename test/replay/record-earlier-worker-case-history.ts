// Records, for test/replay/replay.test.ts, the history of a case opened in bulk (its row written and `caseId`
// in its input) whose first task a worker of before bulk opening ran, as in a rolling deployment: that worker
// ignores `caseId` and records the opening itself. Today's code replays it thanks to the patch
// `case-opened-in-bulk` (absent from this history). Run it from a checkout of the commit before bulk opening
// (83f72dc), with this file copied in, then copy the file it writes into test/histories/:
//   git archive 83f72dc | tar -x -C /tmp/before   (with node_modules, .tools and src/generated beside)
//   npx tsx test/replay/record-earlier-worker-case-history.ts
// It starts its own Temporal dev server and database, as record-custody-history.ts does.
import { remainsCase } from '../../workflows/case';
import { caseStateQuery, recordCaseStepUpdate } from '../../workflows/case-messages';
import { caseWorkflowId } from '../../workflows/ids';
import { caseInput, seedContainers } from '../helpers/cases';
import { recordOnOwnStack, runRecorder, saveHistory as save, type Recording } from './recorder';

const NAME = 'case-opened-in-bulk-by-earlier-worker-encrypted';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function recordCase({ config, db, client }: Recording): Promise<void> {
  const seeded = await seedContainers(db, 1);
  const base = caseInput(seeded, { openedBy: 'ua-intake-01' });
  const openedAt = new Date().toISOString();
  const workflowId = caseWorkflowId(base.caseNumber);
  // As bulk opening writes it before the start.
  const operation = await db.repatriationOperation.findUniqueOrThrow({
    where: { reference: seeded.operationReference },
  });
  const row = await db.remainsCase.create({
    data: {
      caseNumber: base.caseNumber,
      operationId: operation.id,
      receivingParty: base.receivingParty,
      workflowId,
      responsibleAuthority: base.responsibleAuthority,
      lastProgressAt: new Date(openedAt),
      containers: { create: seeded.containerIds.map((containerId) => ({ containerId })) },
      events: {
        create: [
          { sequence: 1, kind: 'STEP', step: 'RECEIVED', recordedBy: base.openedBy, occurredAt: new Date(openedAt) },
        ],
      },
    },
  });
  const input = { ...base, caseId: row.id, openedAt };
  const handle = await client.workflow.start(remainsCase, {
    taskQueue: config.temporal.taskQueue,
    workflowId,
    args: [input],
  });
  while (!(await handle.query(caseStateQuery)).caseId) await pause(200);
  await handle.executeUpdate(recordCaseStepUpdate, { args: [{ step: 'EXAMINED', by: 'ua-forensic-07' }] });
  await handle.terminate('history recorded');
  await save(handle, NAME);
}

runRecorder(() => recordOnOwnStack('record_earlier_case', recordCase));
