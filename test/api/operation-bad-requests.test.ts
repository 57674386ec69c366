import { june2025Agreement } from '../helpers/fixtures';
import { unique } from '../helpers/stack';
import {
  confirmedOperation,
  createOperation,
  expectProblem,
  expectRefusal,
  useWorkersAcross,
  opPath,
  settledSnapshot,
  snapshot,
  useApiWorld,
  type Who,
} from './support';
import { operationHelpers } from './operation-support';

const w = useApiWorld();
const { scheduleBody } = operationHelpers(w);

// The operation every case of the table acts on (made once, before them).
let reference: string;
const agreement = () => june2025Agreement(reference).agreement;
// [case, who, path under the operation (or absolute), body, status, expected pointer or detail]
const BAD: Array<[string, Who, string, () => unknown, number, string | RegExp]> = [
  ['a confirmation without a body', 'ru', 'confirmations', () => undefined, 400, '/version'],
  ['a confirmation with a text version', 'ru', 'confirmations', () => ({ version: '1' }), 400, '/version'],
  ['a confirmation of version 0', 'ru', 'confirmations', () => ({ version: 0 }), 400, '/version'],
  [
    'a confirmation of a version that is not current',
    'ru',
    'confirmations',
    () => ({ version: 2 }),
    409,
    'Version 2 is not the current agreement (version 1 is); confirm the current one.',
  ],
  [
    'an amendment with a reversed window',
    'coordinator',
    'amendments',
    () => ({ agreement: { ...agreement(), window: { start: '2025-06-16', end: '2025-06-07' } } }),
    400,
    '/agreement/window/end',
  ],
  ['an amendment without the agreement', 'coordinator', 'amendments', () => ({}), 400, '/agreement'],
  [
    'an amendment that changes a party',
    'coordinator',
    'amendments',
    () => ({
      agreement: {
        ...agreement(),
        parties: [
          { code: 'RU', name: 'Russia' },
          { code: 'BY', name: 'Belarus' },
        ],
        plannedTransfers: [{ from: 'RU', to: 'BY', count: 1 }],
      },
    }),
    409,
    'An amendment cannot change the parties.',
  ],
  [
    'a day that is not a date',
    'coordinator',
    'handovers',
    () => ({ ...scheduleBody('2025-06-11'), date: '11/06/2025' }),
    400,
    '/date',
  ],
  [
    'a day outside the window',
    'coordinator',
    'handovers',
    () => scheduleBody('2025-07-01'),
    409,
    '2025-07-01 is outside the agreed window (2025-06-07 to 2025-06-16).',
  ],
  [
    'an exchange point not agreed',
    'coordinator',
    'handovers',
    () => ({ ...scheduleBody('2025-06-11'), exchangePoint: 'Somewhere else' }),
    409,
    'Somewhere else is not an agreed exchange point.',
  ],
  [
    'a negative planned count',
    'coordinator',
    'handovers',
    () => ({ ...scheduleBody('2025-06-11'), transfers: [{ from: 'RU', to: 'UA', plannedCount: -1 }] }),
    400,
    '/transfers/0/plannedCount',
  ],
  [
    'a huge planned count',
    'coordinator',
    'handovers',
    () => ({ ...scheduleBody('2025-06-11'), transfers: [{ from: 'RU', to: 'UA', plannedCount: 1e12 }] }),
    400,
    '/transfers/0/plannedCount',
  ],
  [
    'a transfer to the same party',
    'coordinator',
    'handovers',
    () => ({ ...scheduleBody('2025-06-11'), transfers: [{ from: 'RU', to: 'RU', plannedCount: 1 }] }),
    409,
    'A transfer must go from one party to the other (RU to RU does not).',
  ],
  [
    'a field the API does not know',
    'coordinator',
    'handovers',
    () => ({ ...scheduleBody('2025-06-11'), by: 'liaison-ru-1' }),
    400,
    '(root)',
  ],
  ['a suspension without a reason', 'coordinator', 'suspension', () => ({}), 400, '/reason'],
  ['an abort with a blank reason', 'coordinator', 'abort', () => ({ reason: '   ' }), 400, '/reason'],
  [
    'a resumption of an operation not suspended',
    'coordinator',
    'resumption',
    () => ({}),
    409,
    'The operation is not suspended.',
  ],
  [
    'ending the handovers before any began',
    'coordinator',
    'handover-completion',
    () => ({}),
    409,
    'Only an operation in progress can end its handover phase.',
  ],
  [
    'a closure before follow-up',
    'coordinator',
    'closure',
    () => ({}),
    409,
    'Only an operation in follow-up can be closed.',
  ],
  ['a resumption with a body field', 'coordinator', 'resumption', () => ({ reason: 'x' }), 400, '(root)'],
  [
    'an action on an unknown operation',
    'coordinator',
    '/api/operations/NO-SUCH-OP/suspension',
    () => ({ reason: 'r' }),
    404,
    'No such operation.',
  ],
  ['an action that does not exist', 'coordinator', 'celebration', () => ({}), 404, /No route for POST/],
  [
    'a confirmation by a party not in the operation',
    'by',
    'confirmations',
    () => ({ version: 1 }),
    404,
    'No such operation.',
  ],
  [
    'a confirmation by forensic staff',
    'forensic',
    'confirmations',
    () => ({ version: 1 }),
    403,
    'This action needs the role PARTY_LIAISON; your token has FORENSIC.',
  ],
];

