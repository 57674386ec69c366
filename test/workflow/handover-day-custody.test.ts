import { caseTaskQueue } from '../../src/temporal/worker';
import { caseStateQuery, recordCaseStepUpdate } from '../../workflows/remains-case/messages';
import { caseWorkflowId } from '../../workflows/shared/ids';
import {
  openDayUpdate,
  recordReceiptUpdate,
  signOffUpdate,
  takeOverCustodyUpdate,
  handOverCustodyUpdate,
} from '../../workflows/handover-day/messages';
import { actors, RU_UA, tags, UA_RU } from '../helpers/actors';
import { eventually } from '../helpers/processes';
import { count, daySteps, manifestAndAck } from '../helpers/day-steps';
import { recorded, rejection, useWorkflowStack } from '../helpers/workflow';

const stack = useWorkflowStack();

const { startConfirmedOperation, scheduleDay } = daySteps(() => stack);

describe('a handover day: custodian mode', () => {
  it('when the intermediary is custodian, then each custodian attests its own take-over and hand-over, each at its own time', async () => {
    await stack.withWorker(async () => {
      const { op } = await startConfirmedOperation('CUSTODIAN');
      const day = await scheduleDay(op, '2025-06-12', 2, 0);
      await manifestAndAck(day, RU_UA, tags('RU', 2));
      await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });

      // The receiver cannot take over what the intermediary does not hold.
      await expect(
        day.executeUpdate(recordReceiptUpdate, { args: [{ direction: RU_UA, tags: tags('RU', 1), by: actors.ua }] }),
      ).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/^Not in the intermediary's custody: RU-00001/) },
      });
      // Only the intermediary's field staff attest its take-over.
      await expect(
        day.executeUpdate(takeOverCustodyUpdate, { args: [{ direction: RU_UA, tags: tags('RU', 2), by: actors.ua }] }),
      ).rejects.toMatchObject({
        cause: { message: "Only the intermediary's field staff attest its take-over of containers." },
      });

      await expect(
        day.executeUpdate(takeOverCustodyUpdate, {
          args: [{ direction: RU_UA, tags: tags('RU', 2), by: actors.field }],
        }),
      ).resolves.toEqual({ takenOver: 2, extra: 0 });
      await recorded(day);
      const held = await stack.db.remainsContainer.findMany({ where: { handover: { workflowId: day.workflowId } } });
      expect(held.map((c) => [c.custodian, c.receiverIntakeNumber])).toEqual([
        ['INTERMEDIARY', null],
        ['INTERMEDIARY', null],
      ]);
      for (const source of ['SENDER', 'RECEIVER', 'INTERMEDIARY'] as const) {
        await count(day, RU_UA, source, 2);
        await count(day, UA_RU, source, 0);
      }
      // Nothing leaves custody silently: the day does not close while the intermediary holds containers.
      await expect(day.executeUpdate(signOffUpdate, { args: [{ party: 'RU', by: actors.ru }] })).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/^Still in the intermediary's custody: RU-00001, RU-00002/) },
      });

      // The intermediary hands over only what the sender has attested handing over to it.
      await expect(
        day.executeUpdate(handOverCustodyUpdate, {
          args: [{ direction: RU_UA, tags: tags('RU', 2), by: actors.field }],
        }),
      ).rejects.toMatchObject({ cause: { message: 'RU has not attested its hand-over of: RU-00001, RU-00002.' } });
      await expect(
        day.executeUpdate(handOverCustodyUpdate, { args: [{ direction: RU_UA, tags: tags('RU', 2), by: actors.ru }] }),
      ).resolves.toEqual({ handedOver: 2, to: 'INTERMEDIARY' });
      // The receiver takes over only what the intermediary has attested handing over.
      await expect(
        day.executeUpdate(recordReceiptUpdate, { args: [{ direction: RU_UA, tags: tags('RU', 2), by: actors.ua }] }),
      ).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/^The intermediary has not attested its hand-over of: RU-00001/) },
      });
      await expect(
        day.executeUpdate(handOverCustodyUpdate, {
          args: [{ direction: RU_UA, tags: tags('RU', 2), by: actors.field }],
        }),
      ).resolves.toEqual({ handedOver: 2, to: 'UA' });
      await day.executeUpdate(recordReceiptUpdate, {
        args: [{ direction: RU_UA, tags: tags('RU', 2), by: actors.ua }],
      });
      await recorded(day);
      const containers = await stack.db.remainsContainer.findMany({
        where: { handover: { workflowId: day.workflowId } },
        include: { custodyEvents: { orderBy: { sequence: 'asc' } } },
      });
      expect(containers).toHaveLength(2);
      for (const c of containers) {
        expect(c.custodian).toBe('UA');
        expect(c.receiverIntakeNumber).not.toBeNull();
        expect(c.custodyEvents.map((e) => [e.sequence, e.fromCustodian, e.toCustodian, e.attestedBy])).toEqual([
          [1, 'RU', 'INTERMEDIARY', 'field-1'],
          [2, 'RU', 'INTERMEDIARY', 'liaison-ru-1'],
          [3, 'INTERMEDIARY', 'UA', 'field-1'],
          [4, 'INTERMEDIARY', 'UA', 'liaison-ua-1'],
        ]);
        // Each attested at its own time, each linked to the one before.
        c.custodyEvents.slice(1).forEach((e, i) => {
          expect(e.occurredAt.getTime()).toBeGreaterThan(c.custodyEvents[i].occurredAt.getTime());
          expect(e.previousHash).toBe(c.custodyEvents[i].hash);
        });
      }
      await day.executeUpdate(signOffUpdate, { args: [{ party: 'RU', by: actors.ru }] });
      await op.terminate('test finished');
    });
  });
});

