import { log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { INTERMEDIARY, type Actor, type Direction, type IntermediaryRole } from '../shared/domain';
import { UNTIL_WRITTEN } from '../shared/activity-retry';
import { nowIso as now } from '../shared/time';
import type {
  AcknowledgeManifest,
  EndDay,
  PostponeDay,
  RecordCount,
  RecordIncident,
  RecordReceipt,
  RecordSpotCheck,
  SignOff,
  SubmitManifest,
} from './messages';
import {
  allCountsRecorded,
  checkAbort,
  checkOpenDay,
  checkPostpone,
  checkRecordCount,
  checkRefuse,
  checkSignOff,
  countDiscrepancies,
  directionOf,
  isFinal,
  latestManifest,
  scheduledState,
  type HandoverState,
} from './rules';
import {
  checkAcknowledgeManifest,
  checkHandOver,
  checkRecordReceipt,
  checkSubmitManifest,
  checkTakeOver,
} from './container-rules';
import { checkIncident, checkSpotCheck, spotCheckDiscrepancies } from './field-report-rules';
import { DayEffects, write } from './effects';
import type { RecordProgress } from './records';

// Opening a day's cases starts a workflow per container: long, so it heartbeats and resumes.
const cases = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: UNTIL_WRITTEN,
});

export interface HandoverInput {
  operationReference: string;
  operationWorkflowId: string;
  dayKey: string;
  date: string;
  exchangePoint: string;
  parties: [string, string];
  intermediaryRole: IntermediaryRole;
  transfers: Array<Direction & { plannedCount: number }>;
  /** From opening to sign-off; past it the coordinator is alerted. Shortened in tests. */
  signOffDeadline: string | number;
  /** A case without progress this long reminds its authority; the case workflow's default otherwise. */
  caseReminderPeriod?: string | number;
}

/**
 * One handover day's state and what each message does to it: each handler
 * checks the day's rules (rules.ts, container-rules.ts, field-report-rules.ts),
 * changes the state, answers, and queues the writes that record the change
 * in PostgreSQL (records.ts writes them in batches, by the activities of
 * activities/handover-day/records.ts).
 */
export class HandoverDay {
  readonly state: HandoverState;
  /** Why the operation was aborted, once it is: a day not yet ended ends aborted. */
  operationAbortReason?: string;
  /** Carries out what the handlers decide, and projects it to PostgreSQL. */
  readonly effects: DayEffects;

  constructor(
    private readonly input: HandoverInput,
    private readonly workflowId: string,
  ) {
    this.state = scheduledState(input);
    this.effects = new DayEffects(input, workflowId, this.state);
  }

  /** How far PostgreSQL's record of the day is behind its state. */
  get progress(): RecordProgress {
    return this.effects.progress;
  }

  /** Queues the day's first record (every other write of the day needs its row) and starts writing. */
  start(): void {
    this.effects.start();
  }

  // --- Signals -------------------------------------------------------------

  operationSuspended({ suspended }: { suspended: boolean }): void {
    this.state.suspended = suspended;
  }

  operationAborted({ reason }: { reason: string }): void {
    this.operationAbortReason = reason;
  }

  // --- Updates: manifests and the day's course -------------------------------

  submitManifest({ direction, lines, by }: SubmitManifest) {
    return this.effects.change(() => {
      checkSubmitManifest(this.state, direction, lines, by);
      const d = directionOf(this.state, direction);
      const version = d.manifests.length + 1;
      return {
        effects: [
          write('recordManifest', { workflowId: this.workflowId, direction, version, lines, by, at: now() }),
          { apply: () => d.manifests.push({ version, status: 'SUBMITTED', tags: lines.map((l) => l.tag) }) },
        ],
        answer: () => ({ version }),
      };
    });
  }

  acknowledgeManifest({ direction, version, by }: AcknowledgeManifest) {
    return this.effects.change(() => {
      checkAcknowledgeManifest(this.state, direction, version, by);
      return {
        effects: [
          write('recordManifestAcknowledged', { workflowId: this.workflowId, direction, version, by, at: now() }),
          { apply: () => void (latestManifest(directionOf(this.state, direction))!.status = 'ACKNOWLEDGED') },
        ],
        answer: () => ({ version }),
      };
    });
  }

  openDay({ by }: { by: Actor }) {
    return this.effects.change(() => {
      checkOpenDay(this.state, by);
      return { effects: this.effects.setStatus('IN_PROGRESS'), answer: () => this.state };
    });
  }

