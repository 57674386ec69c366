import { readFileSync } from 'node:fs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { createActivities } from '../../activities';
import { createDb, type Db } from '../../src/db';
import { CASE_WORKER_LIMITS, caseTaskQueue } from '../../src/temporal/worker';
import { findTemporalTestServer } from '../../src/tools';
import { searchAttributeKeys } from '../../workflows/shared/search-attributes';
import { TEST_ENV } from '../setup/state';
import { testDatabaseUrl, testDataConverter, unique } from './stack';

const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

export interface TimeSkippingStack {
  env: TestWorkflowEnvironment;
  db: Db;
  taskQueue: string;
  close(): Promise<void>;
}

/**
 * Temporal's time-skipping test server (timers of days pass in seconds) with
 * workers on `taskQueue` and its cases queue running the bundled workflows and
 * the real activities on the run's PostgreSQL database.
 */
export async function openTimeSkippingStack(): Promise<TimeSkippingStack> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: findTemporalTestServer() } },
    client: { dataConverter: testDataConverter() },
  });
  // Like any server, it knows only the search attributes registered on it.
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(searchAttributeKeys.map((k) => [k.name, INDEXED[k.type]])),
  });
  const db = createDb(testDatabaseUrl());
  const taskQueue = unique('tq-time');
  // As the worker process does: the main queue, and its cases queue (where a signed-off day's cases start).
  const workflowBundle = { code: readFileSync(process.env[TEST_ENV.workflowBundle]!, 'utf8') };
  const activities = createActivities({ db, temporal: env.client });
  const workers = await Promise.all(
    [{ taskQueue }, { taskQueue: caseTaskQueue(taskQueue), ...CASE_WORKER_LIMITS }].map((options) =>
      Worker.create({
        connection: env.nativeConnection,
        dataConverter: testDataConverter(),
        workflowBundle,
        activities,
        ...options,
      }),
    ),
  );
  // If one stops, so does the other (as in the worker process).
  const shutdownAll = () => workers.forEach((w) => w.getState() === 'RUNNING' && w.shutdown());
  const running = Promise.all(workers.map((w) => w.run().finally(shutdownAll)));
  return {
    env,
    db,
    taskQueue,
    async close() {
      shutdownAll();
      await running;
      await db.$disconnect();
      await env.teardown();
    },
  };
}
