import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import type { OperationInput, OperationState } from '../shared/domain';
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
} from './messages';
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
import { OperationLifecycle } from './lifecycle';
import { InvalidInput } from '../shared/refusal';

/**
 * One repatriation operation, from the agreement to closure. The workflow is
 * the single writer of the operation's state; each transition is persisted by
 * an idempotent activity. Handover days run as child workflows. What each
 * message does is in ./lifecycle.ts; the rules it checks, in ./rules.ts.
 */
export async function repatriationOperation(input: OperationInput): Promise<OperationState> {
  const op = new OperationLifecycle(input);
  setHandler(operationStateQuery, () => op.state);
  // A start PostgreSQL could never record (a client talking to Temporal directly) fails at once, not for ever.
  try {
    assertOperationInput(input);
  } catch (err) {
    if (err instanceof InvalidInput) throw ApplicationFailure.nonRetryable(err.message, err.name);
    throw err;
  }

  // Validators refuse before anything enters history; each handler checks again when its turn comes.
  setHandler(confirmTermsUpdate, (u) => op.run(() => op.confirmTerms(u)), {
    validator: ({ version, by }) => void checkConfirmTerms(op.state, op.terms, version, by),
  });
  setHandler(amendAgreementUpdate, (u) => op.run(() => op.amendAgreement(u)), {
    validator: ({ terms, by }) => checkAmend(op.state, op.terms, terms, by),
  });
  setHandler(scheduleHandoverUpdate, (u) => op.run(() => op.scheduleHandover(u)), {
    validator: (u) => checkSchedule(op.state, op.terms, u),
  });
  setHandler(handoverChangedSignal, (s) => op.handoverChanged(s));
  setHandler(suspendOperationUpdate, (u) => op.run(() => op.suspend(u)), {
    validator: ({ reason, by }) => checkSuspend(op.state, by, reason),
  });
  setHandler(resumeOperationUpdate, (u) => op.run(() => op.resume(u)), {
    validator: ({ by }) => checkResume(op.state, by),
  });
  setHandler(abortOperationUpdate, (u) => op.run(() => op.abort(u)), {
    validator: ({ reason, by }) => checkAbortOperation(op.state, by, reason),
  });
  setHandler(completeHandoversUpdate, (u) => op.run(() => op.completeHandovers(u)), {
    validator: ({ by }) => checkCompleteHandovers(op.state, by),
  });
  setHandler(closeOperationUpdate, (u) => op.run(() => op.close(u)), {
    validator: ({ by }) => checkClose(op.state, by),
  });

  try {
    await op.recordPlanned();
  } finally {
    // Released here, so that the reminder's timer below starts before any waiting update acts (replay).
    op.release();
  }
  const reminders = op.remindUntilConfirmed();
  const progress = op.moveIntoProgress();
  await condition(() => op.ended);
  await Promise.all([reminders, progress]);
  return op.finish();
}