  recordCount({ direction, source, count, by }: RecordCount) {
    return this.effects.change(() => {
      if (!checkRecordCount(this.state, direction, source, count, by)) return { effects: [], answer: () => this.state };
      return {
        effects: [
          write('recordCount', { workflowId: this.workflowId, direction, source, count, by, at: now() }),
          { apply: () => void (directionOf(this.state, direction).counts[source] = count) },
          {
            then: () =>
              this.state.status === 'IN_PROGRESS' && allCountsRecorded(this.state)
                ? [
                    ...this.effects.openDiscrepancies(countDiscrepancies(this.state)),
                    ...this.effects.setStatus('COUNTS_RECORDED'),
                  ]
                : [],
          },
        ],
        answer: () => this.state,
      };
    });
  }

  signOff({ party, by }: SignOff) {
    return this.effects.change(() => {
      if (!checkSignOff(this.state, party, by)) return { effects: [], answer: () => this.state };
      return {
        effects: [
          write('recordSignOff', { workflowId: this.workflowId, party, by, at: now() }),
          { apply: () => void (this.state.signOffs[party] = by.principal) },
          { then: () => (this.state.parties.every((p) => p in this.state.signOffs) ? this.effects.closeDay() : []) },
        ],
        answer: () => this.state,
      };
    });
  }

  postponeDay({ newDate, reason, by }: PostponeDay) {
    return this.effects.change(() => {
      checkPostpone(this.state, newDate, reason, by);
      const previousDate = this.state.date;
      return {
        effects: [
          ...this.effects.setStatus('POSTPONED', { date: newDate, reason }),
          this.effects.announce('handover.postponed', this.effects.everyone, () => ({ previousDate, reason })),
        ],
        answer: () => this.state,
      };
    });
  }

  refuseDay({ reason, by }: EndDay) {
    return this.effects.change(() => {
      checkRefuse(this.state, reason, by);
      return {
        effects: this.effects.setStatus('REFUSED', { reason: `${by.party}: ${reason}` }),
        answer: () => this.state,
      };
    });
  }

  abortDay({ reason, by }: EndDay) {
    return this.effects.change(() => {
      checkAbort(this.state, reason, by);
      return { effects: this.effects.setStatus('ABORTED', { reason }), answer: () => this.state };
    });
  }

  // --- Updates: containers and custody -----------------------------------------

  recordReceipt({ direction, tags, by }: RecordReceipt) {
    return this.effects.change(() => {
      checkRecordReceipt(this.state, direction, tags, by);
      const d = directionOf(this.state, direction);
      const listed = new Set(latestManifest(d)?.tags ?? []);
      const received = tags.filter((t) => listed.has(t));
      const extra = tags.filter((t) => !listed.has(t));
      const { operationReference, dayKey, exchangePoint } = this.input;
      return {
        effects: [
          write('recordReceipts', {
            workflowId: this.workflowId,
            direction,
            received,
            extra,
            firstIntake: d.received.length + d.extra.length + 1,
            intakePrefix: `${operationReference}.${direction.to}.${dayKey}.${direction.from}`,
            place: exchangePoint,
            ...(this.state.custodyByCustodian ? { fromIntermediary: true } : {}),
            by,
            at: now(),
          }),
          {
            apply: () => {
              d.received.push(...received);
              d.extra.push(...extra);
            },
          },
        ],
        answer: () => ({ received: received.length, extra: extra.length }),
      };
    });
  }

  takeOverCustody({ direction, tags, by }: RecordReceipt) {
    return this.effects.change(() => {
      checkTakeOver(this.state, direction, tags, by);
      const d = directionOf(this.state, direction);
      const onManifest = new Set(latestManifest(d)?.tags ?? []);
      const listed = tags.filter((t) => onManifest.has(t));
      const extra = tags.filter((t) => !onManifest.has(t));
      const place = this.input.exchangePoint;
      return {
        effects: [
          write('recordTakeOver', { workflowId: this.workflowId, direction, listed, extra, place, by, at: now() }),
          { apply: () => void (d.takenOver ??= []).push(...tags) },
        ],
        answer: () => ({ takenOver: tags.length, extra: extra.length }),
      };
    });
  }

  handOverCustody({ direction, tags, by }: RecordReceipt) {
    return this.effects.change(() => {
      const to = checkHandOver(this.state, direction, tags, by);
      const d = directionOf(this.state, direction);
      const from = to === INTERMEDIARY ? direction.from : INTERMEDIARY;
      const place = this.input.exchangePoint;
      return {
        effects: [
          write('recordHandOver', { workflowId: this.workflowId, direction, tags, from, to, place, by, at: now() }),
          {
            apply: () => {
              if (to === INTERMEDIARY) (d.handedOverBySender ??= []).push(...tags);
              else (d.handedOverByIntermediary ??= []).push(...tags);
            },
          },
        ],
        answer: () => ({ handedOver: tags.length, to }),
      };
    });
  }

