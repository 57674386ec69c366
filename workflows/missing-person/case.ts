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
import { UNTIL_WRITTEN } from '../shared/activity-retry';
import { familyInformedSignal } from '../remains-case/messages';
import { caseWorkflowId } from '../shared/ids';
import { SearchAttr } from '../shared/search-attributes';
import { nowIso, workflowNow } from '../shared/time';
import type {
  ChangeMissingPersonStatusArgs,
  FamilyInformedArgs,
  FamilyNoticeState,
  MissingPersonState,
  MissingPersonStatus,
  RemainsIdentifiedArgs,
} from './messages';
import {
  checkChange,
  checkFamilyInformed,
  checkNoNoticeOpen,
  checkRemainsIdentified,
  checkTransition,
  isOutcome,
} from './rules';

const { recordMissingPersonStatus, openFamilyNotice, remindFamilyNotice, recordFamilyTold, notify } =
  proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: UNTIL_WRITTEN,
  });

/** The intermediary's tracing service, as a notification recipient. */
export const TRACING = 'TRACING';

/** The statuses an identification moves on to IDENTIFIED_DECEASED (any other keeps its status). */
const IDENTIFICATION_MOVES: readonly MissingPersonStatus[] = [
  'REPORTED',
  'ACTIVE',
  'LOCATED_ALIVE',
  'CONFIRMED_DETAINED',
];

/**
 * One missing-person case in motion: its state and a named method per
 * message. A broken rule throws `RuleViolation` (validators before, handlers
 * again when run, since a change queued earlier may have moved the case on).
 */
export class MissingPersonCase {
  /** Changes made in this run: past `maxEventsPerRun` the run continues as new. */
  changesThisRun = 0;
  /** Moves of the notices (opened, told, reminded): they wake the main loop as changes do. */
  ticks = 0;

  constructor(readonly state: MissingPersonState) {
    state.notices ??= [];
  }

  private get notices(): FamilyNoticeState[] {
    return this.state.notices!;
  }

  private get eventBase(): string {
    return `${workflowInfo().workflowId}:${workflowInfo().firstExecutionRunId}`;
  }

  publish(): void {
    upsertSearchAttributes([{ key: SearchAttr.CaseStatus, value: this.state.status }]);
    upsertMemo({ party: this.state.party, missingPersonStatus: this.state.status });
  }

  view = (): MissingPersonState => this.state;

  validateChange(args: ChangeMissingPersonStatusArgs): void {
    checkChange(this.state.status, args, workflowNow());
    checkNoNoticeOpen(this.notices, args.status);
  }

  validateIdentified(args: RemainsIdentifiedArgs): void {
    checkRemainsIdentified(args);
  }

  validateInformed(args: FamilyInformedArgs): void {
    checkFamilyInformed(this.notices, args, workflowNow());
  }

  async change(args: ChangeMissingPersonStatusArgs): Promise<MissingPersonState> {
    checkTransition(this.state.status, args.status);
    checkNoNoticeOpen(this.notices, args.status);
    return this.move(args);
  }

  private async move(args: ChangeMissingPersonStatusArgs): Promise<MissingPersonState> {
    const state = this.state;
    const from = state.status;
    const reopening = from === 'CLOSED';
    const changes = state.changes + 1;
    await recordMissingPersonStatus({
      caseId: state.caseId,
      key: `${this.eventBase}:${changes}`,
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
    this.changesThisRun += 1;
    this.publish();
    if (isOutcome(args.status)) {
      // The person's party follows its case; the tracing service passes the answer on. Identifiers only.
      await notify({
        eventId: `${this.eventBase}:${changes}`,
        event: `missing_person.${args.status.toLowerCase()}`,
        recipients: [state.party, TRACING],
        payload: { caseNumber: state.caseNumber, status: args.status },
      });
    }
    return { ...state };
  }

  /** A remains case linked to this person was legally identified: the family is to be told (again, if commingled). */
  async identified(args: RemainsIdentifiedArgs): Promise<MissingPersonState> {
    const state = this.state;
    if (this.notices.some((n) => n.remainsCaseNumber === args.remainsCaseNumber)) return { ...state };
    if (IDENTIFICATION_MOVES.includes(state.status)) {
      await this.move({
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
    this.notices.push(notice);
    this.ticks += 1;
    this.changesThisRun += 1;
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
  async informed(args: FamilyInformedArgs): Promise<MissingPersonState> {
    const state = this.state;
    const notice = checkFamilyInformed(this.notices, args, workflowNow());
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
    this.ticks += 1;
    this.changesThisRun += 1;
    if (state.status === 'IDENTIFIED_DECEASED') {
      await this.move({
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

  private openNotices = () => this.notices.filter((n) => !n.informedAt);
  private nextReminderAt = (n: FamilyNoticeState) => Date.parse(n.lastReminderAt ?? n.openedAt) + n.reminderMs;

  /** Milliseconds until an open notice is due a reminder or falls overdue; undefined when none is open. */
  untilNoticeTimer(): number | undefined {
    const open = this.openNotices();
    if (open.length === 0) return undefined;
    const next = Math.min(
      ...open.map((n) => (n.overdue ? this.nextReminderAt(n) : Math.min(this.nextReminderAt(n), Date.parse(n.dueAt)))),
    );
    return Math.max(1, next - workflowNow());
  }

  /** Reminds the party's authority of each notice due one; one past its deadline also tells the tracing service. */
  async remindNotices(): Promise<void> {
    const state = this.state;
    const now = workflowNow();
    for (const n of this.openNotices()) {
      const overdueNow = !n.overdue && now >= Date.parse(n.dueAt);
      if (!overdueNow && now < this.nextReminderAt(n)) continue;
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
      this.ticks += 1;
      this.changesThisRun += 1;
      await notify({
        eventId: `${workflowInfo().workflowId}:notice:${n.remainsCaseNumber}:${n.remindersSent}`,
        event: overdueNow ? 'family_notice.overdue' : 'family_notice.reminder',
        recipients: overdueNow ? [state.party, TRACING] : [state.party],
        payload: { caseNumber: state.caseNumber, remainsCaseNumber: n.remainsCaseNumber, dueAt: n.dueAt },
      });
    }
  }
}
