import { handoverWorkflowId } from '../../workflows/shared/ids';
import { unique } from '../helpers/stack';
import { withTrigger } from '../helpers/tamper';
import { recorded } from '../helpers/workflow';
import { DAYS, confirmedOperation, dayPath, expectProblem, openedDay, useApiWorld } from './support';

/**
 * An answer is kept before it is sent: when PostgreSQL cannot keep it, the
 * client is told to retry (503 + Retry-After), and its retry with the same
 * Idempotency-Key gets the outcome of the one action taken.
 */

const w = useApiWorld();

/** PostgreSQL refuses to complete the stored answers of keys starting with `prefix`, as it would while restarting. */
const refusingToKeep = <T>(prefix: string, fn: () => Promise<T>): Promise<T> =>
  withTrigger(
    w.stack.db,
    {
      name: 'test_refuse_answer',
      table: 'IdempotentRequest',
      timing: 'BEFORE UPDATE',
      body: `IF NEW.key LIKE '${prefix}%' AND NEW.status IS NOT NULL THEN
        RAISE EXCEPTION 'terminating connection due to administrator command' USING ERRCODE = '57P01';
      END IF;`,
    },
    fn,
  );

describe('an answer sent only once kept', () => {
  it('when the answer cannot be stored, then the client gets 503 with Retry-After, and its retry gets the one outcome', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const date = DAYS[0];
      await openedDay(w, reference, date);
      const path = `${dayPath(reference, date)}/incidents`;
      const key = unique('unkept-answer');
      const body = { kind: 'DELAY', note: 'convoy late' };

      const first = await refusingToKeep('unkept-answer', () => w.post('field', path, body, key));
      expectProblem(first, 503);
      expect(first.body.type).toBe('/problems/unavailable');
      expect(first.headers['retry-after']).toBe('2');
      // Nothing kept under the key, and the key is free again.
      expect(await w.stack.db.idempotentRequest.findMany({ where: { key } })).toEqual([]);

      const retry = await w.post('field', path, body, key).expect(201);
      expect(retry.body).toEqual({ sequence: 1, kind: 'DELAY' });
      const stored = await w.stack.db.idempotentRequest.findMany({ where: { key } });
      expect(stored.map((r) => [r.status, r.response])).toEqual([[201, { sequence: 1, kind: 'DELAY' }]]);
      // The incident happened once: the retry joined the first update, named by the key.
      await recorded(w.stack.client.workflow.getHandle(handoverWorkflowId(reference, date)));
      const incidents = await w.stack.db.handoverIncident.count({
        where: { handover: { workflowId: handoverWorkflowId(reference, date) } },
      });
      expect(incidents).toBe(1);
      const repeat = await w.post('field', path, body, key).expect(201);
      expect([repeat.headers['idempotent-replayed'], repeat.body]).toEqual(['true', { sequence: 1, kind: 'DELAY' }]);
    });
  });
});
