import {
  condition,
  proxyActivities,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  directionKey,
  FINAL_HANDOVER_STATUSES,
  INTERMEDIARY,
  type AgreementTerms,
  type OperationInput,
  type OperationPhase,
  type OperationState,
} from '../shared/domain';
import { handoverDay } from '../handover-day/workflow';
import { handoverWorkflowId } from '../shared/ids';
import { operationAbortedSignal, operationSuspendedSignal } from '../handover-day/messages';
import type { AmendAgreement, ChangePhase, ConfirmTerms, HandoverChanged, ScheduleHandover } from './messages';
import {
  checkAbortOperation,
  checkAmend,
  checkClose,
  checkCompleteHandovers,
  checkConfirmTerms,
  checkResume,
  checkSchedule,
  checkSuspend,
} from './rules';
import { SearchAttr } from '../shared/search-attributes';
import { Serial } from '../shared/serial';
import { UNTIL_WRITTEN } from '../shared/activity-retry';
import { nowIso as now } from '../shared/time';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: UNTIL_WRITTEN,
});

const DEFAULT_REMINDER_AFTER = '2 days';
const DEFAULT_SIGN_OFF_DEADLINE = '18 hours';

/**
 * One operation's state and what each message does to it: one method per
 * handler. Updates run one at a time (`run`), each checking its rule again
 * once its turn comes; a broken rule throws RuleViolation.
 */
export class OperationLifecycle {
  readonly state: OperationState;
  terms: AgreementTerms;
  private readonly reference: string;
  private phaseBeforeSuspension: OperationPhase = 'PREPARING';
  private readonly days = new Map<string, ChildWorkflowHandle<typeof handoverDay>>();
  private readonly serial = new Serial();
  private phaseChanges = 0;

  constructor(private readonly input: OperationInput) {
    this.reference = input.reference;
    this.terms = input.agreement;
    this.state = {
      reference: input.reference,
      phase: 'PLANNED',
      agreementVersion: 1,
      recorded: false,
      confirmations: {},
      termsConfirmed: false,
      reminders: 0,
      handovers: {},
      totals: {},
    };
  }

  get ended(): boolean {
    return this.state.phase === 'CLOSED' || this.state.phase === 'ABORTED';
  }

  /** Runs an update's work after those before it. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.serial.run(fn);
  }

  /** The operation's first record; handlers wait for it (see `release`). */
  async recordPlanned(): Promise<void> {
    await acts.recordOperationPlanned({ ...this.input, workflowId: workflowInfo().workflowId });
    this.state.recorded = true;
    upsertSearchAttributes([{ key: SearchAttr.OperationPhase, value: this.state.phase }]);
  }

  /** Lets waiting handlers go; called by the workflow after the first record, just before its timers start. */
  release(): void {
    this.serial.release();
  }

  async confirmTerms({ version, by }: ConfirmTerms): Promise<OperationState> {
    const { state, terms, reference } = this;
    if (!checkConfirmTerms(state, terms, version, by)) return state;
    await acts.recordTermsConfirmed({ reference, version, party: by.party!, by, at: now() });
    state.confirmations[by.party!] = by.principal;
    state.termsConfirmed = terms.parties.every((p) => p.code in state.confirmations);
    if (state.termsConfirmed) {
      await this.announce(`terms-confirmed:v${version}`, 'agreement.confirmed', { agreementVersion: version });
      if (state.phase === 'PLANNED') await this.setPhase('PREPARING');
    }
    return state;
  }

  async amendAgreement({ terms: amended, by }: AmendAgreement): Promise<OperationState> {
    const { state } = this;
    checkAmend(state, this.terms, amended, by);
    const version = state.agreementVersion + 1;
    await acts.recordAgreementAmended({ reference: this.reference, version, terms: amended });
    this.terms = amended;
    state.agreementVersion = version;
    // Every version is confirmed by both parties again.
    state.confirmations = {};
    state.termsConfirmed = false;
    return state;
  }

  async scheduleHandover(request: ScheduleHandover): Promise<{ workflowId: string }> {
    const { state, terms, reference } = this;
    checkSchedule(state, terms, request);
    const workflowId = handoverWorkflowId(reference, request.date);
    const handle = await startChild(handoverDay, {
      workflowId,
      args: [
        {
          operationReference: reference,
          operationWorkflowId: workflowInfo().workflowId,
          dayKey: request.date,
          date: request.date,
          exchangePoint: request.exchangePoint,
          parties: [terms.parties[0].code, terms.parties[1].code],
          intermediaryRole: terms.intermediaryRole,
          transfers: request.transfers,
          signOffDeadline: this.input.timing?.signOffDeadline ?? DEFAULT_SIGN_OFF_DEADLINE,
        },
      ],
      // What an operator reads in the Web UI's list and Memo tab (no personal data).
      memo: {
        operationReference: reference,
        date: request.date,
        exchangePoint: request.exchangePoint,
        transfers: request.transfers.map((t) => `${t.from}→${t.to} ${t.plannedCount}`).join(', '),
      },
    });
    this.days.set(request.date, handle);
    state.handovers[request.date] = { workflowId, date: request.date, status: 'SCHEDULED' };
    return { workflowId };
  }

