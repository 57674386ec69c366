import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
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
import type { Activities } from '../../activities';
import {
  caseMergedSignal,
  caseStateQuery,
  familyInformedSignal,
  mergeCaseUpdate,
  recordCaseStepUpdate,
  recordForeignNationalUpdate,
  recordMatchUpdate,
  splitCaseUpdate,
  type CaseEventKind,
  type FamilyInformedSignalArgs,
  type RecordForeignNationalArgs,
  type RecordMatchArgs,
  type CaseInput,
  type CaseMergedArgs,
  type CaseState,
  type CaseStatus,
  type MergeCaseArgs,
  type RecordCaseStepArgs,
  type SplitCaseArgs,
} from './messages';
import {
  awaitsAction,
  familiesFirstRejection,
  foreignNationalRejection,
  isClosed,
  matchRejection,
  mergeRejection,
  recordStepRejection,
  splitCaseNumbers,
  splitRejection,
  stepRejection,
} from './rules';
import { caseWorkflowId } from '../shared/ids';
import { SearchAttr } from '../shared/search-attributes';
import { Serial } from '../shared/serial';
import { UNTIL_WRITTEN } from '../shared/activity-retry';
import { nowIso, workflowNow } from '../shared/time';

/** Steps the families' side is told of: the answer, or where the remains went. */
const ANNOUNCED: readonly CaseStatus[] = ['IDENTIFIED', 'RETURNED_TO_OTHER_PARTY', 'RELEASED'];

