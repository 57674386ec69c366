import {
  condition,
  patched,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  log,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { INTERMEDIARY, type Direction, type HandoverStatus, type IntermediaryRole } from './domain';
import {
  allCountsRecorded,
  checkAbort,
  checkAcknowledgeManifest,
  checkIncident,
  checkOpenDay,
  checkPostpone,
  checkRecordCount,
  checkRecordReceipt,
  checkRefuse,
  checkSignOff,
  checkSpotCheck,
  checkSubmitManifest,
  checkTakeOver,
  checkHandOver,
  countDiscrepancies,
  directionOf,
  isFinal,
  latestManifest,
  missingTags,
  spotCheckDiscrepancies,
  summarise,
  tagDiscrepancies,
  type DiscrepancyFinding,
  type HandoverState,
  type HandoverSummary,
} from './handover-rules';
import {
  abortDayUpdate,
  acknowledgeManifestUpdate,
  handoverChangedSignal,
  handoverStateQuery,
  operationAbortedSignal,
  openDayUpdate,
  operationSuspendedSignal,
  postponeDayUpdate,
  recordCountUpdate,
  recordIncidentUpdate,
  recordReceiptUpdate,
  recordSpotCheckUpdate,
  refuseDayUpdate,
  signOffUpdate,
  submitManifestUpdate,
  takeOverCustodyUpdate,
  handOverCustodyUpdate,
} from './messages';
import { SearchAttr } from './search-attributes';
import { recordedFirst, Serial } from './serial';
import { UNTIL_WRITTEN } from './activity-retry';
import { nowIso as now } from './time';

const records = proxyActivities<Activities>({
  // Also how long a write lost with its worker (killed, or cut off from Temporal) holds the day up before
  // it is retried: each is a few statements, and every retry is idempotent, so a slow attempt overtaken is harmless.
  startToCloseTimeout: '30 seconds',
  retry: UNTIL_WRITTEN,
});
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
 * One handover day at an exchange point: manifests submitted and
 * acknowledged, the day opened, three independent counts per direction,
 * containers received tag by tag, and sign-off by both parties. The workflow
 * is the single writer of the day's state; each change is persisted by an
 * idempotent activity before the update answers.
 */
export async function handoverDay(input: HandoverInput): Promise<HandoverSummary> {
  const { workflowId } = workflowInfo();
  const state: HandoverState = {
    operationReference: input.operationReference,
    dayKey: input.dayKey,
    date: input.date,
    exchangePoint: input.exchangePoint,
    parties: input.parties,
    status: 'SCHEDULED',
    suspended: false,
    directions: input.transfers.map((t) => ({
      direction: { from: t.from, to: t.to },
      plannedCount: t.plannedCount,
      manifests: [],
      counts: {},
      received: [],
      extra: [],
      missing: [],
    })),
    signOffs: {},
    escalated: false,
    spotChecks: [],
    incidents: 0,
  };
  // Each custodian attests its own custody: the intermediary its take-over, the receiver its take-over from it.
  if (input.intermediaryRole === 'CUSTODIAN' && patched('custody-by-custodian')) state.custodyByCustodian = true;
  // …and each releasing custodian its hand-over: the sender to the intermediary, the intermediary to the receiver.
  if (state.custodyByCustodian && patched('custody-hand-overs')) state.handOvers = true;
  // Updates run one at a time, so each sees the state the previous one left.
  const serial = new Serial();
  const exclusive = <T>(fn: () => Promise<T>) => serial.run(fn);
  const parent = getExternalWorkflowHandle(input.operationWorkflowId);
  const everyone = [...input.parties, INTERMEDIARY];
  // `about` tells apart several events of one kind on one day (e.g. each discrepancy).
  const announce = (event: string, recipients: string[], payload: Record<string, unknown>, about = state.date) =>
    records.notify({
      eventId: `${workflowId}:${event}:${about}`,
      event,
      operationReference: input.operationReference,
      recipients,
      payload: { dayKey: input.dayKey, date: state.date, exchangePoint: input.exchangePoint, ...payload },
    });
  const setStatus = async (status: HandoverStatus, extra: { date?: string; reason?: string } = {}) => {
    const change = () => {
      state.status = status;
      if (extra.date !== undefined) state.date = extra.date;
      if (extra.reason !== undefined) state.statusReason = extra.reason;
    };
    // Changed once recorded, so that a refused write leaves the state as it was (older histories changed it first).
    const after = recordedFirst();
    if (!after) change();
    await records.recordHandoverStatus({ workflowId, status, ...extra });
    if (after) change();
    upsertSearchAttributes([{ key: SearchAttr.OperationPhase, value: status }]);
    await parent.signal(handoverChangedSignal, {
      dayKey: input.dayKey,
      status,
      // The operation keeps each day's date, so that no two days share one (older histories sent no date).
      ...(after && extra.date !== undefined ? { date: extra.date } : {}),
      ...(isFinal(state) ? { summary: summarise(state) } : {}),
    });
  };

  setHandler(handoverStateQuery, () => state);
  setHandler(operationSuspendedSignal, ({ suspended }) => {
    state.suspended = suspended;
  });
  let operationAborted: string | undefined;
  setHandler(operationAbortedSignal, ({ reason }) => {
    operationAborted = reason;
  });

  setHandler(
    submitManifestUpdate,
    ({ direction, lines, by }) =>
      exclusive(async () => {
        checkSubmitManifest(state, direction, lines, by);
        const d = directionOf(state, direction);
        const version = d.manifests.length + 1;
        await records.recordManifest({ workflowId, direction, version, lines, by, at: now() });
        d.manifests.push({ version, status: 'SUBMITTED', tags: lines.map((l) => l.tag) });
        return { version };
      }),
    { validator: ({ direction, lines, by }) => checkSubmitManifest(state, direction, lines, by) },
  );

  setHandler(
    acknowledgeManifestUpdate,
    ({ direction, version, by }) =>
      exclusive(async () => {
        checkAcknowledgeManifest(state, direction, version, by);
        await records.recordManifestAcknowledged({ workflowId, direction, version, by, at: now() });
        latestManifest(directionOf(state, direction))!.status = 'ACKNOWLEDGED';
        return { version };
      }),
    { validator: ({ direction, version, by }) => checkAcknowledgeManifest(state, direction, version, by) },
  );

  setHandler(
    openDayUpdate,
    ({ by }) =>
      exclusive(async () => {
        checkOpenDay(state, by);
        await setStatus('IN_PROGRESS');
        return state;
      }),
    { validator: ({ by }) => checkOpenDay(state, by) },
  );

  setHandler(
    recordCountUpdate,
    ({ direction, source, count, by }) =>
      exclusive(async () => {
        if (!checkRecordCount(state, direction, source, count, by)) return state;
        await records.recordCount({ workflowId, direction, source, count, by, at: now() });
        directionOf(state, direction).counts[source] = count;
        if (state.status === 'IN_PROGRESS' && allCountsRecorded(state)) {
          await openDiscrepancies(countDiscrepancies(state));
          await setStatus('COUNTS_RECORDED');
        }
        return state;
      }),
    { validator: ({ direction, source, count, by }) => void checkRecordCount(state, direction, source, count, by) },
  );

  setHandler(
    recordReceiptUpdate,
    ({ direction, tags, by }) =>
      exclusive(async () => {
        checkRecordReceipt(state, direction, tags, by);
        const d = directionOf(state, direction);
        const listed = new Set(latestManifest(d)?.tags ?? []);
        const received = tags.filter((t) => listed.has(t));
        const extra = tags.filter((t) => !listed.has(t));
        await records.recordReceipts({
          workflowId,
          direction,
          received,
          extra,
          firstIntake: d.received.length + d.extra.length + 1,
          intakePrefix: `${input.operationReference}.${direction.to}.${input.dayKey}.${direction.from}`,
          place: input.exchangePoint,
          viaIntermediary: input.intermediaryRole === 'CUSTODIAN' && !state.custodyByCustodian,
          ...(state.custodyByCustodian ? { fromIntermediary: true } : {}),
          by,
          at: now(),
        });
        d.received.push(...received);
        d.extra.push(...extra);
        return { received: received.length, extra: extra.length };
      }),
    { validator: ({ direction, tags, by }) => checkRecordReceipt(state, direction, tags, by) },
  );

  setHandler(
    takeOverCustodyUpdate,
    ({ direction, tags, by }) =>
      exclusive(async () => {
        checkTakeOver(state, direction, tags, by);
        const d = directionOf(state, direction);
        const onManifest = new Set(latestManifest(d)?.tags ?? []);
        const listed = tags.filter((t) => onManifest.has(t));
        const extra = tags.filter((t) => !onManifest.has(t));
        await records.recordTakeOver({
          workflowId,
          direction,
          listed,
          extra,
          place: input.exchangePoint,
          by,
          at: now(),
        });
        (d.takenOver ??= []).push(...tags);
        return { takenOver: tags.length, extra: extra.length };
      }),
    { validator: ({ direction, tags, by }) => checkTakeOver(state, direction, tags, by) },
  );

  setHandler(
    handOverCustodyUpdate,
    ({ direction, tags, by }) =>
      exclusive(async () => {
        const to = checkHandOver(state, direction, tags, by);
        const d = directionOf(state, direction);
        const from = to === INTERMEDIARY ? direction.from : INTERMEDIARY;
        await records.recordHandOver({
          workflowId,
          direction,
          tags,
          from,
          to,
          place: input.exchangePoint,
          by,
          at: now(),
        });
        if (to === INTERMEDIARY) (d.handedOverBySender ??= []).push(...tags);
        else (d.handedOverByIntermediary ??= []).push(...tags);
        return { handedOver: tags.length, to };
      }),
    { validator: ({ direction, tags, by }) => void checkHandOver(state, direction, tags, by) },
  );

  setHandler(
    signOffUpdate,
    ({ party, by }) =>
      exclusive(async () => {
        if (!checkSignOff(state, party, by)) return state;
        await records.recordSignOff({ workflowId, party, by, at: now() });
        state.signOffs[party] = by.principal;
        if (state.parties.every((p) => p in state.signOffs)) await closeDay();
        return state;
      }),
    { validator: ({ party, by }) => void checkSignOff(state, party, by) },
  );

  setHandler(
    postponeDayUpdate,
    ({ newDate, reason, by }) =>
      exclusive(async () => {
        checkPostpone(state, newDate, reason, by);
        const previous = state.date;
        await setStatus('POSTPONED', { date: newDate, reason });
        await announce('handover.postponed', everyone, { previousDate: previous, reason });
        return state;
      }),
    { validator: ({ newDate, reason, by }) => checkPostpone(state, newDate, reason, by) },
  );

  setHandler(
    refuseDayUpdate,
    ({ reason, by }) =>
      exclusive(async () => {
        checkRefuse(state, reason, by);
        await setStatus('REFUSED', { reason: `${by.party}: ${reason}` });
        return state;
      }),
    { validator: ({ reason, by }) => checkRefuse(state, reason, by) },
  );

  setHandler(
    abortDayUpdate,
    ({ reason, by }) =>
      exclusive(async () => {
        checkAbort(state, reason, by);
        await setStatus('ABORTED', { reason });
        return state;
      }),
    { validator: ({ reason, by }) => checkAbort(state, reason, by) },
  );

  setHandler(
    recordSpotCheckUpdate,
    ({ direction, tag, sealIntact, note, by }) =>
      exclusive(async () => {
        checkSpotCheck(state, direction, tag, note, by);
        const check = { direction: { from: direction.from, to: direction.to }, tag, sealIntact };
        await records.recordSpotCheck({ workflowId, ...check, ...(note !== undefined ? { note } : {}), by, at: now() });
        (state.spotChecks ??= []).push(check);
        const findings = spotCheckDiscrepancies(check);
        await openDiscrepancies(findings);
        return { ...check, ...(findings.length ? { discrepancy: findings[0].key } : {}) };
      }),
    { validator: ({ direction, tag, note, by }) => checkSpotCheck(state, direction, tag, note, by) },
  );

  setHandler(
    recordIncidentUpdate,
    ({ kind, note, by }) =>
      exclusive(async () => {
        checkIncident(state, kind, note, by);
        const sequence = (state.incidents ?? 0) + 1;
        await records.recordIncident({ workflowId, sequence, kind, note, by, at: now() });
        state.incidents = sequence;
        // The coordinator decides whether to suspend; the note stays in the record (no free text in notifications).
        if (kind === 'SECURITY') {
          await records.notify({
            eventId: `${workflowId}:handover.security_incident:${sequence}`,
            event: 'handover.security_incident',
            operationReference: input.operationReference,
            recipients: ['COORDINATOR'],
            payload: { dayKey: input.dayKey, date: state.date, exchangePoint: input.exchangePoint, sequence, kind },
          });
        }
        return { sequence, kind };
      }),
    { validator: ({ kind, note, by }) => checkIncident(state, kind, note, by) },
  );

  /** Both parties signed: whatever was listed and not received is missing, and recorded so. */
  async function closeDay(): Promise<void> {
    for (const d of state.directions) {
      d.missing = missingTags(d);
      if (d.missing.length) await records.recordMissing({ workflowId, direction: d.direction, tags: d.missing });
    }
    await openDiscrepancies(tagDiscrepancies(state));
    await setStatus('SIGNED_OFF');
    await announce('handover.signed_off', everyone, { directions: summarise(state).directions });
  }

  /** Recorded, then announced to both parties, the intermediary and the coordinator. */
  async function openDiscrepancies(findings: DiscrepancyFinding[]): Promise<void> {
    if (findings.length === 0) return;
    await records.openDiscrepancies({ workflowId, findings, at: now() });
    for (const f of findings) {
      await announce('discrepancy.opened', [...everyone, 'COORDINATOR'], { kind: f.kind, key: f.key }, f.key);
    }
  }

  try {
    await records.recordHandoverScheduled({
      operationReference: input.operationReference,
      workflowId,
      dayKey: input.dayKey,
      date: input.date,
      exchangePoint: input.exchangePoint,
      transfers: input.transfers,
    });
  } finally {
    serial.release();
  }
  await announce('handover.scheduled', everyone, { transfers: input.transfers });
  upsertSearchAttributes([
    { key: SearchAttr.OperationReference, value: input.operationReference },
    { key: SearchAttr.OperationPhase, value: state.status },
    { key: SearchAttr.HandoverDate, value: new Date(`${input.date}T00:00:00Z`) },
  ]);

  const settled = () => isFinal(state) || operationAborted !== undefined;
  // Once open, the day must be signed off by its deadline, or the coordinator is alerted.
  await condition(() => state.status === 'IN_PROGRESS' || settled());
  if (!settled()) {
    const signedInTime = await condition(settled, input.signOffDeadline);
    if (!signedInTime) {
      state.escalated = true;
      log.warn('handover day not signed off by its deadline', { dayKey: input.dayKey });
      await records.openDiscrepancies({
        workflowId,
        findings: [
          {
            key: 'SCHEDULE_DISPUTE:SIGN_OFF_OVERDUE',
            kind: 'SCHEDULE_DISPUTE',
            details: { reason: 'not signed off by the deadline' },
          },
        ],
        at: now(),
      });
      await announce('handover.sign_off_overdue', ['COORDINATOR'], { status: state.status });
      await parent.signal(handoverChangedSignal, { dayKey: input.dayKey, status: state.status });
      await condition(settled);
    }
  }
  if (!isFinal(state) && operationAborted !== undefined) {
    const reason = operationAborted;
    await exclusive(() => setStatus('ABORTED', { reason }));
  }
  // Let the last update's answer go out before the run ends.
  await serial.idle();
  if (state.status === 'SIGNED_OFF') await openCases();
  return summarise(state);

  /** Every container the receiver took over opens a remains case, followed by its forensic authority. */
  async function openCases(): Promise<void> {
    for (const d of state.directions) {
      if (d.received.length + d.extra.length === 0) continue;
      const { to } = d.direction;
      await cases.openCasesForHandover({
        handoverWorkflowId: workflowId,
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
