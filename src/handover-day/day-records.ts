import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { RecordProgress } from '../../workflows/handover-day/records';
import { dayRecordsQuery } from '../../workflows/handover-day/messages';
import { SearchAttr } from '../../workflows/shared/search-attributes';

/** Whether PostgreSQL holds every change the day has made. */
export const dayRecorded = (progress: RecordProgress): boolean => progress.written >= progress.made;

/**
 * Waits until PostgreSQL holds every change the day had answered when the
 * read began (a day projects each change just after answering it), so that
 * a reader sees in the record what it, or anyone, was answered before. After
 * `timeoutMs`, answers how far behind it still is.
 */
export async function dayRecordsCaughtUp(
  day: WorkflowHandle,
  { timeoutMs = 5_000, everyMs = 20 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<RecordProgress> {
  const until = Date.now() + timeoutMs;
  // What was answered before this read began: changes made after it need not hold the reader up.
  let target: number | undefined;
  for (;;) {
    const progress = await day.query(dayRecordsQuery);
    target ??= progress.made;
    if (progress.written >= target || Date.now() >= until) return progress;
    await sleep(everyMs);
  }
}

/**
 * Waits, as `dayRecordsCaughtUp`, for every day of the operation still
 * running, before a read of what days record (custody, discrepancies, the
 * report). A day that cannot answer is not waited for: the read shows what
 * PostgreSQL holds.
 */
export async function operationRecordsCaughtUp(
  temporal: Client,
  operationReference: string,
  { timeoutMs = 1_000 }: { timeoutMs?: number } = {},
): Promise<void> {
  // A day with no worker to answer its query is not waited for beyond the deadline.
  await temporal
    .withDeadline(Date.now() + timeoutMs, async () => {
      const running: string[] = [];
      const query =
        `WorkflowType = 'handoverDay' AND ExecutionStatus = 'Running' AND ` +
        `${SearchAttr.OperationReference.name} = '${operationReference.replace(/'/g, '')}'`;
      for await (const day of temporal.workflow.list({ query })) running.push(day.workflowId);
      await Promise.all(running.map((id) => dayRecordsCaughtUp(temporal.workflow.getHandle(id), { timeoutMs })));
    })
    .catch(() => undefined);
}
