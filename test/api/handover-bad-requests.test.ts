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
  type Who,
} from './support';

const w = useApiWorld();

/** The day's containers, once PostgreSQL holds all the day answered. */
const containersOf = async (reference: string, date: string) => {
  await recorded(w.stack.client.workflow.getHandle(handoverWorkflowId(reference, date)));
  return w.stack.db.remainsContainer.findMany({
    where: { handover: { workflowId: handoverWorkflowId(reference, date) } },
  });
};

const OPEN = '2025-06-07';
const SCHEDULED = '2025-06-08';
const lines = (n: number) => Array.from({ length: n }, (_, i) => ({ tag: `RU-X-${i}` }));
// [case, who, day, action path (or absolute), body, status, pointer or detail]
const BAD: Array<[string, Who, string, string, () => object | undefined, number, string | RegExp]> = [
  [
    'a manifest of 10,001 lines',
    'ru',
    SCHEDULED,
    'manifests',
    () => ({ from: 'RU', to: 'UA', lines: lines(10_001) }),
    400,
    '/lines',
  ],
  ['a manifest without lines', 'ru', SCHEDULED, 'manifests', () => ({ from: 'RU', to: 'UA' }), 400, '/lines'],
  [
    'a manifest line with an empty tag',
    'ru',
    SCHEDULED,
    'manifests',
    () => ({ from: 'RU', to: 'UA', lines: [{ tag: '' }] }),
    400,
    '/lines/0/tag',
  ],
  [
    'a manifest line with a 65-character tag',
    'ru',
    SCHEDULED,
    'manifests',
    () => ({ from: 'RU', to: 'UA', lines: [{ tag: 'T'.repeat(65) }] }),
    400,
    '/lines/0/tag',
  ],
  [
    'a manifest line with a tag holding a stray quote',
    'ru',
    SCHEDULED,
    'manifests',
    () => ({ from: 'RU', to: 'UA', lines: [{ tag: 'RU-X-0' }, { tag: '"RU-X-1' }] }),
    400,
    '/lines/1/tag',
  ],
  [
    'a manifest with a lower-case party',
    'ru',
    SCHEDULED,
    'manifests',
    () => ({ from: 'ru', to: 'UA', lines: lines(1) }),
    400,
    '/from',
  ],
  [
    'a manifest listing a tag twice',
    'ru',
    SCHEDULED,
    'manifests',
    () => ({ from: 'RU', to: 'UA', lines: [{ tag: 'A' }, { tag: 'B' }, { tag: 'A' }] }),
    400,
    '/lines/2/tag',
  ],
  [
    "a manifest of RU sent by UA's liaison",
    'ua',
    SCHEDULED,
    'manifests',
    () => ({ from: 'RU', to: 'UA', lines: lines(1) }),
    403,
    'A liaison of UA cannot act for RU.',
  ],
  [
    'an acknowledgement of a manifest never sent',
    'ua',
    SCHEDULED,
    'manifests/RU/UA/1/acknowledgement',
    () => ({}),
    409,
    'No manifest has been submitted for this direction.',
  ],
  [
    'an acknowledgement of a version that is not a number',
    'ua',
    SCHEDULED,
    'manifests/RU/UA/first/acknowledgement',
    () => ({}),
    404,
    'No such manifest.',
  ],
  [
    'opening a day whose manifests are not acknowledged',
    'field',
    SCHEDULED,
    'opening',
    () => ({}),
    409,
    /^The manifest from RU to UA is not acknowledged by the receiver/,
  ],
  [
    'a negative count',
    'field',
    OPEN,
    'counts',
    () => ({ from: 'RU', to: 'UA', source: 'INTERMEDIARY', count: -1 }),
    400,
    '/count',
  ],
  [
    'a huge count',
    'field',
    OPEN,
    'counts',
    () => ({ from: 'RU', to: 'UA', source: 'INTERMEDIARY', count: 10_000_000 }),
    400,
    '/count',
  ],
  [
    'a count given as text',
    'field',
    OPEN,
    'counts',
    () => ({ from: 'RU', to: 'UA', source: 'INTERMEDIARY', count: '3' }),
    400,
    '/count',
  ],
  [
    'a fractional count',
    'field',
    OPEN,
    'counts',
    () => ({ from: 'RU', to: 'UA', source: 'INTERMEDIARY', count: 2.5 }),
    400,
    '/count',
  ],
  [
    'a count from an unknown source',
    'field',
    OPEN,
    'counts',
    () => ({ from: 'RU', to: 'UA', source: 'GUESS', count: 3 }),
    400,
    '/source',
  ],
  [
    'a count without its direction',
    'field',
    OPEN,
    'counts',
    () => ({ from: 'RU', source: 'INTERMEDIARY', count: 3 }),
    400,
    '/to',
  ],
  [
    'a count that differs from the one recorded',
    'field',
    OPEN,
    'counts',
    () => ({ from: 'RU', to: 'UA', source: 'INTERMEDIARY', count: 4 }),
    409,
    /^The intermediary count is already recorded as 3; counts are attested, not overwritten/,
  ],
  [
    "a sender count by the receiver's liaison",
    'ua',
    OPEN,
    'counts',
    () => ({ from: 'RU', to: 'UA', source: 'SENDER', count: 3 }),
    403,
    'A liaison of UA cannot act for RU.',
  ],
  [
    'an intermediary count by a coordinator',
    'coordinator',
    OPEN,
    'counts',
    () => ({ from: 'RU', to: 'UA', source: 'INTERMEDIARY', count: 3 }),
    403,
    /needs the role PARTY_LIAISON or FIELD_STAFF/,
  ],
  [
    'an intermediary count by a liaison',
    'ru',
    OPEN,
    'counts',
    () => ({ from: 'RU', to: 'UA', source: 'INTERMEDIARY', count: 3 }),
    403,
    "The intermediary's count is recorded by its field staff.",
  ],
  [
    'a count on a direction not planned',
    'field',
    OPEN,
    'counts',
    () => ({ from: 'RU', to: 'BY', source: 'INTERMEDIARY', count: 3 }),
    409,
    'No transfer from RU to BY is planned for this day.',
  ],
  ['a receipt of no tags', 'ua', OPEN, 'receipts', () => ({ from: 'RU', to: 'UA', tags: [] }), 400, '/tags'],
  [
    'a receipt of a tag with a curly quote',
    'ua',
    OPEN,
    'receipts',
    () => ({ from: 'RU', to: 'UA', tags: [`${ruTags(OPEN)[1]}\u201D`] }),
    400,
    '/tags/0',
  ],
  [
    'a receipt of 2,001 tags',
    'ua',
    OPEN,
    'receipts',
    () => ({ from: 'RU', to: 'UA', tags: lines(2_001).map((l) => l.tag) }),
    400,
    '/tags',
  ],
  [
    'a receipt listing a tag twice, never received before',
    'ua',
    OPEN,
    'receipts',
    () => ({ from: 'RU', to: 'UA', tags: [ruTags(OPEN)[1], ruTags(OPEN)[2], ruTags(OPEN)[1]] }),
    400,
    '/tags/2',
  ],
  [
    'a receipt of a tag already received',
    'ua',
    OPEN,
    'receipts',
    () => ({ from: 'RU', to: 'UA', tags: [ruTags(OPEN)[0]] }),
    409,
    `Already received: ${ruTags(OPEN)[0]}.`,
  ],
  ['a sign-off without a party', 'ru', OPEN, 'sign-offs', () => ({}), 400, '/party'],
  [
    'a sign-off for the other party',
    'ru',
    OPEN,
    'sign-offs',
    () => ({ party: 'UA' }),
    403,
    'A liaison of RU cannot act for UA.',
  ],
  [
    'a sign-off before all counts',
    'ru',
    OPEN,
    'sign-offs',
    () => ({ party: 'RU' }),
    409,
    'The day can be signed off once all three counts of every direction are recorded.',
  ],
  [
    'a postponement to a date that is not one',
    'coordinator',
    SCHEDULED,
    'postponement',
    () => ({ newDate: '30/06/2025', reason: 'r' }),
    400,
    '/newDate',
  ],
  [
    'a postponement of an open day',
    'coordinator',
    OPEN,
    'postponement',
    () => ({ newDate: '2025-06-16', reason: 'r' }),
    409,
    'A day that is in progress cannot be postponed.',
  ],
  ['a refusal without a reason', 'ua', SCHEDULED, 'refusal', () => ({}), 400, '/reason'],
  [
    'a refusal of an open day',
    'ua',
    OPEN,
    'refusal',
    () => ({ reason: 'r' }),
    409,
    'Only a day not yet opened can be refused.',
  ],
  ['an abort without a body', 'coordinator', OPEN, 'abort', () => undefined, 400, '/reason'],
  [
    'a day never scheduled',
    'coordinator',
    '2025-06-15',
    'abort',
    () => ({ reason: 'r' }),
    404,
    /^No handover day 2025-06-15 in operation /,
  ],
  [
    'a day that is not a date',
    'coordinator',
    'tomorrow',
    'abort',
    () => ({ reason: 'r' }),
    404,
    /^No handover day tomorrow in operation /,
  ],
  [
    'an unknown operation',
    'coordinator',
    OPEN,
    '/api/operations/NO-SUCH-OP/handovers/2025-06-07/abort',
    () => ({ reason: 'r' }),
    404,
    'No such operation.',
  ],
  ['an action that does not exist', 'field', OPEN, 'celebration', () => ({}), 404, /^No route for POST /],
  [
    'a day action by a party not in the operation',
    'by',
    OPEN,
    'refusal',
    () => ({ reason: 'r' }),
    404,
    'No such operation.',
  ],
];

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
