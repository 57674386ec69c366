import { ActivityFailure, WithStartWorkflowOperation, WorkflowFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { caseTaskQueue } from '../../src/temporal/worker';
import { remainsCase } from '../../workflows/remains-case/workflow';
import {
  caseStateQuery,
  familyInformedSignal,
  mergeCaseUpdate,
  recordCaseStepUpdate,
  recordForeignNationalUpdate,
  recordMatchUpdate,
  splitCaseUpdate,
  type CaseInput,
  type CaseStep,
} from '../../workflows/remains-case/messages';
import { caseWorkflowId } from '../../workflows/shared/ids';
import { SearchAttr } from '../../workflows/shared/search-attributes';
import { caseInput, caseRecords, refusal, seedContainers, seedMissingPerson } from '../helpers/cases';
import { eventually } from '../helpers/processes';
import { openStack, type TestStack } from '../helpers/stack';

/**
 * The remains case workflow on the real stack: the run's Temporal dev server,
 * the bundled workflow code and the real activities on PostgreSQL.
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await openStack();
});
afterAll(() => stack.close());

const BY = 'ua-forensic-07';

async function startCase(overrides: Partial<CaseInput> = {}, containers = 1) {
  const input = caseInput(await seedContainers(stack.db, containers), overrides);
  const handle = await stack.client.workflow.start(remainsCase, {
    taskQueue: stack.config.temporal.taskQueue,
    workflowId: caseWorkflowId(input.caseNumber),
    args: [input],
  });
  await eventually(async () => (await handle.query(caseStateQuery)).caseId, 'the opening record');
  return { input, handle };
}

type CaseHandle = Awaited<ReturnType<typeof startCase>>['handle'];

/**
 * Takes a step as the people concerned do: a match names a missing person (seeded, its contact 1 designated
 * to receive the remains), the family is told through the missing-person case (its signal, sent here as that
 * workflow sends it), and the release goes to the designated contact.
 */
async function step(handle: CaseHandle, step: CaseStep, extra: { occurredAt?: string; reference?: string } = {}) {
  if (step === 'MATCHED') {
    const missingPersonCaseNumber = await seedMissingPerson(stack.db);
    return handle.executeUpdate(recordMatchUpdate, {
      args: [
        {
          missingPersonCaseNumber,
          reportNumber: extra.reference ?? 'match-1',
          kinshipStatistic: 1e6,
          by: BY,
          ...extra,
        },
      ],
    });
  }
  if (step === 'FAMILY_INFORMED') {
    const { missingPersonCaseNumber } = await handle.query(caseStateQuery);
    await handle.signal(familyInformedSignal, {
      missingPersonCaseNumber: missingPersonCaseNumber!,
      receiverContact: 1,
      by: BY,
      informedAt: extra.occurredAt ?? new Date().toISOString(),
    });
    return eventually(async () => {
      const state = await handle.query(caseStateQuery);
      return state.status === 'FAMILY_INFORMED' ? state : undefined;
    }, 'the family informed');
  }
  const releasedTo = step === 'RELEASED' ? { releasedTo: 1 } : {};
  return handle.executeUpdate(recordCaseStepUpdate, { args: [{ step, by: BY, ...extra, ...releasedTo }] });
}

async function steps(handle: CaseHandle, ...list: CaseStep[]) {
  for (const s of list) await step(handle, s);
}

const eventsOf = async (caseNumber: string) =>
  (await caseRecords(stack.db, caseNumber))!.events.map((e) => [e.sequence, e.kind, e.step, e.relatedCase]);

describe('remains case workflow', () => {
  it('when a case goes from reception to release, then PostgreSQL holds its status and one event per step in order', async () => {
    await stack.withWorker(async () => {
      const { input, handle } = await startCase({ closedRetention: '2 seconds' });
      const at = '2025-07-01T09:30:00.000Z';
      const path: [CaseStep, string?][] = [
        ['EXAMINED', 'pm-report-17'],
        ['SAMPLED', 'sample-0042'],
        ['PROFILED', 'profile-0042'],
        ['MATCHED', 'match-7781'],
        ['IDENTIFIED', 'decision-UA-MOJ-311'],
        ['FAMILY_INFORMED'],
        ['RELEASED', 'release-form-88'],
      ];
      for (const [name, reference] of path) {
        const state = await step(handle, name, { occurredAt: at, reference });
        expect(state.status).toBe(name);
      }
      const final = await handle.result();
      expect(final).toMatchObject({ status: 'RELEASED', sequence: 8, caseNumber: input.caseNumber });
      const description = await handle.describe();
      expect(description.typedSearchAttributes.get(SearchAttr.CaseStatus)).toBe('RELEASED');
      expect(description.memo).toEqual({ operationReference: input.operationReference, caseStep: 'RELEASED' });

      const row = await caseRecords(stack.db, input.caseNumber);
      expect(row).toMatchObject({
        status: 'RELEASED',
        receivingParty: 'UA',
        responsibleAuthority: 'UA-MOJ',
        workflowId: caseWorkflowId(input.caseNumber),
      });
      expect(row!.containers.map((c) => c.containerId)).toEqual(input.containerIds);
      expect(row!.events.map((e) => [e.sequence, e.kind, e.step, e.recordedBy, e.reference])).toEqual([
        [1, 'STEP', 'RECEIVED', BY, null],
        ...path.map(([step, reference], i) => [i + 2, 'STEP', step, BY, reference ?? null]),
      ]);
      expect(row!.events.slice(1).every((e) => e.occurredAt.toISOString() === at)).toBe(true);
    });
  });

  it('when a step arrives with the case’s start, then it waits for the opening and is recorded after it', async () => {
    await stack.withWorker(async () => {
      const input = caseInput(await seedContainers(stack.db, 1));
      // Update-with-start: the step is in the case's very first workflow task, beside its start.
      const start = new WithStartWorkflowOperation(remainsCase, {
        taskQueue: stack.config.temporal.taskQueue,
        workflowId: caseWorkflowId(input.caseNumber),
        workflowIdConflictPolicy: 'FAIL',
        args: [input],
      });
      const state = await stack.client.workflow.executeUpdateWithStart(recordCaseStepUpdate, {
        args: [{ step: 'EXAMINED', by: BY }],
        startWorkflowOperation: start,
      });
      expect(state).toMatchObject({ status: 'EXAMINED', sequence: 2 });
      expect(await eventsOf(input.caseNumber)).toEqual([
        [1, 'STEP', 'RECEIVED', null],
        [2, 'STEP', 'EXAMINED', null],
      ]);
    });
  });

  it('when a case is identified and released, then the receiving party is told of each, with identifiers only', async () => {
    await stack.db.notificationRecipient.createMany({
      data: [{ recipient: 'UA', channel: 'WEBHOOK' as const, address: 'http://127.0.0.1:9/unreachable', secret: 's' }],
      skipDuplicates: true,
    });
    await stack.withWorker(async () => {
      const { input, handle } = await startCase({ closedRetention: '1 second' });
      await steps(handle, 'EXAMINED', 'SAMPLED', 'PROFILED', 'MATCHED', 'IDENTIFIED', 'FAMILY_INFORMED', 'RELEASED');
      await handle.result();
      const told = await stack.db.notification.findMany({
        where: { operationReference: input.operationReference, recipient: 'UA', channel: 'WEBHOOK' },
        orderBy: { createdAt: 'asc' },
      });
      expect(told.map((n) => [n.event, n.payload])).toEqual([
        ['case.identified', { caseNumber: input.caseNumber, status: 'IDENTIFIED' }],
        ['case.released', { caseNumber: input.caseNumber, status: 'RELEASED' }],
      ]);
    });
  });

  it('when a sample gives no profile, then the case goes back to sampling through RESAMPLE', async () => {
    await stack.withWorker(async () => {
      const { input, handle } = await startCase();
      await steps(handle, 'EXAMINED', 'SAMPLED', 'RESAMPLE', 'SAMPLED', 'PROFILED');
      expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'PROFILED', profiled: true, sequence: 6 });
      expect((await eventsOf(input.caseNumber)).map(([, , step]) => step)).toEqual([
        'RECEIVED',
        'EXAMINED',
        'SAMPLED',
        'RESAMPLE',
        'SAMPLED',
        'PROFILED',
      ]);
      await handle.terminate('test finished');
    });
  });

  it('when a step breaks the order, then it is refused with its reason and nothing changes', async () => {
    await stack.withWorker(async () => {
      const { input, handle } = await startCase({ closedRetention: '1 minute' });
      const refused = async (step: CaseStep, reason: string, extra: { reference?: string; by?: string } = {}) => {
        const before = {
          state: await handle.query(caseStateQuery),
          row: await caseRecords(stack.db, input.caseNumber),
        };
        const update = handle.executeUpdate(recordCaseStepUpdate, { args: [{ step, by: BY, ...extra }] });
        expect(await refusal(update)).toBe(reason);
        expect(await handle.query(caseStateQuery)).toEqual(before.state);
        expect(await caseRecords(stack.db, input.caseNumber)).toEqual(before.row);
      };

      await refused('SAMPLED', 'no DNA sample before the post-mortem examination');
      await steps(handle, 'EXAMINED', 'SAMPLED');
      await refused('MATCHED', 'no match without a DNA profile');
      await steps(handle, 'PROFILED');
      await refused('IDENTIFIED', 'no legal identification without a match');
      await steps(handle, 'MATCHED');
      await refused('FAMILY_INFORMED', 'the family is informed only after legal identification');
      await refused('RELEASED', 'cannot release before the family is informed');
      await refused('EXAMINED', 'the case is already past EXAMINED (it is MATCHED)');
      await refused(
        'IDENTIFIED',
        'reference must be an opaque identifier from the forensic records (letters, digits and . _ : / # -), never personal data or free text',
        {
          reference: 'Ivan Petrov, son',
        },
      );
      await steps(handle, 'IDENTIFIED');
      await refused(
        'RETURNED_TO_OTHER_PARTY',
        'identified remains go to their family: they are neither retained unidentified nor returned to the other party',
      );
      await steps(handle, 'FAMILY_INFORMED', 'RELEASED');
      await refused('EXAMINED', `case is closed: ${input.caseNumber} is RELEASED`);
      expect((await handle.describe()).status.name).toBe('RUNNING'); // still answering, for the retention period
      await handle.terminate('test finished');
    });
  });

  it('when remains stay unidentified, then the case is retained, stays open without reminders, and can still be matched', async () => {
    await stack.withWorker(async () => {
      const { input, handle } = await startCase();
      await refusal(
        handle.executeUpdate(recordCaseStepUpdate, { args: [{ step: 'UNIDENTIFIED_RETAINED', by: BY }] }),
      ).then((reason) => expect(reason).toBe('remains are retained unidentified only once a DNA sample is taken'));
      await steps(handle, 'EXAMINED', 'SAMPLED', 'PROFILED');
      await handle.executeUpdate(recordCaseStepUpdate, {
        args: [{ step: 'UNIDENTIFIED_RETAINED', by: BY, reference: 'grave:UA-KYIV-12-0457' }],
      });
      expect((await handle.describe()).status.name).toBe('RUNNING');
      expect((await caseRecords(stack.db, input.caseNumber))!.status).toBe('UNIDENTIFIED_RETAINED');
      // Years later new family reference data give a match on the existing profile.
      await steps(handle, 'MATCHED');
      expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'MATCHED' });
      await handle.terminate('test finished');
    });
  });

  it('when remains are found to belong to the other side, then the case closes as RETURNED_TO_OTHER_PARTY to that party, and the missing person’s case follows', async () => {
    await stack.withWorker(async () => {
      const { input, handle } = await startCase({ closedRetention: '1 second' });
      await steps(handle, 'EXAMINED');
      // A return says to whom: without a finding it is refused.
      expect(
        await refusal(
          handle.executeUpdate(recordCaseStepUpdate, { args: [{ step: 'RETURNED_TO_OTHER_PARTY', by: BY }] }),
        ),
      ).toBe(
        'a return names the party the remains go to: record first that they are a national of the other side (with its evidence)',
      );
      const person = await seedMissingPerson(stack.db, 'RU');
      const finding = { missingPersonCaseNumber: person, returnTo: 'RU', by: BY };
      expect(
        await refusal(
          handle.executeUpdate(recordForeignNationalUpdate, {
            args: [{ ...finding, returnTo: 'UA', evidence: 'DOCUMENTS', reference: 'doc-1' }],
          }),
        ),
      ).toBe('a national of the other side goes back to the other party, not to UA, which received the remains');
      await handle.executeUpdate(recordForeignNationalUpdate, {
        args: [{ ...finding, evidence: 'DOCUMENTS', reference: 'military-id-0457' }],
      });
      await steps(handle, 'RETURNED_TO_OTHER_PARTY');
      expect(await handle.result()).toMatchObject({ status: 'RETURNED_TO_OTHER_PARTY', returnTo: 'RU' });
      expect((await caseRecords(stack.db, input.caseNumber))!.status).toBe('RETURNED_TO_OTHER_PARTY');
      expect(await eventsOf(input.caseNumber)).toEqual([
        [1, 'STEP', 'RECEIVED', null],
        [2, 'STEP', 'EXAMINED', null],
        [3, 'FOREIGN_NATIONAL', 'EXAMINED', person],
        [4, 'STEP', 'RETURNED_TO_OTHER_PARTY', person],
      ]);
      const link = await stack.db.remainsMatch.findFirstOrThrow({
        where: { remainsCase: { caseNumber: input.caseNumber } },
      });
      expect(link).toMatchObject({ returnTo: 'RU', evidence: 'DOCUMENTS', reference: 'military-id-0457' });
      expect(link.returnedAt).toBeInstanceOf(Date);
      const followed = await stack.db.missingPersonEvent.findMany({
        where: { case: { caseNumber: person } },
        orderBy: { occurredAt: 'asc' },
      });
      expect(followed.map((e) => [e.kind, e.reference])).toEqual([
        ['REMAINS_FOUND_ACROSS', input.caseNumber],
        ['REMAINS_RETURNED', input.caseNumber],
      ]);
    });
  });

  it('when identified remains prove to be a national of the other side, then they can still be returned', async () => {
    await stack.withWorker(async () => {
      const { handle } = await startCase({ closedRetention: '1 second' });
      await steps(handle, 'EXAMINED', 'SAMPLED', 'PROFILED', 'MATCHED', 'IDENTIFIED');
      const person = await seedMissingPerson(stack.db, 'RU');
      await handle.executeUpdate(recordForeignNationalUpdate, {
        args: [
          {
            missingPersonCaseNumber: person,
            returnTo: 'RU',
            evidence: 'DNA_MATCH',
            reference: 'DNA-MR-RU-17',
            kinshipStatistic: 3e7,
            by: BY,
          },
        ],
      });
      await steps(handle, 'RETURNED_TO_OTHER_PARTY');
      expect(await handle.result()).toMatchObject({ status: 'RETURNED_TO_OTHER_PARTY', returnTo: 'RU' });
    });
  });

  it('when a container holds more than one person, then a split opens new numbered cases on the same container', async () => {
    await stack.withWorker(async () => {
      const { input, handle } = await startCase();
      await steps(handle, 'EXAMINED');
      const { caseNumbers } = await handle.executeUpdate(splitCaseUpdate, {
        args: [{ parts: 2, by: BY, reference: 'pm-report-17' }],
      });
      expect(caseNumbers).toEqual([`${input.caseNumber}.1`, `${input.caseNumber}.2`]);
      for (const number of caseNumbers) {
        const child = stack.client.workflow.getHandle(caseWorkflowId(number));
        await eventually(async () => (await child.query(caseStateQuery)).caseId, `the opening of ${number}`);
        expect(await child.query(caseStateQuery)).toMatchObject({
          status: 'RECEIVED',
          containerIds: input.containerIds,
        });
        const row = await caseRecords(stack.db, number);
        expect(row!.containers.map((c) => c.containerId)).toEqual(input.containerIds);
        expect(await eventsOf(number)).toEqual([[1, 'STEP', 'RECEIVED', input.caseNumber]]);
      }
      // The source case keeps its own step; its history names the new cases.
      expect(await eventsOf(input.caseNumber)).toEqual([
        [1, 'STEP', 'RECEIVED', null],
        [2, 'STEP', 'EXAMINED', null],
        [3, 'SPLIT', 'EXAMINED', caseNumbers[0]],
        [4, 'SPLIT', 'EXAMINED', caseNumbers[1]],
      ]);
      // A second split continues the numbering.
      const again = await handle.executeUpdate(splitCaseUpdate, { args: [{ parts: 1, by: BY }] });
      expect(again.caseNumbers).toEqual([`${input.caseNumber}.3`]);
      for (const number of [...caseNumbers, ...again.caseNumbers]) {
        const child = stack.client.workflow.getHandle(caseWorkflowId(number));
        await eventually(async () => (await child.query(caseStateQuery)).caseId, `the opening of ${number}`);
        await child.terminate('test finished');
      }
      await handle.terminate('test finished');
    });
  });

  it('when one case absorbs another, then the other ends as merged into it and its containers become the survivor’s', async () => {
    await stack.withWorker(async () => {
      const survivor = await startCase();
      const absorbed = await startCase({ closedRetention: '1 second' });
      await steps(survivor.handle, 'EXAMINED');
      const state = await survivor.handle.executeUpdate(mergeCaseUpdate, {
        args: [{ absorbedCaseNumber: absorbed.input.caseNumber, by: BY, reference: 'reassociation-9' }],
      });
      expect(state).toMatchObject({ status: 'EXAMINED', sequence: 3 });
      expect([...state.containerIds].sort()).toEqual(
        [...survivor.input.containerIds, ...absorbed.input.containerIds].sort(),
      );

      expect(await absorbed.handle.result()).toMatchObject({ status: 'MERGED', mergedInto: survivor.input.caseNumber });
      expect((await caseRecords(stack.db, absorbed.input.caseNumber))!.status).toBe('MERGED');
      expect(await eventsOf(absorbed.input.caseNumber)).toEqual([
        [1, 'STEP', 'RECEIVED', null],
        [2, 'MERGED', 'MERGED', survivor.input.caseNumber],
      ]);
      const row = await caseRecords(stack.db, survivor.input.caseNumber);
      expect(row!.containers.map((c) => c.containerId).sort()).toEqual([...state.containerIds].sort());
      expect(await eventsOf(survivor.input.caseNumber)).toEqual([
        [1, 'STEP', 'RECEIVED', null],
        [2, 'STEP', 'EXAMINED', null],
        [3, 'ABSORBED', 'EXAMINED', absorbed.input.caseNumber],
      ]);

      // A closed case cannot be absorbed: refused with the reason, nothing written.
      const before = await caseRecords(stack.db, survivor.input.caseNumber);
      const again = survivor.handle.executeUpdate(mergeCaseUpdate, {
        args: [{ absorbedCaseNumber: absorbed.input.caseNumber, by: BY }],
      });
      expect(await refusal(again)).toBe(`case ${absorbed.input.caseNumber} is closed (MERGED): it cannot be merged`);
      expect(await caseRecords(stack.db, survivor.input.caseNumber)).toEqual(before);
      expect(await survivor.handle.query(caseStateQuery)).toEqual(state);
      await survivor.handle.terminate('test finished');
    });
  });
});

