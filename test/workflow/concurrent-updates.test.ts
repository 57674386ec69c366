import { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import type { CountSource, Direction } from '../../workflows/shared/domain';
import {
  acknowledgeManifestUpdate,
  handoverStateQuery,
  openDayUpdate,
  recordCountUpdate,
  recordIncidentUpdate,
  recordReceiptUpdate,
  signOffUpdate,
  submitManifestUpdate,
} from '../../workflows/handover-day/messages';
import { actors, RU_UA, tags, UA_RU } from '../helpers/actors';
import { eventually } from '../helpers/processes';
import {
  recorded,
  scheduleDay,
  useWorkflowStack,
  startConfirmedOperation as confirmedOperation,
} from '../helpers/workflow';

/**
 * Updates of one handover day sent at the same time (Promise.all, nothing
 * awaited in between), as field staff and liaisons do: each must run on the
 * state the previous one left: a day decides each from its state in turn
 * (workflows/handover-day/workflow.ts), the operation runs its handlers one at a time
 * (workflows/shared/serial.ts). Otherwise two receipt batches could take the same
 * intake numbers (two containers, one remains case), and of two sign-offs one
 * could still run when the day completed (its liaison got an error, the
 * signed-off notification was lost).
 */

const stack = useWorkflowStack();

const liaison = (party: string) => (party === 'RU' ? actors.ru : actors.ua);

const startConfirmedOperation = () => confirmedOperation(stack.client, stack.config.temporal.taskQueue);

/** A day with `listed` RU→UA bags (nothing planned UA→RU), manifest acknowledged and the day open. */
async function openDay(op: WorkflowHandle, listed: string[]) {
  const day = await scheduleDay(stack.client, op, '2025-06-11', listed.length, 0);
  const { version } = await day.executeUpdate(submitManifestUpdate, {
    args: [{ direction: RU_UA, lines: listed.map((tag) => ({ tag })), by: actors.ru }],
  });
  await day.executeUpdate(acknowledgeManifestUpdate, { args: [{ direction: RU_UA, version, by: actors.ua }] });
  await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
  return day;
}

const count = (day: WorkflowHandle, direction: Direction, source: CountSource, value: number) =>
  day.executeUpdate(recordCountUpdate, {
    args: [
      {
        direction,
        source,
        count: value,
        by: source === 'INTERMEDIARY' ? actors.field : liaison(source === 'SENDER' ? direction.from : direction.to),
      },
    ],
  });

async function countAll(day: WorkflowHandle, direction: Direction, value: number) {
  for (const source of ['SENDER', 'RECEIVER', 'INTERMEDIARY'] as const) await count(day, direction, source, value);
}

/** The number at the end of an intake number ("<ref>.UA.<day>.RU.0007" → 7). */
const intakeSeq = (intake: string | null) => Number(intake?.split('.').pop());

describe('updates of a handover day sent at the same time: receipt batches', () => {
  it('when several receipt batches are sent together, then every container gets its own intake number 1..n and, after sign-off, its own remains case', async () => {
    await stack.withWorker(async () => {
      const { op, reference } = await startConfirmedOperation();
      const listed = tags('RU', 10);
      const day = await openDay(op, listed);

      // Four batches at once; the last two bags listed never arrive (MISSING: no intake number).
      const batches = [
        listed.slice(0, 2),
        listed.slice(2, 4),
        [...listed.slice(4, 6), 'RU-UNLISTED-1'],
        listed.slice(6, 8),
      ];
      const answers = await Promise.all(
        batches.map((batch) =>
          day.executeUpdate(recordReceiptUpdate, { args: [{ direction: RU_UA, tags: batch, by: actors.ua }] }),
        ),
      );
      expect(answers).toEqual([
        { received: 2, extra: 0 },
        { received: 2, extra: 0 },
        { received: 2, extra: 1 },
        { received: 2, extra: 0 },
      ]);
      const state = await day.query(handoverStateQuery);
      expect([...state.directions[0].received].sort()).toEqual(listed.slice(0, 8));
      expect(state.directions[0].extra).toEqual(['RU-UNLISTED-1']);

      await recorded(day);
      const taken = await stack.db.remainsContainer.findMany({
        where: { handover: { workflowId: day.workflowId }, outcome: { in: ['RECEIVED', 'EXTRA'] } },
      });
      expect(taken).toHaveLength(9);
      const intake = new Map(taken.map((c) => [c.tag, c.receiverIntakeNumber]));
      // Distinct, and exactly 1..9: no number given twice, none skipped.
      expect(new Set(intake.values()).size).toBe(9);
      expect([...intake.values()].map(intakeSeq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const c of taken)
        expect(c.receiverIntakeNumber).toMatch(new RegExp(`^${reference}\\.UA\\.2025-06-11\\.RU\\.\\d{4}$`));
      // Each batch ran alone: its bags are numbered consecutively, in the order reported.
      for (const batch of batches) {
        const seqs = batch.map((tag) => intakeSeq(intake.get(tag)!));
        expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
      }

      await countAll(day, UA_RU, 0);
      await countAll(day, RU_UA, 9);
      await day.executeUpdate(signOffUpdate, { args: [{ party: 'RU', by: actors.ru }] });
      await day.executeUpdate(signOffUpdate, { args: [{ party: 'UA', by: actors.ua }] });
      expect(await day.result()).toMatchObject({ status: 'SIGNED_OFF' });

      // Two MISSING rows, both without an intake number: they do not collide with each other.
      const missing = await stack.db.remainsContainer.findMany({
        where: { handover: { workflowId: day.workflowId }, outcome: 'MISSING' },
      });
      expect(missing.map((c) => [c.tag, c.receiverIntakeNumber]).sort()).toEqual([
        [listed[8], null],
        [listed[9], null],
      ]);

      // One remains case per container taken over, numbered by its intake number.
      const cases = await eventually(async () => {
        const rows = await stack.db.remainsCase.findMany({
          where: { operation: { reference } },
          include: { containers: true },
        });
        return rows.length >= 9 ? rows : null;
      }, 'a remains case for each of the 9 containers taken over');
      expect(cases).toHaveLength(9);
      const byContainer = new Map(taken.map((c) => [c.id, c]));
      for (const rc of cases) {
        expect(rc.containers).toHaveLength(1);
        expect(rc.caseNumber).toBe(byContainer.get(rc.containers[0].containerId)?.receiverIntakeNumber);
        expect(rc.receivingParty).toBe('UA');
      }
      expect(new Set(cases.map((rc) => rc.containers[0].containerId))).toEqual(new Set(byContainer.keys()));
      await op.terminate('test finished');
    });
  });
});

describe('updates of a handover day sent at the same time: counts', () => {
  it("when a direction's three counts are sent together, then each is recorded once, the day is counted once and the mismatch is announced once", async () => {
    await stack.withWorker(async () => {
      const { op, reference } = await startConfirmedOperation();
      const listed = tags('RU', 3);
      const day = await openDay(op, listed);
      await day.executeUpdate(recordReceiptUpdate, {
        args: [{ direction: RU_UA, tags: listed.slice(0, 2), by: actors.ua }],
      });
      await countAll(day, UA_RU, 0);

      // Russia declares 3; Ukraine and the intermediary count 2: the last of them completes the day's counts.
      const answers = await Promise.all([
        count(day, RU_UA, 'SENDER', 3),
        count(day, RU_UA, 'RECEIVER', 2),
        count(day, RU_UA, 'INTERMEDIARY', 2),
      ]);
      expect(answers).toHaveLength(3);
      const state = await day.query(handoverStateQuery);
      expect(state.status).toBe('COUNTS_RECORDED');
      expect(state.directions[0].counts).toEqual({ SENDER: 3, RECEIVER: 2, INTERMEDIARY: 2 });

      await recorded(day);
      const handover = await stack.db.handover.findUniqueOrThrow({
        where: { workflowId: day.workflowId },
        include: { counts: true, discrepancies: true },
      });
      expect(handover.status).toBe('COUNTS_RECORDED');
      expect(
        Object.fromEntries(
          handover.counts.filter((c) => c.fromParty === 'RU').map((c) => [c.source, [c.count, c.recordedBy]]),
        ),
      ).toEqual({ SENDER: [3, 'liaison-ru-1'], RECEIVER: [2, 'liaison-ua-1'], INTERMEDIARY: [2, 'field-1'] });
      expect(handover.discrepancies.map((d) => [d.kind, d.details])).toEqual([
        ['COUNT_MISMATCH', { direction: RU_UA, counts: { SENDER: 3, RECEIVER: 2, INTERMEDIARY: 2 } }],
      ]);
      const announced = await stack.db.notification.findMany({
        where: { operationReference: reference, event: 'discrepancy.opened', channel: 'WEBHOOK' },
      });
      expect(announced.map((n) => n.recipient).sort()).toEqual(['COORDINATOR', 'INTERMEDIARY', 'RU', 'UA']);
      await op.terminate('test finished');
    });
  });
});

describe('updates of a handover day sent at the same time: sign-offs', () => {
  it("when both parties' sign-offs are sent together, then both are accepted, the day ends signed off and the signed-off notification is recorded", async () => {
    await stack.withWorker(async () => {
      const { op, reference } = await startConfirmedOperation();
      // No bag arrives: the day has no case to open, so nothing holds its end back once both have signed.
      const listed = tags('RU', 2);
      const day = await openDay(op, listed);
      await countAll(day, UA_RU, 0);
      await count(day, RU_UA, 'SENDER', 2);
      await count(day, RU_UA, 'RECEIVER', 0);
      await count(day, RU_UA, 'INTERMEDIARY', 0);

      // A security incident is being recorded when both liaisons sign, so both sign-offs wait behind it together.
      const incident = await day.startUpdate(recordIncidentUpdate, {
        args: [{ kind: 'SECURITY', note: 'shelling 3 km east', by: actors.field }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      const [ru, ua] = await Promise.all([
        day.executeUpdate(signOffUpdate, { args: [{ party: 'RU', by: actors.ru }] }),
        day.executeUpdate(signOffUpdate, { args: [{ party: 'UA', by: actors.ua }] }),
      ]);
      expect(await incident.result()).toEqual({ sequence: 1, kind: 'SECURITY' });
      // They ran one after the other: the second one's answer is the signed-off day.
      expect([ru.status, ua.status].sort()).toEqual(['COUNTS_RECORDED', 'SIGNED_OFF']);
      expect(await day.result()).toMatchObject({ status: 'SIGNED_OFF' });

      const handover = await stack.db.handover.findUniqueOrThrow({
        where: { workflowId: day.workflowId },
        include: { signOffs: true, incidents: true, containers: true },
      });
      expect(handover.status).toBe('SIGNED_OFF');
      expect(handover.signOffs.map((s) => [s.partyCode, s.signedBy]).sort()).toEqual([
        ['RU', 'liaison-ru-1'],
        ['UA', 'liaison-ua-1'],
      ]);
      expect(handover.incidents.map((i) => [i.sequence, i.kind])).toEqual([[1, 'SECURITY']]);
      expect(handover.containers.map((c) => [c.tag, c.outcome]).sort()).toEqual(listed.map((tag) => [tag, 'MISSING']));
      const signedOff = await stack.db.notification.findMany({
        where: { operationReference: reference, event: 'handover.signed_off', channel: 'WEBHOOK' },
      });
      expect(signedOff.map((n) => n.recipient).sort()).toEqual(['INTERMEDIARY', 'RU', 'UA']);
      await op.terminate('test finished');
    });
  });
});