const {
  recordCaseOpened,
  recordCaseEvent,
  recordCaseAbsorbed,
  remindAuthority,
  notify,
  recordRemainsMatch,
  recordRemainsReturned,
  announceIdentification,
} = proxyActivities<Activities>({
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
  // Opened in bulk: the row and event 1 are written, and the start set the search attributes and memo.
  const recorded = !input.carried && input.caseId !== undefined;
  const state: CaseState = input.carried ?? {
    caseNumber: input.caseNumber,
    ...(recorded ? { caseId: input.caseId } : {}),
    operationReference: input.operationReference,
    receivingParty: input.receivingParty,
    responsibleAuthority: input.responsibleAuthority,
    containerIds: [...input.containerIds],
    status: 'RECEIVED',
    profiled: false,
    sequence: recorded ? 1 : 0,
    lastProgressAt: recorded ? (input.openedAt ?? startedAt) : startedAt,
    remindersSent: 0,
    splits: 0,
    run: 1,
  };
  const reminderMs = msToNumber(input.reminderPeriod ?? DEFAULTS.reminderPeriod);
  const maxEventsPerRun = input.maxEventsPerRun ?? DEFAULTS.maxEventsPerRun;
  let eventsThisRun = 0;

  // Handlers run one at a time, in arrival order, so each sees the state the previous one left.
  const serial = new Serial();
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
    if (changed && ANNOUNCED.includes(event.status)) {
      // The receiving party follows its case; a return also concerns the intermediary, who arranges it.
      const recipients =
        event.status === 'RETURNED_TO_OTHER_PARTY' ? [state.receivingParty, 'INTERMEDIARY'] : [state.receivingParty];
      // A national of the other side: the party it goes back to is told too, and whom it is for.
      const returnTo = event.status === 'RETURNED_TO_OTHER_PARTY' ? state.returnTo : undefined;
      await notify({
        eventId: `${workflowInfo().workflowId}:${sequence}`,
        event: `case.${event.status.toLowerCase()}`,
        operationReference: state.operationReference,
        recipients: returnTo ? [...recipients, returnTo] : recipients,
        payload: returnTo
          ? {
              caseNumber: state.caseNumber,
              status: event.status,
              returnTo,
              missingPersonCaseNumber: state.missingPersonCaseNumber,
            }
          : { caseNumber: state.caseNumber, status: event.status },
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
    const reason = stepRejection(state, args.step) ?? familiesFirstRejection(state, args);
    if (reason) throw ApplicationFailure.nonRetryable(reason, 'CaseStepRejected');
    const linked = state.missingPersonCaseNumber !== undefined;
    const occurredAt = args.occurredAt ?? nowIso();
    if (linked && args.step === 'RETURNED_TO_OTHER_PARTY' && state.returnTo) {
      // The missing-person case follows the remains across the border.
      await recordRemainsReturned({ remainsCaseId: caseId(), by: args.by, returnedAt: occurredAt });
    }
    await record({
      kind: 'STEP',
      status: args.step,
      by: args.by,
      occurredAt: args.occurredAt,
      reference: args.reference,
      ...(linked ? { relatedCase: state.missingPersonCaseNumber } : {}),
    });
    if (args.step === 'PROFILED') state.profiled = true;
    if (args.step === 'SAMPLED') state.profiled = false; // a new sample needs its own profile
    if (linked && args.step === 'IDENTIFIED' && !state.returnTo) {
      // The legal identification gives the family its answer: its missing-person case opens the notice task.
      await announceIdentification({
        missingPersonCaseNumber: state.missingPersonCaseNumber!,
        remainsCaseNumber: state.caseNumber,
        by: args.by,
        occurredAt,
      });
    }
    return { ...state };
  }

  /** A DNA match links the remains to a missing person of the same party; from then on families come first. */
  async function match(args: RecordMatchArgs): Promise<CaseState> {
    const reason = matchRejection(state, args, workflowNow());
    if (reason) throw ApplicationFailure.nonRetryable(reason, 'CaseStepRejected');
    const occurredAt = args.occurredAt ?? nowIso();
    await recordRemainsMatch({
      remainsCaseId: caseId(),
      remainsCaseNumber: state.caseNumber,
      missingPersonCaseNumber: args.missingPersonCaseNumber,
      personParty: state.receivingParty,
      evidence: 'DNA_MATCH',
      reference: args.reportNumber,
      kinshipStatistic: args.kinshipStatistic,
      by: args.by,
      occurredAt,
    });
    await record({
      kind: 'STEP',
      status: 'MATCHED',
      by: args.by,
      occurredAt,
      reference: args.reportNumber,
      relatedCase: args.missingPersonCaseNumber,
    });
    state.missingPersonCaseNumber = args.missingPersonCaseNumber;
    return { ...state };
  }

  /** The remains are a national of the other side: they are queued to go back, and everyone concerned is told. */
  async function foreignNational(args: RecordForeignNationalArgs): Promise<CaseState> {
    const reason = foreignNationalRejection(state, args, workflowNow());
    if (reason) throw ApplicationFailure.nonRetryable(reason, 'CaseStepRejected');
    const occurredAt = args.occurredAt ?? nowIso();
    await recordRemainsMatch({
      remainsCaseId: caseId(),
      remainsCaseNumber: state.caseNumber,
      missingPersonCaseNumber: args.missingPersonCaseNumber,
      personParty: args.returnTo,
      evidence: args.evidence,
      reference: args.reference,
      kinshipStatistic: args.kinshipStatistic,
      by: args.by,
      occurredAt,
      returnTo: args.returnTo,
    });
    await record({
      kind: 'FOREIGN_NATIONAL',
      status: state.status,
      by: args.by,
      occurredAt,
      reference: args.reference,
      relatedCase: args.missingPersonCaseNumber,
    });
    state.missingPersonCaseNumber = args.missingPersonCaseNumber;
    state.returnTo = args.returnTo;
    await notify({
      eventId: `${workflowInfo().workflowId}:foreign-national`,
      event: 'case.foreign_national',
      operationReference: state.operationReference,
      recipients: [state.receivingParty, args.returnTo, 'INTERMEDIARY', 'TRACING'],
      payload: {
        caseNumber: state.caseNumber,
        missingPersonCaseNumber: args.missingPersonCaseNumber,
        returnTo: args.returnTo,
        evidence: args.evidence,
      },
    });
    return { ...state };
  }

  /** From the missing-person case: the family was told; the remains may now go to the designated contact. */
  async function familyInformed(args: FamilyInformedSignalArgs): Promise<void> {
    if (state.status !== 'IDENTIFIED' || args.missingPersonCaseNumber !== state.missingPersonCaseNumber) {
      log.warn('family-informed signal ignored', { caseNumber: state.caseNumber, status: state.status });
      return;
    }
    await record({
      kind: 'STEP',
      status: 'FAMILY_INFORMED',
      by: args.by,
      occurredAt: args.informedAt,
      relatedCase: args.missingPersonCaseNumber,
    });
    state.receiverContact = args.receiverContact;
    state.familyInformedAt = args.informedAt;
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
    await notify({
      eventId: `${workflowInfo().workflowId}:${sequence}`,
      event: 'case.no_progress',
      operationReference: state.operationReference,
      recipients: [state.responsibleAuthority],
      payload: { caseNumber: state.caseNumber, status: state.status, idleSince: state.lastProgressAt },
    });
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
  setHandler(recordMatchUpdate, (args) => serially(() => match(args)), {
    validator: (args) => refuse(matchRejection(state, args, workflowNow())),
  });
  setHandler(recordForeignNationalUpdate, (args) => serially(() => foreignNational(args)), {
    validator: (args) => refuse(foreignNationalRejection(state, args, workflowNow())),
  });
  setHandler(familyInformedSignal, (args) => serially(() => familyInformed(args)));

  // Updates that arrive with the start wait for the case to be opened.
  if (state.caseId === undefined) await serial.first(open);
  else serial.release();
  if (!recorded) publish();

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
