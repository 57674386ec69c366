import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  WorkflowIdReusePolicy,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import type { Activities } from '../activities';
import {
  caseMergedSignal,
  caseStateQuery,
  mergeCaseUpdate,
  recordCaseStepUpdate,
  splitCaseUpdate,
  type CaseEventKind,
  type CaseInput,
  type CaseMergedArgs,
  type CaseState,
  type CaseStatus,
  type MergeCaseArgs,
  type RecordCaseStepArgs,
  type SplitCaseArgs,
} from './case-messages';
import {
  awaitsAction,
  isClosed,
  mergeRejection,
  recordStepRejection,
  splitCaseNumbers,
  splitRejection,
  stepRejection,
} from './case-rules';
import { caseWorkflowId } from './ids';
import { SearchAttr } from './search-attributes';
import { Serial } from './serial';
import { UNTIL_WRITTEN } from './activity-retry';
import { nowIso, workflowNow } from './time';

/** Steps the families' side is told of: the answer, or where the remains went. */
const ANNOUNCED: readonly CaseStatus[] = ['IDENTIFIED', 'RETURNED_TO_OTHER_PARTY', 'RELEASED'];

const { recordCaseOpened, recordCaseEvent, recordCaseAbsorbed, remindAuthority, notify } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: UNTIL_WRITTEN,
});

const DEFAULTS = { reminderPeriod: '30 days', closedRetention: '7 days', maxEventsPerRun: 200 } as const;

/** A validator's refusal: thrown before anything reaches history. */
function refuse(reason: string | undefined): void {
  if (reason) throw new Error(reason);
}

/**
 * One remains case, from reception to release (or retention, or return to
 * the other party), for as many years as that takes. The workflow is the
 * single writer of the case's state; each event is persisted by an idempotent
 * activity keyed by (case, sequence). History stays bounded: the workflow
 * continues as new, carrying its state.
 */
