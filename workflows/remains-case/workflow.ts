import { allHandlersFinished, condition, continueAsNew, setHandler, sleep } from '@temporalio/workflow';
import {
  caseMergedSignal,
  caseStateQuery,
  familyInformedSignal,
  mergeCaseUpdate,
  recordCaseStepUpdate,
  recordForeignNationalUpdate,
  recordMatchUpdate,
  splitCaseUpdate,
  type CaseInput,
  type CaseState,
} from './messages';
import {
  awaitsAction,
  checkForeignNational,
  checkMatch,
  checkMerge,
  checkRecordStep,
  checkSplit,
  isClosed,
} from './rules';
import { CASE_DEFAULTS, RemainsCase } from './state';
import { workflowNow } from '../shared/time';

/**
 * One remains case, from reception to release (or retention, or return to
 * the other party), for as many years as that takes. The workflow is the
 * single writer of the case's state (./state.ts, a method per message); each
 * event is persisted by an idempotent activity keyed by (case, sequence).
 * Validators refuse a broken rule (./rules.ts) before anything reaches
 * history. History stays bounded: the workflow continues as new, carrying its
 * state.
 */
export async function remainsCase(input: CaseInput): Promise<CaseState> {
  const remains = new RemainsCase(input);
  const { state, serial } = remains;
  const now = workflowNow;

  setHandler(caseStateQuery, () => state);
  setHandler(recordCaseStepUpdate, (args) => serial.run(() => remains.step(args)), {
    validator: (args) => checkRecordStep(state, args, now()),
  });
  setHandler(splitCaseUpdate, (args) => serial.run(() => remains.split(args)), {
    validator: (args) => checkSplit(state, args, now()),
  });
  setHandler(mergeCaseUpdate, (args) => serial.run(() => remains.merge(args)), {
    validator: (args) => checkMerge(state, args, now()),
  });
  setHandler(caseMergedSignal, (args) => serial.run(() => remains.endAsMerged(args)));
  setHandler(recordMatchUpdate, (args) => serial.run(() => remains.match(args)), {
    validator: (args) => checkMatch(state, args, now()),
  });
  setHandler(recordForeignNationalUpdate, (args) => serial.run(() => remains.foreignNational(args)), {
    validator: (args) => checkForeignNational(state, args, now()),
  });
  setHandler(familyInformedSignal, (args) => serial.run(() => remains.familyInformed(args)));

  // Updates that arrive with the start wait for the case to be opened.
  if (state.caseId === undefined) await serial.first(() => remains.open());
  else serial.release();
  if (!remains.recorded) remains.publish();

  while (!isClosed(state.status)) {
    if (remains.runIsLong()) {
      await condition(allHandlersFinished);
      if (isClosed(state.status)) break;
      return await continueAsNew<typeof remainsCase>({ ...input, carried: { ...state, run: state.run + 1 } });
    }
    const seen = state.sequence;
    const woken = () => state.sequence !== seen || remains.runIsLong();
    if (awaitsAction(state.status)) {
      if (!(await condition(woken, remains.untilReminder()))) await serial.run(() => remains.remind());
    } else {
      await condition(woken);
    }
  }

  // A closed case still answers for a while, so late reports get "case is closed" rather than "not found".
  await condition(allHandlersFinished);
  await sleep(input.closedRetention ?? CASE_DEFAULTS.closedRetention);
  await condition(allHandlersFinished);
  return { ...state };
}
