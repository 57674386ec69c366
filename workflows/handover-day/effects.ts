import { getExternalWorkflowHandle, log, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { DayChange, DayWrite } from '../../activities/handover-day/day-changes';
import { handoverChangedSignal, type HandoverChanged } from '../operation/messages';
import { INTERMEDIARY, type HandoverStatus } from '../shared/domain';
import { UNTIL_WRITTEN } from '../shared/activity-retry';
import { SearchAttr } from '../shared/search-attributes';
import { decided } from '../shared/serial';
import { nowIso as now } from '../shared/time';
import { isFinal, summarise, type DiscrepancyFinding, type HandoverState } from './rules';
import { missingTags, tagDiscrepancies } from './container-rules';
import { DayRecords, type RecordProgress } from './records';
import type { HandoverInput } from './state';

const records = proxyActivities<Activities>({
  // Also how long a write lost with its worker (killed, or cut off from Temporal) holds the day up before
  // it is retried: each is a few statements, and every retry is idempotent, so a slow attempt overtaken is harmless.
  startToCloseTimeout: '30 seconds',
  retry: UNTIL_WRITTEN,
});
// A day's changes, written in batches off the update path: a worker lost mid-batch is noticed by its heartbeat.
const dayChanges = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '15 seconds',
  retry: UNTIL_WRITTEN,
});

/** What a change does, in order: records, changes the state, tells the operation, or decides what follows. */
export type Effect =
  { write: DayChange } | { apply: () => void } | { signal: () => HandoverChanged } | { then: () => Effect[] };

/** A handler's decision: what the change does, and what the person is answered once it is done. */
export interface Decision<R> {
  effects: Effect[];
  answer: () => R;
}

/** A write of the day's record, queued for PostgreSQL in its turn (records.ts). */
export const write = <K extends DayWrite>(name: K, args: Extract<DayChange, { write: K }>['args']): Effect => ({
  write: { write: name, args } as DayChange,
});

/**
 * Carries out a handler's decision: writes are queued for the day's record
 * (records.ts), the state is changed, and the operation is told at once (it
 * keeps each day's status and date for its own rules). Also what several
 * handlers decide alike: a new status, an announcement, discrepancies opened,
 * the day closed.
 */
export class DayEffects {
  /** How far PostgreSQL's record of the day is behind its state. */
  readonly progress: RecordProgress = { made: 0, written: 0 };
  readonly everyone: string[];
  private readonly dayRecords: DayRecords;
  private readonly parent;

  constructor(
    private readonly input: HandoverInput,
    private readonly workflowId: string,
    private readonly state: HandoverState,
  ) {
    this.parent = getExternalWorkflowHandle(input.operationWorkflowId);
    this.everyone = [...input.parties, INTERMEDIARY];
    // A record that waits on a refused write is an operator's business at once: the coordinator and
    // the intermediary are told (by their own activity, as the day's queue is what is stuck).
    this.dayRecords = new DayRecords(
      this.progress,
      (changes) => dayChanges.recordDayChanges(changes),
      async (refused) =>
        void (await records.notify({
          eventId: `${workflowId}:handover.record_refused:${this.progress.written}`,
          event: 'handover.record_refused',
          operationReference: input.operationReference,
          recipients: ['COORDINATOR', INTERMEDIARY],
          payload: { dayKey: input.dayKey, date: state.date, exchangePoint: input.exchangePoint, write: refused },
        })),
    );
  }

  /** Queues the day's first record (every other write of the day needs its row) and starts writing. */
  start(): void {
    const { input, workflowId } = this;
    void this.project([
      write('recordHandoverScheduled', {
        operationReference: input.operationReference,
        workflowId,
        dayKey: input.dayKey,
        date: input.date,
        exchangePoint: input.exchangePoint,
        transfers: input.transfers,
      }),
    ]);
    void this.dayRecords.run();
  }

  /** Resolves when every change made so far is in PostgreSQL. */
  drained(): Promise<void> {
    return this.dayRecords.drained();
  }

