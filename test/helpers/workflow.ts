import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Db } from '../../src/db';
import { dayRecorded, dayRecordsCaughtUp } from '../../src/handover-day/day-records';
import type { OperationInput } from '../../workflows/shared/domain';
import { operationWorkflowId } from '../../workflows/shared/ids';
import { confirmTermsUpdate, scheduleHandoverUpdate } from '../../workflows/operation/messages';
import { repatriationOperation } from '../../workflows/operation/workflow';
import { actors, RU_UA, UA_RU } from './actors';
import { june2025Agreement } from './fixtures';
import { openStack, unique, type TestStack } from './stack';

/** The reason an update was refused with; fails the test when it was accepted. */
export async function rejection(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => {
      throw new Error('expected the update to be rejected');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return ((err as WorkflowUpdateFailedError).cause as Error).message;
}

/**
 * Waits for PostgreSQL to hold everything the day has answered so far: a day
 * projects its changes after answering, so a test reads its rows after this.
 */
export async function recorded(day: WorkflowHandle): Promise<void> {
  const progress = await dayRecordsCaughtUp(day, { timeoutMs: 30_000 });
  if (!dayRecorded(progress)) throw new Error(`day ${day.workflowId} not recorded: ${JSON.stringify(progress)}`);
}

/**
 * The stack a workflow test file shares, every recipient with a webhook address, opened by a beforeAll
 * and closed by an afterAll that this registers; usable in the tests and hooks that run after that beforeAll.
 */
export function useWorkflowStack(): TestStack {
  let opened: TestStack | undefined;
  beforeAll(async () => {
    opened = await openStack();
    await seedWebhookRecipients(opened.db);
  });
  afterAll(() => opened?.close());
  return new Proxy({} as TestStack, {
    get(_target, key) {
      if (key === 'then') return undefined;
      if (!opened) throw new Error(`the stack is opened by its beforeAll: read ${String(key)} in a test or hook`);
      return Reflect.get(opened, key) as unknown;
    },
  });
}

/** Every recipient gets a webhook address, so each notification is queued in the outbox (delivery is not the point here). */
export async function seedWebhookRecipients(db: Db): Promise<void> {
  await db.notificationRecipient.createMany({
    data: ['RU', 'UA', 'INTERMEDIARY', 'COORDINATOR'].map((recipient) => ({
      recipient,
      channel: 'WEBHOOK' as const,
      address: 'http://127.0.0.1:9/unreachable',
      secret: 'test-secret',
    })),
    skipDuplicates: true,
  });
}

/** An operation of the June agreement (or `input`) started and confirmed by both parties: PREPARING. */
export async function startConfirmedOperation(
  client: Client,
  taskQueue: string,
  input: OperationInput = june2025Agreement(unique('op')),
) {
  const op = await client.workflow.start(repatriationOperation, {
    taskQueue,
    workflowId: operationWorkflowId(input.reference),
    args: [input],
  });
  await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ru }] });
  const state = await op.executeUpdate(confirmTermsUpdate, { args: [{ version: 1, by: actors.ua }] });
  return { op, reference: input.reference, state };
}

/** Schedules a day at the Belarus–Ukraine border with these planned counts; returns the day's handle. */
export async function scheduleDay(
  client: Client,
  op: WorkflowHandle,
  date: string,
  ruToUa: number,
  uaToRu: number,
): Promise<WorkflowHandle> {
  const { workflowId } = await op.executeUpdate(scheduleHandoverUpdate, {
    args: [
      {
        date,
        exchangePoint: 'Belarus–Ukraine border',
        transfers: [
          { ...RU_UA, plannedCount: ruToUa },
          { ...UA_RU, plannedCount: uaToRu },
        ],
        by: actors.coordinator,
      },
    ],
  });
  return client.workflow.getHandle(workflowId);
}
