// The operation and handover-day histories of the replay corpus (record-histories.ts runs them).
import { randomUUID } from 'node:crypto';
import { type Client, type WorkflowHandle } from '@temporalio/client';
import type { Db } from '../../src/db';
import type { remainsCase } from '../../workflows/remains-case/workflow';
import { recordCaseStepUpdate } from '../../workflows/remains-case/messages';
import { caseWorkflowId } from '../../workflows/shared/ids';
import {
  acknowledgeManifestUpdate,
  handOverCustodyUpdate,
  openDayUpdate,
  postponeDayUpdate,
  recordCountUpdate,
  recordReceiptUpdate,
  signOffUpdate,
  submitManifestUpdate,
  takeOverCustodyUpdate,
} from '../../workflows/handover-day/messages';
import { closeOperationUpdate, completeHandoversUpdate } from '../../workflows/operation/messages';
import type { OperationInput } from '../../workflows/shared/domain';
import { actors, RU_UA, UA_RU } from '../helpers/actors';
import { june2025Agreement } from '../helpers/fixtures';
import { scheduleDay, startConfirmedOperation } from '../helpers/workflow';
import { recordCounts, saveHistory as save, type Recording } from './recorder';

/** Containers of the June-size day: June's 1,200 (about a minute), or HISTORY_DAY_CONTAINERS. */
const JUNE_DAY_CONTAINERS = Number(process.env.HISTORY_DAY_CONTAINERS ?? 1200);
/** Receipts per report, as field staff send them: a day's reports arrive many at once. */
const RECEIPT_BATCH = 25;

const newAgreement = (): OperationInput => june2025Agreement(`HISTORY-${randomUUID().slice(0, 8)}`);

/** Both manifests (a direction planned at 0 has none), acknowledged, and the day opened. */
async function openWithManifests(day: WorkflowHandle, ruTags: string[], uaTags: string[]): Promise<void> {
  for (const [direction, tags, sender, receiver] of [
    [RU_UA, ruTags, actors.ru, actors.ua],
    [UA_RU, uaTags, actors.ua, actors.ru],
  ] as const) {
    if (tags.length === 0) continue;
    await day.executeUpdate(submitManifestUpdate, {
      args: [{ direction, lines: tags.map((tag) => ({ tag })), by: sender }],
    });
    await day.executeUpdate(acknowledgeManifestUpdate, { args: [{ direction, version: 1, by: receiver }] });
  }
  await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
}

async function signOff(day: WorkflowHandle): Promise<void> {
  await day.executeUpdate(signOffUpdate, { args: [{ party: 'RU', by: actors.ru }] });
  await day.executeUpdate(signOffUpdate, { args: [{ party: 'UA', by: actors.ua }] });
  await day.result();
}

/** A small operation through its whole lifecycle: one day, both directions, an extra and a missing bag. */
async function recordLifecycle(client: Client, taskQueue: string): Promise<void> {
  const { op } = await startConfirmedOperation(client, taskQueue, newAgreement());
  const day = await scheduleDay(client, op, '2025-06-11', 3, 1);
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
  await recordCounts(day, RU_UA, 3);
  await recordCounts(day, UA_RU, 1);
  await signOff(day);
  await op.executeUpdate(completeHandoversUpdate, { args: [{ by: actors.coordinator }] });
  await op.executeUpdate(closeOperationUpdate, { args: [{ by: actors.coordinator }] });
  await op.result();
  await save(op, 'operation-lifecycle-encrypted');
  await save(day, 'handover-day-encrypted');
}

/**
 * A day whose reports arrive together, as field staff and liaisons send them: receipt batches at once,
 * a direction's three counts at once, both sign-offs at once. Each is decided from the state the one
 * before left.
 */
async function recordConcurrentDay(client: Client, taskQueue: string): Promise<void> {
  const { op } = await startConfirmedOperation(client, taskQueue, newAgreement());
  const day = await scheduleDay(client, op, '2025-06-13', 6, 0);
  await openWithManifests(day, ['RU-1', 'RU-2', 'RU-3', 'RU-4', 'RU-5', 'RU-6'], []);
  await Promise.all(
    [
      ['RU-1', 'RU-2'],
      ['RU-3', 'RU-4'],
      ['RU-5', 'RU-X'],
    ].map((tags) => day.executeUpdate(recordReceiptUpdate, { args: [{ direction: RU_UA, tags, by: actors.ua }] })),
  );
  await recordCounts(day, UA_RU, 0);
  await Promise.all(
    (
      [
        ['SENDER', actors.ru],
        ['RECEIVER', actors.ua],
        ['INTERMEDIARY', actors.field],
      ] as const
    ).map(([source, by]) =>
      day.executeUpdate(recordCountUpdate, { args: [{ direction: RU_UA, source, count: 6, by }] }),
    ),
  );
  await Promise.all([
    day.executeUpdate(signOffUpdate, { args: [{ party: 'RU', by: actors.ru }] }),
    day.executeUpdate(signOffUpdate, { args: [{ party: 'UA', by: actors.ua }] }),
  ]);
  await day.result();
  await op.terminate('history recorded');
  await save(day, 'handover-day-concurrent-encrypted');
}

