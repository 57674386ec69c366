import { readFileSync } from 'node:fs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { createActivities } from '../../activities';
import { createDb, type Db } from '../../src/db';
import { findTemporalTestServer } from '../../src/tools';
import { caseStateQuery, recordCaseStepUpdate } from '../../workflows/remains-case/messages';
import { caseWorkflowId } from '../../workflows/shared/ids';
import { remainsCase } from '../../workflows/remains-case/workflow';
import { SearchAttr } from '../../workflows/shared/search-attributes';
import type { CaseInput } from '../../workflows/remains-case/messages';
import { caseInput, caseRecords, seedContainers } from '../helpers/cases';
import { eventually } from '../helpers/processes';
import { testDatabaseUrl, testDataConverter, unique } from '../helpers/stack';
import { TEST_ENV } from '../setup/state';

/**
 * Timers of days and years, on Temporal's time-skipping test server: the
 * bundled workflow code with the real activities on the run's PostgreSQL.
 */

const DAY = 24 * 60 * 60 * 1000;

let env: TestWorkflowEnvironment;
let db: Db;
let worker: Worker;
let running: Promise<void>;
const taskQueue = unique('tq-cases');

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: findTemporalTestServer() } },
    client: { dataConverter: testDataConverter() },
  });
  // Like any server, the test server knows only the search attributes registered on it
  // (it implements AddSearchAttributes, not the ListSearchAttributes the project's registration reads first).
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: {
      [SearchAttr.CaseStatus.name]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    },
  });
  db = createDb(testDatabaseUrl());
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    dataConverter: testDataConverter(),
    workflowBundle: { code: readFileSync(process.env[TEST_ENV.workflowBundle]!, 'utf8') },
    activities: createActivities({ db }),
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await db?.$disconnect();
  await env?.teardown();
});

async function startCase(overrides: Partial<CaseInput>) {
  const input = caseInput(await seedContainers(db, 1), { reminderPeriod: '30 days', ...overrides });
  const handle = await env.client.workflow.start(remainsCase, {
    taskQueue,
    workflowId: caseWorkflowId(input.caseNumber),
    args: [input],
  });
  await eventually(async () => (await handle.query(caseStateQuery)).caseId, 'the opening record');
  return { input, handle };
}

const remindersOf = async (caseNumber: string) =>
  (await caseRecords(db, caseNumber))!.events.filter((e) => e.kind === 'REMINDER');

describe('remains case reminders (time-skipping)', () => {
  it('when a case makes no progress for 65 days with a 30-day period, then the authority is reminded twice', async () => {
    const { input, handle } = await startCase({});
    await env.sleep(65 * DAY);
    const reminders = await eventually(async () => {
      const found = await remindersOf(input.caseNumber);
      return found.length >= 2 ? found : null;
    }, 'two reminders');
    expect(reminders.map((r) => [r.sequence, r.step, r.recordedBy, r.reference])).toEqual([
      [2, 'RECEIVED', 'system', 'reminder-to:UA-MOJ'],
      [3, 'RECEIVED', 'system', 'reminder-to:UA-MOJ'],
    ]);
    // A period apart, give or take the real time the worker took to write the first one.
    const apart = reminders[1].occurredAt.getTime() - reminders[0].occurredAt.getTime();
    expect(apart).toBeGreaterThanOrEqual(30 * DAY);
    expect(apart).toBeLessThan(30 * DAY + 60_000);
    expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'RECEIVED', remindersSent: 2 });
    await handle.terminate('test finished');
  });

  it('when progress is recorded before the period ends, then the clock starts again from it', async () => {
    const { input, handle } = await startCase({});
    await env.sleep(20 * DAY);
    const examined = await handle.executeUpdate(recordCaseStepUpdate, {
      args: [{ step: 'EXAMINED', by: 'ua-forensic-07' }],
    });
    const examinedAt = Date.parse(examined.lastProgressAt);
    await env.sleep(20 * DAY); // 40 days since the opening, 20 since the examination
    expect(await remindersOf(input.caseNumber)).toHaveLength(0);
    await env.sleep(15 * DAY); // 35 days since the examination
    const [reminder] = await eventually(async () => {
      const found = await remindersOf(input.caseNumber);
      return found.length ? found : null;
    }, 'a reminder');
    expect(reminder).toMatchObject({ step: 'EXAMINED', sequence: 3 });
    expect(reminder.occurredAt.getTime() - examinedAt).toBeGreaterThanOrEqual(30 * DAY);
    expect(await remindersOf(input.caseNumber)).toHaveLength(1);
    expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'EXAMINED', remindersSent: 1 });
    await handle.terminate('test finished');
  });

  it('when a run reaches its event threshold, then the case continues as new and keeps its state', async () => {
    const { input, handle } = await startCase({ maxEventsPerRun: 3 });
    const firstRunId = (await handle.describe()).runId;
    for (const step of ['EXAMINED', 'SAMPLED'] as const) {
      await handle.executeUpdate(recordCaseStepUpdate, {
        args: [{ step, by: 'ua-forensic-07', reference: 'sample-0042' }],
      });
    }
    await env.sleep(31 * DAY); // the third event of the run is a reminder
    const latest = env.client.workflow.getHandle(caseWorkflowId(input.caseNumber));
    const runId = await eventually(async () => {
      const id = (await latest.describe()).runId;
      return id !== firstRunId ? id : null;
    }, 'the continued run');
    expect(runId).not.toBe(firstRunId);
    const state = await latest.query(caseStateQuery);
    expect(state).toMatchObject({
      status: 'SAMPLED',
      sequence: 4,
      remindersSent: 1,
      run: 2,
      caseNumber: input.caseNumber,
    });

    // The new run goes on from where the last one stopped, with the same records.
    await latest.executeUpdate(recordCaseStepUpdate, { args: [{ step: 'PROFILED', by: 'ua-lab-02' }] });
    const records = await caseRecords(db, input.caseNumber);
    expect(records!.events.map((e) => [e.sequence, e.kind, e.step])).toEqual([
      [1, 'STEP', 'RECEIVED'],
      [2, 'STEP', 'EXAMINED'],
      [3, 'STEP', 'SAMPLED'],
      [4, 'REMINDER', 'SAMPLED'],
      [5, 'STEP', 'PROFILED'],
    ]);
    await latest.terminate('test finished');
  });
});