export async function remainsCase(input: CaseInput): Promise<CaseState> {
  const startedAt = nowIso();
  const state: CaseState = input.carried ?? {
    caseNumber: input.caseNumber,
    operationReference: input.operationReference,
    receivingParty: input.receivingParty,
    responsibleAuthority: input.responsibleAuthority,
    containerIds: [...input.containerIds],
    status: 'RECEIVED',
    profiled: false,
    sequence: 0,
    lastProgressAt: startedAt,
    remindersSent: 0,
    splits: 0,
    run: 1,
  };
  const reminderMs = msToNumber(input.reminderPeriod ?? DEFAULTS.reminderPeriod);
  const maxEventsPerRun = input.maxEventsPerRun ?? DEFAULTS.maxEventsPerRun;
  let eventsThisRun = 0;

  // Handlers run one at a time, in arrival order, so each sees the state the previous one left.
  const serial = new Serial('unheld');
  const serially = <T>(fn: () => Promise<T>) => serial.run(fn);

  const caseId = () => state.caseId!;

  function publish(): void {
    upsertSearchAttributes([{ key: SearchAttr.CaseStatus, value: state.status }]);
    upsertMemo({ operationReference: state.operationReference, caseStep: state.status });
  }

  /** Persists the next event, then moves the state on; a status change is published. */
  async function record(event: {
    kind: CaseEventKind;
    status: CaseStatus;
    by: string;
    occurredAt?: string;
    reference?: string;
    relatedCase?: string;
  }): Promise<void> {
    const at = nowIso();
    const sequence = state.sequence + 1;
    const progress = event.kind !== 'REMINDER';
    await recordCaseEvent({
      caseId: caseId(),
      sequence,
      kind: event.kind,
      step: event.status,
      recordedBy: event.by,
      occurredAt: event.occurredAt ?? at,
      reference: event.reference,
      relatedCase: event.relatedCase,
      progressAt: progress ? at : undefined,
    });
    const changed = state.status !== event.status;
    state.sequence = sequence;
    state.status = event.status;
    if (progress) state.lastProgressAt = at;
    eventsThisRun += 1;
    if (changed) publish();
    if (changed && ANNOUNCED.includes(event.status) && patched('case-notifications')) {
      // The receiving party follows its case; a return also concerns the intermediary, who arranges it.
      const recipients =
        event.status === 'RETURNED_TO_OTHER_PARTY' ? [state.receivingParty, 'INTERMEDIARY'] : [state.receivingParty];
      await notify({
        eventId: `${workflowInfo().workflowId}:${sequence}`,
        event: `case.${event.status.toLowerCase()}`,
        operationReference: state.operationReference,
        recipients,
        payload: { caseNumber: state.caseNumber, status: event.status },
      });
    }
  }

  async function open(): Promise<void> {
    const openedAt = input.openedAt ?? startedAt;
    state.caseId = await recordCaseOpened({
      caseNumber: state.caseNumber,
      workflowId: workflowInfo().workflowId,
      operationReference: state.operationReference,
      receivingParty: state.receivingParty,
      responsibleAuthority: state.responsibleAuthority,
      containerIds: state.containerIds,
      openedBy: input.openedBy,
      openedAt,
      progressAt: state.lastProgressAt,
      splitFrom: input.splitFrom,
    });
    state.sequence = 1; // the opening is event 1
  }

  async function step(args: RecordCaseStepArgs): Promise<CaseState> {
    // Re-checked here: an earlier queued handler may have moved the case on since validation.
    const reason = stepRejection(state, args.step);
    if (reason) throw ApplicationFailure.nonRetryable(reason, 'CaseStepRejected');
    await record({
      kind: 'STEP',
      status: args.step,
      by: args.by,
      occurredAt: args.occurredAt,
      reference: args.reference,
    });
    if (args.step === 'PROFILED') state.profiled = true;
    if (args.step === 'SAMPLED') state.profiled = false; // a new sample needs its own profile
    return { ...state };
  }

  async function split(args: SplitCaseArgs): Promise<{ caseNumbers: string[] }> {
    if (isClosed(state.status))
      throw ApplicationFailure.nonRetryable(`case is closed: ${state.caseNumber}`, 'CaseClosed');
    const caseNumbers = splitCaseNumbers(state.caseNumber, state.splits, args.parts);
    const occurredAt = args.occurredAt ?? nowIso();
    for (const relatedCase of caseNumbers) {
      await record({
        kind: 'SPLIT',
        status: state.status,
        by: args.by,
        occurredAt,
        reference: args.reference,
        relatedCase,
      });
      state.splits += 1;
    }
    for (const caseNumber of caseNumbers) {
      try {
        // Abandoned on close: each split-off case lives its own life, across this case's continue-as-new.
        await startChild(remainsCase, {
          workflowId: caseWorkflowId(caseNumber),
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          args: [
            {
              caseNumber,
              operationReference: state.operationReference,
              receivingParty: state.receivingParty,
              responsibleAuthority: state.responsibleAuthority,
              containerIds: args.containerIds ?? state.containerIds,
              openedBy: args.by,
              openedAt: occurredAt,
              splitFrom: state.caseNumber,
              reminderPeriod: input.reminderPeriod,
              closedRetention: input.closedRetention,
              maxEventsPerRun: input.maxEventsPerRun,
            },
          ],
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        log.warn('split-off case already open', { caseNumber });
      }
    }
    return { caseNumbers };
  }

  async function merge(args: MergeCaseArgs): Promise<CaseState> {
    if (isClosed(state.status))
      throw ApplicationFailure.nonRetryable(`case is closed: ${state.caseNumber}`, 'CaseClosed');
    const at = nowIso();
    const sequence = state.sequence + 1;
    let containerIds: string[];
    try {
      // The database is the arbiter: it refuses an unknown or closed case before anything is written.
      containerIds = await recordCaseAbsorbed({
        caseId: caseId(),
        sequence,
        step: state.status,
        absorbedCaseNumber: args.absorbedCaseNumber,
        recordedBy: args.by,
        occurredAt: args.occurredAt ?? at,
        reference: args.reference,
        progressAt: at,
      });
    } catch (err) {
      const reason = (err as { cause?: Error }).cause?.message ?? (err as Error).message;
      throw ApplicationFailure.nonRetryable(reason, 'CaseMergeRejected');
    }
    state.sequence = sequence;
    state.lastProgressAt = at;
    state.containerIds = containerIds;
    eventsThisRun += 1;
    await getExternalWorkflowHandle(caseWorkflowId(args.absorbedCaseNumber)).signal(caseMergedSignal, {
      intoCaseNumber: state.caseNumber,
      by: args.by,
      occurredAt: args.occurredAt ?? at,
      reference: args.reference,
    });
    return { ...state };
  }

  async function endAsMerged(args: CaseMergedArgs): Promise<void> {
    if (isClosed(state.status)) {
      log.warn('merge signal for a closed case ignored', { caseNumber: state.caseNumber, into: args.intoCaseNumber });
      return;
    }
    await record({
      kind: 'MERGED',
      status: 'MERGED',
      by: args.by,
      occurredAt: args.occurredAt,
      reference: args.reference,
      relatedCase: args.intoCaseNumber,
    });
    state.mergedInto = args.intoCaseNumber;
  }

  async function remind(): Promise<void> {
    const at = nowIso();
    const sequence = state.sequence + 1;
    await remindAuthority({
      caseId: caseId(),
      caseNumber: state.caseNumber,
      sequence,
      authority: state.responsibleAuthority,
      status: state.status,
      idleSince: state.lastProgressAt,
      remindedAt: at,
    });
    state.sequence = sequence;
    state.lastReminderAt = at;
    state.remindersSent += 1;
    eventsThisRun += 1;
    if (patched('case-notifications')) {
      await notify({
        eventId: `${workflowInfo().workflowId}:${sequence}`,
        event: 'case.no_progress',
        operationReference: state.operationReference,
        recipients: [state.responsibleAuthority],
        payload: { caseNumber: state.caseNumber, status: state.status, idleSince: state.lastProgressAt },
      });
    }
  }

  /** Milliseconds until the authority is due a reminder: a period after the last progress or reminder. */
  function untilReminder(): number {
    const since = Math.max(Date.parse(state.lastProgressAt), Date.parse(state.lastReminderAt ?? state.lastProgressAt));
    return Math.max(1, since + reminderMs - workflowNow());
  }

  setHandler(caseStateQuery, () => state);
  setHandler(recordCaseStepUpdate, (args) => serially(() => step(args)), {
    validator: (args) => refuse(recordStepRejection(state, args, workflowNow())),
  });
  setHandler(splitCaseUpdate, (args) => serially(() => split(args)), {
    validator: (args) => refuse(splitRejection(state, args, workflowNow())),
  });
  setHandler(mergeCaseUpdate, (args) => serially(() => merge(args)), {
    validator: (args) => refuse(mergeRejection(state, args, workflowNow())),
  });
  setHandler(caseMergedSignal, (args) => serially(() => endAsMerged(args)));

  // Updates that arrive with the start wait for the case to be opened.
  if (state.caseId === undefined) await serial.first(open);
  else serial.release();
  publish();

  const runIsLong = () => eventsThisRun >= maxEventsPerRun || workflowInfo().continueAsNewSuggested;
  while (!isClosed(state.status)) {
    if (runIsLong()) {
      await condition(allHandlersFinished);
      if (isClosed(state.status)) break;
      return await continueAsNew<typeof remainsCase>({ ...input, carried: { ...state, run: state.run + 1 } });
    }
    const seen = state.sequence;
    const woken = () => state.sequence !== seen || runIsLong();
    if (awaitsAction(state.status)) {
      if (!(await condition(woken, untilReminder()))) await serially(remind);
    } else {
      await condition(woken);
    }
  }

  // A closed case still answers for a while, so late reports get "case is closed" rather than "not found".
  await condition(allHandlersFinished);
  await sleep(input.closedRetention ?? DEFAULTS.closedRetention);
  await condition(allHandlersFinished);
  return { ...state };
}
