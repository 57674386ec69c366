import { readFileSync } from 'node:fs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { createActivities } from '../../activities';
import { createDb, type Db } from '../../src/db';
import { findTemporalTestServer } from '../../src/tools';
import { searchAttributeKeys } from '../../workflows/search-attributes';
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
 * a worker running the bundled workflows and the real activities on the
 * run's PostgreSQL database.
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
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    dataConverter: testDataConverter(),
    workflowBundle: { code: readFileSync(process.env[TEST_ENV.workflowBundle]!, 'utf8') },
    activities: createActivities({ db, temporal: env.client }),
  });
  const running = worker.run();
  return {
    env,
    db,
    taskQueue,
    async close() {
      worker.shutdown();
      await running;
      await db.$disconnect();
      await env.teardown();
    },
  };
}
