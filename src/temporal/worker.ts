import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { requirePayloadKeys, type Config } from '../config';
import type { Db } from '../db';
import { createChannels } from '../notify/dispatcher';
import { dataConverter, FAILURE_CONVERTER_PATH } from './data-converter';

export const WORKFLOWS_PATH = require.resolve('../../workflows');

/** How workflows/ is bundled, here and in the tests' one bundle per run. */
export const BUNDLE_OPTIONS = { workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH };

export interface WorkerDeps {
  config: Config;
  db: Db;
  connection: NativeConnection;
  /** For activities that start workflows (a signed-off day opens its remains cases). */
  client: Client;
  /** A prebuilt bundle (tests bundle once per run); otherwise the worker bundles workflows/ itself. */
  workflowBundle?: WorkflowBundleOption;
  taskQueue?: string;
}

export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.config.temporal.namespace,
    taskQueue: deps.taskQueue ?? deps.config.temporal.taskQueue,
    dataConverter: dataConverter(requirePayloadKeys(deps.config)),
    // Notifications go out at once where they can; the outbox dispatcher retries the rest.
    activities: createActivities({ db: deps.db, channels: createChannels(deps.config.notify), temporal: deps.client }),
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
}
