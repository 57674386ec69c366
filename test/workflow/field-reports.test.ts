import type { WorkflowHandle } from '@temporalio/client';
import {
  handoverStateQuery,
  openDayUpdate,
  recordIncidentUpdate,
  recordReceiptUpdate,
  recordSpotCheckUpdate,
} from '../../workflows/handover-day/messages';
import { suspendOperationUpdate } from '../../workflows/operation/messages';
import type { Direction } from '../../workflows/shared/domain';
import { actors, RU_UA, tags, UA_RU } from '../helpers/actors';
import { manifestAndAck } from '../helpers/day-steps';
import { recorded, rejection, scheduleDay, useWorkflowStack, startConfirmedOperation } from '../helpers/workflow';

const stack = useWorkflowStack();

/** A confirmed operation with one day scheduled: RU → UA three bags (RU-00001…3), UA → RU one (UA-00001), both acknowledged. */
async function readyDay(date: string) {
  const { op, reference } = await startConfirmedOperation(stack.client, stack.config.temporal.taskQueue);
  const day = await scheduleDay(stack.client, op, date, 3, 1);
  await manifestAndAck(day, RU_UA, tags('RU', 3));
  await manifestAndAck(day, UA_RU, tags('UA', 1));
  return { op, day, reference };
}

const spotCheck = (day: WorkflowHandle, direction: Direction, tag: string, sealIntact: boolean, note?: string) =>
  day.executeUpdate(recordSpotCheckUpdate, {
    args: [{ direction, tag, sealIntact, ...(note !== undefined ? { note } : {}), by: actors.field }],
  });

/** The day's rows, once PostgreSQL holds all it answered. */
const records = async (day: WorkflowHandle) => {
  await recorded(day);
  return stack.db.handover.findUniqueOrThrow({
    where: { workflowId: day.workflowId },
    include: { spotChecks: true, incidents: true, discrepancies: true },
  });
};

describe('field reports on a handover day: spot checks', () => {
  it('when field staff spot-check a listed container with its seal intact, then the check is recorded and attributed and nothing is opened', async () => {
    await stack.withWorker(async () => {
      const { op, day } = await readyDay('2025-06-11');
      await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });

      const answer = await spotCheck(day, RU_UA, tags('RU', 3)[1], true, 'seal 4471 ok');
      expect(answer).toEqual({ direction: RU_UA, tag: tags('RU', 3)[1], sealIntact: true });
      expect((await day.query(handoverStateQuery)).spotChecks).toEqual([
        { direction: RU_UA, tag: tags('RU', 3)[1], sealIntact: true },
      ]);
      const row = await records(day);
      expect(row.spotChecks).toEqual([
        {
          handoverId: row.id,
          fromParty: 'RU',
          toParty: 'UA',
          tag: tags('RU', 3)[1],
          sealIntact: true,
          note: 'seal 4471 ok',
          checkedBy: 'field-1',
          checkedAt: expect.any(Date),
        },
      ]);
      expect(row.discrepancies).toEqual([]);
      await op.terminate('test finished');
    });
  });

  it('when a seal is found broken, then a BROKEN_SEAL discrepancy is opened for that tag and announced', async () => {
    await stack.withWorker(async () => {
      const { op, day, reference } = await readyDay('2025-06-13');
      await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
      // A container already received (here: one nobody listed) can be checked too.
      await day.executeUpdate(recordReceiptUpdate, {
        args: [{ direction: UA_RU, tags: ['UA-UNLISTED-1'], by: actors.ru }],
      });

      const answer = await spotCheck(day, UA_RU, 'UA-UNLISTED-1', false);
      expect(answer).toEqual({
        direction: UA_RU,
        tag: 'UA-UNLISTED-1',
        sealIntact: false,
        discrepancy: 'BROKEN_SEAL:UA>RU:UA-UNLISTED-1',
      });
      const row = await records(day);
      expect(row.spotChecks.map((c) => [c.fromParty, c.tag, c.sealIntact, c.note, c.checkedBy])).toEqual([
        ['UA', 'UA-UNLISTED-1', false, null, 'field-1'],
      ]);
      expect(row.discrepancies.map((d) => [d.key, d.kind, d.status, d.details])).toEqual([
        [
          `${day.workflowId}:BROKEN_SEAL:UA>RU:UA-UNLISTED-1`,
          'BROKEN_SEAL',
          'OPEN',
          { direction: UA_RU, tag: 'UA-UNLISTED-1' },
        ],
      ]);
      const told = await stack.db.notification.findMany({
        // Other test files give some recipients other channels too; this one looks at webhooks.
        where: { operationReference: reference, event: 'discrepancy.opened', channel: 'WEBHOOK' },
      });
      expect(told.map((n) => n.recipient).sort()).toEqual(['COORDINATOR', 'INTERMEDIARY', 'RU', 'UA']);
      expect(told[0].payload).toMatchObject({ kind: 'BROKEN_SEAL', key: 'BROKEN_SEAL:UA>RU:UA-UNLISTED-1' });
      await op.terminate('test finished');
    });
  });
});

