import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { repatriationOperation } from '../../workflows/operation/workflow';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import { handoverStateQuery, submitManifestUpdate } from '../../workflows/handover-day/messages';
import { actors, RU_UA } from '../helpers/actors';
import { june2025Agreement } from '../helpers/fixtures';
import { eventually } from '../helpers/processes';
import { seedWebhookRecipients } from '../helpers/workflow';
import { unique } from '../helpers/stack';
import {
  DAYS,
  EXCHANGE_POINT,
  confirmedOperation,
  dayPath,
  expectRefusal,
  openedDay,
  opPath,
  ruTags,
  scheduleDay,
  settledSnapshot,
  snapshot,
  useApiWorld,
} from './support';

/**
 * One bad character must not freeze a handover day: text PostgreSQL cannot
 * store is refused at the API and again by the workflows' validators, and a
 * write PostgreSQL refuses for good waits, shown, while the day goes on.
 */

const w = useApiWorld();

const NUL = 'a \u0000 b';

describe('a text field PostgreSQL or a reader cannot take', () => {
  it.each([
    ['an operation title', (b: any) => (b.title = NUL), '/title'],
    ['a venue', (b: any) => (b.agreement.venue = 'Istanbul\uD800'), '/agreement/venue'],
    ['a party name', (b: any) => (b.agreement.parties[0].name = 'Russia\u001B'), '/agreement/parties/0/name'],
    ['an exchange point', (b: any) => (b.agreement.exchangePoints[0] = 'border\npoint'), '/agreement/exchangePoints/0'],
  ])('when %s holds one, then creating the operation answers 400 pointing at it', async (_what, spoil, pointer) => {
    const body = june2025Agreement(unique('op'));
    spoil(body);
    const res = await w.post('coordinator', '/api/operations', body);
    expectRefusal(res, 400, pointer);
    await w.get('coordinator', opPath(body.reference)).expect(404);
  });

  it('when day reports hold one, then each answers 400 pointing at the field and the day is unchanged', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const date = DAYS[0];
      await scheduleDay(w, reference, date);
      const path = dayPath(reference, date);
      const before = await settledSnapshot(w, reference);
      const cases: Array<[string, string, object, string]> = [
        ['ru', 'manifests', { from: 'RU', to: 'UA', lines: [{ tag: 'T\u00001' }] }, '/lines/0/tag'],
        [
          'ru',
          'manifests',
          { from: 'RU', to: 'UA', lines: [{ tag: 'T1', declaredIdentity: { name: 'N\u0000' } }] },
          '/lines/0/declaredIdentity/name',
        ],
        ['coordinator', 'postponement', { newDate: DAYS[1], reason: NUL }, '/reason'],
        ['ua', 'refusal', { reason: 'x'.repeat(1001) }, '/reason'],
        ['coordinator', 'incidents', { kind: 'DELAY', note: 'late\u007F' }, '/note'],
      ];
      for (const [who, action, body, pointer] of cases) {
        expectRefusal(await w.post(who as 'ru', `${path}/${action}`, body), 400, pointer);
      }
      expect(await snapshot(w, reference)).toEqual(before);
    });
  });

  it('when a client talking to Temporal directly sends one, then the validator refuses it with a pointer and the day goes on', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const date = DAYS[0];
      await scheduleDay(w, reference, date);
      const day = w.stack.client.workflow.getHandle(handoverWorkflowId(reference, date));
      const refused = await day
        .executeUpdate(submitManifestUpdate, {
          args: [{ direction: RU_UA, lines: [{ tag: 'T1' }, { tag: 'T\u00002' }], by: actors.ru }],
        })
        .catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (refused as WorkflowUpdateFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect(cause).toMatchObject({
        type: 'InvalidInput',
        message: '/lines/1/tag must not contain control characters (U+0000)',
      });
      const principal = await day
        .executeUpdate(submitManifestUpdate, {
          args: [{ direction: RU_UA, lines: [{ tag: 'T1' }], by: { ...actors.ru, principal: 'liaison\u0000' } }],
        })
        .catch((err: unknown) => (err as WorkflowUpdateFailedError).cause?.message);
      expect(principal).toBe('/by/principal must not contain control characters (U+0000)');

      const lines = ruTags(date).map((tag) => ({ tag }));
      await w.post('ru', `${dayPath(reference, date)}/manifests`, { from: 'RU', to: 'UA', lines }).expect(201);
    });
  });

  it('when an operation is started on Temporal directly with one in its title, then its workflow fails at once', async () => {
    await w.stack.withWorker(async () => {
      const input = { ...june2025Agreement(unique('op')), title: NUL };
      const failed = await w.stack.client.workflow
        .execute(repatriationOperation, {
          workflowId: `operation:${input.reference}`,
          taskQueue: w.stack.config.temporal.taskQueue,
          args: [input],
        })
        .catch((err: unknown) => err);
      expect(failed).toBeInstanceOf(WorkflowFailedError);
      expect((failed as WorkflowFailedError).cause).toMatchObject({
        type: 'InvalidInput',
        message: '/title must not contain control characters (U+0000)',
      });
    });
  });
});

