import type { Role } from '../../workflows/shared/domain';
import { handoverWorkflowId, operationWorkflowId } from '../../workflows/shared/ids';
import { operationStateQuery } from '../../workflows/operation/messages';
import { june2025Agreement } from '../helpers/fixtures';
import { unique } from '../helpers/stack';
import {
  EVERYONE,
  EXCHANGE_POINT,
  PEOPLE,
  confirmedOperation,
  createOperation,
  dayPath,
  eventually,
  expectProblem,
  expectRefusal,
  runWorkersAcross,
  opPath,
  refusalStatus,
  scheduleDay,
  settledSnapshot,
  snapshot,
  useApiWorld,
  type Who,
  type World,
} from './support';

const w = useApiWorld();

const phaseOf = async (reference: string) =>
  (await w.stack.db.repatriationOperation.findUniqueOrThrow({ where: { reference } })).phase;
const scheduleBody = (date: string) => ({
  date,
  exchangePoint: EXCHANGE_POINT,
  transfers: [
    { from: 'RU', to: 'UA', plannedCount: 3 },
    { from: 'UA', to: 'RU', plannedCount: 2 },
  ],
});

/** An operation in progress whose only day was refused: its handover phase can end. */
async function operationReadyToComplete(): Promise<string> {
  const reference = await confirmedOperation(w);
  await scheduleDay(w, reference, '2025-06-11');
  await w.post('ua', `${dayPath(reference, '2025-06-11')}/refusal`, { reason: 'no convoy' }).expect(200);
  await eventually(
    () => phaseOf(reference),
    (p) => p === 'IN_PROGRESS',
  );
  // The refusal reaches the operation by a signal from the day: wait until the operation knows it.
  await eventually(
    () => w.stack.client.workflow.getHandle(operationWorkflowId(reference)).query(operationStateQuery),
    (state) => state.handovers['2025-06-11']?.status === 'REFUSED',
  );
  return reference;
}

