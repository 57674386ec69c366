// The discrepancy histories of the replay corpus (record-histories.ts runs them): one resolved by both
// parties, one escalated at its deadline and decided by the coordinator.
import { randomUUID } from 'node:crypto';
import { type Client } from '@temporalio/client';
import { discrepancyLife } from '../../workflows/discrepancy/workflow';
import {
  acceptResolutionUpdate,
  attestAccountUpdate,
  decideDiscrepancyUpdate,
  discrepancyRecordedUpdate,
  discrepancyStateQuery,
  proposeResolutionUpdate,
} from '../../workflows/discrepancy/messages';
import type { DiscrepancyInput } from '../../workflows/discrepancy/rules';
import { discrepancyWorkflowId } from '../../workflows/shared/ids';
import { actors, RU_UA } from '../helpers/actors';
import { june2025Agreement } from '../helpers/fixtures';
import { startConfirmedOperation } from '../helpers/workflow';
import { saveHistory as save, type Recording } from './recorder';

/** A reported discrepancy's life: started as the API starts it, with its timing. */
async function startDiscrepancy(client: Client, taskQueue: string, timing: DiscrepancyInput['timing']) {
  const { op, reference } = await startConfirmedOperation(
    client,
    taskQueue,
    june2025Agreement(`HISTORY-${randomUUID().slice(0, 8)}`),
  );
  const id = randomUUID();
  const handle = await client.workflow.start(discrepancyLife, {
    taskQueue,
    workflowId: discrepancyWorkflowId(id),
    args: [
      {
        id,
        key: `reported:${id}`,
        operationReference: reference,
        parties: ['RU', 'UA'],
        kind: 'COUNT_MISMATCH',
        direction: RU_UA,
        tags: ['RU-1246', 'RU-1247', 'RU-1248'],
        report: { text: 'Three bags listed were not received.', count: 1245, by: actors.ua },
        timing,
      },
    ],
  });
  await handle.executeUpdate(discrepancyRecordedUpdate, { args: [] });
  await op.terminate('history recorded');
  return handle;
}

/** Both parties attest their accounts and accept one resolution: RESOLVED. */
async function recordDiscrepancyResolved(client: Client, taskQueue: string): Promise<void> {
  const d = await startDiscrepancy(client, taskQueue, { deadline: '3 days', reminderEvery: '1 day' });
  await d.executeUpdate(attestAccountUpdate, { args: [{ text: 'Loaded 1,248.', count: 1248, by: actors.ru }] });
  await d.executeUpdate(attestAccountUpdate, {
    args: [{ text: 'Received 1,245.', count: 1245, tags: ['RU-1246', 'RU-1247', 'RU-1248'], by: actors.ua }],
  });
  await d.executeUpdate(proposeResolutionUpdate, { args: [{ text: 'The record keeps 1,245.', by: actors.ua }] });
  await d.executeUpdate(acceptResolutionUpdate, { args: [{ proposal: 1, by: actors.ru }] });
  await d.executeUpdate(acceptResolutionUpdate, { args: [{ proposal: 1, by: actors.ua }] });
  await d.result();
  await save(d, 'discrepancy-resolved-encrypted');
}

/** Nobody answers: reminders, then escalation at the deadline, then the coordinator's decision. */
async function recordDiscrepancyEscalated(client: Client, taskQueue: string): Promise<void> {
  const d = await startDiscrepancy(client, taskQueue, { deadline: '5 seconds', reminderEvery: '2 seconds' });
  while ((await d.query(discrepancyStateQuery)).status !== 'ESCALATED') await new Promise((r) => setTimeout(r, 500));
  await d.executeUpdate(decideDiscrepancyUpdate, { args: [{ resolution: 'Decided.', by: actors.coordinator }] });
  await d.result();
  await save(d, 'discrepancy-escalated-encrypted');
}

export async function recordDiscrepancies({ config, client }: Recording): Promise<void> {
  await recordDiscrepancyResolved(client, config.temporal.taskQueue);
  await recordDiscrepancyEscalated(client, config.temporal.taskQueue);
}
