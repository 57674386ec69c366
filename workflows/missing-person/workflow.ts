import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { UNTIL_WRITTEN } from '../shared/activity-retry';
import { Serial } from '../shared/serial';
import { nowIso } from '../shared/time';
import { MissingPersonCase } from './case';
import {
  changeMissingPersonStatusUpdate,
  familyInformedUpdate,
  missingPersonStateQuery,
  remainsIdentifiedUpdate,
  type MissingPersonInput,
  type MissingPersonState,
  type ReviewScanInput,
} from './messages';

export { TRACING } from './case';

const { remindDueReviews } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: UNTIL_WRITTEN,
});

const DEFAULTS = { closedRetention: '7 days', maxEventsPerRun: 200 } as const;

/**
 * The lifecycle of one missing-person case while it is in motion. A case at
 * rest (reported, imported, waiting for years) has no workflow: PostgreSQL
 * holds it and the review scan reminds of it. The first change starts this
 * workflow (update-with-start, from the status PostgreSQL holds); from then
 * on it is the single writer of the case's status, until the case has been
 * closed for `closedRetention`. Reopening a closed case starts it again.
 * The handlers are the methods of `MissingPersonCase` (./case.ts).
 */
export async function missingPersonCase(input: MissingPersonInput): Promise<MissingPersonState> {
  const mp = new MissingPersonCase(
    input.carried ?? {
      caseNumber: input.caseNumber,
      caseId: input.caseId,
      party: input.party,
      status: input.status,
      changes: 0,
      reopenings: 0,
      run: 1,
    },
  );
  const state = mp.state;
  const maxEventsPerRun = input.maxEventsPerRun ?? DEFAULTS.maxEventsPerRun;
  // Changes run one at a time, in arrival order, each seeing the state the previous one left.
  const serial = new Serial();
  serial.release();

  setHandler(missingPersonStateQuery, mp.view);
  setHandler(changeMissingPersonStatusUpdate, (args) => serial.run(() => mp.change(args)), {
    validator: (args) => mp.validateChange(args),
  });
  setHandler(remainsIdentifiedUpdate, (args) => serial.run(() => mp.identified(args)), {
    validator: (args) => mp.validateIdentified(args),
  });
  setHandler(familyInformedUpdate, (args) => serial.run(() => mp.informed(args)), {
    validator: (args) => mp.validateInformed(args),
  });
  mp.publish();

  const runIsLong = () => mp.changesThisRun >= maxEventsPerRun || workflowInfo().continueAsNewSuggested;
  for (;;) {
    if (runIsLong()) {
      await condition(allHandlersFinished);
      return await continueAsNew<typeof missingPersonCase>({ ...input, carried: { ...state, run: state.run + 1 } });
    }
    const seen = state.changes;
    const seenTicks = mp.ticks;
    const woken = () => state.changes !== seen || mp.ticks !== seenTicks || runIsLong();
    // Durable timers of the family notices still open: reminders, then the deadline.
    const noticeTimer = mp.untilNoticeTimer();
    if (noticeTimer !== undefined) {
      if (!(await condition(woken, noticeTimer))) await serial.run(() => mp.remindNotices());
    } else if (state.status === 'CLOSED') {
      // A closed case still answers for a while (a reopening joins this run); then the workflow ends.
      if (!(await condition(woken, input.closedRetention ?? DEFAULTS.closedRetention))) break;
    } else {
      await condition(woken);
    }
  }
  await condition(allHandlersFinished);
  return { ...state };
}

/**
 * Periodic reviews with the families, for every open case, without a
 * workflow per case: each scan asks PostgreSQL (in batches, by due date) for
 * the cases whose yearly review is due and not yet reminded, and reminds the
 * tracing service of each. History stays bounded: continue-as-new.
 */
export async function missingPersonReviews(input: ReviewScanInput = {}): Promise<void> {
  const batchSize = input.batchSize ?? 500;
  for (let scan = 0; scan < (input.scansPerRun ?? 50); scan++) {
    const now = nowIso();
    // Batches until a short one: a backlog is worked off in one scan.
    let reminded: number;
    do reminded = await remindDueReviews({ now, batchSize });
    while (reminded === batchSize);
    await sleep(input.interval ?? '1 day');
  }
  await continueAsNew<typeof missingPersonReviews>(input);
}
