import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { UNTIL_WRITTEN } from './activity-retry';
import {
  changeMissingPersonStatusUpdate,
  missingPersonStateQuery,
  type ChangeMissingPersonStatusArgs,
  type MissingPersonInput,
  type MissingPersonState,
  type ReviewScanInput,
} from './missing-person-messages';
import { changeRejection, isOutcome, transitionRejection } from './missing-person-rules';
import { SearchAttr } from './search-attributes';
import { nowIso, workflowNow } from './time';

const { recordMissingPersonStatus, notify } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: UNTIL_WRITTEN,
});

const { remindDueReviews } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: UNTIL_WRITTEN,
});

const DEFAULTS = { closedRetention: '7 days', maxEventsPerRun: 200 } as const;

/** The intermediary's tracing service, as a notification recipient. */
export const TRACING = 'TRACING';

/**
 * The lifecycle of one missing-person case while it is in motion. A case at
 * rest (reported, imported, waiting for years) has no workflow: PostgreSQL
 * holds it and the review scan reminds of it. The first change starts this
 * workflow (update-with-start, from the status PostgreSQL holds); from then
 * on it is the single writer of the case's status, until the case has been
 * closed for `closedRetention`. Reopening a closed case starts it again.
 */
export async function missingPersonCase(input: MissingPersonInput): Promise<MissingPersonState> {
  const state: MissingPersonState = input.carried ?? {
    caseNumber: input.caseNumber,
    caseId: input.caseId,
    party: input.party,
    status: input.status,
    changes: 0,
    reopenings: 0,
    run: 1,
  };
  const maxEventsPerRun = input.maxEventsPerRun ?? DEFAULTS.maxEventsPerRun;
  let changesThisRun = 0;

  // Changes run one at a time, in arrival order, each seeing the state the previous one left.
  let tail: Promise<unknown> = Promise.resolve();
  const serially = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn);
    tail = run.catch(() => undefined);
    return run;
  };

  function publish(): void {
    upsertSearchAttributes([{ key: SearchAttr.CaseStatus, value: state.status }]);
    upsertMemo({ party: state.party, missingPersonStatus: state.status });
  }

  async function change(args: ChangeMissingPersonStatusArgs): Promise<MissingPersonState> {
    // Re-checked: an earlier queued change may have moved the case on since validation.
    const reason = transitionRejection(state.status, args.status);
    if (reason) throw ApplicationFailure.nonRetryable(reason, 'MissingPersonChangeRejected');
    const from = state.status;
    const reopening = from === 'CLOSED';
    const changes = state.changes + 1;
    await recordMissingPersonStatus({
      caseId: state.caseId,
      key: `${workflowInfo().workflowId}:${workflowInfo().firstExecutionRunId}:${changes}`,
      from,
      to: args.status,
      reopening,
      by: args.by,
      occurredAt: args.occurredAt ?? nowIso(),
      reference: args.reference,
    });
    state.changes = changes;
    state.status = args.status;
    if (reopening) state.reopenings += 1;
    changesThisRun += 1;
    publish();
    if (isOutcome(args.status)) {
      // The person's party follows its case; the tracing service passes the answer on. Identifiers only.
      await notify({
        eventId: `${workflowInfo().workflowId}:${workflowInfo().firstExecutionRunId}:${changes}`,
        event: `missing_person.${args.status.toLowerCase()}`,
        recipients: [state.party, TRACING],
        payload: { caseNumber: state.caseNumber, status: args.status },
      });
    }
    return { ...state };
  }

  setHandler(missingPersonStateQuery, () => state);
  setHandler(changeMissingPersonStatusUpdate, (args) => serially(() => change(args)), {
    validator: (args) => {
      const reason = changeRejection(state.status, args, workflowNow());
      if (reason) throw new Error(reason);
    },
  });
  publish();

  const runIsLong = () => changesThisRun >= maxEventsPerRun || workflowInfo().continueAsNewSuggested;
  for (;;) {
    if (runIsLong()) {
      await condition(allHandlersFinished);
      return await continueAsNew<typeof missingPersonCase>({ ...input, carried: { ...state, run: state.run + 1 } });
    }
    const seen = state.changes;
    const woken = () => state.changes !== seen || runIsLong();
    if (state.status === 'CLOSED') {
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
