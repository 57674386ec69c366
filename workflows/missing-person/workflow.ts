import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { UNTIL_WRITTEN } from '../shared/activity-retry';
import { msToNumber } from '@temporalio/common/lib/time';
import { familyInformedSignal } from '../remains-case/messages';
import { caseWorkflowId } from '../shared/ids';
import {
  changeMissingPersonStatusUpdate,
  familyInformedUpdate,
  missingPersonStateQuery,
  remainsIdentifiedUpdate,
  type ChangeMissingPersonStatusArgs,
  type FamilyInformedArgs,
  type FamilyNoticeState,
  type MissingPersonInput,
  type MissingPersonState,
  type MissingPersonStatus,
  type MissingPersonTarget,
  type RemainsIdentifiedArgs,
  type ReviewScanInput,
} from './messages';
import {
  changeRejection,
  familyInformedRejection,
  isOutcome,
  remainsIdentifiedRejection,
  transitionRejection,
} from './rules';
import { SearchAttr } from '../shared/search-attributes';
import { nowIso, workflowNow } from '../shared/time';

const { recordMissingPersonStatus, openFamilyNotice, remindFamilyNotice, recordFamilyTold, notify } =
  proxyActivities<Activities>({
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
  state.notices ??= [];
  const notices = state.notices;
  const maxEventsPerRun = input.maxEventsPerRun ?? DEFAULTS.maxEventsPerRun;
  let changesThisRun = 0;
  /** Moves of the notices (opened, told, reminded): they wake the main loop as changes do. */
  let ticks = 0;

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
    const reason = transitionRejection(state.status, args.status) ?? noticeRejection(args.status);
    if (reason) throw ApplicationFailure.nonRetryable(reason, 'MissingPersonChangeRejected');
    return move(args);
  }

  /** An open family notice is done only by recording who told the family, when and how. */
  function noticeRejection(to: MissingPersonTarget): string | undefined {
    const open = notices.filter((n) => !n.informedAt);
    if (to !== 'FAMILY_INFORMED' || open.length === 0) return undefined;
    return `the family is told of ${open.map((n) => n.remainsCaseNumber).join(', ')} through its family notice: the party's authority records who told it, when and how`;
  }

  async function move(args: ChangeMissingPersonStatusArgs): Promise<MissingPersonState> {
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

  /** A remains case linked to this person was legally identified: the family is to be told (again, if commingled). */
  async function identified(args: RemainsIdentifiedArgs): Promise<MissingPersonState> {
    if (notices.some((n) => n.remainsCaseNumber === args.remainsCaseNumber)) return { ...state };
    const MOVES: readonly MissingPersonStatus[] = ['REPORTED', 'ACTIVE', 'LOCATED_ALIVE', 'CONFIRMED_DETAINED'];
    if (MOVES.includes(state.status)) {
      await move({
        status: 'IDENTIFIED_DECEASED',
        by: args.by,
        occurredAt: args.occurredAt,
        reference: args.remainsCaseNumber,
      });
    }
    const openedAt = nowIso();
    const notice: FamilyNoticeState = {
      remainsCaseNumber: args.remainsCaseNumber,
      openedAt,
      dueAt: new Date(workflowNow() + msToNumber(args.noticeDeadline)).toISOString(),
      reminderMs: msToNumber(args.noticeReminderEvery),
      remindersSent: 0,
      overdue: false,
    };
    await openFamilyNotice({
      caseId: state.caseId,
      remainsCaseNumber: notice.remainsCaseNumber,
      status: state.status,
      by: args.by,
      openedAt,
      dueAt: notice.dueAt,
    });
    notices.push(notice);
    ticks += 1;
    changesThisRun += 1;
    // The person's party tells the family; the tracing service follows. Identifiers only.
    await notify({
      eventId: `${workflowInfo().workflowId}:notice:${notice.remainsCaseNumber}`,
      event: 'family_notice.opened',
      recipients: [state.party, TRACING],
      payload: { caseNumber: state.caseNumber, remainsCaseNumber: notice.remainsCaseNumber, dueAt: notice.dueAt },
    });
    return { ...state };
  }

  /** The party's authority told the family: the notice is done, and the remains case may be released. */
  async function informed(args: FamilyInformedArgs): Promise<MissingPersonState> {
    const reason = familyInformedRejection(notices, args, workflowNow());
    if (reason) throw ApplicationFailure.nonRetryable(reason, 'FamilyNoticeRejected');
    const notice = notices.find((n) => n.remainsCaseNumber === args.remainsCaseNumber)!;
    await recordFamilyTold({
      caseId: state.caseId,
      remainsCaseNumber: notice.remainsCaseNumber,
      status: state.status === 'IDENTIFIED_DECEASED' ? 'FAMILY_INFORMED' : state.status,
      by: args.by,
      informedAt: args.informedAt,
      channel: args.channel,
      contactPosition: args.contactPosition,
    });
    notice.informedAt = args.informedAt;
    ticks += 1;
    changesThisRun += 1;
    if (state.status === 'IDENTIFIED_DECEASED') {
      await move({
        status: 'FAMILY_INFORMED',
        by: args.by,
        occurredAt: args.informedAt,
        reference: notice.remainsCaseNumber,
      });
    }
    try {
      await getExternalWorkflowHandle(caseWorkflowId(notice.remainsCaseNumber)).signal(familyInformedSignal, {
        missingPersonCaseNumber: state.caseNumber,
        receiverContact: args.contactPosition,
        by: args.by,
        informedAt: args.informedAt,
      });
    } catch (err) {
      // A remains case no longer running cannot be released anyway; the notice stands recorded.
      log.warn('remains case not reachable for the family-informed signal', {
        remainsCaseNumber: notice.remainsCaseNumber,
        error: (err as Error).name,
      });
    }
    await notify({
      eventId: `${workflowInfo().workflowId}:informed:${notice.remainsCaseNumber}`,
      event: 'missing_person.family_informed',
      recipients: [state.party, TRACING],
      payload: { caseNumber: state.caseNumber, remainsCaseNumber: notice.remainsCaseNumber },
    });
    return { ...state };
  }

  const openNotices = () => notices.filter((n) => !n.informedAt);
  const nextReminderAt = (n: FamilyNoticeState) => Date.parse(n.lastReminderAt ?? n.openedAt) + n.reminderMs;

  /** Milliseconds until an open notice is due a reminder or falls overdue; undefined when none is open. */
  function untilNoticeTimer(): number | undefined {
    const open = openNotices();
    if (open.length === 0) return undefined;
    const next = Math.min(
      ...open.map((n) => (n.overdue ? nextReminderAt(n) : Math.min(nextReminderAt(n), Date.parse(n.dueAt)))),
    );
    return Math.max(1, next - workflowNow());
  }

  /** Reminds the party's authority of each notice due one; one past its deadline also tells the tracing service. */
  async function remindNotices(): Promise<void> {
    const now = workflowNow();
    for (const n of openNotices()) {
      const overdueNow = !n.overdue && now >= Date.parse(n.dueAt);
      if (!overdueNow && now < nextReminderAt(n)) continue;
      const at = nowIso();
      n.remindersSent += 1;
      n.lastReminderAt = at;
      if (overdueNow) n.overdue = true;
      await remindFamilyNotice({
        caseId: state.caseId,
        remainsCaseNumber: n.remainsCaseNumber,
        status: state.status,
        reminder: n.remindersSent,
        remindedAt: at,
      });
      ticks += 1;
      changesThisRun += 1;
      await notify({
        eventId: `${workflowInfo().workflowId}:notice:${n.remainsCaseNumber}:${n.remindersSent}`,
        event: overdueNow ? 'family_notice.overdue' : 'family_notice.reminder',
        recipients: overdueNow ? [state.party, TRACING] : [state.party],
        payload: { caseNumber: state.caseNumber, remainsCaseNumber: n.remainsCaseNumber, dueAt: n.dueAt },
      });
    }
  }

  setHandler(missingPersonStateQuery, () => state);
  setHandler(changeMissingPersonStatusUpdate, (args) => serially(() => change(args)), {
    validator: (args: ChangeMissingPersonStatusArgs) => {
      const reason = changeRejection(state.status, args, workflowNow()) ?? noticeRejection(args.status);
      if (reason) throw new Error(reason);
    },
  });
  setHandler(remainsIdentifiedUpdate, (args) => serially(() => identified(args)), {
    validator: (args) => {
      const reason = remainsIdentifiedRejection(args);
      if (reason) throw new Error(reason);
    },
  });
  setHandler(familyInformedUpdate, (args) => serially(() => informed(args)), {
    validator: (args) => {
      const reason = familyInformedRejection(notices, args, workflowNow());
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
    const seenTicks = ticks;
    const woken = () => state.changes !== seen || ticks !== seenTicks || runIsLong();
    // Durable timers of the family notices still open: reminders, then the deadline.
    const noticeTimer = untilNoticeTimer();
    if (noticeTimer !== undefined) {
      if (!(await condition(woken, noticeTimer))) await serially(remindNotices);
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
