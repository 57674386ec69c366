import {
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  log,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { DayChange, DayWrite } from '../../activities/handover-day/day-changes';
import { DayRecords, type RecordProgress } from './records';
import { INTERMEDIARY, type Direction, type HandoverStatus, type IntermediaryRole } from '../shared/domain';
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
  summarise,
  type DiscrepancyFinding,
  type HandoverState,
  type HandoverSummary,
} from './rules';
import {
  checkAcknowledgeManifest,
  checkHandOver,
  checkRecordReceipt,
  checkSubmitManifest,
  checkTakeOver,
  missingTags,
  tagDiscrepancies,
} from './container-rules';
import { checkIncident, checkSpotCheck, spotCheckDiscrepancies } from './field-report-rules';
import {
  abortDayUpdate,
  acknowledgeManifestUpdate,
  dayRecordsQuery,
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
import { handoverChangedSignal, type HandoverChanged } from '../operation/messages';
import { SearchAttr } from '../shared/search-attributes';
import { decided } from '../shared/serial';
import { UNTIL_WRITTEN } from '../shared/activity-retry';
import { nowIso as now } from '../shared/time';

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
  // Each custodian attests its own custody: its take-over, and its hand-over to the next.
  if (input.intermediaryRole === 'CUSTODIAN') state.custodyByCustodian = true;
  const parent = getExternalWorkflowHandle(input.operationWorkflowId);
  const tell = (args: HandoverChanged) =>
    parent
      .signal(handoverChangedSignal, args)
      .catch((err: unknown) => log.warn('operation not told of the day', { status: args.status, error: String(err) }));
  const everyone = [...input.parties, INTERMEDIARY];

  /** What a change does, in order: records, changes the state, tells the operation, or decides what follows. */
  type Effect =
    { write: DayChange } | { apply: () => void } | { signal: () => HandoverChanged } | { then: () => Effect[] };
  const write = <K extends DayWrite>(name: K, args: Extract<DayChange, { write: K }>['args']): Effect => ({
    write: { write: name, args } as DayChange,
  });

  // The day's first record: every other write of the day needs its row.
  const scheduled: Effect[] = [
    write('recordHandoverScheduled', {
      operationReference: input.operationReference,
      workflowId,
      dayKey: input.dayKey,
      date: input.date,
      exchangePoint: input.exchangePoint,
      transfers: input.transfers,
    }),
  ];
  const progress: RecordProgress = { made: 0, written: 0 };
  setHandler(dayRecordsQuery, () => progress);
  // Each report is answered from the day's state and projected to PostgreSQL in batches, off the update
  // path. A record that waits on a refused write is an operator's business at once: the coordinator and
  // the intermediary are told (by their own activity, as the day's queue is what is stuck).
  const dayRecords = new DayRecords(
    progress,
    (changes) => dayChanges.recordDayChanges(changes),
    async (write) =>
      void (await records.notify({
        eventId: `${workflowId}:handover.record_refused:${progress.written}`,
        event: 'handover.record_refused',
        operationReference: input.operationReference,
        recipients: ['COORDINATOR', INTERMEDIARY],
        payload: { dayKey: input.dayKey, date: state.date, exchangePoint: input.exchangePoint, write },
      })),
  );
  /** Writes are queued; the operation is told at once (it keeps each day's status and date for its own rules). */
  const project = (effects: Effect[], told: Array<Promise<void>> = []): Array<Promise<void>> => {
    for (const e of effects) {
      if ('write' in e) dayRecords.add(e.write);
      else if ('apply' in e) e.apply();
      else if ('signal' in e) told.push(tell(e.signal()));
      else void project(e.then(), told);
    }
    return told;
  };
  const perform = async (effects: Effect[]): Promise<void> => void (await Promise.all(project(effects)));
  // An answer that is the day's state is a copy taken when it is answered: updates answered in one
  // workflow task would otherwise all show the state the last one left.
  const taken =
    <R>(answer: () => R) =>
    () => {
      const value = answer();
      return (value === (state as unknown) ? JSON.parse(JSON.stringify(value)) : value) as R;
    };
  /**
   * Runs an update handler's decision: changes the state and answers at once; a change the operation
   * must know of (a new status or date) is answered once the operation has it.
   */
  const change = <R>(decide: () => { effects: Effect[]; answer: () => R }): Promise<R> | R => {
    const { told, answer } = decided(() => {
      const { effects, answer } = decide();
      return { told: project(effects), answer: taken(answer) };
    });
    return told.length ? Promise.all(told).then(answer) : answer();
  };
  // Queued before any handler is set: updates that came with the start run as their handlers are set.
  void project(scheduled);
  void dayRecords.run();

  // `about` tells apart several events of one kind on one day (e.g. each discrepancy); the payload is the state's once its turn comes.
  const announce = (
    event: string,
    recipients: string[],
    payload: () => Record<string, unknown>,
    about?: string,
  ): Effect => ({
    then: () => [
      write('notify', {
        eventId: `${workflowId}:${event}:${about ?? state.date}`,
        event,
        operationReference: input.operationReference,
        recipients,
        payload: { dayKey: input.dayKey, date: state.date, exchangePoint: input.exchangePoint, ...payload() },
      }),
    ],
  });
  const setStatus = (status: HandoverStatus, extra: { date?: string; reason?: string } = {}): Effect[] => [
    {
      then: () => {
        const apply = () => {
          state.status = status;
          if (extra.date !== undefined) state.date = extra.date;
          if (extra.reason !== undefined) state.statusReason = extra.reason;
        };
        return [
          write('recordHandoverStatus', { workflowId, status, ...extra }),
          { apply },
          { apply: () => upsertSearchAttributes([{ key: SearchAttr.OperationPhase, value: status }]) },
          {
            signal: () => ({
              dayKey: input.dayKey,
              status,
              // The operation keeps each day's date, so that no two days share one.
              ...(extra.date !== undefined ? { date: extra.date } : {}),
              ...(isFinal(state) ? { summary: summarise(state) } : {}),
            }),
          },
        ];
      },
    },
  ];
  /** Recorded, then announced to both parties, the intermediary and the coordinator. */
  const openDiscrepancies = (findings: DiscrepancyFinding[]): Effect[] =>
    findings.length === 0
      ? []
      : [
          write('openDiscrepancies', { workflowId, findings, at: now() }),
          ...findings.map((f) =>
            announce('discrepancy.opened', [...everyone, 'COORDINATOR'], () => ({ kind: f.kind, key: f.key }), f.key),
          ),
        ];
  /** Both parties signed: whatever was listed and not received is missing, and recorded so. */
  const closeDay = (): Effect[] => [
    {
      then: () =>
        state.directions.flatMap((d) => {
          d.missing = missingTags(d);
          return d.missing.length
            ? [write('recordMissing', { workflowId, direction: d.direction, tags: d.missing })]
            : [];
        }),
    },
    { then: () => openDiscrepancies(tagDiscrepancies(state)) },
    ...setStatus('SIGNED_OFF'),
    announce('handover.signed_off', everyone, () => ({ directions: summarise(state).directions })),
  ];
  const unchanged = () => ({ effects: [], answer: () => state });

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
      change(() => {
        checkSubmitManifest(state, direction, lines, by);
        const d = directionOf(state, direction);
        const version = d.manifests.length + 1;
        return {
          effects: [
            write('recordManifest', { workflowId, direction, version, lines, by, at: now() }),
            { apply: () => d.manifests.push({ version, status: 'SUBMITTED', tags: lines.map((l) => l.tag) }) },
          ],
          answer: () => ({ version }),
        };
      }),
    { validator: ({ direction, lines, by }) => checkSubmitManifest(state, direction, lines, by) },
  );

  setHandler(
    acknowledgeManifestUpdate,
    ({ direction, version, by }) =>
      change(() => {
        checkAcknowledgeManifest(state, direction, version, by);
        return {
          effects: [
            write('recordManifestAcknowledged', { workflowId, direction, version, by, at: now() }),
            { apply: () => void (latestManifest(directionOf(state, direction))!.status = 'ACKNOWLEDGED') },
          ],
          answer: () => ({ version }),
        };
      }),
    { validator: ({ direction, version, by }) => checkAcknowledgeManifest(state, direction, version, by) },
  );

  setHandler(
    openDayUpdate,
    ({ by }) =>
      change(() => {
        checkOpenDay(state, by);
        return { effects: setStatus('IN_PROGRESS'), answer: () => state };
      }),
    { validator: ({ by }) => checkOpenDay(state, by) },
  );

  setHandler(
    recordCountUpdate,
    ({ direction, source, count, by }) =>
      change(() => {
        if (!checkRecordCount(state, direction, source, count, by)) return unchanged();
        return {
          effects: [
            write('recordCount', { workflowId, direction, source, count, by, at: now() }),
            { apply: () => void (directionOf(state, direction).counts[source] = count) },
            {
              then: () =>
                state.status === 'IN_PROGRESS' && allCountsRecorded(state)
                  ? [...openDiscrepancies(countDiscrepancies(state)), ...setStatus('COUNTS_RECORDED')]
                  : [],
            },
          ],
          answer: () => state,
        };
      }),
    { validator: ({ direction, source, count, by }) => void checkRecordCount(state, direction, source, count, by) },
  );

  setHandler(
    recordReceiptUpdate,
    ({ direction, tags, by }) =>
      change(() => {
        checkRecordReceipt(state, direction, tags, by);
        const d = directionOf(state, direction);
        const listed = new Set(latestManifest(d)?.tags ?? []);
        const received = tags.filter((t) => listed.has(t));
        const extra = tags.filter((t) => !listed.has(t));
        return {
          effects: [
            write('recordReceipts', {
              workflowId,
              direction,
              received,
              extra,
              firstIntake: d.received.length + d.extra.length + 1,
              intakePrefix: `${input.operationReference}.${direction.to}.${input.dayKey}.${direction.from}`,
              place: input.exchangePoint,
              ...(state.custodyByCustodian ? { fromIntermediary: true } : {}),
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
      }),
    { validator: ({ direction, tags, by }) => checkRecordReceipt(state, direction, tags, by) },
  );

  setHandler(
    takeOverCustodyUpdate,
    ({ direction, tags, by }) =>
      change(() => {
        checkTakeOver(state, direction, tags, by);
        const d = directionOf(state, direction);
        const onManifest = new Set(latestManifest(d)?.tags ?? []);
        const listed = tags.filter((t) => onManifest.has(t));
        const extra = tags.filter((t) => !onManifest.has(t));
        return {
          effects: [
            write('recordTakeOver', {
              workflowId,
              direction,
              listed,
              extra,
              place: input.exchangePoint,
              by,
              at: now(),
            }),
            { apply: () => void (d.takenOver ??= []).push(...tags) },
          ],
          answer: () => ({ takenOver: tags.length, extra: extra.length }),
        };
      }),
    { validator: ({ direction, tags, by }) => checkTakeOver(state, direction, tags, by) },
  );

  setHandler(
    handOverCustodyUpdate,
    ({ direction, tags, by }) =>
      change(() => {
        const to = checkHandOver(state, direction, tags, by);
        const d = directionOf(state, direction);
        const from = to === INTERMEDIARY ? direction.from : INTERMEDIARY;
        return {
          effects: [
            write('recordHandOver', {
              workflowId,
              direction,
              tags,
              from,
              to,
              place: input.exchangePoint,
              by,
              at: now(),
            }),
            {
              apply: () => {
                if (to === INTERMEDIARY) (d.handedOverBySender ??= []).push(...tags);
                else (d.handedOverByIntermediary ??= []).push(...tags);
              },
            },
          ],
          answer: () => ({ handedOver: tags.length, to }),
        };
      }),
    { validator: ({ direction, tags, by }) => void checkHandOver(state, direction, tags, by) },
  );

  setHandler(
    signOffUpdate,
    ({ party, by }) =>
      change(() => {
        if (!checkSignOff(state, party, by)) return unchanged();
        return {
          effects: [
            write('recordSignOff', { workflowId, party, by, at: now() }),
            { apply: () => void (state.signOffs[party] = by.principal) },
            { then: () => (state.parties.every((p) => p in state.signOffs) ? closeDay() : []) },
          ],
          answer: () => state,
        };
      }),
    { validator: ({ party, by }) => void checkSignOff(state, party, by) },
  );

  setHandler(
    postponeDayUpdate,
    ({ newDate, reason, by }) =>
      change(() => {
        checkPostpone(state, newDate, reason, by);
        const previousDate = state.date;
        return {
          effects: [
            ...setStatus('POSTPONED', { date: newDate, reason }),
            announce('handover.postponed', everyone, () => ({ previousDate, reason })),
          ],
          answer: () => state,
        };
      }),
    { validator: ({ newDate, reason, by }) => checkPostpone(state, newDate, reason, by) },
  );

  setHandler(
    refuseDayUpdate,
    ({ reason, by }) =>
      change(() => {
        checkRefuse(state, reason, by);
        return { effects: setStatus('REFUSED', { reason: `${by.party}: ${reason}` }), answer: () => state };
      }),
    { validator: ({ reason, by }) => checkRefuse(state, reason, by) },
  );

  setHandler(
    abortDayUpdate,
    ({ reason, by }) =>
      change(() => {
        checkAbort(state, reason, by);
        return { effects: setStatus('ABORTED', { reason }), answer: () => state };
      }),
    { validator: ({ reason, by }) => checkAbort(state, reason, by) },
  );

  setHandler(
    recordSpotCheckUpdate,
    ({ direction, tag, sealIntact, note, by }) =>
      change(() => {
        checkSpotCheck(state, direction, tag, note, by);
        const check = { direction: { from: direction.from, to: direction.to }, tag, sealIntact };
        const findings = spotCheckDiscrepancies(check);
        return {
          effects: [
            write('recordSpotCheck', { workflowId, ...check, ...(note !== undefined ? { note } : {}), by, at: now() }),
            { apply: () => void (state.spotChecks ??= []).push(check) },
            ...openDiscrepancies(findings),
          ],
          answer: () => ({ ...check, ...(findings.length ? { discrepancy: findings[0].key } : {}) }),
        };
      }),
    { validator: ({ direction, tag, note, by }) => checkSpotCheck(state, direction, tag, note, by) },
  );

  setHandler(
    recordIncidentUpdate,
    ({ kind, note, by }) =>
      change(() => {
        checkIncident(state, kind, note, by);
        const sequence = (state.incidents ?? 0) + 1;
        // The coordinator decides whether to suspend; the note stays in the record (no free text in notifications).
        const alert = write('notify', {
          eventId: `${workflowId}:handover.security_incident:${sequence}`,
          event: 'handover.security_incident',
          operationReference: input.operationReference,
          recipients: ['COORDINATOR'],
          payload: { dayKey: input.dayKey, date: state.date, exchangePoint: input.exchangePoint, sequence, kind },
        });
        return {
          effects: [
            write('recordIncident', { workflowId, sequence, kind, note, by, at: now() }),
            { apply: () => void (state.incidents = sequence) },
            ...(kind === 'SECURITY' ? [alert] : []),
          ],
          answer: () => ({ sequence, kind }),
        };
      }),
    { validator: ({ kind, note, by }) => checkIncident(state, kind, note, by) },
  );

  await perform([announce('handover.scheduled', everyone, () => ({ transfers: input.transfers }))]);
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
      await perform([
        write('openDiscrepancies', {
          workflowId,
          findings: [
            {
              key: 'SCHEDULE_DISPUTE:SIGN_OFF_OVERDUE',
              kind: 'SCHEDULE_DISPUTE',
              details: { reason: 'not signed off by the deadline' },
            },
          ],
          at: now(),
        }),
        announce('handover.sign_off_overdue', ['COORDINATOR'], () => ({ status: state.status })),
        { signal: () => ({ dayKey: input.dayKey, status: state.status }) },
      ]);
      await condition(settled);
    }
  }
  if (!isFinal(state) && operationAborted !== undefined) {
    const reason = operationAborted;
    await change(() => ({ effects: setStatus('ABORTED', { reason }), answer: () => undefined }));
  }
  // Let the last update's answer go out, and every change reach PostgreSQL (the cases are opened from it), before the run ends.
  await dayRecords.drained();
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