/** A check constraint of the test's own makes PostgreSQL refuse one marked value, as it would a bad one. */
async function refusing<T>(table: string, column: string, fn: () => Promise<T>): Promise<T> {
  const name = `test_refuses_${table.toLowerCase()}`;
  await w.stack.db.$executeRawUnsafe(
    `ALTER TABLE "${table}" ADD CONSTRAINT ${name} CHECK ("${column}" IS NULL OR "${column}" NOT LIKE 'db-refuses%')`,
  );
  try {
    return await fn();
  } finally {
    await w.stack.db.$executeRawUnsafe(`ALTER TABLE "${table}" DROP CONSTRAINT ${name}`);
  }
}

/** The day as its people read it, once its record is as far as it will get while `refused` holds. */
const refusedDay = (path: string) =>
  eventually(
    async () => {
      const { body } = await w.get('field', path).expect(200);
      return body.records?.refused ? body : null;
    },
    'the record to show the refusal',
    30_000,
    200,
  );
/** The day once its record holds all it answered and nothing is refused any more. */
const caughtUp = (path: string) =>
  eventually(
    async () => {
      const { body } = await w.get('field', path).expect(200);
      return body.records && body.records.written === body.records.made && !body.records.refused ? body : null;
    },
    'the record to catch up',
    30_000,
    200,
  );

describe('a write PostgreSQL refuses for good', () => {
  it('when an incident cannot be recorded yet, then it and the next are answered from the day, the day shows why its record waits and alerts the coordinator, and the record catches up in order once the cause is gone', async () => {
    await w.stack.withWorker(async () => {
      // The coordinator and the intermediary have an address, so what they are told is in the outbox.
      await seedWebhookRecipients(w.stack.db);
      const reference = await confirmedOperation(w);
      const date = DAYS[0];
      await openedDay(w, reference, date);
      const path = dayPath(reference, date);
      await refusing('HandoverIncident', 'note', async () => {
        const first = await w
          .post('field', `${path}/incidents`, { kind: 'DELAY', note: 'db-refuses this' })
          .expect(201);
        expect(first.body).toEqual({ sequence: 1, kind: 'DELAY' });
        const next = await w.post('field', `${path}/incidents`, { kind: 'DELAY', note: 'convoy late' }).expect(201);
        expect(next.body).toEqual({ sequence: 2, kind: 'DELAY' });
        const waiting = await refusedDay(path);
        expect(waiting.records.written).toBeLessThan(waiting.records.made);
        expect(waiting.records.refused).toMatch(
          /^recordIncident: PostgreSQL refused the record: a check constraint.*SQLSTATE 23514/,
        );
        // The coordinator and the intermediary are told, naming the write and not what it held.
        const told = await eventually(
          async () => {
            const rows = await w.stack.db.notification.findMany({
              where: { operationReference: reference, event: 'handover.record_refused' },
            });
            return rows.length >= 2 ? rows : null;
          },
          'the refusal to be notified',
          30_000,
          200,
        );
        expect([...new Set(told.map((n) => n.recipient))].sort()).toEqual(['COORDINATOR', 'INTERMEDIARY']);
        expect(told[0].payload).toMatchObject({ dayKey: date, write: 'recordIncident' });
        expect(JSON.stringify(told.map((n) => n.payload))).not.toContain('db-refuses');
        // The day goes on answering meanwhile.
        await w.post('field', `${path}/incidents`, { kind: 'DELAY', note: 'fuel stop' }).expect(201);
      });
      await caughtUp(path);
      const incidents = await w.stack.db.handoverIncident.findMany({
        where: { handover: { workflowId: handoverWorkflowId(reference, date) } },
        orderBy: { sequence: 'asc' },
      });
      expect(incidents.map((i) => [i.sequence, i.note])).toEqual([
        [1, 'db-refuses this'],
        [2, 'convoy late'],
        [3, 'fuel stop'],
      ]);
    });
  });

  it('when a postponement cannot be recorded yet, then the day and its operation move to the new date at once, and the record follows once the cause is gone', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const [date, later] = [DAYS[0], DAYS[2]];
      await scheduleDay(w, reference, date);
      const path = dayPath(reference, date);
      const day = w.stack.client.workflow.getHandle(handoverWorkflowId(reference, date));
      await refusing('Handover', 'statusReason', async () => {
        const res = await w.post('coordinator', `${path}/postponement`, { newDate: later, reason: 'db-refuses it' });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ status: 'POSTPONED', date: later });
        expect(await day.query(handoverStateQuery)).toMatchObject({ status: 'POSTPONED', date: later });
        // The operation has the new date: no other day on it.
        const taken = await w.post('coordinator', `${opPath(reference)}/handovers`, {
          date: later,
          exchangePoint: EXCHANGE_POINT,
          transfers: [{ from: 'RU', to: 'UA', plannedCount: 1 }],
        });
        expectRefusal(taken, 409, `A handover is already scheduled for ${later}.`);
        expect((await refusedDay(path)).records.refused).toMatch(
          /^recordHandoverStatus: PostgreSQL refused the record/,
        );
      });
      await caughtUp(path);
      const row = await w.stack.db.handover.findUniqueOrThrow({
        where: { workflowId: handoverWorkflowId(reference, date) },
      });
      expect([row.status, row.statusReason, row.scheduledOn.toISOString().slice(0, 10)]).toEqual([
        'POSTPONED',
        'db-refuses it',
        later,
      ]);
    });
  });
});
