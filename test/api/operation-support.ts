import { operationWorkflowId } from '../../workflows/shared/ids';
import { operationStateQuery } from '../../workflows/operation/messages';
import { confirmedOperation, dayPath, eventually, EXCHANGE_POINT, scheduleDay, type World } from './support';

/** Helpers shared by the operation's API tests (actions, access, bad requests), bound to their world. */
export function operationHelpers(w: World) {
  const phaseOf = async (reference: string) =>
    (await w.stack.db.repatriationOperation.findUniqueOrThrow({ where: { reference } })).phase;
  const scheduleBody = (date: string) => ({
    date,
    exchangePoint: EXCHANGE_POINT,
    transfers: [
      { from: 'RU', to: 'UA', plannedCount: 3 },
      { from: 'UA', to: 'RU', plannedCount: 2 },
    ],
  });

  /** An operation in progress whose only day was refused: its handover phase can end. */
  async function operationReadyToComplete(): Promise<string> {
    const reference = await confirmedOperation(w);
    await scheduleDay(w, reference, '2025-06-11');
    await w.post('ua', `${dayPath(reference, '2025-06-11')}/refusal`, { reason: 'no convoy' }).expect(200);
    await eventually(
      () => phaseOf(reference),
      (p) => p === 'IN_PROGRESS',
    );
    // The refusal reaches the operation by a signal from the day: wait until the operation knows it.
    await eventually(
      () => w.stack.client.workflow.getHandle(operationWorkflowId(reference)).query(operationStateQuery),
      (state) => state.handovers['2025-06-11']?.status === 'REFUSED',
    );
    return reference;
  }
  return { phaseOf, scheduleBody, operationReadyToComplete };
}
