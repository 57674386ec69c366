import { createHash } from 'node:crypto';
import { handoverWorkflowId, operationWorkflowId } from '../../workflows/shared/ids';
import { personId } from '../../src/api/auth';
import { june2025Agreement } from '../helpers/fixtures';
import { runProvider } from '../helpers/identity';
import { unique } from '../helpers/stack';
import { withTrigger } from '../helpers/tamper';
import { PERSON_OF } from '../helpers/tokens';
import { recorded } from '../helpers/workflow';
import {
  DAYS,
  confirmedOperation,
  createOperation,
  dayPath,
  expectProblem,
  openedDay,
  opPath,
  useApiWorld,
  type Who,
} from './support';

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

describe('a key looked at only once the request is authorised', () => {
  let reference: string;
  beforeAll(async () => {
    reference = await w.stack.withWorker(() => createOperation(w));
  });

  /** A key this person has already used, for another request: its first answer is kept under it. */
  async function usedKey(who: Who): Promise<string> {
    const key = unique('used-key');
    await w.stack.db.idempotentRequest.create({
      data: {
        tokenId: personId(runProvider().issuer, PERSON_OF[who]),
        key,
        method: 'POST',
        path: '/api/operations',
        bodyHash: 'first',
        status: 201,
        response: {},
      },
    });
    return key;
  }

  // Who may not do what: the wrong role, a party not in the operation, a liaison acting for the other party.
  const refused: [string, Who, () => string, object, number][] = [
    [
      'a coordinator recording a family review',
      'coordinator',
      () => '/api/missing-persons/MP-UA-000417/reviews',
      {},
      403,
    ],
    [
      'a liaison of a party not in the operation confirming it',
      'by',
      () => `${opPath(reference)}/confirmations`,
      { version: 1 },
      404,
    ],
    [
      'a UA liaison submitting the RU manifest',
      'ua',
      () => `${dayPath(reference, DAYS[0])}/manifests`,
      { from: 'RU', to: 'UA', lines: [{ tag: 'RU-2025-000417' }] },
      403,
    ],
  ];

  it.each(refused)(
    'when %s sends a key it already used, then the answer is the refusal a fresh key gets, not 422',
    async (_what, who, path, body, status) => {
      const fresh = await w.post(who, path(), body, unique('fresh-key'));
      const reused = await w.post(who, path(), body, await usedKey(who));
      expectProblem(fresh, status);
      expectProblem(reused, status);
      expect(reused.body.type).toBe(fresh.body.type);
    },
  );

  it.each(refused)('when %s is refused, then nothing is kept under its key', async (_what, who, path, body, status) => {
    const key = unique('refused-key');
    expectProblem(await w.post(who, path(), body, key), status);
    expect(await w.stack.db.idempotentRequest.count({ where: { key } })).toBe(0);
  });

  it('when the coordinator reuses the key of a refused request on one it may make, then that request is done', async () => {
    const key = unique('after-refusal');
    expectProblem(await w.post('coordinator', '/api/missing-persons/MP-UA-000417/reviews', {}, key), 403);
    const body = june2025Agreement(unique('op'));
    await w.post('coordinator', '/api/operations', body, key).expect(201);
    await w.stack.client.workflow.getHandle(operationWorkflowId(body.reference)).terminate('test finished');
  });
});

describe('a key whose first request has not answered', () => {
  /** The key claimed by a first request of the coordinator's (a person) with `body`, `agoMs` ago, not answered (yet). */
  async function claimedKey(body: object, agoMs: number): Promise<string> {
    const key = unique('claimed-key');
    await w.stack.db.idempotentRequest.create({
      data: {
        tokenId: personId(runProvider().issuer, PERSON_OF.coordinator),
        key,
        method: 'POST',
        path: '/api/operations',
        bodyHash: createHash('sha256').update(JSON.stringify(body)).digest('hex'),
        createdAt: new Date(Date.now() - agoMs),
      },
    });
    return key;
  }

  it('when the same request comes while the first is in flight, then it is told to retry (409 + Retry-After) and nothing is done', async () => {
    const body = june2025Agreement(unique('op'));
    const key = await claimedKey(body, 1_000);
    const res = await w.post('coordinator', '/api/operations', body, key);
    expectProblem(res, 409);
    expect([res.body.type, res.headers['retry-after']]).toEqual(['/problems/request-in-progress', '1']);
    const other = await w.post('coordinator', '/api/operations', { ...body, title: 'Another title' }, key);
    expectProblem(other, 422);
    expect(await w.stack.db.idempotentRequest.findMany({ where: { key }, select: { status: true } })).toEqual([
      { status: null },
    ]);
    await expect(w.stack.client.workflow.getHandle(operationWorkflowId(body.reference)).describe()).rejects.toThrow();
  });

  it('when the first request was abandoned (no answer for long), then a repeat is done once and its answer kept', async () => {
    const body = june2025Agreement(unique('op'));
    const key = await claimedKey(body, 60_000);
    await w.stack.withWorker(async () => {
      const first = await w.post('coordinator', '/api/operations', body, key).expect(201);
      const again = await w.post('coordinator', '/api/operations', body, key).expect(201);
      expect([again.headers['idempotent-replayed'], again.body]).toEqual(['true', first.body]);
      const stored = await w.stack.db.idempotentRequest.findMany({ where: { key } });
      expect(stored.map((r) => [r.status, r.response])).toEqual([[201, first.body]]);
      await w.stack.client.workflow.getHandle(operationWorkflowId(body.reference)).terminate('test finished');
    });
  });
});
