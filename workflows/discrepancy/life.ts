import { condition, proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { INTERMEDIARY, type Actor } from '../shared/domain';
import {
  actingFor,
  awaitedParties,
  checkAccept,
  checkAccount,
  checkDecide,
  checkEscalate,
  checkPropose,
  type DiscrepancyInput,
  type DiscrepancyState,
  type DiscrepancyStatus,
  type StatementType,
} from './rules';
import type {
  AcceptResolution,
  AttestAccount,
  DecideDiscrepancy,
  EscalateDiscrepancy,
  ProposeResolution,
} from './messages';
import { UNTIL_WRITTEN } from '../shared/activity-retry';
import { SearchAttr } from '../shared/search-attributes';
import { Serial } from '../shared/serial';
import { nowIso as now } from '../shared/time';

const records = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: UNTIL_WRITTEN });

/** Who a statement is attributed to. */
interface Author {
  principal: string;
  role: string;
  actingFor: string;
}
const authorOf = (by: Actor): Author => ({ principal: by.principal, role: by.role, actingFor: actingFor(by) });
/** An escalation nobody asked for is attributed to the deadline, not to a person. */
const DEADLINE: Author = { principal: 'deadline', role: 'DEADLINE', actingFor: INTERMEDIARY };

/**
 * One discrepancy's state and what each message does to it: one method per
 * handler, each appending its attributed statement to the record before it
 * answers. Updates run one at a time (`run`); a broken rule throws RuleViolation.
 */
export class Discrepancy {
  readonly state: DiscrepancyState;
  private readonly workflowId = workflowInfo().workflowId;
  private readonly serial = new Serial();
  private readonly everyone: string[];

  constructor(private readonly input: DiscrepancyInput) {
    this.state = {
      id: input.id,
      kind: input.kind,
      operationReference: input.operationReference,
      ...(input.dayKey ? { dayKey: input.dayKey } : {}),
      parties: input.parties,
      status: 'OPEN',
      statements: 0,
      accounts: {},
      acceptances: {},
      reminders: 0,
    };
    this.everyone = [...input.parties, INTERMEDIARY, 'COORDINATOR'];
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.serial.run(fn);
  }

  /** Lets waiting handlers go, once the opening is written. */
  release(): void {
    this.serial.release();
  }

  /** Resolves when no handler is running or waiting. */
  idle(): Promise<void> {
    return this.serial.idle();
  }

  async attestAccount({ text, count, tags, by }: AttestAccount): Promise<{ sequence: number }> {
    checkAccount(this.state, text, by, tags);
    const sequence = await this.append('ACCOUNT', by, {
      text,
      ...(count !== undefined ? { count } : {}),
      ...(tags?.length ? { tags } : {}),
    });
    this.state.accounts[actingFor(by)] = { principal: by.principal, sequence };
    return { sequence };
  }

  async proposeResolution({ text, by }: ProposeResolution): Promise<{ proposal: number; sequence: number }> {
    const { state } = this;
    checkPropose(state, text, by);
    const number = (state.proposal?.number ?? 0) + 1;
    const sequence = await this.append('PROPOSAL', by, { text, proposal: number });
    // A new proposal is accepted afresh: an acceptance is of one text.
    state.proposal = { number, sequence, principal: by.principal, text };
    state.acceptances = {};
    await this.announce('discrepancy.resolution_proposed', this.everyone, { proposal: number });
    return { proposal: number, sequence };
  }

  async acceptResolution({ proposal, by }: AcceptResolution): Promise<DiscrepancyState> {
    const { state } = this;
    if (!checkAccept(state, proposal, by)) return state;
    const both = state.parties.every((p) => p === by.party || p in state.acceptances);
    const resolution = state.proposal!.text;
    await this.append('ACCEPTANCE', by, { proposal }, both ? { status: 'RESOLVED', resolution } : undefined);
    state.acceptances[by.party!] = by.principal;
    if (both) {
      state.resolution = { text: resolution, principal: by.principal };
      await this.announce('discrepancy.resolved', this.everyone, { proposal });
    }
    return state;
  }

