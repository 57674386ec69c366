// The remains-case histories of the replay corpus (record-histories.ts runs them, with the family notice's
// short timing): families first (matched, identified, the family told through the missing-person case,
// released to the designated contact), a foreign national returned, and a case reminded, split, merged
// and continued as new, with the case it absorbed.
import { type WorkflowHandle } from '@temporalio/client';
import { remainsCase } from '../../workflows/remains-case/workflow';
import {
  caseStateQuery,
  mergeCaseUpdate,
  recordCaseStepUpdate,
  recordForeignNationalUpdate,
  recordMatchUpdate,
  splitCaseUpdate,
  type CaseInput,
  type CaseStep,
} from '../../workflows/remains-case/messages';
import { familyInformedUpdate, missingPersonStateQuery } from '../../workflows/missing-person/messages';
import { caseWorkflowId, missingPersonWorkflowId } from '../../workflows/shared/ids';
import { caseInput, seedContainers, seedMissingPerson } from '../helpers/cases';
import { historyPayloadKeys } from '../histories/payload-keys';
import { saveHistory as save, type Recording } from './recorder';

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

  // Commingled remains of one person: two cases matched and identified; the family is reminded, then told of each.
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

  // Identified remains found to be a national of the other side, returned to it.
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

async function recordSplitAndMerge({ config, db, client }: Recording) {
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

  // A reminder, a split, a merge and a resample, until the run continues as new.
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
  await save(firstRun, 'case-split-merge-continued-encrypted');

  // The absorbed case, ended by the merge signal (it then answers for the default retention: stop it).
  while ((await absorbed.query(caseStateQuery)).status !== 'MERGED') await pause(200);
  await absorbed.terminate('history recorded for replay tests');
  await save(absorbed, 'case-merged-encrypted');

  for (const number of caseNumbers) await client.workflow.getHandle(caseWorkflowId(number)).terminate('recorded');
  await busy.terminate('history recorded for replay tests');
}

export async function recordCases(r: Recording): Promise<void> {
  await recordFamilies(r);
  await recordSplitAndMerge(r);
}
