import { WithStartWorkflowOperation } from '@temporalio/client';
import { handoverDay } from '../../workflows/handover-day/workflow';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import {
  acknowledgeManifestUpdate,
  handoverStateQuery,
  openDayUpdate,
  recordCountUpdate,
  recordReceiptUpdate,
  signOffUpdate,
  submitManifestUpdate,
} from '../../workflows/handover-day/messages';
import { operationStateQuery } from '../../workflows/operation/messages';
import { actors, RU_UA, tags, UA_RU } from '../helpers/actors';
import { count, daySteps, manifestAndAck } from '../helpers/day-steps';
import { recorded, rejection, useWorkflowStack } from '../helpers/workflow';

const stack = useWorkflowStack();

const { startConfirmedOperation, scheduleDay } = daySteps(() => stack);

describe('a handover day', () => {
  it('when manifests are acknowledged, counted three times, received tag by tag and signed off, then every record is in PostgreSQL', async () => {
    await stack.withWorker(async () => {
      const { op, reference } = await startConfirmedOperation();
      const day = await scheduleDay(op, '2025-06-11', 5, 2);
      const ruTags = tags('RU', 5);
      const uaTags = tags('UA', 2);
      await manifestAndAck(day, RU_UA, ruTags);
      await manifestAndAck(day, UA_RU, uaTags);
      await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });

      // UA takes over four listed bags and one nobody listed; RU takes over both of its own.
      const receipt = await day.executeUpdate(recordReceiptUpdate, {
        args: [{ direction: RU_UA, tags: [...ruTags.slice(0, 4), 'RU-UNLISTED-1'], by: actors.ua }],
      });
      expect(receipt).toEqual({ received: 4, extra: 1 });
      await day.executeUpdate(recordReceiptUpdate, { args: [{ direction: UA_RU, tags: uaTags, by: actors.ru }] });

      for (const source of ['SENDER', 'RECEIVER', 'INTERMEDIARY'] as const) {
        await count(day, RU_UA, source, 5);
        await count(day, UA_RU, source, 2);
      }
      expect((await day.query(handoverStateQuery)).status).toBe('COUNTS_RECORDED');
      await day.executeUpdate(signOffUpdate, { args: [{ party: 'RU', by: actors.ru }] });
      const signed = await day.executeUpdate(signOffUpdate, { args: [{ party: 'UA', by: actors.ua }] });
      expect(signed.status).toBe('SIGNED_OFF');
      expect(await day.result()).toMatchObject({ status: 'SIGNED_OFF' });

      const opState = await op.query(operationStateQuery);
      expect(opState.phase).toBe('IN_PROGRESS');
      expect(opState.totals).toEqual({
        'RU>UA': { SENDER: 5, RECEIVER: 5, INTERMEDIARY: 5 },
        'UA>RU': { SENDER: 2, RECEIVER: 2, INTERMEDIARY: 2 },
      });

      await recorded(day);
      const handover = await stack.db.handover.findUniqueOrThrow({
        where: { workflowId: day.workflowId },
        include: {
          counts: true,
          signOffs: true,
          manifests: { include: { lines: true } },
          containers: { include: { custodyEvents: true } },
          discrepancies: true,
          transfers: true,
        },
      });
      expect(handover.status).toBe('SIGNED_OFF');
      expect(handover.counts).toHaveLength(6);
      expect(handover.signOffs.map((s) => [s.partyCode, s.signedBy]).sort()).toEqual([
        ['RU', 'liaison-ru-1'],
        ['UA', 'liaison-ua-1'],
      ]);
      expect(handover.manifests.map((m) => [m.fromParty, m.status, m.lines.length]).sort()).toEqual([
        ['RU', 'ACKNOWLEDGED', 5],
        ['UA', 'ACKNOWLEDGED', 2],
      ]);
      const outcomes = Object.fromEntries(handover.containers.map((c) => [c.tag, [c.outcome, c.custodian]]));
      expect(outcomes).toEqual({
        [ruTags[0]]: ['RECEIVED', 'UA'],
        [ruTags[1]]: ['RECEIVED', 'UA'],
        [ruTags[2]]: ['RECEIVED', 'UA'],
        [ruTags[3]]: ['RECEIVED', 'UA'],
        'RU-UNLISTED-1': ['EXTRA', 'UA'],
        [ruTags[4]]: ['MISSING', 'RU'],
        [uaTags[0]]: ['RECEIVED', 'RU'],
        [uaTags[1]]: ['RECEIVED', 'RU'],
      });
      // Observer role: custody passes from sender to receiver directly, once per container taken over.
      for (const c of handover.containers) {
        const chain = c.custodyEvents.map((e) => [e.sequence, e.fromCustodian, e.toCustodian]);
        expect(chain).toEqual(c.outcome === 'MISSING' ? [] : [[1, c.fromParty, c.toParty]]);
      }
      expect(handover.discrepancies.map((d) => [d.kind, d.details]).sort()).toEqual([
        ['EXTRA_TAG', { direction: RU_UA, tags: ['RU-UNLISTED-1'] }],
        ['MISSING_TAG', { direction: RU_UA, tags: [ruTags[4]] }],
      ]);
      const operationRow = await stack.db.repatriationOperation.findUniqueOrThrow({ where: { reference } });
      expect(operationRow.phase).toBe('IN_PROGRESS');
      // Each discrepancy is announced on its own, to both parties, the intermediary and the coordinator.
      const announced = await stack.db.notification.findMany({
        where: { operationReference: reference, event: 'discrepancy.opened', channel: 'WEBHOOK' },
      });
      expect(announced.map((n) => `${n.recipient}:${(n.payload as { kind: string }).kind}`).sort()).toEqual(
        ['COORDINATOR', 'INTERMEDIARY', 'RU', 'UA'].flatMap((r) => [`${r}:EXTRA_TAG`, `${r}:MISSING_TAG`]),
      );
      await op.terminate('test finished');
    });
  });
});