describe('bad requests change nothing', () => {
  // Every test of this block acts on its one operation (or makes its own): the workers run across the block.
  useWorkersAcross(w);
  beforeAll(async () => {
    reference = await confirmedOperation(w);
  });

  it.each(BAD)(
    'when %s, then the answer explains it and nothing changes',
    async (_case, who, path, body, status, expected) => {
      const before = await settledSnapshot(w, reference);
      const url = path.startsWith('/') ? path : `${opPath(reference)}/${path}`;
      const payload = body();
      const res = await w.post(who, url, payload === undefined ? undefined : (payload as object));
      expectRefusal(res, status, expected);
      expect(await snapshot(w, reference)).toEqual(before);
    },
  );

  it('when a schedule is repeated with the same Idempotency-Key, then the first answer comes back and one day exists; another body with it is a 422', async () => {
    const key = unique('key-schedule');
    const path = `${opPath(reference)}/handovers`;
    const first = await w.post('coordinator', path, scheduleBody('2025-06-09'), key).expect(201);
    const again = await w.post('coordinator', path, scheduleBody('2025-06-09'), key).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const before = await settledSnapshot(w, reference);
    const reused = await w.post('coordinator', path, scheduleBody('2025-06-10'), key);
    expectProblem(reused, 422);
    expect(reused.body.detail).toBe('This key was already used for a different request.');
    expect(await snapshot(w, reference)).toEqual(before);
    expect(await w.stack.db.handover.count({ where: { operation: { reference } } })).toBe(1);
    // Without the key, the same schedule is a second request, refused by the workflow.
    const twice = await w.post('coordinator', path, scheduleBody('2025-06-09'));
    expectProblem(twice, 409);
    expect(twice.body.detail).toBe('A handover is already scheduled for 2025-06-09.');
  });

  it('when a confirmation is sent twice with the same Idempotency-Key after the terms changed, then the first answer is replayed', async () => {
    const other = await createOperation(w);
    const key = unique('key-confirm');
    const first = await w.post('ru', `${opPath(other)}/confirmations`, { version: 1 }, key).expect(200);
    const agreement = { ...june2025Agreement(other).agreement, venue: 'Minsk' };
    await w.post('coordinator', `${opPath(other)}/amendments`, { agreement }).expect(200);
    const replay = await w.post('ru', `${opPath(other)}/confirmations`, { version: 1 }, key).expect(200);
    expect(replay.body).toEqual(first.body);
    // The replay did not confirm anything new: version 2 stays unconfirmed.
    const v2 = await w.stack.db.agreement.findFirstOrThrow({
      where: { operation: { reference: other }, version: 2 },
      include: { confirmations: true },
    });
    expect(v2.confirmations).toEqual([]);
  });
});
