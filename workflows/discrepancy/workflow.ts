import { condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
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
import {
  acceptResolutionUpdate,
  attestAccountUpdate,
  decideDiscrepancyUpdate,
  discrepancyRecordedUpdate,
  discrepancyStateQuery,
  escalateDiscrepancyUpdate,
  proposeResolutionUpdate,
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
 * One discrepancy's life (`discrepancy:<id>`): each party attests its account,
 * a resolution is proposed and accepted by both parties (RESOLVED), or it is
 * escalated to the coordinator, who decides. Past the deadline an open one is
 * escalated; before it, those awaited are reminded. The workflow is the single
 * writer of the discrepancy; every statement is appended to the record by an
 * idempotent activity before the update answers.
 */
export async function discrepancyLife(input: DiscrepancyInput): Promise<DiscrepancyState> {
  const { workflowId } = workflowInfo();
  const state: DiscrepancyState = {
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
  const serial = new Serial();
  const exclusive = <T>(fn: () => Promise<T>) => serial.run(fn);
  const everyone = [...input.parties, INTERMEDIARY, 'COORDINATOR'];
  const announce = (event: string, recipients: string[], payload: Record<string, unknown> = {}) =>
    records.notify({
      eventId: `${workflowId}:${event}:${state.statements}:${state.reminders}`,
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

  /** Appends one attributed statement (and the status it leads to) to the record. */
  async function append(
    type: StatementType,
    by: Actor | Author,
    fields: { text?: string; count?: number; tags?: string[]; proposal?: number } = {},
    status?: { status: DiscrepancyStatus; resolution?: string },
  ): Promise<number> {
    const sequence = state.statements + 1;
    await records.recordDiscrepancyStatement({
      id: input.id,
      sequence,
      type,
      ...('actingFor' in by ? by : authorOf(by)),
      ...fields,
      at: now(),
      ...(status ? { status } : {}),
    });
    state.statements = sequence;
    if (status) {
      state.status = status.status;
      upsertSearchAttributes([{ key: SearchAttr.OperationPhase, value: status.status }]);
    }
    return sequence;
  }

  setHandler(discrepancyStateQuery, () => state);
  setHandler(discrepancyRecordedUpdate, () => exclusive(async () => state));

  setHandler(
    attestAccountUpdate,
    ({ text, count, tags, by }) =>
      exclusive(async () => {
        checkAccount(state, text, by, tags);
        const sequence = await append('ACCOUNT', by, {
          text,
          ...(count !== undefined ? { count } : {}),
          ...(tags?.length ? { tags } : {}),
        });
        state.accounts[actingFor(by)] = { principal: by.principal, sequence };
        return { sequence };
      }),
    { validator: ({ text, by, tags }) => checkAccount(state, text, by, tags) },
  );

  setHandler(
    proposeResolutionUpdate,
    ({ text, by }) =>
      exclusive(async () => {
        checkPropose(state, text, by);
        const number = (state.proposal?.number ?? 0) + 1;
        const sequence = await append('PROPOSAL', by, { text, proposal: number });
        // A new proposal is accepted afresh: an acceptance is of one text.
        state.proposal = { number, sequence, principal: by.principal, text };
        state.acceptances = {};
        await announce('discrepancy.resolution_proposed', everyone, { proposal: number });
        return { proposal: number, sequence };
      }),
    { validator: ({ text, by }) => checkPropose(state, text, by) },
  );

  setHandler(
    acceptResolutionUpdate,
    ({ proposal, by }) =>
      exclusive(async () => {
        if (!checkAccept(state, proposal, by)) return state;
        const both = state.parties.every((p) => p === by.party || p in state.acceptances);
        const resolution = state.proposal!.text;
        await append('ACCEPTANCE', by, { proposal }, both ? { status: 'RESOLVED', resolution } : undefined);
        state.acceptances[by.party!] = by.principal;
        if (both) {
          state.resolution = { text: resolution, principal: by.principal };
          await announce('discrepancy.resolved', everyone, { proposal });
        }
        return state;
      }),
    { validator: ({ proposal, by }) => void checkAccept(state, proposal, by) },
  );

  setHandler(
    escalateDiscrepancyUpdate,
    ({ reason, by }) =>
      exclusive(async () => {
        checkEscalate(state, reason, by);
        await escalate(reason, by);
        return state;
      }),
    { validator: ({ reason, by }) => checkEscalate(state, reason, by) },
  );

  setHandler(
    decideDiscrepancyUpdate,
    ({ resolution, by }) =>
      exclusive(async () => {
        checkDecide(state, resolution, by);
        await append('DECISION', by, { text: resolution }, { status: 'RESOLVED', resolution });
        state.resolution = { text: resolution, principal: by.principal };
        await announce('discrepancy.resolved', everyone, { decidedBy: 'COORDINATOR' });
        return state;
      }),
    { validator: ({ resolution, by }) => checkDecide(state, resolution, by) },
  );

  async function escalate(reason: string, by: Actor | Author): Promise<void> {
    await append('ESCALATION', by, { text: reason }, { status: 'ESCALATED' });
    state.escalation = { reason, principal: by.principal };
    await announce('discrepancy.escalated', everyone, { byDeadline: by === DEADLINE });
  }

  try {
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
      await append('REPORT', by, {
        text,
        ...(count !== undefined ? { count } : {}),
        ...(input.tags?.length ? { tags: input.tags } : {}),
      });
      await announce('discrepancy.opened', everyone);
    }
  } finally {
    serial.release();
  }
  upsertSearchAttributes([
    { key: SearchAttr.OperationReference, value: input.operationReference },
    { key: SearchAttr.OperationPhase, value: state.status },
  ]);

  // Reminders while open, then escalation at the deadline.
  let overdue = false;
  const deadline = (async () => {
    overdue = !(await condition(() => state.status !== 'OPEN', input.timing.deadline));
  })();
  while (state.status === 'OPEN' && !overdue) {
    const moved = await condition(() => state.status !== 'OPEN' || overdue, input.timing.reminderEvery);
    if (moved) break;
    state.reminders += 1;
    await announce('discrepancy.reminder', awaitedParties(state), {
      reminder: state.reminders,
      awaiting: awaitedParties(state),
    });
  }
  await deadline;
  if (overdue) {
    await exclusive(async () => {
      if (state.status === 'OPEN') await escalate('The deadline passed without a resolution.', DEADLINE);
    });
  }
  await condition(() => state.status === 'RESOLVED');
  // Let the last update's answer go out before the run ends.
  await serial.idle();
  return state;
}
