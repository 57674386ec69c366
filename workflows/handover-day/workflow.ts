import { condition, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { checkAbort, checkOpenDay, checkPostpone, checkRecordCount, checkRefuse, checkSignOff } from './rules';
import { summarise, type HandoverSummary } from './rules';
import {
  checkAcknowledgeManifest,
  checkHandOver,
  checkRecordReceipt,
  checkSubmitManifest,
  checkTakeOver,
} from './container-rules';
import { checkIncident, checkSpotCheck } from './field-report-rules';
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
import { SearchAttr } from '../shared/search-attributes';
import { HandoverDay, type HandoverInput } from './state';

export type { HandoverInput } from './state';

/**
 * One handover day at an exchange point: manifests submitted and
 * acknowledged, the day opened, three independent counts per direction,
 * containers received tag by tag, and sign-off by both parties. The workflow
 * is the single writer of the day's state (state.ts); each change is
 * answered at once and projected to PostgreSQL in order (records.ts).
 */
export async function handoverDay(input: HandoverInput): Promise<HandoverSummary> {
  const day = new HandoverDay(input, workflowInfo().workflowId);
  setHandler(dayRecordsQuery, () => day.progress);
  // Queued before any handler is set: updates that came with the start run as their handlers are set.
  day.start();
  setHandlers(day);

  await day.announceScheduled();
  upsertSearchAttributes([
    { key: SearchAttr.OperationReference, value: input.operationReference },
    { key: SearchAttr.OperationPhase, value: day.state.status },
    { key: SearchAttr.HandoverDate, value: new Date(`${input.date}T00:00:00Z`) },
  ]);

  // Once open, the day must be signed off by its deadline, or the coordinator is alerted.
  await condition(() => day.state.status === 'IN_PROGRESS' || day.settled());
  if (!day.settled()) {
    const signedInTime = await condition(() => day.settled(), input.signOffDeadline);
    if (!signedInTime) {
      await day.signOffOverdue();
      await condition(() => day.settled());
    }
  }
  await day.endWithOperation();
  // Let the last update's answer go out, and every change reach PostgreSQL (the cases are opened from it), before the run ends.
  await day.drained();
  if (day.state.status === 'SIGNED_OFF') await day.openCases();
  return summarise(day.state);
}

/** Each message's handler is a method of the day; each update's validator asks the day's rules first. */
function setHandlers(day: HandoverDay): void {
  const { state } = day;
  setHandler(handoverStateQuery, () => state);
  setHandler(operationSuspendedSignal, (s) => day.operationSuspended(s));
  setHandler(operationAbortedSignal, (s) => day.operationAborted(s));
  setHandler(submitManifestUpdate, (m) => day.submitManifest(m), {
    validator: ({ direction, lines, by }) => checkSubmitManifest(state, direction, lines, by),
  });
  setHandler(acknowledgeManifestUpdate, (m) => day.acknowledgeManifest(m), {
    validator: ({ direction, version, by }) => checkAcknowledgeManifest(state, direction, version, by),
  });
  setHandler(openDayUpdate, (m) => day.openDay(m), { validator: ({ by }) => checkOpenDay(state, by) });
  setHandler(recordCountUpdate, (m) => day.recordCount(m), {
    validator: ({ direction, source, count, by }) => void checkRecordCount(state, direction, source, count, by),
  });
  setHandler(recordReceiptUpdate, (m) => day.recordReceipt(m), {
    validator: ({ direction, tags, by }) => checkRecordReceipt(state, direction, tags, by),
  });
  setHandler(takeOverCustodyUpdate, (m) => day.takeOverCustody(m), {
    validator: ({ direction, tags, by }) => checkTakeOver(state, direction, tags, by),
  });
  setHandler(handOverCustodyUpdate, (m) => day.handOverCustody(m), {
    validator: ({ direction, tags, by }) => void checkHandOver(state, direction, tags, by),
  });
  setHandler(signOffUpdate, (m) => day.signOff(m), {
    validator: ({ party, by }) => void checkSignOff(state, party, by),
  });
  setHandler(postponeDayUpdate, (m) => day.postponeDay(m), {
    validator: ({ newDate, reason, by }) => checkPostpone(state, newDate, reason, by),
  });
  setHandler(refuseDayUpdate, (m) => day.refuseDay(m), {
    validator: ({ reason, by }) => checkRefuse(state, reason, by),
  });
  setHandler(abortDayUpdate, (m) => day.abortDay(m), { validator: ({ reason, by }) => checkAbort(state, reason, by) });
  setHandler(recordSpotCheckUpdate, (m) => day.recordSpotCheck(m), {
    validator: ({ direction, tag, note, by }) => checkSpotCheck(state, direction, tag, note, by),
  });
  setHandler(recordIncidentUpdate, (m) => day.recordIncident(m), {
    validator: ({ kind, note, by }) => checkIncident(state, kind, note, by),
  });
}
