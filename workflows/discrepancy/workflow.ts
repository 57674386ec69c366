import { condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import {
  checkAccept,
  checkAccount,
  checkDecide,
  checkEscalate,
  checkPropose,
  type DiscrepancyInput,
  type DiscrepancyState,
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
import { Discrepancy } from './life';
import { SearchAttr } from '../shared/search-attributes';

/**
 * One discrepancy's life (`discrepancy:<id>`): each party attests its account,
 * a resolution is proposed and accepted by both parties (RESOLVED), or it is
 * escalated to the coordinator, who decides. Past the deadline an open one is
 * escalated; before it, those awaited are reminded. The workflow is the single
 * writer of the discrepancy; what each message does is in ./life.ts, the rules
 * it checks in ./rules.ts.
 */
export async function discrepancyLife(input: DiscrepancyInput): Promise<DiscrepancyState> {
  const life = new Discrepancy(input);
  const { state } = life;

  setHandler(discrepancyStateQuery, () => state);
  setHandler(discrepancyRecordedUpdate, () => life.run(async () => state));
  // Validators refuse before anything enters history; each handler checks again when its turn comes.
  setHandler(attestAccountUpdate, (u) => life.run(() => life.attestAccount(u)), {
    validator: ({ text, by, tags }) => checkAccount(state, text, by, tags),
  });
  setHandler(proposeResolutionUpdate, (u) => life.run(() => life.proposeResolution(u)), {
    validator: ({ text, by }) => checkPropose(state, text, by),
  });
  setHandler(acceptResolutionUpdate, (u) => life.run(() => life.acceptResolution(u)), {
    validator: ({ proposal, by }) => void checkAccept(state, proposal, by),
  });
  setHandler(escalateDiscrepancyUpdate, (u) => life.run(() => life.escalateDiscrepancy(u)), {
    validator: ({ reason, by }) => checkEscalate(state, reason, by),
  });
  setHandler(decideDiscrepancyUpdate, (u) => life.run(() => life.decideDiscrepancy(u)), {
    validator: ({ resolution, by }) => checkDecide(state, resolution, by),
  });

  try {
    await life.recordOpened();
  } finally {
    life.release();
  }
  upsertSearchAttributes([
    { key: SearchAttr.OperationReference, value: input.operationReference },
    { key: SearchAttr.OperationPhase, value: state.status },
  ]);
  await life.remindUntilDeadline();
  await condition(() => state.status === 'RESOLVED');
  // Let the last update's answer go out before the run ends.
  await life.idle();
  return state;
}