describe('remains case activities', () => {
  // Failures the tests provoke on purpose are asserted, not logged.
  const quietLogger = new DefaultLogger('ERROR', () => undefined);
  /** One attempt of an activity, as a worker would run it (`attempt` > 1 for Temporal's retries). */
  const run = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, args: A, attempt = 1): Promise<R> =>
    new MockActivityEnvironment({ attempt, taskQueue: stack.config.temporal.taskQueue }, { logger: quietLogger }).run<
      A,
      R,
      (...args: A) => Promise<R>
    >(fn, ...args);

  it('when a recording activity is retried, then no case, link or event is written twice', async () => {
    const activities = createActivities({ db: stack.db });
    const input = caseInput(await seedContainers(stack.db, 2));
    const opening = {
      ...input,
      workflowId: caseWorkflowId(input.caseNumber),
      openedAt: '2025-07-01T09:00:00.000Z',
      progressAt: '2025-07-01T09:00:00.000Z',
    };
    const caseId = await run(activities.recordCaseOpened, [opening]);
    expect(await run(activities.recordCaseOpened, [opening], 2)).toBe(caseId);
    const step = {
      caseId,
      sequence: 2,
      kind: 'STEP' as const,
      step: 'EXAMINED' as const,
      recordedBy: BY,
      occurredAt: '2025-07-02T09:00:00.000Z',
      progressAt: '2025-07-02T09:00:00.000Z',
    };
    await run(activities.recordCaseEvent, [step]);
    await run(activities.recordCaseEvent, [step], 2);
    const reminder = {
      caseId,
      caseNumber: input.caseNumber,
      sequence: 3,
      authority: 'UA-MOJ',
      status: 'EXAMINED' as const,
      idleSince: step.progressAt,
      remindedAt: '2025-08-01T09:00:00.000Z',
    };
    await run(activities.remindAuthority, [reminder]);
    await run(activities.remindAuthority, [reminder], 3);
    // A stale attempt of an earlier step must not roll the status back.
    await run(activities.recordCaseEvent, [{ ...step, sequence: 1, step: 'RECEIVED' as const }], 4);

    const row = await caseRecords(stack.db, input.caseNumber);
    expect(await stack.db.remainsCase.count({ where: { caseNumber: input.caseNumber } })).toBe(1);
    expect(row!.status).toBe('EXAMINED');
    expect(row!.containers).toHaveLength(2);
    expect(row!.events.map((e) => [e.sequence, e.kind, e.step])).toEqual([
      [1, 'STEP', 'RECEIVED'],
      [2, 'STEP', 'EXAMINED'],
      [3, 'REMINDER', 'EXAMINED'],
    ]);
  });

  /** Cases to open for seeded containers, two to a batch. */
  const openingOf = (seeded: { operationReference: string; containerIds: string[] }) => ({
    operationReference: seeded.operationReference,
    receivingParty: 'UA',
    responsibleAuthority: 'UA-MOJ',
    openedBy: 'ua-intake-01',
    containers: seeded.containerIds.map((containerId) => ({ containerId })),
    batchSize: 2,
  });

  it('when cases are opened for received containers twice, then each container has one running case workflow', async () => {
    const activities = createActivities({ db: stack.db, temporal: stack.client });
    const seeded = await seedContainers(stack.db, 3);
    const request = openingOf(seeded);
    await stack.withWorker(async () => {
      const { caseNumbers } = await run(activities.openCasesForContainers, [request]);
      const intake = await stack.db.remainsContainer.findMany({ where: { id: { in: seeded.containerIds } } });
      expect([...caseNumbers].sort()).toEqual(intake.map((c) => c.receiverIntakeNumber).sort());
      const runIds = await Promise.all(
        caseNumbers.map(async (n) => (await stack.client.workflow.getHandle(caseWorkflowId(n)).describe()).runId),
      );

      // A retry (or a second handover run) neither fails nor starts anything new.
      expect(await run(activities.openCasesForContainers, [request], 2)).toEqual({ caseNumbers });
      for (const [i, n] of caseNumbers.entries()) {
        const handle = stack.client.workflow.getHandle(caseWorkflowId(n));
        const description = await handle.describe();
        expect(description.runId).toBe(runIds[i]);
        // Started on the cases queue of the queue the activity ran on, not on the main one.
        expect(description.taskQueue).toBe(caseTaskQueue(stack.config.temporal.taskQueue));
        await eventually(async () => (await handle.query(caseStateQuery)).caseId, `the opening of ${n}`);
        const row = await caseRecords(stack.db, n);
        expect(row!.containers.map((c) => c.containerId)).toEqual([seeded.containerIds[i]]);
        await handle.terminate('test finished');
      }
    });
  });

  /** Each row's transaction id (xmin): rows written by one transaction share it. */
  const writersOf = async (caseNumbers: string[]) => {
    const rows = await stack.db.$queryRawUnsafe<{ caseNumber: string; table: string; xmin: string }[]>(
      `SELECT c."caseNumber", 'case' AS "table", c.xmin::text AS xmin FROM "RemainsCase" c WHERE c."caseNumber" = ANY($1)
       UNION ALL SELECT c."caseNumber", 'container', l.xmin::text FROM "CaseContainer" l JOIN "RemainsCase" c ON c.id = l."caseId" WHERE c."caseNumber" = ANY($1)
       UNION ALL SELECT c."caseNumber", 'event', e.xmin::text FROM "CaseEvent" e JOIN "RemainsCase" c ON c.id = e."caseId" WHERE c."caseNumber" = ANY($1)`,
      caseNumbers,
    );
    return rows.map((r) => `${r.caseNumber} ${r.table} ${r.xmin}`).sort();
  };

  /** The names of a workflow's history events, from its start. */
  const historyOf = async (workflowId: string) =>
    ((await stack.client.workflow.getHandle(workflowId).fetchHistory()).events ?? []).map(
      (e) => temporal.api.enums.v1.EventType[e.eventType!],
    );

  it('when a day’s cases are opened in batches, then each batch is one transaction, each case workflow starts recorded (no opening activity, one workflow task before its reminder timer), and a re-run opens nothing twice', async () => {
    const activities = createActivities({ db: stack.db, temporal: stack.client });
    const seeded = await seedContainers(stack.db, 5);
    const request = openingOf(seeded);
    await stack.withWorker(async () => {
      const { caseNumbers } = await run(activities.openCasesForContainers, [request]);
      expect(caseNumbers).toHaveLength(5);

      // One transaction per batch (2 + 2 + 1): a case, its container link and its opening event share it.
      const writers = await writersOf(caseNumbers);
      expect(writers).toHaveLength(15);
      const xminOf = (n: string) => new Set(writers.filter((w) => w.startsWith(`${n} `)).map((w) => w.split(' ')[2]));
      const batches = [caseNumbers.slice(0, 2), caseNumbers.slice(2, 4), caseNumbers.slice(4)];
      const batchXmins = batches.map((batch) => new Set(batch.flatMap((n) => [...xminOf(n)])));
      for (const xmins of batchXmins) expect(xmins.size).toBe(1);
      expect(new Set(batchXmins.flatMap((x) => [...x])).size).toBe(3);

      const rows = await stack.db.remainsCase.findMany({
        where: { caseNumber: { in: caseNumbers } },
        include: { events: true, containers: true },
      });
      for (const [i, n] of caseNumbers.entries()) {
        const handle = stack.client.workflow.getHandle(caseWorkflowId(n));
        const row = rows.find((r) => r.caseNumber === n)!;
        expect(row.containers.map((c) => c.containerId)).toEqual([seeded.containerIds[i]]);
        expect(row.events.map((e) => [e.sequence, e.kind, e.step, e.recordedBy])).toEqual([
          [1, 'STEP', 'RECEIVED', 'ua-intake-01'],
        ]);
        const history = await eventually(async () => {
          const events = await historyOf(handle.workflowId);
          return events.includes('EVENT_TYPE_TIMER_STARTED') ? events : undefined;
        }, `the reminder timer of ${n}`);
        const beforeTimer = history.slice(0, history.indexOf('EVENT_TYPE_TIMER_STARTED'));
        expect(beforeTimer.filter((e) => e === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED')).toHaveLength(1);
        expect(history).not.toContain('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
        // No patch marker, and no upsert of TemporalChangeVersion with one: the server's least work per start.
        expect(history).not.toContain('EVENT_TYPE_MARKER_RECORDED');
        expect(history).not.toContain('EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES');
        // Nothing published again: no status upserted, no memo rewritten.
        expect(history).not.toContain('EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED');
        // What the start set is what the workflow holds; the reminder clock runs from the recorded progress time.
        const state = await handle.query(caseStateQuery);
        expect(state).toMatchObject({
          caseId: row.id,
          sequence: 1,
          status: 'RECEIVED',
          lastProgressAt: row.lastProgressAt.toISOString(),
        });
        const description = await handle.describe();
        expect(description.typedSearchAttributes.get(SearchAttr.CaseStatus)).toBe('RECEIVED');
        expect(description.typedSearchAttributes.get(SearchAttr.OperationReference)).toBe(seeded.operationReference);
        expect(description.memo).toEqual({ operationReference: seeded.operationReference, caseStep: 'RECEIVED' });
      }
      const runIds = await Promise.all(
        caseNumbers.map(async (n) => (await stack.client.workflow.getHandle(caseWorkflowId(n)).describe()).runId),
      );

      // A retry from the start (no heartbeat kept) writes nothing and starts nothing.
      expect(await run(activities.openCasesForContainers, [request], 2)).toEqual({ caseNumbers });
      expect(await writersOf(caseNumbers)).toEqual(writers);
      for (const [i, n] of caseNumbers.entries()) {
        expect((await stack.client.workflow.getHandle(caseWorkflowId(n)).describe()).runId).toBe(runIds[i]);
      }

      // A case opened in bulk takes its steps as any other: the next event is 2.
      const first = stack.client.workflow.getHandle<typeof remainsCase>(caseWorkflowId(caseNumbers[0]));
      expect(await first.executeUpdate(recordCaseStepUpdate, { args: [{ step: 'EXAMINED', by: BY }] })).toMatchObject({
        status: 'EXAMINED',
        sequence: 2,
      });
      expect(await eventsOf(caseNumbers[0])).toEqual([
        [1, 'STEP', 'RECEIVED', null],
        [2, 'STEP', 'EXAMINED', null],
      ]);
      await Promise.all(caseNumbers.map((n) => stack.client.workflow.getHandle(caseWorkflowId(n)).terminate('done')));
    });
  });

  it('when a PM number of the batch belongs to another workflow, then the others open in bulk and that case’s workflow alone fails with CaseNumberTaken', async () => {
    const activities = createActivities({ db: stack.db, temporal: stack.client });
    const seeded = await seedContainers(stack.db, 3);
    const intake = await stack.db.remainsContainer.findMany({ where: { id: { in: seeded.containerIds } } });
    const numberOf = (id: string) => intake.find((c) => c.id === id)!.receiverIntakeNumber!;
    const taken = numberOf(seeded.containerIds[1]);
    const operation = await stack.db.repatriationOperation.findUniqueOrThrow({
      where: { reference: seeded.operationReference },
    });
    await stack.db.remainsCase.create({
      data: {
        caseNumber: taken,
        operationId: operation.id,
        receivingParty: 'UA',
        workflowId: `elsewhere:${taken}`,
        responsibleAuthority: 'UA-MOJ',
        lastProgressAt: new Date(),
      },
    });
    // The single opening refuses it too, for good.
    const opening = {
      ...caseInput(seeded, { caseNumber: taken, containerIds: [seeded.containerIds[1]] }),
      workflowId: caseWorkflowId(taken),
      openedAt: '2025-07-01T09:00:00.000Z',
      progressAt: '2025-07-01T09:00:00.000Z',
    };
    await expect(run(activities.recordCaseOpened, [opening])).rejects.toMatchObject({
      type: 'CaseNumberTaken',
      nonRetryable: true,
    });

    await stack.withWorker(async () => {
      const { caseNumbers } = await run(activities.openCasesForContainers, [
        {
          operationReference: seeded.operationReference,
          receivingParty: 'UA',
          responsibleAuthority: 'UA-MOJ',
          openedBy: 'ua-intake-01',
          containers: seeded.containerIds.map((containerId) => ({ containerId })),
        },
      ]);
      const failed = stack.client.workflow.getHandle(caseWorkflowId(taken));
      const failure = await failed.result().then(
        () => undefined,
        (err: Error) => err,
      );
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      expect(((failure as WorkflowFailedError).cause as ActivityFailure).cause).toMatchObject({
        type: 'CaseNumberTaken',
      });
      for (const n of caseNumbers.filter((n) => n !== taken)) {
        const handle = stack.client.workflow.getHandle(caseWorkflowId(n));
        await eventually(async () => (await historyOf(handle.workflowId)).includes('EVENT_TYPE_TIMER_STARTED'), n);
        expect(await historyOf(handle.workflowId)).not.toContain('EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
        expect(await eventsOf(n)).toEqual([[1, 'STEP', 'RECEIVED', null]]);
        await handle.terminate('test finished');
      }
      expect((await stack.db.remainsCase.findUniqueOrThrow({ where: { caseNumber: taken } })).workflowId).toBe(
        `elsewhere:${taken}`,
      );
    });
  });
});
