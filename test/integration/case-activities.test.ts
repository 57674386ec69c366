import { ActivityFailure, WorkflowFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { caseTaskQueue } from '../../src/temporal/worker';
import { remainsCase } from '../../workflows/remains-case/workflow';
import { caseStateQuery, recordCaseStepUpdate } from '../../workflows/remains-case/messages';
import { caseWorkflowId } from '../../workflows/shared/ids';
import { SearchAttr } from '../../workflows/shared/search-attributes';
import { caseInput, caseRecords, seedContainers } from '../helpers/cases';
import { eventually } from '../helpers/processes';
import { openStack, type TestStack } from '../helpers/stack';
import { BY, caseSteps } from '../helpers/case-steps';

/**
 * The remains case's activities on the real stack: idempotent history writes, and cases opened in bulk for
 * received containers.
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await openStack();
});
afterAll(() => stack.close());

const { eventsOf } = caseSteps(() => stack);

// Failures the tests provoke on purpose are asserted, not logged.
const quietLogger = new DefaultLogger('ERROR', () => undefined);
/** One attempt of an activity, as a worker would run it (`attempt` > 1 for Temporal's retries). */
const run = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, args: A, attempt = 1): Promise<R> =>
  new MockActivityEnvironment({ attempt, taskQueue: stack.config.temporal.taskQueue }, { logger: quietLogger }).run<
    A,
    R,
    (...args: A) => Promise<R>
  >(fn, ...args);

/** Cases to open for seeded containers, two to a batch. */
const openingOf = (seeded: { operationReference: string; containerIds: string[] }) => ({
  operationReference: seeded.operationReference,
  receivingParty: 'UA',
  responsibleAuthority: 'UA-MOJ',
  openedBy: 'ua-intake-01',
  containers: seeded.containerIds.map((containerId) => ({ containerId })),
  batchSize: 2,
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

describe('remains case activities: history writes', () => {
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
});

describe('remains case activities: cases opened in bulk', () => {
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
});

describe('remains case activities: a PM number taken', () => {
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
