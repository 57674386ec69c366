import request from 'supertest';
import { createApp } from '../../src/api/app';
import { createLogger } from '../../src/logger';
import { operationWorkflowId } from '../../workflows/shared/ids';
import { june2025Agreement } from '../helpers/fixtures';
import { eventually, freePort, spawnEntryPoint, type Spawned } from '../helpers/processes';
import { openStack, testDatabaseUrl, unique, type TestStack } from '../helpers/stack';
import { personTokens } from '../helpers/tokens';
import { TEST_ENV } from '../setup/state';

/**
 * The production worker (src/main/worker.ts) in a process of its own — the
 * Temporal runtime is installed once per process, and this one (jest's) already
 * has one: its Core metrics are served for Prometheus at WORKER_METRICS_ADDRESS,
 * and its SDK logs come out as pino JSON lines with identifiers only.
 */

jest.setTimeout(180_000);

let worker: Spawned;
let metricsUrl: string;
let stack: TestStack;
const taskQueue = unique('tq-metrics');

beforeAll(async () => {
  // The API and client side of the stack, on the spawned worker's task queue.
  stack = await openStack({ TEMPORAL_TASK_QUEUE: taskQueue });
  const port = await freePort();
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
  worker = spawnEntryPoint('src/main/worker.ts', {
    DATABASE_URL: testDatabaseUrl(),
    TEMPORAL_ADDRESS: process.env[TEST_ENV.temporalAddress]!,
    TEMPORAL_TASK_QUEUE: taskQueue,
    WORKER_METRICS_ADDRESS: `127.0.0.1:${port}`,
    LOG_LEVEL: 'info',
    ...(process.env[TEST_ENV.payloadKeys] ? { PAYLOAD_KEYS: process.env[TEST_ENV.payloadKeys]! } : {}),
  });
});

afterAll(async () => {
  if (worker.child.exitCode === null && worker.child.signalCode === null) {
    worker.child.kill('SIGTERM');
    await worker.exited;
  }
  await stack?.close();
});

/** The worker's stdout and stderr lines that are JSON, parsed. */
const jsonLines = () =>
  worker
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const died = () =>
  worker.exited.then(({ code, signal }) => {
    throw new Error(`the worker exited (${code ?? signal}):\n${worker.output()}`);
  });

describe('worker metrics and logs', () => {
  it('when the worker runs, then Core serves its task slot and poller metrics for its task queue', async () => {
    const slotsOfQueue = new RegExp(`^temporal_worker_task_slots_available\\{[^}]*task_queue="${taskQueue}"`, 'm');
    const text = await Promise.race([
      eventually(
        async () => {
          const res = await fetch(metricsUrl);
          const body = await res.text();
          // Slots are reported once the worker polls (after both of the process's workers are created).
          return res.status === 200 && slotsOfQueue.test(body) ? body : null;
        },
        'the worker metrics of its task queue',
        150_000,
        500,
      ),
      died(),
    ]);
    expect(text).toMatch(slotsOfQueue);
    expect(text).toMatch(/^temporal_num_pollers\{/m);
    expect(text).toMatch(/^temporal_worker_task_slots_used\{/m);
    // Task latencies and the sticky cache size follow once tasks run; these are there from the start.
  });

  it('when the worker starts, then its SDK logs are pino JSON lines carrying the task queue, and nothing is printed outside the logger', async () => {
    const running = await eventually(
      async () =>
        jsonLines().find(
          // The main queue's worker (the cases queue's logs its own line).
          (l) =>
            l.component === 'temporal' &&
            l.msg === 'Worker state changed' &&
            l.state === 'RUNNING' &&
            l.taskQueue === taskQueue,
        ),
      'the worker to log that it runs',
    );
    expect(running).toMatchObject({
      service: 'repatriation',
      name: 'worker',
      level: 30,
      sdkComponent: 'worker',
      taskQueue,
    });
    // Every line the worker printed is JSON: nothing bypasses the logger.
    const other = worker
      .output()
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('{'));
    expect(other).toEqual([]);
  });

  it('when an operation runs on the worker, then its workflow task latency and sticky cache are exported', async () => {
    const tokens = await personTokens();
    const app = createApp({
      config: stack.config,
      db: stack.db,
      temporal: stack.client,
      logger: createLogger('silent', 'test'),
    });
    const body = june2025Agreement(unique('op-metrics'));
    await request(app).post('/api/operations').auth(tokens.coordinator, { type: 'bearer' }).send(body).expect(201);
    const ofQueue = (name: string) => new RegExp(`^${name}\\{[^}]*task_queue="${taskQueue}"[^}]*\\} [1-9]`, 'm');
    try {
      const text = await Promise.race([
        eventually(
          async () => {
            const metrics = await (await fetch(metricsUrl)).text();
            // Once the operation's first workflow task has completed (the cases queue's review
            // workflow, which every worker starts, completes tasks of its own).
            return ofQueue('temporal_workflow_task_execution_latency_count').test(metrics) ? metrics : null;
          },
          'workflow task metrics',
          60_000,
          500,
        ),
        died(),
      ]);
      expect(text).toMatch(ofQueue('temporal_workflow_task_execution_latency_count'));
      expect(text).toMatch(ofQueue('temporal_workflow_task_schedule_to_start_latency_count'));
      expect(text).toMatch(/^temporal_sticky_cache_size\{/m);
      // Metric labels name task queues and workflow types, never an operation.
      expect(text).not.toContain(body.reference);
    } finally {
      await stack.client.workflow.getHandle(operationWorkflowId(body.reference)).terminate('test finished');
    }
  });

  it('when SIGTERM arrives, then the worker drains and exits 0', async () => {
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(jsonLines().some((l) => l.msg === 'worker stopped')).toBe(true);
  });
});
