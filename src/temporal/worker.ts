import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import {
  bundleWorkflowCode,
  NativeConnection,
  Runtime,
  Worker,
  type WorkerOptions,
  type WorkflowBundleOption,
} from '@temporalio/worker';
import { createActivities } from '../../activities';
import { requirePayloadKeys, type Config } from '../config';
import type { Db } from '../db';
import { createChannels } from '../notification/dispatcher';
import { dataConverter, FAILURE_CONVERTER_PATH } from './data-converter';
import { workerVersion } from './deployment';
import { caseTaskQueue } from './task-queues';

export { caseTaskQueue } from './task-queues';

export const WORKFLOWS_PATH = require.resolve('../../workflows');

/** How workflows/ is bundled, here and in the tests' one bundle per run. */
export const BUNDLE_OPTIONS = { workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH };

/** Where the release build (scripts/build.js) writes the workflow bundle: dist/workflow-bundle.js. */
export const BUILT_WORKFLOW_BUNDLE = path.resolve(__dirname, '..', '..', 'workflow-bundle.js');

/**
 * The workflow code both workers run. Compiled by the release build (this file is
 * .js), the worker loads the bundle built with it, as Temporal recommends for
 * production: no webpack at start, and the code that runs is the code released.
 * From source (tsx, Jest), workflows/ is bundled here.
 */
export async function defaultWorkflowBundle(
  fromBuild = path.extname(__filename) === '.js',
): Promise<WorkflowBundleOption> {
  if (fromBuild) {
    if (!existsSync(BUILT_WORKFLOW_BUNDLE)) {
      throw new Error(
        `This build has no workflow bundle at ${BUILT_WORKFLOW_BUNDLE}: build the release with \`npm run build\`, which writes it.`,
      );
    }
    return { codePath: BUILT_WORKFLOW_BUNDLE };
  }
  // Its messages go through the runtime's logger (pino in the worker process), as a Worker's would.
  return { code: (await bundleWorkflowCode({ ...BUNDLE_OPTIONS, logger: Runtime.instance().logger })).code };
}

/**
 * Limits of the worker on the cases task queue. A case sleeps 30 days between
 * events, so caching it buys little (a wake-up replays its few events) and costs
 * ~380 KiB each: the cache is capped, so memory no longer grows with open cases.
 * Its activity slots are capped, so that opening thousands of cases leaves
 * database connections (the pg pool's 10, shared in the process) to the main
 * worker, which serves people's reports with the SDK's defaults. Its workflow
 * task slots are the SDK's default (40): a case's first task is short, but while
 * cases open each waits hundreds of ms on a busy server, and 10 slots held the
 * opening rate down (3,000 starts opened in 114 s with 10, 100–103 s with 40).
 */
export const CASE_WORKER_LIMITS = {
  maxCachedWorkflows: 500,
  maxConcurrentWorkflowTaskExecutions: 40,
  maxConcurrentActivityTaskExecutions: 5,
} satisfies Partial<WorkerOptions>;

export interface WorkerDeps {
  config: Config;
  db: Db;
  connection: NativeConnection;
  /** For activities that start workflows (a signed-off day opens its remains cases). */
  client: Client;
  /** A prebuilt bundle (tests bundle once per run); otherwise the worker bundles workflows/ itself. */
  workflowBundle?: WorkflowBundleOption;
  /** The main task queue; default config.temporal.taskQueue. */
  taskQueue?: string;
  /** Extra worker options (limits), over the defaults. */
  options?: Partial<WorkerOptions>;
}

/** One worker on one task queue, registering every workflow and activity. */
export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.config.temporal.namespace,
    taskQueue: deps.taskQueue ?? deps.config.temporal.taskQueue,
    dataConverter: dataConverter(requirePayloadKeys(deps.config)),
    // Notifications go out at once where they can; the outbox dispatcher retries the rest.
    activities: createActivities({
      db: deps.db,
      channels: createChannels(deps.config.notify, deps.db),
      temporal: deps.client,
      discrepancyTiming: deps.config.discrepancies,
      familyNotice: deps.config.familyNotice,
    }),
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    ...deploymentOptions(deps.config),
    ...deps.options,
  });
}

/**
 * As a Worker Deployment version when versioning is on: both workers of a process
 * poll as the same version. Each workflow type's behaviour is declared in
 * workflows/shared/versioning.ts; a type without one would be pinned.
 */
export function deploymentOptions(config: Config): Pick<WorkerOptions, 'workerDeploymentOptions'> {
  const deployment = config.worker.deployment;
  if (!deployment) return {};
  return {
    workerDeploymentOptions: {
      version: workerVersion(deployment),
      useWorkerVersioning: true,
      defaultVersioningBehavior: 'PINNED',
    },
  };
}

export interface Workers {
  /** The main task queue: operations, handover days, and cases started there before the cases queue existed. */
  main: Worker;
  /** `<main>-cases`: remains cases (and so their activities), with CASE_WORKER_LIMITS. */
  cases: Worker;
}

/**
 * The process's two workers, sharing one workflow bundle (the release build's,
 * or built here once from source, unless given). Both register every workflow
 * and activity: the main queue still holds case workflows started on it
 * before, and they replay there.
 */
export async function createWorkers(deps: Omit<WorkerDeps, 'options'>): Promise<Workers> {
  // One bundle for both: the build's, or bundled once here from source.
  const workflowBundle = deps.workflowBundle ?? (await defaultWorkflowBundle());
  const taskQueue = deps.taskQueue ?? deps.config.temporal.taskQueue;
  // Created side by side: the tests start this pair about a hundred times, and each start is ~20 % shorter so.
  const [main, cases] = await Promise.all([
    createWorker({ ...deps, workflowBundle, taskQueue }),
    createWorker({ ...deps, workflowBundle, taskQueue: caseTaskQueue(taskQueue), options: CASE_WORKER_LIMITS }),
  ]);
  return { main, cases };
}

const shutdownAll = (workers: Workers) => {
  for (const w of [workers.main, workers.cases]) if (w.getState() === 'RUNNING') w.shutdown();
};

/**
 * Runs both workers until they are shut down (SIGTERM, or stop()). If one
 * stops or fails, the other is shut down too; resolves once both have stopped,
 * or rejects with the first failure.
 */
export async function runWorkers(workers: Workers): Promise<void> {
  const results = await Promise.allSettled(
    [workers.main, workers.cases].map((w) => w.run().finally(() => shutdownAll(workers))),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Runs both workers while `work` runs, then shuts both down: Worker.runUntil for the pair. */
export async function runWorkersUntil<T>(workers: Workers, work: Promise<T>): Promise<T> {
  const running = runWorkers(workers);
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  void work
    .then(
      (value) => void (outcome = { ok: true, value }),
      (error: unknown) => void (outcome = { ok: false, error }),
    )
    .finally(() => shutdownAll(workers));
  let workerError: unknown;
  try {
    await running;
  } catch (err) {
    workerError = err;
  }
  // The workers' own failure is rethrown as it came.
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  if (!outcome) throw workerError ?? new Error('the workers stopped before the work ended');
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  if (workerError !== undefined) throw workerError;
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
