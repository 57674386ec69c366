import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import type { RecordProgress } from '../../workflows/day-records';
import { dayRecordsQuery } from '../../workflows/messages';

/** Whether PostgreSQL holds every change the day has made. */
export const dayRecorded = (progress: RecordProgress): boolean => progress.written >= progress.made;

/**
 * Waits until PostgreSQL has caught up with the day (a day projects each
 * change after answering it), so that a reader sees in the record what it,
 * or anyone, was just answered. After `timeoutMs`, answers how far behind it
 * still is.
 */
export async function dayRecordsCaughtUp(
  day: WorkflowHandle,
  { timeoutMs = 5_000, everyMs = 20 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<RecordProgress> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const progress = await day.query(dayRecordsQuery);
    if (dayRecorded(progress) || Date.now() >= until) return progress;
    await sleep(everyMs);
  }
}
