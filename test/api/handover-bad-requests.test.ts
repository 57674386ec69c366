import { recorded } from '../helpers/workflow';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import { unique } from '../helpers/stack';
import {
  confirmedOperation,
  dayPath,
  expectProblem,
  expectRefusal,
  useWorkersAcross,
  openedDay,
  ruTags,
  scheduleDay,
  settledSnapshot,
  snapshot,
  useApiWorld,
} from './support';
import { BAD, OPEN, SCHEDULED } from './handover-bad-request-cases';

const w = useApiWorld();

/** The day's containers, once PostgreSQL holds all the day answered. */
const containersOf = async (reference: string, date: string) => {
  await recorded(w.stack.client.workflow.getHandle(handoverWorkflowId(reference, date)));
  return w.stack.db.remainsContainer.findMany({
    where: { handover: { workflowId: handoverWorkflowId(reference, date) } },
  });
};

describe('bad requests on a day change nothing', () => {
  let reference: string;

  // Every test of this block acts on the one operation below: its workers run across the block.
  useWorkersAcross(w);
  beforeAll(async () => {
    reference = await confirmedOperation(w);
    await openedDay(w, reference, OPEN);
    await w
      .post('field', `${dayPath(reference, OPEN)}/counts`, { from: 'RU', to: 'UA', source: 'INTERMEDIARY', count: 3 })
      .expect(200);
    await w
      .post('ua', `${dayPath(reference, OPEN)}/receipts`, { from: 'RU', to: 'UA', tags: [ruTags(OPEN)[0]] })
      .expect(200);
    await scheduleDay(w, reference, SCHEDULED);
  });

  it.each(BAD)(
    'when %s, then the answer explains it and nothing changes',
    async (_case, who, date, sub, body, status, expected) => {
      const before = await settledSnapshot(w, reference);
      const url = sub.startsWith('/') ? sub : `${dayPath(reference, date)}/${sub}`;
      const res = await w.post(who, url, body());
      expectRefusal(res, status, expected);
      expect(await snapshot(w, reference)).toEqual(before);
    },
  );

  it('when a manifest or a receipt lists a tag twice, then the 400 says it is listed twice in this request', async () => {
    const manifest = await w.post('ru', `${dayPath(reference, SCHEDULED)}/manifests`, {
      from: 'RU',
      to: 'UA',
      lines: [{ tag: 'A' }, { tag: 'A' }],
    });
    const receipt = await w.post('ua', `${dayPath(reference, OPEN)}/receipts`, {
      from: 'RU',
      to: 'UA',
      tags: [ruTags(OPEN)[1], ruTags(OPEN)[1]],
    });
    expect(manifest.body.errors).toEqual([
      { pointer: '/lines/1/tag', message: 'is listed twice in this request (first at index 0)' },
    ]);
    expect(receipt.body.errors).toEqual([
      { pointer: '/tags/1', message: 'is listed twice in this request (first at index 0)' },
    ]);
  });

  it('when a day is read with an unknown include, then it is a 400 naming the parameter', async () => {
    const res = await w.get('ru', `${dayPath(reference, OPEN)}?include=everything`);
    expectProblem(res, 400);
    expect(res.body.errors[0].pointer).toBe('/include');
  });

  it('when a receipt is repeated with the same Idempotency-Key, then the first answer comes back and the tag is taken over once; another body with it is a 422', async () => {
    const key = unique('key-receipt');
    const path = `${dayPath(reference, OPEN)}/receipts`;
    const body = { from: 'RU', to: 'UA', tags: [ruTags(OPEN)[1]] };
    const first = await w.post('ua', path, body, key).expect(200);
    expect(first.body).toEqual({ received: 1, extra: 0 });
    const before = await settledSnapshot(w, reference);
    const again = await w.post('ua', path, body, key).expect(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const reused = await w.post('ua', path, { ...body, tags: [ruTags(OPEN)[2]] }, key);
    expectProblem(reused, 422);
    expect(await snapshot(w, reference)).toEqual(before);
    expect((await containersOf(reference, OPEN)).filter((c) => c.tag === ruTags(OPEN)[1])).toHaveLength(1);
  });
});
