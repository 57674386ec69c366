// Task queues. Kept free of Node and SDK imports so activities and tests can use it anywhere.

const CASES_SUFFIX = '-cases';

/**
 * The task queue of remains cases, derived from the main one (TEMPORAL_TASK_QUEUE):
 * `repatriation` → `repatriation-cases`. Cases run there on a worker of their own,
 * so opening thousands of them never queues people's reports behind them.
 * Idempotent: the cases queue maps to itself.
 */
export function caseTaskQueue(taskQueue: string): string {
  return taskQueue.endsWith(CASES_SUFFIX) ? taskQueue : `${taskQueue}${CASES_SUFFIX}`;
}
