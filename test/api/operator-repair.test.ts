import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { findTemporalCli } from '../../src/tools';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import { eventually } from '../helpers/processes';
import { withTrigger } from '../helpers/tamper';
import { DAYS, confirmedOperation, dayPath, openedDay, useApiWorld } from './support';

/**
 * The operator guide's recipe (README, "When something is stuck") with the
 * real Temporal CLI: a day whose record keeps failing to be written (with an
 * error retrying cannot cure until someone acts) goes on answering its
 * people; the operator finds the write by its pending activity, removes the
 * cause, and `temporal activity reset` has it written at once.
 */

const w = useApiWorld();

/**
 * PostgreSQL fails every insert of an incident noted 'db-stuck…' with an error
 * the activities take for a transient one (SQLSTATE P0001, raised by a
 * trigger): the activity retries for ever, as one would on a fault nobody
 * foresaw.
 */
const stuckIncidents = <T>(fn: () => Promise<T>): Promise<T> =>
  withTrigger(
    w.stack.db,
    {
      name: 'test_stuck_incident',
      table: 'HandoverIncident',
      timing: 'BEFORE INSERT',
      body: `IF NEW.note LIKE 'db-stuck%' THEN RAISE EXCEPTION 'stuck for the test'; END IF;`,
    },
    fn,
  );

const temporal = (args: string[]) =>
  promisify(execFile)(
    findTemporalCli(process.env.TEMPORAL_CLI),
    [...args, '--address', w.stack.config.temporal.address, '--namespace', w.stack.config.temporal.namespace],
    { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } },
  );

interface PendingActivity {
  activityId: string;
  activityType: { name: string };
  attempt: number;
  paused?: boolean;
  lastFailure?: { message?: string };
}

/** What the operator sees of a workflow's pending activities (Web UI, Pending Activities; or `temporal workflow describe`). */
async function pendingWrites(workflowId: string): Promise<PendingActivity[]> {
  const { stdout } = await temporal(['workflow', 'describe', '--workflow-id', workflowId, '--output', 'json']);
  return (JSON.parse(stdout) as { pendingActivities?: PendingActivity[] }).pendingActivities ?? [];
}

const records = ({ body }: { body: { records: { written: number; made: number } } }) => ({
  behind: body.records.written < body.records.made,
});

describe('an operator repairs a day whose record is stuck on a failing write', () => {
  it('when the write keeps failing, then the day still answers; once the cause is removed, `temporal activity reset` writes the record at once', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const date = DAYS[0];
      await openedDay(w, reference, date);
      const workflowId = handoverWorkflowId(reference, date);
      const path = dayPath(reference, date);

      const pending = await stuckIncidents(async () => {
        // The field report is answered from the day at once, stuck write or not.
        const stuck = await w
          .post('field', `${path}/incidents`, { kind: 'DELAY', note: 'db-stuck convoy' })
          .expect(201);
        expect(stuck.body).toEqual({ sequence: 1, kind: 'DELAY' });
        // What the operator sees: the write and its attempts.
        const found = await eventually(
          async () => (await pendingWrites(workflowId)).find((a) => a.attempt >= 2) ?? null,
          "the day's write retrying",
          30_000,
          250,
        );
        expect(found.activityType.name).toBe('recordDayChanges');
        // Its failure is encrypted like every payload: the Web UI shows it through the codec server.
        expect(found.lastFailure?.message).toBe('Encoded failure');
        // The day tells its readers that its record is behind.
        const { body } = await w.get('field', path).expect(200);
        expect(body.records.written).toBeLessThan(body.records.made);
        // …and goes on answering.
        const next = await w.post('field', `${path}/incidents`, { kind: 'DELAY', note: 'convoy late' }).expect(201);
        expect(next.body).toEqual({ sequence: 2, kind: 'DELAY' });
        // The recipe: the write is paused while its cause is fixed, so that no attempt runs half-way through the fix.
        await temporal(['activity', 'pause', '--workflow-id', workflowId, '--activity-id', found.activityId]);
        return found;
      });

      // The cause is gone (the trigger dropped) and the write is paused: it waits for the operator, however long they take.
      await sleep(2_500);
      expect(records(await w.get('field', path).expect(200))).toEqual({ behind: true });
      expect((await pendingWrites(workflowId)).map((a) => [a.activityId, a.paused])).toEqual([
        [pending.activityId, true],
      ]);
      // The reset unpauses it and runs it now rather than at its next attempt.
      await temporal(['activity', 'reset', '--workflow-id', workflowId, '--activity-id', pending.activityId]);
      const caughtUp = await eventually(
        async () => {
          const { body } = await w.get('field', path).expect(200);
          return body.records.written === body.records.made ? body : null;
        },
        'the record to catch up',
        20_000,
        200,
      );
      expect(caughtUp.records.refused).toBeUndefined();
      const incidents = await w.stack.db.handoverIncident.findMany({
        where: { handover: { workflowId } },
        orderBy: { sequence: 'asc' },
      });
      expect(incidents.map((i) => [i.sequence, i.note])).toEqual([
        [1, 'db-stuck convoy'],
        [2, 'convoy late'],
      ]);
    });
  });
});
