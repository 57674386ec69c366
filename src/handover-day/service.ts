import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Config } from '../config';
import type { Db } from '../db';
import type { Logger } from '../logger';
import { workflowUiUrl } from '../temporal/client';
import { conflict, notFound } from '../api/errors';
import { isoDate } from '../api/schemas';
import { onWorkflow, type VisibleOperation } from '../operation/scope';
import { dayRecordsCaughtUp } from './day-records';
import {
  agreedWindow,
  dayView,
  dayWorkflowId,
  loadDayRecord,
  recordedDaysOn,
  recordedStatus,
  type HandoverDayView,
} from './view';
import type { HandoverState } from '../../workflows/handover-day/rules';
import type { RecordProgress } from '../../workflows/handover-day/records';
import {
  abortDayUpdate,
  acknowledgeManifestUpdate,
  handOverCustodyUpdate,
  handoverStateQuery,
  openDayUpdate,
  postponeDayUpdate,
  recordCountUpdate,
  recordIncidentUpdate,
  recordReceiptUpdate,
  recordSpotCheckUpdate,
  refuseDayUpdate,
  signOffUpdate,
  submitManifestUpdate,
  takeOverCustodyUpdate,
  type AcknowledgeManifest,
  type EndDay,
  type PostponeDay,
  type RecordCount,
  type RecordIncident,
  type RecordReceipt,
  type RecordSpotCheck,
  type SignOff,
  type SubmitManifest,
} from '../../workflows/handover-day/messages';
import { operationStateQuery } from '../../workflows/operation/messages';
import { checkDateFree, checkDayDate } from '../../workflows/operation/rules';
import { operationWorkflowId } from '../../workflows/shared/ids';
import { RuleViolation } from '../../workflows/shared/refusal';
import type { Actor } from '../../workflows/shared/domain';

/** A handover day as a request names it: its operation, the date asked for, and the day's workflow. */
export interface Day {
  reference: string;
  /** The date as the request gave it (the day's first date, or the date it was postponed to). */
  date: string;
  workflowId: string;
}

/** The Idempotency-Key's update id, when the request carries one. */
type Once = { updateId?: string };

export interface HandoverDayServiceDeps {
  config: Config;
  db: Db;
  temporal: Client;
}

/**
 * What can be done with a handover day: each change is an update of the
 * day's workflow (workflows/handover-day/state.ts), which answers and
 * projects it to PostgreSQL; a read merges the day's live state with what
 * PostgreSQL holds (view.ts).
 */
export class HandoverDayService {
  constructor(private readonly deps: HandoverDayServiceDeps) {}

  /** The day named by `date` in an operation the principal is known to see (404 when no day is). */
  async day(operation: VisibleOperation, date: unknown): Promise<Day> {
    const parsed = isoDate.safeParse(date);
    const day = { reference: operation.reference, date: String(date), workflowId: '' };
    if (!parsed.success) throw missing(day);
    return { ...day, workflowId: await dayWorkflowId(this.deps.db, operation.reference, parsed.data) };
  }

