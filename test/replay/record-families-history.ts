// Records the families-first histories that test/replay/replay.test.ts replays on every run, encrypted
// with the histories' test key: a remains case matched, identified, its family told and released to the
// designated contact; the missing person's workflow with its family notices (reminders, commingled remains);
// and remains found to be a national of the other side, returned. Run it against a throwaway Temporal
// server with the project's search attributes and a migrated database:
//   temporal server start-dev --headless --port 7299 --search-attribute CaseStatus=Keyword …
//   DATABASE_URL=postgresql://… TEMPORAL_ADDRESS=127.0.0.1:7299 npx tsx test/replay/record-families-history.ts
// Commit the files it writes; never edit them by hand.
import { type WorkflowHandle } from '@temporalio/client';
import { remainsCase } from '../../workflows/case';
import {
  caseStateQuery,
  recordCaseStepUpdate,
  recordForeignNationalUpdate,
  recordMatchUpdate,
  type CaseStep,
} from '../../workflows/case-messages';
import { familyInformedUpdate, missingPersonStateQuery } from '../../workflows/missing-person-messages';
import { caseWorkflowId, missingPersonWorkflowId } from '../../workflows/ids';
import { caseInput, seedContainers, seedMissingPerson } from '../helpers/cases';
import { historyPayloadKeys } from '../histories/payload-keys';
import { record, runRecorder, saveHistory as save, type Recording } from './recorder';

const BY = 'ua-forensic-07';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function recordFamilies({ config, db, client }: Recording) {
  const open = async (seeded: Awaited<ReturnType<typeof seedContainers>>, party = 'UA') => {
    const input = caseInput(seeded, { receivingParty: party, closedRetention: '1 second' });
    const handle = await client.workflow.start(remainsCase, {
      taskQueue: config.temporal.taskQueue,
      workflowId: caseWorkflowId(input.caseNumber),
      args: [input],
    });
    while (!(await handle.query(caseStateQuery)).caseId) await pause(200);
    return { handle, caseNumber: input.caseNumber };
  };
  const steps = async (handle: WorkflowHandle<typeof remainsCase>, ...list: CaseStep[]) => {
    for (const step of list) {
      await handle.executeUpdate(recordCaseStepUpdate, {
        args: [{ step, by: BY, ...(step === 'RELEASED' ? { releasedTo: 1 } : {}) }],
      });
    }
  };
  const until = async (read: () => Promise<boolean>) => {
    while (!(await read())) await pause(200);
  };

  // 1. Commingled remains of one person: two cases matched and identified; the family is reminded, then told of each.
  const person = await seedMissingPerson(db, 'UA', historyPayloadKeys());
  const seeded = await seedContainers(db, 2);
  const first = await open({ ...seeded, containerIds: [seeded.containerIds[0]] });
  const second = await open({ ...seeded, containerIds: [seeded.containerIds[1]] });
  const personHandle = client.workflow.getHandle(missingPersonWorkflowId(person));
  for (const c of [first, second]) {
    await steps(c.handle, 'EXAMINED', 'SAMPLED', 'PROFILED');
    await c.handle.executeUpdate(recordMatchUpdate, {
      args: [
        { missingPersonCaseNumber: person, reportNumber: `DNA-MR-${c.caseNumber}`, kinshipStatistic: 1e9, by: BY },
      ],
    });
    await steps(c.handle, 'IDENTIFIED');
    await until(
      async () =>
        (await personHandle.query(missingPersonStateQuery).catch(() => undefined))?.notices?.some(
          (n) => n.remainsCaseNumber === c.caseNumber && n.remindersSent >= 1,
        ) === true,
    );
    await personHandle.executeUpdate(familyInformedUpdate, {
      args: [
        {
          remainsCaseNumber: c.caseNumber,
          by: 'liaison-ua-1',
          informedAt: new Date().toISOString(),
          channel: 'IN_PERSON',
          contactPosition: 1,
        },
      ],
    });
    await until(async () => (await c.handle.query(caseStateQuery)).status === 'FAMILY_INFORMED');
    await steps(c.handle, 'RELEASED');
  }
  await first.handle.result();
  await save(first.handle, 'case-families-first-released-encrypted');
  await save(personHandle, 'missing-person-family-notices-encrypted');
  await personHandle.terminate('history recorded for replay tests');

  // 2. Identified remains found to be a national of the other side, returned to it.
  const ru = await seedMissingPerson(db, 'RU', historyPayloadKeys());
  const foreign = await open(await seedContainers(db, 1));
  await steps(foreign.handle, 'EXAMINED');
  await foreign.handle.executeUpdate(recordForeignNationalUpdate, {
    args: [
      { missingPersonCaseNumber: ru, returnTo: 'RU', evidence: 'DOCUMENTS', reference: 'military-id-0457', by: BY },
    ],
  });
  await steps(foreign.handle, 'RETURNED_TO_OTHER_PARTY');
  await foreign.handle.result();
  await save(foreign.handle, 'case-foreign-national-returned-encrypted');
  await second.handle.result();
}

runRecorder(() =>
  record(recordFamilies, {
    workerPair: true,
    env: {
      FAMILY_NOTICE_DEADLINE: '3 seconds',
      FAMILY_NOTICE_REMINDER_EVERY: '1 second',
      WORKER_METRICS_ADDRESS: 'off',
    },
  }),
);
