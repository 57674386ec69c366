import {
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time';
import type { Activities } from '../../activities';
import {
  caseMergedSignal,
  type CaseEventKind,
  type CaseInput,
  type CaseMergedArgs,
  type CaseState,
  type CaseStatus,
  type FamilyInformedSignalArgs,
  type MergeCaseArgs,
  type RecordCaseStepArgs,
  type RecordForeignNationalArgs,
  type RecordMatchArgs,
  type SplitCaseArgs,
} from './messages';
import { checkForeignNational, checkMatch, checkStep, checkStillOpen, isClosed, splitCaseNumbers } from './rules';
import { startSplitOff } from './split-off';
import { caseWorkflowId } from '../shared/ids';
import { RuleViolation } from '../shared/refusal';
import { SearchAttr } from '../shared/search-attributes';
import { Serial } from '../shared/serial';
import { UNTIL_WRITTEN } from '../shared/activity-retry';
import { nowIso, workflowNow } from '../shared/time';

/** Steps the families' side is told of: the answer, or where the remains went. */
const ANNOUNCED: readonly CaseStatus[] = ['IDENTIFIED', 'RETURNED_TO_OTHER_PARTY', 'RELEASED'];

const activities = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: UNTIL_WRITTEN });
const { recordCaseOpened, recordCaseEvent, recordCaseAbsorbed, remindAuthority, notify } = activities;
const { recordRemainsMatch, recordRemainsReturned, announceIdentification } = activities;

export const CASE_DEFAULTS = { reminderPeriod: '30 days', closedRetention: '7 days', maxEventsPerRun: 200 } as const;

interface CaseEvent {
  kind: CaseEventKind;
  status: CaseStatus;
  by: string;
  occurredAt?: string;
  reference?: string;
  relatedCase?: string;
}

/**
 * One run of a remains case: its state and a named method per message. The
 * workflow function sets the handlers, which run the methods one at a time
 * through `serial`; a method re-checks its rule (the state may have moved
 * since the validator ran) and throws a RuleViolation to refuse.
 */
export class RemainsCase {
  readonly state: CaseState;
  /** Opened in bulk: the row and event 1 are written, and the start set the search attributes and memo. */
  readonly recorded: boolean;
  /** Handlers run one at a time, in arrival order, so each sees the state the previous one left. */
  readonly serial = new Serial();
  private readonly startedAt: string;
  private readonly reminderMs: number;
  private readonly maxEventsPerRun: number;
  private eventsThisRun = 0;

  constructor(private readonly input: CaseInput) {
    this.startedAt = nowIso();
    const recorded = !input.carried && input.caseId !== undefined;
    this.recorded = recorded;
    this.state = input.carried ?? {
      caseNumber: input.caseNumber,
      ...(recorded ? { caseId: input.caseId } : {}),
      operationReference: input.operationReference,
      receivingParty: input.receivingParty,
      responsibleAuthority: input.responsibleAuthority,
      containerIds: [...input.containerIds],
      status: 'RECEIVED',
      profiled: false,
      sequence: recorded ? 1 : 0,
      lastProgressAt: recorded ? (input.openedAt ?? this.startedAt) : this.startedAt,
      remindersSent: 0,
      splits: 0,
      run: 1,
    };
    this.reminderMs = msToNumber(input.reminderPeriod ?? CASE_DEFAULTS.reminderPeriod);
    this.maxEventsPerRun = input.maxEventsPerRun ?? CASE_DEFAULTS.maxEventsPerRun;
  }

  private get caseId(): string {
    return this.state.caseId!;
  }

  /** Time to continue as new: enough events this run, or Temporal suggests it. */
  runIsLong(): boolean {
    return this.eventsThisRun >= this.maxEventsPerRun || workflowInfo().continueAsNewSuggested;
  }

  publish(): void {
    upsertSearchAttributes([{ key: SearchAttr.CaseStatus, value: this.state.status }]);
    upsertMemo({ operationReference: this.state.operationReference, caseStep: this.state.status });
  }

  /** Records the opening (event 1), unless the case was opened in bulk or carried over. */
  async open(): Promise<void> {
    const { state, input } = this;
    state.caseId = await recordCaseOpened({
      caseNumber: state.caseNumber,
      workflowId: workflowInfo().workflowId,
      operationReference: state.operationReference,
      receivingParty: state.receivingParty,
      responsibleAuthority: state.responsibleAuthority,
      containerIds: state.containerIds,
      openedBy: input.openedBy,
      openedAt: input.openedAt ?? this.startedAt,
      progressAt: state.lastProgressAt,
      splitFrom: input.splitFrom,
    });
    state.sequence = 1; // the opening is event 1
  }

