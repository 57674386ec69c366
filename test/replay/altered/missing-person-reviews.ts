import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../../../activities';
import { UNTIL_WRITTEN } from '../../../workflows/shared/activity-retry';
import type { ReviewScanInput } from '../../../workflows/missing-person/messages';
import { nowIso } from '../../../workflows/shared/time';

/**
 * A deliberately broken copy of `missingPersonReviews` (workflows/missing-person/workflow.ts), for the
 * determinism guard's negative test only: it waits for the interval before its first scan
 * instead of after it, a timer where the recorded history has an activity, and no `patched()`.
 * Never registered with a worker; only bundled by test/replay/replay.test.ts.
 */
const { remindDueReviews } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: UNTIL_WRITTEN,
});

export async function missingPersonReviews(input: ReviewScanInput = {}): Promise<void> {
  const batchSize = input.batchSize ?? 500;
  for (let scan = 0; scan < (input.scansPerRun ?? 50); scan++) {
    // The change: the timer first.
    await sleep(input.interval ?? '1 day');
    const now = nowIso();
    let reminded: number;
    do reminded = await remindDueReviews({ now, batchSize });
    while (reminded === batchSize);
  }
  await continueAsNew<typeof missingPersonReviews>(input);
}