  /** The day as the API shows it; a day that cannot answer (no worker) is shown from PostgreSQL rather than not at all. */
  async read(day: Day, withTags: boolean, log: Logger) {
    const { config, db, temporal } = this.deps;
    const handle = temporal.workflow.getHandle(day.workflowId);
    const description = await handle.describe().catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    });
    let live: { state: HandoverState; records: RecordProgress } | undefined;
    if (description?.status.name === 'RUNNING') {
      // What the record adds (who counted, discrepancies) is read once it holds all the day has answered.
      live = await temporal
        .withDeadline(Date.now() + 5_000, async () => {
          const records = await dayRecordsCaughtUp(handle, { timeoutMs: 3_000 });
          return { state: await handle.query(handoverStateQuery), records };
        })
        .catch((err: unknown) => {
          log.warn({ workflowId: day.workflowId, err: (err as Error)?.message }, 'handover state query failed');
          return undefined;
        });
    }
    const record = await loadDayRecord(db, day.workflowId, withTags);
    if (!live && !record) throw missing(day);
    return {
      ...dayView({ live: live?.state, record: record ?? undefined, withTags }),
      ...(live ? { records: live.records } : {}),
      workflow: {
        id: day.workflowId,
        status: description?.status.name ?? 'UNKNOWN',
        url: workflowUiUrl(config, day.workflowId),
      },
    };
  }

  submitManifest(day: Day, message: SubmitManifest, once: Once) {
    return this.update(day, submitManifestUpdate, message, once);
  }

  acknowledgeManifest(day: Day, message: AcknowledgeManifest, once: Once) {
    return this.update(day, acknowledgeManifestUpdate, message, once);
  }

  async openDay(day: Day, message: { by: Actor }, once: Once): Promise<HandoverDayView> {
    return compact(await this.update(day, openDayUpdate, message, once));
  }

  async recordCount(day: Day, message: RecordCount, once: Once): Promise<HandoverDayView> {
    return compact(await this.update(day, recordCountUpdate, message, once));
  }

  /** The receiver's receipt of containers: recorded by the day, which projects it to PostgreSQL. */
  recordReceipt(day: Day, message: RecordReceipt, once: Once) {
    return this.update(day, recordReceiptUpdate, message, once);
  }

  takeOverCustody(day: Day, message: RecordReceipt, once: Once) {
    return this.update(day, takeOverCustodyUpdate, message, once);
  }

  handOverCustody(day: Day, message: RecordReceipt, once: Once) {
    return this.update(day, handOverCustodyUpdate, message, once);
  }

  async signOff(day: Day, message: SignOff, once: Once): Promise<HandoverDayView> {
    return compact(await this.update(day, signOffUpdate, message, once));
  }

  /** The operation's date rule first (its window, one day per date), then the day's own. */
  async postponeDay(day: Day, message: PostponeDay, once: Once): Promise<HandoverDayView> {
    await this.assertDateFree(day, message.newDate);
    return compact(await this.update(day, postponeDayUpdate, message, once));
  }

  async refuseDay(day: Day, message: EndDay, once: Once): Promise<HandoverDayView> {
    return compact(await this.update(day, refuseDayUpdate, message, once));
  }

  async abortDay(day: Day, message: EndDay, once: Once): Promise<HandoverDayView> {
    return compact(await this.update(day, abortDayUpdate, message, once));
  }

  recordSpotCheck(day: Day, message: RecordSpotCheck, once: Once) {
    return this.update(day, recordSpotCheckUpdate, message, once);
  }

  recordIncident(day: Day, message: RecordIncident, once: Once) {
    return this.update(day, recordIncidentUpdate, message, once);
  }

  /** Runs an update; a day never scheduled is a 404, a day whose workflow has ended a 409 saying how it ended. */
  private update<R, M>(day: Day, update: UpdateDefinition<R, [M]>, message: M, once: Once): Promise<R> {
    const handle: WorkflowHandle = this.deps.temporal.workflow.getHandle(day.workflowId);
    return onWorkflow(handle, (h) => h.executeUpdate(update, { args: [message], ...once }), {
      missing: () => missing(day),
      ended: async (status) => {
        const recorded = await recordedStatus(this.deps.db, day.workflowId);
        const how = recorded ? recorded.toLowerCase().replace('_', ' ') : status.toLowerCase();
        return `The day is already ${how}; nothing more can be recorded.`;
      },
    });
  }

  /**
   * A day moves only to a date within the operation's agreed window (its current agreement) that no
   * other day of the operation holds, first scheduled there or postponed to it: the operation's rule
   * (workflows/operation/rules.ts), asked of what PostgreSQL holds and of the operation's own list
   * (days just scheduled may not be recorded yet).
   */
  private async assertDateFree(day: Day, date: string): Promise<void> {
    const { db, temporal } = this.deps;
    const window = await agreedWindow(db, day.reference);
    const recorded = await recordedDaysOn(db, day.reference, date);
    const live = await temporal.workflow
      .getHandle(operationWorkflowId(day.reference))
      .query(operationStateQuery)
      .catch(() => undefined);
    try {
      checkDayDate(window, recorded, date, day.workflowId);
      if (live) checkDateFree(live.handovers, date, day.workflowId);
    } catch (err) {
      if (err instanceof RuleViolation) throw conflict(err.message);
      throw err;
    }
  }
}

const missing = (day: Pick<Day, 'reference' | 'date'>) =>
  notFound(`No handover day ${day.date} in operation ${day.reference}.`);

/** A day's state, as an update answers it, without its tag lists. */
const compact = (state: HandoverState): HandoverDayView => dayView({ live: state, withTags: false });