  /** A day tells how it stands; a signed-off day adds its counts to the operation's totals. */
  handoverChanged({ dayKey, status, date, summary }: HandoverChanged): void {
    const entry = this.state.handovers[dayKey];
    if (!entry) return;
    entry.status = status;
    if (date) entry.date = date;
    if (status === 'SIGNED_OFF' && summary) {
      for (const d of summary.directions) {
        const totals = (this.state.totals[directionKey(d.direction)] ??= {});
        for (const [source, count] of Object.entries(d.counts)) {
          totals[source as keyof typeof totals] = (totals[source as keyof typeof totals] ?? 0) + (count ?? 0);
        }
      }
    }
  }

  async suspend({ reason, by }: ChangePhase): Promise<OperationState> {
    checkSuspend(this.state, by, reason);
    this.phaseBeforeSuspension = this.state.phase;
    await this.setPhase('SUSPENDED', reason);
    await this.signalDays(true);
    return this.state;
  }

  async resume({ by }: ChangePhase): Promise<OperationState> {
    checkResume(this.state, by);
    await this.setPhase(this.phaseBeforeSuspension);
    await this.signalDays(false);
    return this.state;
  }

  async abort({ reason, by }: ChangePhase): Promise<OperationState> {
    checkAbortOperation(this.state, by, reason);
    await this.setPhase('ABORTED', reason);
    return this.state;
  }

  async completeHandovers({ by }: ChangePhase): Promise<OperationState> {
    checkCompleteHandovers(this.state, by);
    await this.setPhase('FOLLOW_UP');
    return this.state;
  }

  async close({ by }: ChangePhase): Promise<OperationState> {
    checkClose(this.state, by);
    await this.setPhase('CLOSED');
    return this.state;
  }

  /** Unconfirmed terms remind the coordinator, and again after each further period. */
  async remindUntilConfirmed(): Promise<void> {
    const { state } = this;
    const period = this.input.timing?.confirmationReminderAfter ?? DEFAULT_REMINDER_AFTER;
    while (!this.ended) {
      const settled = await condition(() => state.termsConfirmed || this.ended, period);
      if (settled) {
        await condition(() => !state.termsConfirmed || this.ended);
        continue;
      }
      state.reminders += 1;
      await acts.notify({
        eventId: `${this.reference}:terms-unconfirmed:v${state.agreementVersion}:${state.reminders}`,
        event: 'agreement.confirmation_overdue',
        operationReference: this.reference,
        recipients: ['COORDINATOR'],
        payload: {
          agreementVersion: state.agreementVersion,
          confirmedBy: Object.keys(state.confirmations),
          reminder: state.reminders,
        },
      });
    }
  }

  /** The first day opened moves the operation into progress. */
  async moveIntoProgress(): Promise<void> {
    await condition(() => Object.values(this.state.handovers).some((h) => h.status !== 'SCHEDULED') || this.ended);
    await this.run(async () => {
      if (this.state.phase === 'PREPARING') await this.setPhase('IN_PROGRESS');
    });
  }

  /** Lets the last update's answer go out, then ends the days still open with the operation, waiting for each. */
  async finish(): Promise<OperationState> {
    await this.serial.idle();
    const { state } = this;
    const open = [...this.days].filter(([day]) => !FINAL_HANDOVER_STATUSES.includes(state.handovers[day].status));
    for (const [, handle] of open)
      await handle.signal(operationAbortedSignal, { reason: state.phaseReason ?? 'operation aborted' });
    for (const [, handle] of open) await handle.result();
    return state;
  }

  private announce(eventId: string, event: string, payload: Record<string, unknown> = {}) {
    return acts.notify({
      eventId: `${this.reference}:${eventId}`,
      event,
      operationReference: this.reference,
      // Each phase change reaches both parties and the intermediary.
      recipients: [...this.terms.parties.map((p) => p.code), INTERMEDIARY],
      payload,
    });
  }

  private async setPhase(phase: OperationPhase, reason?: string): Promise<void> {
    // Changed once recorded, so that a refused write leaves the state as it was.
    await acts.recordOperationPhase({ reference: this.reference, phase });
    this.state.phase = phase;
    this.state.phaseReason = reason;
    upsertSearchAttributes([{ key: SearchAttr.OperationPhase, value: phase }]);
    // A repeated phase is a new event.
    const seq = (this.phaseChanges += 1);
    await this.announce(`phase:${seq}:${phase}`, `operation.${phase.toLowerCase()}`, reason ? { reason } : {});
  }

  private async signalDays(suspended: boolean): Promise<void> {
    for (const [day, handle] of this.days) {
      if (!FINAL_HANDOVER_STATUSES.includes(this.state.handovers[day].status)) {
        await handle.signal(operationSuspendedSignal, { suspended });
      }
    }
  }
}