  project(effects: Effect[], told: Array<Promise<void>> = []): Array<Promise<void>> {
    for (const e of effects) {
      if ('write' in e) this.dayRecords.add(e.write);
      else if ('apply' in e) e.apply();
      else if ('signal' in e) told.push(this.tell(e.signal()));
      else void this.project(e.then(), told);
    }
    return told;
  }

  async perform(effects: Effect[]): Promise<void> {
    await Promise.all(this.project(effects));
  }

  /**
   * Runs an update handler's decision: changes the state and answers at once; a change the operation
   * must know of (a new status or date) is answered once the operation has it.
   */
  change<R>(decide: () => Decision<R>): Promise<R> | R {
    const { told, answer } = decided(() => {
      const { effects, answer } = decide();
      return { told: this.project(effects), answer: this.taken(answer) };
    });
    return told.length ? Promise.all(told).then(answer) : answer();
  }

  // `about` tells apart several events of one kind on one day (e.g. each discrepancy); the payload is the state's once its turn comes.
  announce(event: string, recipients: string[], payload: () => Record<string, unknown>, about?: string): Effect {
    const { input, workflowId, state } = this;
    return {
      then: () => [
        write('notify', {
          eventId: `${workflowId}:${event}:${about ?? state.date}`,
          event,
          operationReference: input.operationReference,
          recipients,
          payload: { dayKey: input.dayKey, date: state.date, exchangePoint: input.exchangePoint, ...payload() },
        }),
      ],
    };
  }

  setStatus(status: HandoverStatus, extra: { date?: string; reason?: string } = {}): Effect[] {
    const { state } = this;
    const apply = () => {
      state.status = status;
      if (extra.date !== undefined) state.date = extra.date;
      if (extra.reason !== undefined) state.statusReason = extra.reason;
    };
    return [
      {
        then: () => [
          write('recordHandoverStatus', { workflowId: this.workflowId, status, ...extra }),
          { apply },
          { apply: () => upsertSearchAttributes([{ key: SearchAttr.OperationPhase, value: status }]) },
          {
            signal: () => ({
              dayKey: this.input.dayKey,
              status,
              // The operation keeps each day's date, so that no two days share one.
              ...(extra.date !== undefined ? { date: extra.date } : {}),
              ...(isFinal(state) ? { summary: summarise(state) } : {}),
            }),
          },
        ],
      },
    ];
  }

  /** Recorded, then announced to both parties, the intermediary and the coordinator. */
  openDiscrepancies(findings: DiscrepancyFinding[]): Effect[] {
    if (findings.length === 0) return [];
    const to = [...this.everyone, 'COORDINATOR'];
    return [
      write('openDiscrepancies', { workflowId: this.workflowId, findings, at: now() }),
      ...findings.map((f) => this.announce('discrepancy.opened', to, () => ({ kind: f.kind, key: f.key }), f.key)),
    ];
  }

  /** Both parties signed: whatever was listed and not received is missing, and recorded so. */
  closeDay(): Effect[] {
    const { state, workflowId } = this;
    return [
      {
        then: () =>
          state.directions.flatMap((d) => {
            d.missing = missingTags(d);
            return d.missing.length
              ? [write('recordMissing', { workflowId, direction: d.direction, tags: d.missing })]
              : [];
          }),
      },
      { then: () => this.openDiscrepancies(tagDiscrepancies(state)) },
      ...this.setStatus('SIGNED_OFF'),
      this.announce('handover.signed_off', this.everyone, () => ({ directions: summarise(state).directions })),
    ];
  }

  private tell(args: HandoverChanged): Promise<void> {
    return this.parent
      .signal(handoverChangedSignal, args)
      .catch((err: unknown) => log.warn('operation not told of the day', { status: args.status, error: String(err) }));
  }

  // An answer that is the day's state is a copy taken when it is answered: updates answered in one
  // workflow task would otherwise all show the state the last one left.
  private taken<R>(answer: () => R): () => R {
    return () => {
      const value = answer();
      return (value === (this.state as unknown) ? JSON.parse(JSON.stringify(value)) : value) as R;
    };
  }
}