describe('operation actions, done by the right person', () => {
  it('when each liaison confirms the terms, then each confirmation is recorded with its liaison and the operation is preparing', async () => {
    await w.stack.withWorker(async () => {
      const reference = await createOperation(w);
      const first = await w.post('ru', `${opPath(reference)}/confirmations`, { version: 1 }).expect(200);
      expect(first.body).toMatchObject({
        phase: 'PLANNED',
        confirmations: { RU: 'liaison-ru-1' },
        termsConfirmed: false,
      });
      const second = await w.post('ua', `${opPath(reference)}/confirmations`, { version: 1 }).expect(200);
      expect(second.body).toMatchObject({ phase: 'PREPARING', termsConfirmed: true });
      const agreement = await w.stack.db.agreement.findFirstOrThrow({
        where: { operation: { reference }, version: 1 },
        include: { confirmations: true },
      });
      expect(agreement.confirmations.map((c) => [c.partyCode, c.confirmedBy]).sort()).toEqual([
        ['RU', 'liaison-ru-1'],
        ['UA', 'liaison-ua-1'],
      ]);
      expect(await phaseOf(reference)).toBe('PREPARING');
    });
  });

  it('when the coordinator amends the agreement, then version 2 is recorded and both parties must confirm again', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const agreement = { ...june2025Agreement(reference).agreement, venue: 'Minsk' };
      const res = await w.post('coordinator', `${opPath(reference)}/amendments`, { agreement }).expect(200);
      expect(res.body).toMatchObject({ agreementVersion: 2, confirmations: {}, termsConfirmed: false });
      const versions = await w.stack.db.agreement.findMany({
        where: { operation: { reference } },
        orderBy: { version: 'asc' },
      });
      expect(versions.map((v) => [v.version, v.venue])).toEqual([
        [1, 'Istanbul'],
        [2, 'Minsk'],
      ]);
      // A handover waits for the amended terms to be confirmed.
      const refused = await w
        .post('coordinator', `${opPath(reference)}/handovers`, scheduleBody('2025-06-11'))
        .expect(409);
      expect(refused.body.detail).toBe('Both parties must confirm agreement version 2 first.');
    });
  });

  it('when the coordinator schedules a day, then it is 201 with its link and the day is recorded in PostgreSQL', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const res = await w.post('coordinator', `${opPath(reference)}/handovers`, scheduleBody('2025-06-11')).expect(201);
      const self = `/api/operations/${reference}/handovers/2025-06-11`;
      expect(res.body).toEqual({ workflowId: handoverWorkflowId(reference, '2025-06-11'), links: { self } });
      expect(res.headers.location).toBe(self);
      const day = await eventually(
        () =>
          w.stack.db.handover.findUnique({ where: { workflowId: res.body.workflowId }, include: { transfers: true } }),
        (h) => h !== null,
      );
      expect(day!.transfers.map((t) => [t.fromParty, t.toParty, t.plannedCount]).sort()).toEqual([
        ['RU', 'UA', 3],
        ['UA', 'RU', 2],
      ]);
      const read = await w.get('ru', self).expect(200);
      expect(read.body).toMatchObject({ status: 'SCHEDULED', exchangePoint: EXCHANGE_POINT });
    });
  });

  it('when the coordinator suspends and resumes, then the phase and its reason are recorded each time', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const suspended = await w
        .post('coordinator', `${opPath(reference)}/suspension`, { reason: 'shelling near the exchange point' })
        .expect(200);
      expect(suspended.body).toMatchObject({ phase: 'SUSPENDED', phaseReason: 'shelling near the exchange point' });
      expect(await phaseOf(reference)).toBe('SUSPENDED');
      const resumed = await w.post('coordinator', `${opPath(reference)}/resumption`).expect(200);
      expect(resumed.body.phase).toBe('PREPARING');
      expect(await phaseOf(reference)).toBe('PREPARING');
    });
  });

  it('when the coordinator ends the handover phase and then closes, then the operation is in follow-up, then closed', async () => {
    await w.stack.withWorker(async () => {
      const reference = await operationReadyToComplete();
      const done = await w.post('coordinator', `${opPath(reference)}/handover-completion`, {}).expect(200);
      expect(done.body.phase).toBe('FOLLOW_UP');
      expect(await phaseOf(reference)).toBe('FOLLOW_UP');
      const closed = await w.post('coordinator', `${opPath(reference)}/closure`).expect(200);
      expect(closed.body.phase).toBe('CLOSED');
      expect(await phaseOf(reference)).toBe('CLOSED');
      // Once its workflow has ended, an operation says how it ended rather than "not found".
      await eventually(
        () => w.stack.client.workflow.getHandle(operationWorkflowId(reference)).describe(),
        (d) => d.status.name === 'COMPLETED',
      );
      const late = await w.post('coordinator', `${opPath(reference)}/suspension`, { reason: 'r' });
      expectProblem(late, 409);
      expect(late.body.detail).toBe('The operation is closed; nothing more can be done on it.');
    });
  });

  it('when the coordinator aborts, then the operation is aborted with its reason', async () => {
    await w.stack.withWorker(async () => {
      const reference = await createOperation(w);
      const res = await w.post('coordinator', `${opPath(reference)}/abort`, { reason: 'talks broke down' }).expect(200);
      expect(res.body).toMatchObject({ phase: 'ABORTED', phaseReason: 'talks broke down' });
      expect(await phaseOf(reference)).toBe('ABORTED');
    });
  });
});

interface AccessRow {
  action: string;
  roles: Role[];
  allowed: Who[];
  setup: () => Promise<string>;
  call: (who: Who, reference: string) => ReturnType<World['post']>;
}

const post = (path: string, body?: object) => (who: Who, reference: string) =>
  w.post(who, `${opPath(reference)}/${path}`, body);