describe('field reports on a handover day: incidents', () => {
  it('when incidents are reported, then each is numbered and attributed, and a security incident alerts the coordinator', async () => {
    await stack.withWorker(async () => {
      const { op, day, reference } = await readyDay('2025-06-14');
      // Incidents may be reported before the day opens.
      expect(
        await day.executeUpdate(recordIncidentUpdate, {
          args: [{ kind: 'DELAY', note: 'convoy late 2h', by: actors.field }],
        }),
      ).toEqual({ sequence: 1, kind: 'DELAY' });
      expect(
        await day.executeUpdate(recordIncidentUpdate, {
          args: [{ kind: 'SECURITY', note: 'shelling 3 km east', by: actors.coordinator }],
        }),
      ).toEqual({ sequence: 2, kind: 'SECURITY' });
      expect((await day.query(handoverStateQuery)).incidents).toBe(2);

      const row = await records(day);
      expect(
        row.incidents.sort((a, b) => a.sequence - b.sequence).map((i) => [i.sequence, i.kind, i.note, i.reportedBy]),
      ).toEqual([
        [1, 'DELAY', 'convoy late 2h', 'field-1'],
        [2, 'SECURITY', 'shelling 3 km east', 'coordinator-1'],
      ]);
      const alerts = await stack.db.notification.findMany({
        where: { operationReference: reference, event: 'handover.security_incident', channel: 'WEBHOOK' },
      });
      expect(alerts.map((n) => [n.recipient, n.payload])).toEqual([
        [
          'COORDINATOR',
          {
            dayKey: '2025-06-14',
            date: '2025-06-14',
            exchangePoint: 'Belarus–Ukraine border',
            sequence: 2,
            kind: 'SECURITY',
          },
        ],
      ]);
      await op.terminate('test finished');
    });
  });
});

describe('field reports on a handover day: refusals', () => {
  it('when spot checks or incidents break the rules, then each is rejected with its reason and nothing changes', async () => {
    await stack.withWorker(async () => {
      const { op, day } = await readyDay('2025-06-15');
      const ruTags = tags('RU', 3);
      expect(await rejection(spotCheck(day, RU_UA, ruTags[0], true))).toBe(
        'Containers are spot-checked once the day is open.',
      );
      await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
      await spotCheck(day, RU_UA, ruTags[0], true);

      const before = await day.query(handoverStateQuery);
      const rowsBefore = await records(day);
      const reasons = [
        await rejection(spotCheck(day, RU_UA, 'RU-99999', true)),
        await rejection(spotCheck(day, UA_RU, ruTags[1], false)),
        await rejection(spotCheck(day, RU_UA, ruTags[0], false)),
        await rejection(spotCheck(day, { from: 'RU', to: 'BY' }, ruTags[1], true)),
        await rejection(spotCheck(day, RU_UA, ruTags[1], true, 'call +380 671234567')),
        await rejection(
          day.executeUpdate(recordSpotCheckUpdate, {
            args: [{ direction: RU_UA, tag: ruTags[1], sealIntact: true, by: actors.ua }],
          }),
        ),
        await rejection(
          day.executeUpdate(recordIncidentUpdate, { args: [{ kind: 'SECURITY', note: 'x', by: actors.ru }] }),
        ),
        await rejection(
          day.executeUpdate(recordIncidentUpdate, {
            args: [{ kind: 'OTHER', note: 'mail a@b.org', by: actors.field }],
          }),
        ),
      ];
      expect(reasons).toEqual([
        'Tag RU-99999 is not part of this day.',
        `Tag ${ruTags[1]} is not part of this day.`,
        `Tag ${ruTags[0]} has already been spot-checked.`,
        'No transfer from RU to BY is planned for this day.',
        '/note must not contain runs of more than 6 digits (no personal numbers)',
        "Only the intermediary's field staff spot-check containers.",
        'Only the intermediary reports incidents.',
        "/note must not contain '@' (no contact addresses)",
      ]);

      // Suspended: no more spot checks, but incidents are still reported.
      await op.executeUpdate(suspendOperationUpdate, { args: [{ reason: 'security', by: actors.coordinator }] });
      expect(await rejection(spotCheck(day, RU_UA, ruTags[1], true))).toBe(
        'The operation is suspended; reports resume when it is resumed.',
      );

      const after = await day.query(handoverStateQuery);
      expect(after).toEqual({ ...before, suspended: true });
      const rowsAfter = await records(day);
      expect(rowsAfter.spotChecks).toEqual(rowsBefore.spotChecks);
      expect(rowsAfter.incidents).toEqual([]);
      expect(rowsAfter.discrepancies).toEqual([]);

      await day.executeUpdate(recordIncidentUpdate, {
        args: [{ kind: 'SECURITY', note: 'checkpoint closed', by: actors.field }],
      });
      expect((await records(day)).incidents.map((i) => i.sequence)).toEqual([1]);
      await op.terminate('test finished');
    });
  });

  it('when the same spot check is sent twice at once, then one is recorded and the other refused', async () => {
    await stack.withWorker(async () => {
      const { op, day } = await readyDay('2025-06-12');
      await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
      const tag = tags('RU', 3)[0];
      const outcomes = await Promise.allSettled([spotCheck(day, RU_UA, tag, true), spotCheck(day, RU_UA, tag, true)]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
      expect((refused.reason as { cause?: Error }).cause?.message).toBe(`Tag ${tag} has already been spot-checked.`);
      expect((await records(day)).spotChecks.map((c) => c.tag)).toEqual([tag]);
      await op.terminate('test finished');
    });
  });
});