  // --- Updates: field reports ----------------------------------------------

  recordSpotCheck({ direction, tag, sealIntact, note, by }: RecordSpotCheck) {
    return this.effects.change(() => {
      checkSpotCheck(this.state, direction, tag, note, by);
      const check = { direction: { from: direction.from, to: direction.to }, tag, sealIntact };
      const findings = spotCheckDiscrepancies(check);
      return {
        effects: [
          write('recordSpotCheck', {
            workflowId: this.workflowId,
            ...check,
            ...(note !== undefined ? { note } : {}),
            by,
            at: now(),
          }),
          { apply: () => void (this.state.spotChecks ??= []).push(check) },
          ...this.effects.openDiscrepancies(findings),
        ],
        answer: () => ({ ...check, ...(findings.length ? { discrepancy: findings[0].key } : {}) }),
      };
    });
  }

  recordIncident({ kind, note, by }: RecordIncident) {
    return this.effects.change(() => {
      checkIncident(this.state, kind, note, by);
      const { workflowId, input } = this;
      const sequence = (this.state.incidents ?? 0) + 1;
      // The coordinator decides whether to suspend; the note stays in the record (no free text in notifications).
      const alert = write('notify', {
        eventId: `${workflowId}:handover.security_incident:${sequence}`,
        event: 'handover.security_incident',
        operationReference: input.operationReference,
        recipients: ['COORDINATOR'],
        payload: { dayKey: input.dayKey, date: this.state.date, exchangePoint: input.exchangePoint, sequence, kind },
      });
      return {
        effects: [
          write('recordIncident', { workflowId, sequence, kind, note, by, at: now() }),
          { apply: () => void (this.state.incidents = sequence) },
          ...(kind === 'SECURITY' ? [alert] : []),
        ],
        answer: () => ({ sequence, kind }),
      };
    });
  }

  // --- The day's life, as the workflow runs it --------------------------------

  announceScheduled(): Promise<void> {
    return this.effects.perform([
      this.effects.announce('handover.scheduled', this.effects.everyone, () => ({ transfers: this.input.transfers })),
    ]);
  }

  /** Signed off, refused, postponed for good or aborted, or its operation aborted. */
  settled(): boolean {
    return isFinal(this.state) || this.operationAbortReason !== undefined;
  }

  /** Not signed off by the deadline: a schedule dispute is opened and the coordinator alerted. */
  async signOffOverdue(): Promise<void> {
    this.state.escalated = true;
    log.warn('handover day not signed off by its deadline', { dayKey: this.input.dayKey });
    await this.effects.perform([
      write('openDiscrepancies', {
        workflowId: this.workflowId,
        findings: [
          {
            key: 'SCHEDULE_DISPUTE:SIGN_OFF_OVERDUE',
            kind: 'SCHEDULE_DISPUTE',
            details: { reason: 'not signed off by the deadline' },
          },
        ],
        at: now(),
      }),
      this.effects.announce('handover.sign_off_overdue', ['COORDINATOR'], () => ({ status: this.state.status })),
      { signal: () => ({ dayKey: this.input.dayKey, status: this.state.status }) },
    ]);
  }

  /** The operation was aborted while the day had not ended: the day ends aborted. */
  async endWithOperation(): Promise<void> {
    const reason = this.operationAbortReason;
    if (isFinal(this.state) || reason === undefined) return;
    await this.effects.change(() => ({
      effects: this.effects.setStatus('ABORTED', { reason }),
      answer: () => undefined,
    }));
  }

  /** Resolves when every change made so far is in PostgreSQL. */
  drained(): Promise<void> {
    return this.effects.drained();
  }

  /** Every container the receiver took over opens a remains case, followed by its forensic authority. */
  async openCases(): Promise<void> {
    const { input, state } = this;
    for (const d of state.directions) {
      if (d.received.length + d.extra.length === 0) continue;
      const { to } = d.direction;
      await cases.openCasesForHandover({
        handoverWorkflowId: this.workflowId,
        fromParty: d.direction.from,
        operationReference: input.operationReference,
        receivingParty: to,
        responsibleAuthority: `FORENSIC-${to}`,
        openedBy: state.signOffs[to],
        ...(input.caseReminderPeriod ? { reminderPeriod: input.caseReminderPeriod } : {}),
      });
    }
  }
}