const confirmed = () => confirmedOperation(w);
const ACCESS: AccessRow[] = [
  {
    action: 'confirmations',
    roles: ['PARTY_LIAISON'],
    allowed: ['ru', 'ua'],
    setup: () => createOperation(w),
    call: post('confirmations', { version: 1 }),
  },
  {
    action: 'amendments',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: confirmed,
    call: (who, reference) =>
      w.post(who, `${opPath(reference)}/amendments`, {
        agreement: { ...june2025Agreement(reference).agreement, venue: 'Minsk' },
      }),
  },
  {
    action: 'handovers',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: confirmed,
    call: post('handovers', scheduleBody('2025-06-12')),
  },
  {
    action: 'suspension',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: confirmed,
    call: post('suspension', { reason: 'r' }),
  },
  {
    action: 'resumption',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: async () => {
      const reference = await confirmedOperation(w);
      await w.post('coordinator', `${opPath(reference)}/suspension`, { reason: 'r' }).expect(200);
      return reference;
    },
    call: post('resumption'),
  },
  {
    action: 'abort',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: confirmed,
    call: post('abort', { reason: 'r' }),
  },
  {
    action: 'handover-completion',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: operationReadyToComplete,
    call: post('handover-completion'),
  },
  {
    action: 'closure',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: async () => {
      const reference = await operationReadyToComplete();
      await w.post('coordinator', `${opPath(reference)}/handover-completion`).expect(200);
      return reference;
    },
    call: post('closure'),
  },
];

describe('who may do what, per role and party', () => {
  it.each(ACCESS.map((row) => [row.action, row] as const))(
    'when each of the eight tokens tries %s, then only the allowed succeed and the others change nothing',
    async (_action, row) => {
      await w.stack.withWorker(async () => {
        const reference = await row.setup();
        const before = await settledSnapshot(w, reference);
        for (const who of EVERYONE.filter((x) => !row.allowed.includes(x))) {
          const res = await row.call(who, reference);
          expectProblem(res, refusalStatus(who, row.roles));
          if (!row.roles.includes(PEOPLE[who].role)) expect(res.body.detail).toMatch(/^This action needs the role /);
        }
        expect(await snapshot(w, reference)).toEqual(before);
        for (const who of row.allowed) {
          const res = await row.call(who, reference);
          expect([200, 201]).toContain(res.status);
        }
      });
    },
  );
});

describe('bad requests change nothing', () => {
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

  // Every test of this block acts on its one operation (or makes its own): the workers run across the block.
  let stopWorkers: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    stopWorkers = await runWorkersAcross(w);
    reference = await confirmedOperation(w);
  });
  afterAll(() => stopWorkers?.());

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

describe('documentation', () => {
  it('when /openapi.json is read, then every operation and handover-day action is described with its body', async () => {
    const res = await w.get('observer', '/openapi.json').expect(200);
    const op = '/api/operations/{reference}';
    const day = `${op}/handovers/{date}`;
    const actions = [
      ...[
        'confirmations',
        'amendments',
        'handovers',
        'suspension',
        'resumption',
        'abort',
        'handover-completion',
        'closure',
      ].map((a) => `${op}/${a}`),
      ...[
        'manifests',
        'manifests/{from}/{to}/{version}/acknowledgement',
        'opening',
        'counts',
        'receipts',
        'sign-offs',
        'postponement',
        'refusal',
        'abort',
      ].map((a) => `${day}/${a}`),
    ];
    for (const path of actions) {
      expect(res.body.paths[path]?.post?.requestBody).toBeDefined();
      expect(res.body.paths[path].post.responses).toHaveProperty('403');
    }
    expect(res.body.paths[day].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['reference', 'date', 'include']),
    );
    const manifest = res.body.paths[`${day}/manifests`].post.requestBody.content['application/json'].schema;
    expect(manifest.properties.lines.maxItems).toBe(10_000);
  });
});