  /** Persists the next event, then moves the state on; a status change is published and announced. */
  private async record(event: CaseEvent): Promise<void> {
    const { state } = this;
    const at = nowIso();
    const sequence = state.sequence + 1;
    const progress = event.kind !== 'REMINDER';
    await recordCaseEvent({
      caseId: this.caseId,
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
    this.eventsThisRun += 1;
    if (changed) this.publish();
    if (changed && ANNOUNCED.includes(event.status)) await this.announce(event.status, sequence);
  }

  private async announce(status: CaseStatus, sequence: number): Promise<void> {
    const { state } = this;
    const returned = status === 'RETURNED_TO_OTHER_PARTY';
    // The receiving party follows its case; a return also concerns the intermediary, who arranges it.
    const recipients = returned ? [state.receivingParty, 'INTERMEDIARY'] : [state.receivingParty];
    // A national of the other side: the party it goes back to is told too, and whom it is for.
    const returnTo = returned ? state.returnTo : undefined;
    await notify({
      eventId: `${workflowInfo().workflowId}:${sequence}`,
      event: `case.${status.toLowerCase()}`,
      operationReference: state.operationReference,
      recipients: returnTo ? [...recipients, returnTo] : recipients,
      payload: returnTo
        ? { caseNumber: state.caseNumber, status, returnTo, missingPersonCaseNumber: state.missingPersonCaseNumber }
        : { caseNumber: state.caseNumber, status },
    });
  }

  async step(args: RecordCaseStepArgs): Promise<CaseState> {
    const { state } = this;
    checkStep(state, args);
    const linked = state.missingPersonCaseNumber !== undefined;
    const occurredAt = args.occurredAt ?? nowIso();
    if (linked && args.step === 'RETURNED_TO_OTHER_PARTY' && state.returnTo) {
      // The missing-person case follows the remains across the border.
      await recordRemainsReturned({ remainsCaseId: this.caseId, by: args.by, returnedAt: occurredAt });
    }
    await this.record({
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
  async match(args: RecordMatchArgs): Promise<CaseState> {
    const { state } = this;
    checkMatch(state, args, workflowNow());
    const occurredAt = args.occurredAt ?? nowIso();
    await recordRemainsMatch({
      remainsCaseId: this.caseId,
      remainsCaseNumber: state.caseNumber,
      missingPersonCaseNumber: args.missingPersonCaseNumber,
      personParty: state.receivingParty,
      evidence: 'DNA_MATCH',
      reference: args.reportNumber,
      kinshipStatistic: args.kinshipStatistic,
      by: args.by,
      occurredAt,
    });
    await this.record({
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
  async foreignNational(args: RecordForeignNationalArgs): Promise<CaseState> {
    const { state } = this;
    checkForeignNational(state, args, workflowNow());
    const occurredAt = args.occurredAt ?? nowIso();
    const { missingPersonCaseNumber, returnTo, evidence, reference } = args;
    await recordRemainsMatch({
      remainsCaseId: this.caseId,
      remainsCaseNumber: state.caseNumber,
      missingPersonCaseNumber,
      personParty: returnTo,
      evidence,
      reference,
      kinshipStatistic: args.kinshipStatistic,
      by: args.by,
      occurredAt,
      returnTo,
    });
    await this.record({
      kind: 'FOREIGN_NATIONAL',
      status: state.status,
      by: args.by,
      occurredAt,
      reference,
      relatedCase: missingPersonCaseNumber,
    });
    state.missingPersonCaseNumber = missingPersonCaseNumber;
    state.returnTo = returnTo;
    await notify({
      eventId: `${workflowInfo().workflowId}:foreign-national`,
      event: 'case.foreign_national',
      operationReference: state.operationReference,
      recipients: [state.receivingParty, returnTo, 'INTERMEDIARY', 'TRACING'],
      payload: { caseNumber: state.caseNumber, missingPersonCaseNumber, returnTo, evidence },
    });
    return { ...state };
  }

  /** From the missing-person case: the family was told; the remains may now go to the designated contact. */
  async familyInformed(args: FamilyInformedSignalArgs): Promise<void> {
    const { state } = this;
    if (state.status !== 'IDENTIFIED' || args.missingPersonCaseNumber !== state.missingPersonCaseNumber) {
      log.warn('family-informed signal ignored', { caseNumber: state.caseNumber, status: state.status });
      return;
    }
    await this.record({
      kind: 'STEP',
      status: 'FAMILY_INFORMED',
      by: args.by,
      occurredAt: args.informedAt,
      relatedCase: args.missingPersonCaseNumber,
    });
    state.receiverContact = args.receiverContact;
    state.familyInformedAt = args.informedAt;
  }

  /** Opens new cases for remains found with this one: a SPLIT event each, then each case's own workflow. */
  async split(args: SplitCaseArgs): Promise<{ caseNumbers: string[] }> {
    const { state } = this;
    checkStillOpen(state);
    const caseNumbers = splitCaseNumbers(state.caseNumber, state.splits, args.parts);
    const occurredAt = args.occurredAt ?? nowIso();
    for (const relatedCase of caseNumbers) {
      await this.record({
        kind: 'SPLIT',
        status: state.status,
        by: args.by,
        occurredAt,
        reference: args.reference,
        relatedCase,
      });
      state.splits += 1;
    }
    for (const caseNumber of caseNumbers)
      await startSplitOff(caseNumber, { state, input: this.input, args, occurredAt });
    return { caseNumbers };
  }

  /** Absorbs another case of the same party, then tells it so. */
  async merge(args: MergeCaseArgs): Promise<CaseState> {
    const { state } = this;
    checkStillOpen(state);
    const at = nowIso();
    const sequence = state.sequence + 1;
    let containerIds: string[];
    try {
      // The database is the arbiter: it refuses an unknown or closed case before anything is written.
      containerIds = await recordCaseAbsorbed({
        caseId: this.caseId,
        sequence,
        step: state.status,
        absorbedCaseNumber: args.absorbedCaseNumber,
        recordedBy: args.by,
        occurredAt: args.occurredAt ?? at,
        reference: args.reference,
        progressAt: at,
      });
    } catch (err) {
      // Its refusal is a rule of the case (409, in its words), not a write that failed (422).
      throw new RuleViolation((err as { cause?: Error }).cause?.message ?? (err as Error).message);
    }
    state.sequence = sequence;
    state.lastProgressAt = at;
    state.containerIds = containerIds;
    this.eventsThisRun += 1;
    await getExternalWorkflowHandle(caseWorkflowId(args.absorbedCaseNumber)).signal(caseMergedSignal, {
      intoCaseNumber: state.caseNumber,
      by: args.by,
      occurredAt: args.occurredAt ?? at,
      reference: args.reference,
    });
    return { ...state };
  }

  /** From the absorbing case: this one ends, merged into it. */
  async endAsMerged(args: CaseMergedArgs): Promise<void> {
    const { state } = this;
    if (isClosed(state.status)) {
      log.warn('merge signal for a closed case ignored', { caseNumber: state.caseNumber, into: args.intoCaseNumber });
      return;
    }
    await this.record({
      kind: 'MERGED',
      status: 'MERGED',
      by: args.by,
      occurredAt: args.occurredAt,
      reference: args.reference,
      relatedCase: args.intoCaseNumber,
    });
    state.mergedInto = args.intoCaseNumber;
  }

  /** No progress for a period: the responsible authority is reminded (a REMINDER event, then a notice). */
  async remind(): Promise<void> {
    const { state } = this;
    const at = nowIso();
    const sequence = state.sequence + 1;
    await remindAuthority({
      caseId: this.caseId,
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
    this.eventsThisRun += 1;
    await notify({
      eventId: `${workflowInfo().workflowId}:${sequence}`,
      event: 'case.no_progress',
      operationReference: state.operationReference,
      recipients: [state.responsibleAuthority],
      payload: { caseNumber: state.caseNumber, status: state.status, idleSince: state.lastProgressAt },
    });
  }

  /** Milliseconds until the authority is due a reminder: a period after the last progress or reminder. */
  untilReminder(): number {
    const { lastProgressAt, lastReminderAt } = this.state;
    const since = Math.max(Date.parse(lastProgressAt), Date.parse(lastReminderAt ?? lastProgressAt));
    return Math.max(1, since + this.reminderMs - workflowNow());
  }
}
