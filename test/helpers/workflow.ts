import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Db } from '../../src/db';

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
