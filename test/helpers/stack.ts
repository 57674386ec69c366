import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { auditsWritten } from '../../src/api/audit';
import { loadConfig, type Config } from '../../src/config';
import { createDb, type Db } from '../../src/db';
import { parsePayloadKeys } from '../../src/temporal/codec';
import { dataConverter } from '../../src/temporal/data-converter';
import {
  CASE_WORKER_LIMITS,
  caseTaskQueue,
  createWorker,
  createWorkers,
  runWorkersUntil,
} from '../../src/temporal/worker';
import { TEST_ENV } from '../setup/state';

/**
 * The real stack for integration tests: the run's PostgreSQL database and
 * Temporal dev server (started by global setup), a task queue of the test's
 * own (and its `-cases` queue), and the worker process's two workers running
 * the bundled workflow code with real activities.
 */

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest.config.js (its global setup).`);
  return value;
}

export const testDatabaseUrl = () => required(TEST_ENV.databaseUrl);
export const testPayloadKeys = () => parsePayloadKeys(required(TEST_ENV.payloadKeys));
/** The project's data converter (payload encryption) with the run's key. */
export const testDataConverter = () => dataConverter(testPayloadKeys());

/** Unique per test, so tests never share a workflow ID or a task queue. */
export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: testDatabaseUrl(),
    TEMPORAL_ADDRESS: required(TEST_ENV.temporalAddress),
    TEMPORAL_TASK_QUEUE: unique('tq'),
    LOG_LEVEL: 'silent',
    PAYLOAD_KEYS: required(TEST_ENV.payloadKeys),
    // Each test's task queue unversioned; test/e2e/upgrade.test.ts runs Worker Versioning.
    WORKER_VERSIONING: 'off',
    // People's access tokens come from the run's OpenID Provider (global setup).
    ...(process.env[TEST_ENV.oidcIssuer] ? { OIDC_ISSUER: process.env[TEST_ENV.oidcIssuer] } : {}),
    ...overrides,
  });
}

export interface TestStack {
  config: Config;
  db: Db;
  client: Client;
  /**
   * Runs `fn` while the two workers serve the stack's task queue and its cases
   * queue (caseTaskQueue); with `only: 'cases'`, the cases queue's worker alone.
   */
  withWorker<T>(fn: () => Promise<T>, options?: { only?: 'cases' }): Promise<T>;
  close(): Promise<void>;
}

export async function openStack(overrides: Record<string, string> = {}): Promise<TestStack> {
  const config = testConfig(overrides);
  const db = createDb(config.databaseUrl!);
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: testDataConverter() });
  const bundle = { code: readFileSync(required(TEST_ENV.workflowBundle), 'utf8') };
  return {
    config,
    db,
    client,
    async withWorker(fn, options) {
      const nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
      try {
        if (options?.only === 'cases') {
          const cases = await createWorker({
            config,
            db,
            connection: nativeConnection,
            client,
            workflowBundle: bundle,
            taskQueue: caseTaskQueue(config.temporal.taskQueue),
            options: CASE_WORKER_LIMITS,
          });
          return await cases.runUntil(fn());
        }
        const workers = await createWorkers({
          config,
          db,
          connection: nativeConnection,
          client,
          workflowBundle: bundle,
        });
        return await runWorkersUntil(workers, fn());
      } finally {
        await nativeConnection.close();
      }
    },
    async close() {
      // A test's last requests may still be writing their audit entries.
      await auditsWritten(db);
      await connection.close();
      await db.$disconnect();
    },
  };
}