  async escalateDiscrepancy({ reason, by }: EscalateDiscrepancy): Promise<DiscrepancyState> {
    checkEscalate(this.state, reason, by);
    await this.escalate(reason, by);
    return this.state;
  }

  async decideDiscrepancy({ resolution, by }: DecideDiscrepancy): Promise<DiscrepancyState> {
    checkDecide(this.state, resolution, by);
    await this.append('DECISION', by, { text: resolution }, { status: 'RESOLVED', resolution });
    this.state.resolution = { text: resolution, principal: by.principal };
    await this.announce('discrepancy.resolved', this.everyone, { decidedBy: 'COORDINATOR' });
    return this.state;
  }

  /** The discrepancy's record, and the report that opened it (if a person reported it). */
  async recordOpened(): Promise<void> {
    const { input } = this;
    await records.recordDiscrepancyOpened({
      id: input.id,
      key: input.key,
      operationReference: input.operationReference,
      kind: input.kind,
      ...(input.dayKey ? { dayKey: input.dayKey } : {}),
      details: {
        ...(input.direction ? { direction: input.direction } : {}),
        ...(input.tags?.length ? { tags: input.tags } : {}),
      },
      at: now(),
      deadline: input.timing.deadline,
    });
    if (input.report) {
      const { text, count, by } = input.report;
      await this.append('REPORT', by, {
        text,
        ...(count !== undefined ? { count } : {}),
        ...(input.tags?.length ? { tags: input.tags } : {}),
      });
      await this.announce('discrepancy.opened', this.everyone);
    }
  }

  /** Reminders while open, then escalation at the deadline. */
  async remindUntilDeadline(): Promise<void> {
    const { state, input } = this;
    let overdue = false;
    const deadline = (async () => {
      overdue = !(await condition(() => state.status !== 'OPEN', input.timing.deadline));
    })();
    while (state.status === 'OPEN' && !overdue) {
      const moved = await condition(() => state.status !== 'OPEN' || overdue, input.timing.reminderEvery);
      if (moved) break;
      state.reminders += 1;
      await this.announce('discrepancy.reminder', awaitedParties(state), {
        reminder: state.reminders,
        awaiting: awaitedParties(state),
      });
    }
    await deadline;
    if (overdue) {
      await this.run(async () => {
        if (state.status === 'OPEN') await this.escalate('The deadline passed without a resolution.', DEADLINE);
      });
    }
  }

  private announce(event: string, recipients: string[], payload: Record<string, unknown> = {}) {
    const { input, state } = this;
    return records.notify({
      eventId: `${this.workflowId}:${event}:${state.statements}:${state.reminders}`,
      event,
      operationReference: input.operationReference,
      recipients,
      // Identifiers only: the statements' text stays in the record.
      payload: {
        discrepancyId: input.id,
        kind: input.kind,
        status: state.status,
        ...(input.dayKey ? { dayKey: input.dayKey } : {}),
        ...payload,
      },
    });
  }

  /** Appends one attributed statement (and the status it leads to) to the record. */
  private async append(
    type: StatementType,
    by: Actor | Author,
    fields: { text?: string; count?: number; tags?: string[]; proposal?: number } = {},
    status?: { status: DiscrepancyStatus; resolution?: string },
  ): Promise<number> {
    const sequence = this.state.statements + 1;
    await records.recordDiscrepancyStatement({
      id: this.input.id,
      sequence,
      type,
      ...('actingFor' in by ? by : authorOf(by)),
      ...fields,
      at: now(),
      ...(status ? { status } : {}),
    });
    this.state.statements = sequence;
    if (status) {
      this.state.status = status.status;
      upsertSearchAttributes([{ key: SearchAttr.OperationPhase, value: status.status }]);
    }
    return sequence;
  }

  private async escalate(reason: string, by: Actor | Author): Promise<void> {
    await this.append('ESCALATION', by, { text: reason }, { status: 'ESCALATED' });
    this.state.escalation = { reason, principal: by.principal };
    await this.announce('discrepancy.escalated', this.everyone, { byDeadline: by === DEADLINE });
  }
}
