// Records the histories that test/replay/replay.test.ts replays on every run.
// Run it against a running stack (e.g. `npm run dev` in another terminal):
//   DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:54329/repatriation npm run histories:record
// It writes new files and never overwrites one: a committed history is a
// promise that old runs stay replayable. Commit what it writes.
// Payloads are encrypted with the histories' own test key (test/histories/payload-keys.ts),
// so the replay test also proves that encrypted histories stay readable.
import { randomUUID } from 'node:crypto';
import { type Client, type WorkflowHandle } from '@temporalio/client';
import {
  acknowledgeManifestUpdate,
  closeOperationUpdate,
  completeHandoversUpdate,
  openDayUpdate,
  recordCountUpdate,
  recordReceiptUpdate,
  signOffUpdate,
  submitManifestUpdate,
} from '../../workflows/messages';
import { discrepancyLife } from '../../workflows/discrepancy';
import {
  acceptResolutionUpdate,
  attestAccountUpdate,
  decideDiscrepancyUpdate,
  discrepancyRecordedUpdate,
  discrepancyStateQuery,
  proposeResolutionUpdate,
} from '../../workflows/discrepancy-messages';
import type { DiscrepancyInput } from '../../workflows/discrepancy-rules';
import { discrepancyWorkflowId } from '../../workflows/ids';
import { actors, RU_UA, UA_RU } from '../helpers/actors';
import { june2025Agreement } from '../helpers/fixtures';
import { scheduleDay, startConfirmedOperation } from '../helpers/workflow';
import { record, recordCounts, runRecorder, saveHistory as save } from './recorder';

/** An operation of the June agreement, confirmed by both parties, with one day scheduled. */
async function confirmedOperationWithDay(
  client: Client,
  taskQueue: string,
  date: string,
  ruToUa: number,
  uaToRu: number,
): Promise<{ op: WorkflowHandle; day: WorkflowHandle }> {
  const agreement = june2025Agreement(`HISTORY-${randomUUID().slice(0, 8)}`);
  const { op } = await startConfirmedOperation(client, taskQueue, agreement);
  return { op, day: await scheduleDay(client, op, date, ruToUa, uaToRu) };
}

/** A small operation through its whole lifecycle: one day, both directions, with an extra and a missing bag. */
async function recordLifecycle(client: Client, taskQueue: string): Promise<void> {
  const { op, day } = await confirmedOperationWithDay(client, taskQueue, '2025-06-11', 3, 1);
  await day.executeUpdate(submitManifestUpdate, {
    args: [
      {
        direction: RU_UA,
        // Invented declared identities: personal data in form, encrypted in the history.
        lines: [
          { tag: 'RU-1', declaredIdentity: { name: 'Andrii Orlov', dateOfBirth: '1988-02-17' } },
          { tag: 'RU-2' },
          { tag: 'RU-3' },
        ],
        by: actors.ru,
      },
    ],
  });
  await day.executeUpdate(acknowledgeManifestUpdate, { args: [{ direction: RU_UA, version: 1, by: actors.ua }] });
  await day.executeUpdate(submitManifestUpdate, {
    args: [{ direction: UA_RU, lines: [{ tag: 'UA-1' }], by: actors.ua }],
  });
  await day.executeUpdate(acknowledgeManifestUpdate, { args: [{ direction: UA_RU, version: 1, by: actors.ru }] });
  await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
  await day.executeUpdate(recordReceiptUpdate, {
    args: [{ direction: RU_UA, tags: ['RU-1', 'RU-2', 'RU-X'], by: actors.ua }],
  });
  await day.executeUpdate(recordReceiptUpdate, { args: [{ direction: UA_RU, tags: ['UA-1'], by: actors.ru }] });
  const counts = [
    { direction: RU_UA, source: 'SENDER' as const, count: 3, by: actors.ru },
    { direction: RU_UA, source: 'RECEIVER' as const, count: 3, by: actors.ua },
    { direction: RU_UA, source: 'INTERMEDIARY' as const, count: 3, by: actors.field },
    { direction: UA_RU, source: 'SENDER' as const, count: 1, by: actors.ua },
    { direction: UA_RU, source: 'RECEIVER' as const, count: 1, by: actors.ru },
    { direction: UA_RU, source: 'INTERMEDIARY' as const, count: 1, by: actors.field },
  ];
  for (const c of counts) await day.executeUpdate(recordCountUpdate, { args: [c] });
  await day.executeUpdate(signOffUpdate, { args: [{ party: 'RU', by: actors.ru }] });
  await day.executeUpdate(signOffUpdate, { args: [{ party: 'UA', by: actors.ua }] });
  await day.result();
  await op.executeUpdate(completeHandoversUpdate, { args: [{ by: actors.coordinator }] });
  await op.executeUpdate(closeOperationUpdate, { args: [{ by: actors.coordinator }] });
  await op.result();
  await save(op, 'operation-lifecycle-encrypted');
  await save(day, 'handover-day-projected-encrypted');
}

/**
 * A day whose reports arrive together, as field staff and liaisons send them:
 * receipt batches at once, a direction's three counts at once, both sign-offs
 * at once. Handlers queue in arrival order (patch `serial-fifo`), so the
 * history holds the patch marker and updates accepted while others ran.
 */
async function recordConcurrentDay(client: Client, taskQueue: string): Promise<void> {
  const { op, day } = await confirmedOperationWithDay(client, taskQueue, '2025-06-13', 6, 0);
  const listed = ['RU-1', 'RU-2', 'RU-3', 'RU-4', 'RU-5', 'RU-6'];
  await day.executeUpdate(submitManifestUpdate, {
    args: [{ direction: RU_UA, lines: listed.map((tag) => ({ tag })), by: actors.ru }],
  });
  await day.executeUpdate(acknowledgeManifestUpdate, { args: [{ direction: RU_UA, version: 1, by: actors.ua }] });
  await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
  await Promise.all(
    [
      ['RU-1', 'RU-2'],
      ['RU-3', 'RU-4'],
      ['RU-5', 'RU-X'],
    ].map((tags) => day.executeUpdate(recordReceiptUpdate, { args: [{ direction: RU_UA, tags, by: actors.ua }] })),
  );
  await recordCounts(day, UA_RU, 0);
  await Promise.all([
    day.executeUpdate(recordCountUpdate, { args: [{ direction: RU_UA, source: 'SENDER', count: 6, by: actors.ru }] }),
    day.executeUpdate(recordCountUpdate, { args: [{ direction: RU_UA, source: 'RECEIVER', count: 6, by: actors.ua }] }),
    day.executeUpdate(recordCountUpdate, {
      args: [{ direction: RU_UA, source: 'INTERMEDIARY', count: 6, by: actors.field }],
    }),
  ]);
  await Promise.all([
    day.executeUpdate(signOffUpdate, { args: [{ party: 'RU', by: actors.ru }] }),
    day.executeUpdate(signOffUpdate, { args: [{ party: 'UA', by: actors.ua }] }),
  ]);
  await day.result();
  await op.terminate('history recorded');
  await save(day, 'handover-day-concurrent-projected-encrypted');
}

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

runRecorder(() =>
  record(async ({ config, client }) => {
    await recordLifecycle(client, config.temporal.taskQueue);
    await recordConcurrentDay(client, config.temporal.taskQueue);
    await recordDiscrepancyResolved(client, config.temporal.taskQueue);
    await recordDiscrepancyEscalated(client, config.temporal.taskQueue);
  }),
);