/**
 * A June-size day: its receipts reported many at once, in batches, and its cases opened in bulk once
 * signed off. The first of them takes a step: the history of a case opened in bulk.
 */
async function recordJuneDay({ config, db, client }: Recording): Promise<void> {
  const { op } = await startConfirmedOperation(client, config.temporal.taskQueue, newAgreement());
  const day = await scheduleDay(client, op, '2025-06-15', JUNE_DAY_CONTAINERS, 0);
  const tags = Array.from({ length: JUNE_DAY_CONTAINERS }, (_, i) => `RU-${i + 1}`);
  await openWithManifests(day, tags, []);
  const batches = Array.from({ length: Math.ceil(tags.length / RECEIPT_BATCH) }, (_, i) =>
    tags.slice(i * RECEIPT_BATCH, (i + 1) * RECEIPT_BATCH),
  );
  await Promise.all(
    batches.map((batch) =>
      day.executeUpdate(recordReceiptUpdate, { args: [{ direction: RU_UA, tags: batch, by: actors.ua }] }),
    ),
  );
  await recordCounts(day, RU_UA, JUNE_DAY_CONTAINERS);
  await recordCounts(day, UA_RU, 0);
  await signOff(day);
  await save(day, 'handover-day-june-size-encrypted');
  await saveFirstCase(client, db, day);
  await op.terminate('history recorded');
}

/** The day's first case (opened in bulk: no opening activity) takes a step; its history is saved. */
async function saveFirstCase(client: Client, db: Db, day: WorkflowHandle): Promise<void> {
  const first = await db.remainsContainer.findFirstOrThrow({
    where: { handover: { workflowId: day.workflowId } },
    orderBy: { receiverIntakeNumber: 'asc' },
  });
  const handle = client.workflow.getHandle<typeof remainsCase>(caseWorkflowId(first.receiverIntakeNumber!));
  await handle.executeUpdate(recordCaseStepUpdate, { args: [{ step: 'EXAMINED', by: 'ua-forensic-07' }] });
  await handle.terminate('history recorded');
  await save(handle, 'case-opened-in-bulk-encrypted');
}

/** RU sends two bags through the intermediary: taken over, handed over by RU, then by the intermediary, received. */
async function recordCustodianDay(client: Client, taskQueue: string): Promise<void> {
  const june = newAgreement();
  const input = { ...june, agreement: { ...june.agreement, intermediaryRole: 'CUSTODIAN' as const } };
  const { op } = await startConfirmedOperation(client, taskQueue, input);
  const day = await scheduleDay(client, op, '2025-06-12', 2, 0);
  const tags = ['RU-1', 'RU-2'];
  await openWithManifests(day, tags, []);
  await day.executeUpdate(takeOverCustodyUpdate, { args: [{ direction: RU_UA, tags, by: actors.field }] });
  await day.executeUpdate(handOverCustodyUpdate, { args: [{ direction: RU_UA, tags, by: actors.ru }] });
  await day.executeUpdate(handOverCustodyUpdate, { args: [{ direction: RU_UA, tags, by: actors.field }] });
  await day.executeUpdate(recordReceiptUpdate, { args: [{ direction: RU_UA, tags, by: actors.ua }] });
  await recordCounts(day, RU_UA, 2);
  await recordCounts(day, UA_RU, 0);
  await signOff(day);
  await op.terminate('history recorded');
  await save(day, 'handover-day-custodian-encrypted');
}

/** A day postponed by the coordinator to a later date, then held on it. */
async function recordPostponedDay(client: Client, taskQueue: string): Promise<void> {
  const { op } = await startConfirmedOperation(client, taskQueue, newAgreement());
  const day = await scheduleDay(client, op, '2025-06-16', 1, 0);
  await day.executeUpdate(postponeDayUpdate, {
    args: [{ newDate: '2025-06-18', reason: 'Crossing closed by shelling.', by: actors.coordinator }],
  });
  await openWithManifests(day, ['RU-1'], []);
  await day.executeUpdate(recordReceiptUpdate, { args: [{ direction: RU_UA, tags: ['RU-1'], by: actors.ua }] });
  await recordCounts(day, RU_UA, 1);
  await recordCounts(day, UA_RU, 0);
  await signOff(day);
  await op.terminate('history recorded');
  await save(day, 'handover-day-postponed-encrypted');
}

export async function recordDays(r: Recording): Promise<void> {
  const taskQueue = r.config.temporal.taskQueue;
  await recordLifecycle(r.client, taskQueue);
  await recordConcurrentDay(r.client, taskQueue);
  await recordCustodianDay(r.client, taskQueue);
  await recordPostponedDay(r.client, taskQueue);
  await recordJuneDay(r);
}