describe('a handover day: counts and refusals', () => {
  it('when the three counts differ (1,248 declared, 1,245 received), then each is kept as given and a discrepancy holds all three', async () => {
    await stack.withWorker(async () => {
      const { op } = await startConfirmedOperation();
      const day = await scheduleDay(op, '2025-06-16', 3, 0);
      await manifestAndAck(day, RU_UA, tags('RU', 3));
      await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
      await count(day, RU_UA, 'SENDER', 1248);
      await count(day, RU_UA, 'RECEIVER', 1245);
      await count(day, RU_UA, 'INTERMEDIARY', 1245);
      await count(day, UA_RU, 'SENDER', 0);
      await count(day, UA_RU, 'RECEIVER', 0);
      await count(day, UA_RU, 'INTERMEDIARY', 0);

      await recorded(day);
      const handover = await stack.db.handover.findUniqueOrThrow({
        where: { workflowId: day.workflowId },
        include: { counts: true, discrepancies: true },
      });
      const ruUa = Object.fromEntries(
        handover.counts.filter((c) => c.fromParty === 'RU').map((c) => [c.source, c.count]),
      );
      expect(ruUa).toEqual({ SENDER: 1248, RECEIVER: 1245, INTERMEDIARY: 1245 });
      expect(handover.discrepancies).toHaveLength(1);
      expect(handover.discrepancies[0]).toMatchObject({
        kind: 'COUNT_MISMATCH',
        status: 'OPEN',
        details: { direction: RU_UA, counts: { SENDER: 1248, RECEIVER: 1245, INTERMEDIARY: 1245 } },
      });
      await op.terminate('test finished');
    });
  });

  it('when reports break the rules, then each is rejected with its reason and nothing changes', async () => {
    await stack.withWorker(async () => {
      const { op } = await startConfirmedOperation();
      const day = await scheduleDay(op, '2025-06-13', 2, 0);
      const ruTags = tags('RU', 2);
      await day.executeUpdate(submitManifestUpdate, {
        args: [{ direction: RU_UA, lines: ruTags.map((tag) => ({ tag })), by: actors.ru }],
      });

      expect(await rejection(day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] }))).toMatch(
        /not acknowledged by the receiver/,
      );
      expect(
        await rejection(
          day.executeUpdate(acknowledgeManifestUpdate, { args: [{ direction: RU_UA, version: 1, by: actors.ru }] }),
        ),
      ).toMatch(/Only a liaison of UA can acknowledge/);
      await day.executeUpdate(acknowledgeManifestUpdate, { args: [{ direction: RU_UA, version: 1, by: actors.ua }] });
      await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
      await day.executeUpdate(recordReceiptUpdate, { args: [{ direction: RU_UA, tags: [ruTags[0]], by: actors.ua }] });

      const before = await day.query(handoverStateQuery);
      await recorded(day);
      const rowsBefore = await stack.db.handover.findUniqueOrThrow({
        where: { workflowId: day.workflowId },
        include: { counts: true, containers: true, signOffs: true },
      });

      const reasons = [
        await rejection(count(day, RU_UA, 'SENDER', -1)),
        await rejection(
          day.executeUpdate(recordReceiptUpdate, { args: [{ direction: RU_UA, tags: [ruTags[0]], by: actors.ua }] }),
        ),
        await rejection(
          day.executeUpdate(recordCountUpdate, {
            args: [{ direction: RU_UA, source: 'SENDER', count: 2, by: actors.ua }],
          }),
        ),
        await rejection(day.executeUpdate(signOffUpdate, { args: [{ party: 'RU', by: actors.ua }] })),
        await rejection(day.executeUpdate(signOffUpdate, { args: [{ party: 'UA', by: actors.ua }] })),
      ];
      expect(reasons).toEqual([
        'A count must be a whole number, zero or more.',
        `Already received: ${ruTags[0]}.`,
        'Only a liaison of RU can declare the sender count.',
        'A liaison of UA cannot sign for RU.',
        'The day can be signed off once all three counts of every direction are recorded.',
      ]);

      // Counted once: a different value from the same source is refused; the same value changes nothing.
      await count(day, RU_UA, 'SENDER', 2);
      expect(await rejection(count(day, RU_UA, 'SENDER', 3))).toMatch(
        /already recorded as 2; counts are attested, not overwritten/,
      );
      await count(day, RU_UA, 'SENDER', 2);

      const after = await day.query(handoverStateQuery);
      expect(after).toEqual({
        ...before,
        directions: before.directions.map((d) => (d.direction.from === 'RU' ? { ...d, counts: { SENDER: 2 } } : d)),
      });
      await recorded(day);
      const rowsAfter = await stack.db.handover.findUniqueOrThrow({
        where: { workflowId: day.workflowId },
        include: { counts: true, containers: true, signOffs: true },
      });
      expect(rowsAfter.containers).toEqual(rowsBefore.containers);
      expect(rowsAfter.signOffs).toEqual([]);
      expect(rowsAfter.counts.map((c) => [c.source, c.count])).toEqual([['SENDER', 2]]);
      await op.terminate('test finished');
    });
  });
});

