import {
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
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
import {
  abortOperationUpdate,
  amendAgreementUpdate,
  closeOperationUpdate,
  completeHandoversUpdate,
  confirmTermsUpdate,
  handoverChangedSignal,
  operationStateQuery,
  resumeOperationUpdate,
  scheduleHandoverUpdate,
  suspendOperationUpdate,
} from '../operation/messages';
import {
  assertOperationInput,
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
import { InvalidInput } from '../shared/refusal';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: UNTIL_WRITTEN,
});
const { recordOperationPlanned } = acts;

const DEFAULT_REMINDER_AFTER = '2 days';
const DEFAULT_SIGN_OFF_DEADLINE = '18 hours';

/**
 * One repatriation operation, from the agreement to closure. The workflow is
 * the single writer of the operation's state; each transition is persisted by
 * an idempotent activity. Handover days run as child workflows.
 */
export async function repatriationOperation(input: OperationInput): Promise<OperationState> {
  const state: OperationState = {
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
  setHandler(operationStateQuery, () => state);
  // A start PostgreSQL could never record (a client talking to Temporal directly) fails at once, not for ever.
  try {
    assertOperationInput(input);
  } catch (err) {
    if (err instanceof InvalidInput) throw ApplicationFailure.nonRetryable(err.message, err.name);
    throw err;
  }

  return runLifecycle(input, state);
}

async function recordPlanned(input: OperationInput, state: OperationState): Promise<void> {
  await recordOperationPlanned({ ...input, workflowId: workflowInfo().workflowId });
  state.recorded = true;
  upsertSearchAttributes([{ key: SearchAttr.OperationPhase, value: state.phase }]);
}

async function runLifecycle(input: OperationInput, state: OperationState): Promise<OperationState> {
  const { reference } = input;
  let terms: AgreementTerms = input.agreement;
  let phaseBeforeSuspension: OperationPhase = 'PREPARING';
  const days = new Map<string, ChildWorkflowHandle<typeof handoverDay>>();
  const ended = () => state.phase === 'CLOSED' || state.phase === 'ABORTED';

  const serial = new Serial();
  const exclusive = <T>(fn: () => Promise<T>) => serial.run(fn);

  let phaseChanges = 0;
  const everyone = () => [...terms.parties.map((p) => p.code), INTERMEDIARY];
  const announce = (eventId: string, event: string, payload: Record<string, unknown> = {}) =>
    acts.notify({
      eventId: `${reference}:${eventId}`,
      event,
      operationReference: reference,
      recipients: everyone(),
      payload,
    });

  const setPhase = async (phase: OperationPhase, reason?: string) => {
    const change = () => {
      state.phase = phase;
      state.phaseReason = reason;
    };
    // Changed once recorded, so that a refused write leaves the state as it was.
    await acts.recordOperationPhase({ reference, phase });
    change();
    upsertSearchAttributes([{ key: SearchAttr.OperationPhase, value: phase }]);
    // Each phase change reaches both parties and the intermediary; a repeated phase is a new event.
    const seq = (phaseChanges += 1);
    await announce(`phase:${seq}:${phase}`, `operation.${phase.toLowerCase()}`, reason ? { reason } : {});
  };

  setHandler(
    confirmTermsUpdate,
    ({ version, by }) =>
      exclusive(async () => {
        if (!checkConfirmTerms(state, terms, version, by)) return state;
        await acts.recordTermsConfirmed({ reference, version, party: by.party!, by, at: now() });
        state.confirmations[by.party!] = by.principal;
        state.termsConfirmed = terms.parties.every((p) => p.code in state.confirmations);
        if (state.termsConfirmed) {
          await announce(`terms-confirmed:v${version}`, 'agreement.confirmed', { agreementVersion: version });
          if (state.phase === 'PLANNED') await setPhase('PREPARING');
        }
        return state;
      }),
    { validator: ({ version, by }) => void checkConfirmTerms(state, terms, version, by) },
  );

  setHandler(
    amendAgreementUpdate,
    ({ terms: amended, by }) =>
      exclusive(async () => {
        checkAmend(state, terms, amended, by);
        const version = state.agreementVersion + 1;
        await acts.recordAgreementAmended({ reference, version, terms: amended });
        terms = amended;
        state.agreementVersion = version;
        // Every version is confirmed by both parties again.
        state.confirmations = {};
        state.termsConfirmed = false;
        return state;
      }),
    { validator: ({ terms: amended, by }) => checkAmend(state, terms, amended, by) },
  );

  setHandler(
    scheduleHandoverUpdate,
    (request) =>
      exclusive(async () => {
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
              signOffDeadline: input.timing?.signOffDeadline ?? DEFAULT_SIGN_OFF_DEADLINE,
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
        days.set(request.date, handle);
        state.handovers[request.date] = { workflowId, date: request.date, status: 'SCHEDULED' };
        return { workflowId };
      }),
    { validator: (request) => checkSchedule(state, terms, request) },
  );

  setHandler(handoverChangedSignal, ({ dayKey, status, date, summary }) => {
    const entry = state.handovers[dayKey];
    if (!entry) return;
    entry.status = status;
    if (date) entry.date = date;
    if (status === 'SIGNED_OFF' && summary) {
      for (const d of summary.directions) {
        const totals = (state.totals[directionKey(d.direction)] ??= {});
        for (const [source, count] of Object.entries(d.counts)) {
          totals[source as keyof typeof totals] = (totals[source as keyof typeof totals] ?? 0) + (count ?? 0);
        }
      }
    }
  });

  const signalDays = async (suspended: boolean) => {
    for (const [day, handle] of days) {
      if (!FINAL_HANDOVER_STATUSES.includes(state.handovers[day].status)) {
        await handle.signal(operationSuspendedSignal, { suspended });
      }
    }
  };

  setHandler(
    suspendOperationUpdate,
    ({ reason, by }) =>
      exclusive(async () => {
        checkSuspend(state, by, reason);
        phaseBeforeSuspension = state.phase;
        await setPhase('SUSPENDED', reason);
        await signalDays(true);
        return state;
      }),
    { validator: ({ reason, by }) => checkSuspend(state, by, reason) },
  );

  setHandler(
    resumeOperationUpdate,
    ({ by }) =>
      exclusive(async () => {
        checkResume(state, by);
        await setPhase(phaseBeforeSuspension);
        await signalDays(false);
        return state;
      }),
    { validator: ({ by }) => checkResume(state, by) },
  );

  setHandler(
    abortOperationUpdate,
    ({ reason, by }) =>
      exclusive(async () => {
        checkAbortOperation(state, by, reason);
        await setPhase('ABORTED', reason);
        return state;
      }),
    { validator: ({ reason, by }) => checkAbortOperation(state, by, reason) },
  );

  setHandler(
    completeHandoversUpdate,
    ({ by }) =>
      exclusive(async () => {
        checkCompleteHandovers(state, by);
        await setPhase('FOLLOW_UP');
        return state;
      }),
    { validator: ({ by }) => checkCompleteHandovers(state, by) },
  );

  setHandler(
    closeOperationUpdate,
    ({ by }) =>
      exclusive(async () => {
        checkClose(state, by);
        await setPhase('CLOSED');
        return state;
      }),
    { validator: ({ by }) => checkClose(state, by) },
  );

  try {
    await recordPlanned(input, state);
  } finally {
    serial.release();
  }

  // Unconfirmed terms remind the coordinator, and again after each further period.
  const reminders = (async () => {
    const period = input.timing?.confirmationReminderAfter ?? DEFAULT_REMINDER_AFTER;
    while (!ended()) {
      const settled = await condition(() => state.termsConfirmed || ended(), period);
      if (settled) {
        await condition(() => !state.termsConfirmed || ended());
        continue;
      }
      state.reminders += 1;
      await acts.notify({
        eventId: `${reference}:terms-unconfirmed:v${state.agreementVersion}:${state.reminders}`,
        event: 'agreement.confirmation_overdue',
        operationReference: reference,
        recipients: ['COORDINATOR'],
        payload: {
          agreementVersion: state.agreementVersion,
          confirmedBy: Object.keys(state.confirmations),
          reminder: state.reminders,
        },
      });
    }
  })();

  // The first day opened moves the operation into progress.
  const progress = (async () => {
    await condition(() => Object.values(state.handovers).some((h) => h.status !== 'SCHEDULED') || ended());
    await exclusive(async () => {
      if (state.phase === 'PREPARING') await setPhase('IN_PROGRESS');
    });
  })();

  await condition(ended);
  await Promise.all([reminders, progress]);
  await serial.idle();
  // Days still open when the operation was aborted end with it; wait until each has recorded so.
  const open = [...days].filter(([day]) => !FINAL_HANDOVER_STATUSES.includes(state.handovers[day].status));
  for (const [, handle] of open)
    await handle.signal(operationAbortedSignal, { reason: state.phaseReason ?? 'operation aborted' });
  for (const [, handle] of open) await handle.result();
  return state;
}
