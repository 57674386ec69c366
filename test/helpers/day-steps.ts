import type { WorkflowHandle } from '@temporalio/client';
import {
  acknowledgeManifestUpdate,
  recordCountUpdate,
  submitManifestUpdate,
} from '../../workflows/handover-day/messages';
import type { CountSource, Direction } from '../../workflows/shared/domain';
import { actors } from './actors';
import { june2025Agreement } from './fixtures';
import { unique, type TestStack } from './stack';
import { scheduleDay as scheduleDayOn, startConfirmedOperation as confirmedOperation } from './workflow';

/** The steps the handover-day workflow tests take, on the stack their file opened (read when a step runs). */
export function daySteps(stackOf: () => TestStack) {
  return {
    async startConfirmedOperation(intermediaryRole: 'OBSERVER' | 'CUSTODIAN' = 'OBSERVER') {
      const stack = stackOf();
      const base = june2025Agreement(unique('op'));
      const input = { ...base, agreement: { ...base.agreement, intermediaryRole } };
      const { op, reference, state } = await confirmedOperation(stack.client, stack.config.temporal.taskQueue, input);
      expect(state.phase).toBe('PREPARING');
      return { op, reference };
    },
    scheduleDay(op: WorkflowHandle, date: string, ruToUa: number, uaToRu: number) {
      return scheduleDayOn(stackOf().client, op, date, ruToUa, uaToRu);
    },
  };
}

export async function manifestAndAck(day: WorkflowHandle, direction: Direction, lineTags: string[]) {
  const sender = direction.from === 'RU' ? actors.ru : actors.ua;
  const receiver = direction.to === 'RU' ? actors.ru : actors.ua;
  const { version } = await day.executeUpdate(submitManifestUpdate, {
    args: [{ direction, lines: lineTags.map((tag) => ({ tag })), by: sender }],
  });
  await day.executeUpdate(acknowledgeManifestUpdate, { args: [{ direction, version, by: receiver }] });
}

/** A count by the party or the intermediary that the source names. */
export async function count(day: WorkflowHandle, direction: Direction, source: CountSource, value: number) {
  const by =
    source === 'INTERMEDIARY'
      ? actors.field
      : (source === 'SENDER') === (direction.from === 'RU')
        ? actors.ru
        : actors.ua;
  return day.executeUpdate(recordCountUpdate, { args: [{ direction, source, count: value, by }] });
}