describe('a handover day: observer mode and after sign-off', () => {
  it('when the intermediary only observes, then no take-over is recorded: custody passes from sender to receiver', async () => {
    await stack.withWorker(async () => {
      const { op } = await startConfirmedOperation('OBSERVER');
      const day = await scheduleDay(op, '2025-06-12', 1, 0);
      await manifestAndAck(day, RU_UA, tags('RU', 1));
      await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
      await expect(
        day.executeUpdate(takeOverCustodyUpdate, {
          args: [{ direction: RU_UA, tags: tags('RU', 1), by: actors.field }],
        }),
      ).rejects.toMatchObject({
        cause: {
          message:
            'The intermediary is not custodian of this day: containers pass from the sender to the receiver directly.',
        },
      });
      await op.terminate('test finished');
    });
  });

  it('when a day is already signed off, then a further count is rejected', async () => {
    await stack.withWorker(async () => {
      const { op } = await startConfirmedOperation();
      const day = await scheduleDay(op, '2025-06-14', 1, 0);
      await manifestAndAck(day, RU_UA, tags('RU', 1));
      await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
      await day.executeUpdate(recordReceiptUpdate, {
        args: [{ direction: RU_UA, tags: tags('RU', 1), by: actors.ua }],
      });
      for (const source of ['SENDER', 'RECEIVER', 'INTERMEDIARY'] as const) {
        await count(day, RU_UA, source, 1);
        await count(day, UA_RU, source, 0);
      }
      await day.executeUpdate(signOffUpdate, { args: [{ party: 'RU', by: actors.ru }] });
      await day.executeUpdate(signOffUpdate, { args: [{ party: 'UA', by: actors.ua }] });
      await day.result();
      // The day's workflow has ended: Temporal itself refuses the update, and the records stand.
      await expect(count(day, RU_UA, 'INTERMEDIARY', 7)).rejects.toThrow();
      const counts = await stack.db.handoverCount.findMany({ where: { handover: { workflowId: day.workflowId } } });
      expect(counts).toHaveLength(6);
      await op.terminate('test finished');
    });
  });

  it("when a day is signed off, then its remains cases run on the cases task queue, without the main queue's worker", async () => {
    const ruTags = tags('RU', 3);
    const { op, day } = await stack.withWorker(async () => {
      const { op } = await startConfirmedOperation();
      const day = await scheduleDay(op, '2025-06-16', 3, 0);
      await manifestAndAck(day, RU_UA, ruTags);
      await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
      await day.executeUpdate(recordReceiptUpdate, { args: [{ direction: RU_UA, tags: ruTags, by: actors.ua }] });
      for (const source of ['SENDER', 'RECEIVER', 'INTERMEDIARY'] as const) {
        await count(day, RU_UA, source, 3);
        await count(day, UA_RU, source, 0);
      }
      await day.executeUpdate(signOffUpdate, { args: [{ party: 'RU', by: actors.ru }] });
      await day.executeUpdate(signOffUpdate, { args: [{ party: 'UA', by: actors.ua }] });
      // The day ends once it has started its cases (openCasesForHandover, on the main queue).
      await day.result();
      return { op, day };
    });
    const main = stack.config.temporal.taskQueue;
    expect(caseTaskQueue(main)).toBe(`${main}-cases`);
    const containers = await stack.db.remainsContainer.findMany({
      where: { handover: { workflowId: day.workflowId } },
    });
    const cases = containers.map((c) => stack.client.workflow.getHandle(caseWorkflowId(c.receiverIntakeNumber!)));
    expect(cases).toHaveLength(3);
    for (const handle of cases) expect((await handle.describe()).taskQueue).toBe(caseTaskQueue(main));
    expect((await stack.client.workflow.getHandle(day.workflowId).describe()).taskQueue).toBe(main);

    // Only the cases queue's worker now: each case opens its record and takes a step.
    await stack.withWorker(
      async () => {
        for (const handle of cases) {
          await eventually(async () => (await handle.query(caseStateQuery)).caseId, 'the opening record');
          const state = await handle.executeUpdate(recordCaseStepUpdate, {
            args: [{ step: 'EXAMINED', by: 'ua-forensic-07' }],
          });
          expect(state.status).toBe('EXAMINED');
        }
      },
      { only: 'cases' },
    );
    const rows = await stack.db.remainsCase.findMany({
      where: { caseNumber: { in: containers.map((c) => c.receiverIntakeNumber!) } },
    });
    expect(rows.map((r) => r.status)).toEqual(['EXAMINED', 'EXAMINED', 'EXAMINED']);
    await Promise.all(cases.map((h) => h.terminate('test finished')));
    await op.terminate('test finished');
  });
});