describe('a handover day: manifests', () => {
  it('when a manifest comes with the day’s start, then the day’s own record is written first and the manifest after it', async () => {
    await stack.withWorker(async () => {
      const { op, reference } = await startConfirmedOperation();
      const date = '2025-06-12';
      const workflowId = handoverWorkflowId(reference, date);
      // Update-with-start: the manifest reaches the day in its very first workflow task.
      const start = new WithStartWorkflowOperation(handoverDay, {
        workflowId,
        taskQueue: stack.config.temporal.taskQueue,
        workflowIdConflictPolicy: 'FAIL',
        args: [
          {
            operationReference: reference,
            operationWorkflowId: op.workflowId,
            dayKey: date,
            date,
            exchangePoint: 'Belarus–Ukraine border',
            parties: ['RU', 'UA'],
            intermediaryRole: 'OBSERVER',
            transfers: [{ ...RU_UA, plannedCount: 2 }],
            signOffDeadline: '1 day',
          },
        ],
      });
      const answer = await stack.client.workflow.executeUpdateWithStart(submitManifestUpdate, {
        args: [{ direction: RU_UA, lines: tags('RU', 2).map((tag) => ({ tag })), by: actors.ru }],
        startWorkflowOperation: start,
      });
      expect(answer).toEqual({ version: 1 });
      const day = await start.workflowHandle();
      await recorded(day);
      const row = await stack.db.handover.findUniqueOrThrow({ where: { workflowId }, include: { manifests: true } });
      expect(row.manifests.map((m) => m.version)).toEqual([1]);
      await day.terminate('test finished');
      await op.terminate('test finished');
    });
  });

  it('when a manifest is corrected, then a new version is recorded, the acknowledged one stays as it was, and the day waits for the new one', async () => {
    await stack.withWorker(async () => {
      const { op } = await startConfirmedOperation();
      const day = await scheduleDay(op, '2025-06-12', 3, 0);
      await manifestAndAck(day, RU_UA, tags('RU', 2));
      const { version } = await day.executeUpdate(submitManifestUpdate, {
        args: [
          {
            direction: RU_UA,
            lines: tags('RU', 3).map((tag) => ({ tag, declaredAffiliation: 'armed forces' })),
            by: actors.ru,
          },
        ],
      });
      expect(version).toBe(2);
      expect(await rejection(day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] }))).toMatch(
        /not acknowledged/,
      );
      expect(
        await rejection(
          day.executeUpdate(acknowledgeManifestUpdate, { args: [{ direction: RU_UA, version: 1, by: actors.ua }] }),
        ),
      ).toBe('Version 1 is not the latest manifest (version 2 is).');
      await day.executeUpdate(acknowledgeManifestUpdate, { args: [{ direction: RU_UA, version: 2, by: actors.ua }] });
      await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });

      await recorded(day);
      const manifests = await stack.db.manifest.findMany({
        where: { handover: { workflowId: day.workflowId } },
        include: { lines: { orderBy: { lineNo: 'asc' } } },
        orderBy: { version: 'asc' },
      });
      expect(manifests.map((m) => [m.version, m.status, m.lines.length, m.acknowledgedBy])).toEqual([
        [1, 'ACKNOWLEDGED', 2, 'liaison-ua-1'],
        [2, 'ACKNOWLEDGED', 3, 'liaison-ua-1'],
      ]);
      expect(manifests[1].lines.map((l) => l.declaredAffiliation)).toEqual([
        'armed forces',
        'armed forces',
        'armed forces',
      ]);
      await op.terminate('test finished');
    });
  });
});
