import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { findTemporalCli } from '../../src/tools';
import { handoverWorkflowId } from '../../workflows/ids';
import { handoverStateQuery, recordIncidentUpdate } from '../../workflows/messages';
import { actors } from '../helpers/actors';
import { eventually } from '../helpers/processes';
import { withTrigger } from '../helpers/tamper';
import { DAYS, confirmedOperation, dayPath, openWorld, openedDay, type World } from './support';

/**
 * The operator guide's recipe (README, "When something is stuck") with the
 * real Temporal CLI: a day whose write keeps failing with an error retrying
 * cannot cure is found by its pending activity, and `temporal activity
 * update-options` ends its retries, so the waiting update is refused and the
 * day serves the next request.
 */

let w: World;
beforeAll(async () => {
  w = await openWorld();
});
afterAll(() => w.stack.close());

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

describe('an operator repairs a day stuck on a failing activity', () => {
  it('when the write keeps failing, then `temporal activity update-options` ends its retries: the update is refused and the day goes on', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const date = DAYS[0];
      await openedDay(w, reference, date);
      const workflowId = handoverWorkflowId(reference, date);
      const day = w.stack.client.workflow.getHandle(workflowId);

      await stuckIncidents(async () => {
        const update = await day.startUpdate(recordIncidentUpdate, {
          args: [{ kind: 'DELAY', note: 'db-stuck convoy', by: actors.field }],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        });
        // What the operator sees (Web UI, Pending Activities; or `temporal workflow describe`): the activity and its attempts.
        const pending = await eventually(
          async () => {
            const { stdout } = await temporal([
              'workflow',
              'describe',
              '--workflow-id',
              workflowId,
              '--output',
              'json',
            ]);
            const described = JSON.parse(stdout) as {
              pendingActivities?: Array<{ activityId: string; activityType: { name: string }; attempt: number }>;
            };
            return described.pendingActivities?.find((a) => a.attempt >= 2) ?? null;
          },
          'the incident write retrying',
          30_000,
          250,
        );
        expect(pending.activityType.name).toBe('recordIncident');

        // The recipe: no more retries after the next attempt, which comes at once.
        await temporal([
          'activity',
          'update-options',
          '--workflow-id',
          workflowId,
          '--activity-id',
          pending.activityId,
          '--retry-maximum-attempts',
          '1',
          '--retry-initial-interval',
          '1s',
        ]);
        const refused = await update.result().catch((err: unknown) => err);
        expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
        expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({
          type: 'NotRecorded',
          message:
            'Not recorded: recordIncident failed and its retries were stopped (by an operator); ' +
            'send the request again once the cause is fixed.',
        });
      });

      expect((await day.query(handoverStateQuery)).incidents).toBe(0);
      const next = await w
        .post('field', `${dayPath(reference, date)}/incidents`, { kind: 'DELAY', note: 'convoy late' })
        .expect(201);
      expect(next.body).toEqual({ sequence: 1, kind: 'DELAY' });
    });
  });
});