describe('a handover day: restarts', () => {
  it('when the worker restarts in the middle of a day, then the day carries on with nothing lost or duplicated', async () => {
    const ruTags = tags('RU', 40);
    // First worker: the day is prepared, opened and half received.
    const { op, day } = await stack.withWorker(async () => {
      const { op } = await startConfirmedOperation();
      const day = await scheduleDay(op, '2025-06-15', 40, 0);
      await manifestAndAck(day, RU_UA, ruTags);
      await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
      await day.executeUpdate(recordReceiptUpdate, {
        args: [{ direction: RU_UA, tags: ruTags.slice(0, 20), by: actors.ua }],
      });
      await count(day, RU_UA, 'SENDER', 40);
      return { op, day };
    });
    // A new worker, with no cache of the first: it rebuilds the day from history.
    await stack.withWorker(async () => {
      await day.executeUpdate(recordReceiptUpdate, {
        args: [{ direction: RU_UA, tags: ruTags.slice(20), by: actors.ua }],
      });
      expect(
        await rejection(
          day.executeUpdate(recordReceiptUpdate, { args: [{ direction: RU_UA, tags: [ruTags[3]], by: actors.ua }] }),
        ),
      ).toBe(`Already received: ${ruTags[3]}.`);
      await count(day, RU_UA, 'SENDER', 40);
      await count(day, RU_UA, 'RECEIVER', 40);
      await count(day, RU_UA, 'INTERMEDIARY', 40);
      for (const source of ['SENDER', 'RECEIVER', 'INTERMEDIARY'] as const) await count(day, UA_RU, source, 0);
      await day.executeUpdate(signOffUpdate, { args: [{ party: 'RU', by: actors.ru }] });
      await day.executeUpdate(signOffUpdate, { args: [{ party: 'UA', by: actors.ua }] });
      await day.result();
    });
    const handover = await stack.db.handover.findUniqueOrThrow({
      where: { workflowId: day.workflowId },
      include: { counts: true, containers: { include: { custodyEvents: true } }, discrepancies: true },
    });
    expect(handover.containers).toHaveLength(40);
    expect(new Set(handover.containers.map((c) => c.tag))).toEqual(new Set(ruTags));
    expect(handover.containers.every((c) => c.outcome === 'RECEIVED' && c.custodyEvents.length === 1)).toBe(true);
    expect(handover.counts).toHaveLength(6);
    expect(handover.discrepancies).toEqual([]);
    await op.terminate('test finished');
  });
});
