import { recorded } from '../helpers/workflow';
import type { Role } from '../../workflows/shared/domain';
import { PEOPLE_ROLES } from '../../src/api/endpoint';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import { unique } from '../helpers/stack';
import {
  DAYS,
  EVERYONE,
  PEOPLE,
  acknowledge,
  confirmedOperation,
  countedDay,
  dayPath,
  eventually,
  expectProblem,
  expectRefusal,
  runWorkersAcross,
  openedDay,
  readyDay,
  refusalStatus,
  ruTags,
  scheduleDay,
  settledSnapshot,
  snapshot,
  submitManifest,
  uaTags,
  useApiWorld,
  type Who,
  type World,
} from './support';

const w = useApiWorld();

/** The day's row, once PostgreSQL holds all the day answered. */
const handoverRow = async (reference: string, date: string) => {
  await recorded(w.stack.client.workflow.getHandle(handoverWorkflowId(reference, date)));
  return w.stack.db.handover.findUniqueOrThrow({
    where: { workflowId: handoverWorkflowId(reference, date) },
    include: { counts: true, signOffs: true, manifests: true, containers: true, discrepancies: true },
  });
};

/**
 * Days are handed out one at a time, from an operation of the test's own: an
 * operation left with work pending by a previous test's worker would wait out
 * Temporal's sticky-queue timeout (10 s) on the next worker.
 */
let current: { reference: string; next: number } | undefined;
beforeEach(() => {
  current = undefined;
});
async function freshDay(): Promise<{ reference: string; date: string }> {
  if (!current || current.next >= DAYS.length) current = { reference: await confirmedOperation(w), next: 0 };
  return { reference: current.reference, date: DAYS[current.next++] };
}

describe('a handover day through the API', () => {
  it('when manifests, opening, receipts, counts and sign-offs are sent by their people, then every record names who made it', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const date = '2025-06-11';
      const path = dayPath(reference, date);
      await scheduleDay(w, reference, date);

      const manifest = await w
        .post('ru', `${path}/manifests`, {
          from: 'RU',
          to: 'UA',
          lines: ruTags(date).map((tag, i) => (i === 0 ? { tag, declaredAffiliation: 'UA armed forces' } : { tag })),
        })
        .expect(201);
      expect(manifest.body).toEqual({ version: 1 });
      await acknowledge(w, reference, date, 'RU');
      await submitManifest(w, reference, date, 'UA');
      const ack = await w.post('ru', `${path}/manifests/UA/RU/1/acknowledgement`, {}).expect(200);
      expect(ack.body).toEqual({ version: 1 });

      const opened = await w.post('coordinator', `${path}/opening`).expect(200);
      expect(opened.body).toMatchObject({ status: 'IN_PROGRESS', live: true });
      // Answers stay small: no tag lists unless asked for.
      expect(opened.body.directions[0].tags).toBeUndefined();

      const receipt = await w
        .post('ua', `${path}/receipts`, { from: 'RU', to: 'UA', tags: [...ruTags(date).slice(0, 2), 'RU-UNLISTED-1'] })
        .expect(200);
      expect(receipt.body).toEqual({ received: 2, extra: 1 });
      await w.post('ru', `${path}/receipts`, { from: 'UA', to: 'RU', tags: uaTags(date) }).expect(200);

      const counts: Array<[Who, string, string, string, number]> = [
        ['ru', 'RU', 'UA', 'SENDER', 3],
        ['ua', 'RU', 'UA', 'RECEIVER', 3],
        ['field', 'RU', 'UA', 'INTERMEDIARY', 3],
        ['ua', 'UA', 'RU', 'SENDER', 2],
        ['ru', 'UA', 'RU', 'RECEIVER', 2],
      ];
      for (const [who, from, to, source, count] of counts) {
        const res = await w.post(who, `${path}/counts`, { from, to, source, count }).expect(200);
        expect(res.body.status).toBe('IN_PROGRESS');
      }
      const last = await w
        .post('field', `${path}/counts`, { from: 'UA', to: 'RU', source: 'INTERMEDIARY', count: 2 })
        .expect(200);
      expect(last.body.status).toBe('COUNTS_RECORDED');

      const view = await w.get('observer', path).expect(200);
      expect(view.body).toMatchObject({
        operationReference: reference,
        dayKey: date,
        date,
        status: 'COUNTS_RECORDED',
        live: true,
        workflow: { id: handoverWorkflowId(reference, date), status: 'RUNNING' },
      });
      expect(view.body.workflow.url).toContain(encodeURIComponent(handoverWorkflowId(reference, date)));
      const ruUa = view.body.directions.find((d: { from: string }) => d.from === 'RU');
      expect(ruUa).toMatchObject({
        plannedCount: 3,
        manifest: {
          version: 1,
          status: 'ACKNOWLEDGED',
          lines: 3,
          submittedBy: 'liaison-ru-1',
          acknowledgedBy: 'liaison-ua-1',
        },
        counts: {
          SENDER: { count: 3, recordedBy: 'liaison-ru-1' },
          RECEIVER: { count: 3, recordedBy: 'liaison-ua-1' },
          INTERMEDIARY: { count: 3, recordedBy: 'field-1' },
        },
        received: 2,
        extra: 1,
        missing: 0,
      });
      expect(ruUa.tags).toBeUndefined();
      const withTags = await w.get('ua', `${path}?include=tags`).expect(200);
      expect(withTags.body.directions.find((d: { from: string }) => d.from === 'RU').tags).toEqual({
        manifest: ruTags(date),
        received: ruTags(date).slice(0, 2),
        extra: ['RU-UNLISTED-1'],
        missing: [],
      });

      await w.post('ru', `${path}/sign-offs`, { party: 'RU' }).expect(200);
      const signed = await w.post('ua', `${path}/sign-offs`, { party: 'UA' }).expect(200);
      expect(signed.body).toMatchObject({ status: 'SIGNED_OFF', signOffs: { RU: {}, UA: {} } });

      const row = await handoverRow(reference, date);
      expect(row.status).toBe('SIGNED_OFF');
      const by = Object.fromEntries(row.counts.map((c) => [`${c.fromParty}>${c.toParty}:${c.source}`, c.recordedBy]));
      expect(by).toEqual({
        'RU>UA:SENDER': 'liaison-ru-1',
        'RU>UA:RECEIVER': 'liaison-ua-1',
        'RU>UA:INTERMEDIARY': 'field-1',
        'UA>RU:SENDER': 'liaison-ua-1',
        'UA>RU:RECEIVER': 'liaison-ru-1',
        'UA>RU:INTERMEDIARY': 'field-1',
      });
      expect(row.signOffs.map((s) => [s.partyCode, s.signedBy]).sort()).toEqual([
        ['RU', 'liaison-ru-1'],
        ['UA', 'liaison-ua-1'],
      ]);
      expect(row.manifests.map((m) => [m.fromParty, m.submittedBy, m.acknowledgedBy]).sort()).toEqual([
        ['RU', 'liaison-ru-1', 'liaison-ua-1'],
        ['UA', 'liaison-ua-1', 'liaison-ru-1'],
      ]);
      expect(row.discrepancies.map((d) => d.kind).sort()).toEqual(['EXTRA_TAG', 'MISSING_TAG']);

      // Once the day's workflow has ended, the day is read from PostgreSQL alone.
      const handle = w.stack.client.workflow.getHandle(handoverWorkflowId(reference, date));
      await eventually(
        () => handle.describe(),
        (d) => d.status.name === 'COMPLETED',
      );
      const ended = await w.get('ru', path).expect(200);
      expect(ended.body).toMatchObject({
        status: 'SIGNED_OFF',
        live: false,
        workflow: { status: 'COMPLETED' },
        signOffs: { RU: { signedBy: 'liaison-ru-1' }, UA: { signedBy: 'liaison-ua-1' } },
      });
      const ended_ = ended.body.directions.find((d: { from: string }) => d.from === 'RU');
      expect(ended_).toMatchObject({
        received: 2,
        extra: 1,
        missing: 1,
        counts: { SENDER: { count: 3, recordedBy: 'liaison-ru-1' } },
      });
      const missing = ended.body.discrepancies.find((d: { kind: string }) => d.kind === 'MISSING_TAG');
      expect(missing.details).toEqual({ direction: { from: 'RU', to: 'UA' }, tagCount: 1 });
      const endedTags = await w.get('ru', `${path}?include=tags`).expect(200);
      expect(endedTags.body.directions.find((d: { from: string }) => d.from === 'RU').tags.missing).toEqual([
        ruTags(date)[2],
      ]);

      // A signed-off day takes no more counts, whether its workflow still runs or not.
      const late = await w.post('field', `${path}/counts`, { from: 'RU', to: 'UA', source: 'INTERMEDIARY', count: 4 });
      expectProblem(late, 409);
      expect(late.body.detail).toBe('The day is already signed off; nothing more can be recorded.');
    });
  });

  it('when the coordinator postpones a day, then its new date and reason are recorded and it keeps its name', async () => {
    await w.stack.withWorker(async () => {
      const { reference, date } = await freshDay();
      await scheduleDay(w, reference, date);
      const res = await w
        .post('coordinator', `${dayPath(reference, date)}/postponement`, { newDate: '2025-06-16', reason: 'weather' })
        .expect(200);
      expect(res.body).toMatchObject({
        status: 'POSTPONED',
        dayKey: date,
        date: '2025-06-16',
        statusReason: 'weather',
      });
      const row = await handoverRow(reference, date);
      expect([row.status, row.scheduledOn.toISOString().slice(0, 10), row.statusReason]).toEqual([
        'POSTPONED',
        '2025-06-16',
        'weather',
      ]);
    });
  });

  it('when a liaison refuses a day, then it is refused with its party and reason', async () => {
    await w.stack.withWorker(async () => {
      const { reference, date } = await freshDay();
      await scheduleDay(w, reference, date);
      const res = await w.post('ua', `${dayPath(reference, date)}/refusal`, { reason: 'route unsafe' }).expect(200);
      expect(res.body).toMatchObject({ status: 'REFUSED', statusReason: 'UA: route unsafe' });
      expect((await handoverRow(reference, date)).statusReason).toBe('UA: route unsafe');
    });
  });

  it('when the coordinator aborts an open day, then it is aborted with its reason', async () => {
    await w.stack.withWorker(async () => {
      const { reference, date } = await freshDay();
      await openedDay(w, reference, date);
      const res = await w
        .post('coordinator', `${dayPath(reference, date)}/abort`, { reason: 'ceasefire broken' })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'ABORTED', statusReason: 'ceasefire broken' });
      expect((await handoverRow(reference, date)).status).toBe('ABORTED');
    });
  });
});

interface DayAccessRow {
  action: string;
  roles: Role[];
  allowed: Who[];
  /** The allowed people act on the same day (reads); otherwise each gets a day of its own. */
  shared?: boolean;
  /** Prepares a day on which the allowed people can act. */
  setup: (reference: string, date: string) => Promise<unknown>;
  call: (who: Who, path: string) => ReturnType<World['post']>;
}

const post = (sub: string, body?: object) => (who: Who, path: string) => w.post(who, `${path}/${sub}`, body);
const schedule = (reference: string, date: string) => scheduleDay(w, reference, date);
const count = (source: string) => post('counts', { from: 'RU', to: 'UA', source, count: 3 });
const DAY_ACCESS: DayAccessRow[] = [
  {
    action: 'read the day',
    roles: [...PEOPLE_ROLES],
    // OPERATOR tokens open the codec server only; tracing officers work from missing-person cases, not the days.
    allowed: EVERYONE.filter((who) => who !== 'by' && who !== 'operator' && who !== 'tracing'),
    shared: true,
    setup: schedule,
    call: (who, path) => w.get(who, path),
  },
  {
    action: "submit RU's manifest",
    roles: ['PARTY_LIAISON'],
    allowed: ['ru'],
    setup: schedule,
    call: post('manifests', { from: 'RU', to: 'UA', lines: [{ tag: 'RU-1' }] }),
  },
  {
    action: "acknowledge RU's manifest",
    roles: ['PARTY_LIAISON'],
    allowed: ['ua'],
    setup: async (reference, date) => {
      await schedule(reference, date);
      await submitManifest(w, reference, date, 'RU');
    },
    call: post('manifests/RU/UA/1/acknowledgement'),
  },
  {
    action: 'open the day',
    roles: ['FIELD_STAFF', 'COORDINATOR'],
    allowed: ['field', 'coordinator'],
    setup: (reference, date) => readyDay(w, reference, date),
    call: post('opening'),
  },
  {
    action: 'declare the sender count',
    roles: ['PARTY_LIAISON', 'FIELD_STAFF'],
    allowed: ['ru'],
    setup: (r, d) => openedDay(w, r, d),
    call: count('SENDER'),
  },
  {
    action: 'record the receiver count',
    roles: ['PARTY_LIAISON', 'FIELD_STAFF'],
    allowed: ['ua'],
    setup: (r, d) => openedDay(w, r, d),
    call: count('RECEIVER'),
  },
  {
    action: 'record the intermediary count',
    roles: ['PARTY_LIAISON', 'FIELD_STAFF'],
    allowed: ['field'],
    setup: (r, d) => openedDay(w, r, d),
    call: count('INTERMEDIARY'),
  },
  {
    action: 'record receipts',
    roles: ['PARTY_LIAISON'],
    allowed: ['ua'],
    setup: (r, d) => openedDay(w, r, d),
    call: (who, path) =>
      w.post(who, `${path}/receipts`, { from: 'RU', to: 'UA', tags: [`RU-${path.slice(-10)}-00001`] }),
  },
  {
    action: 'sign off for RU',
    roles: ['PARTY_LIAISON'],
    allowed: ['ru'],
    setup: (r, d) => countedDay(w, r, d),
    call: post('sign-offs', { party: 'RU' }),
  },
  {
    action: 'sign off for UA',
    roles: ['PARTY_LIAISON'],
    allowed: ['ua'],
    setup: (r, d) => countedDay(w, r, d),
    call: post('sign-offs', { party: 'UA' }),
  },
  {
    action: 'postpone the day',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: schedule,
    call: post('postponement', { newDate: '2025-06-16', reason: 'weather' }),
  },
  {
    action: 'refuse the day',
    roles: ['PARTY_LIAISON'],
    allowed: ['ru', 'ua'],
    setup: schedule,
    call: post('refusal', { reason: 'route unsafe' }),
  },
  {
    action: 'abort the day',
    roles: ['COORDINATOR'],
    allowed: ['coordinator'],
    setup: schedule,
    call: post('abort', { reason: 'ceasefire broken' }),
  },
];

describe('who may do what on a day, per role and party', () => {
  it.each(DAY_ACCESS.map((row) => [row.action, row] as const))(
    'when each of the eight tokens tries to %s, then only the allowed succeed and the others change nothing',
    async (_action, row) => {
      await w.stack.withWorker(async () => {
        const { reference, date } = await freshDay();
        await row.setup(reference, date);
        const before = await settledSnapshot(w, reference);
        for (const who of EVERYONE.filter((x) => !row.allowed.includes(x))) {
          const res = await row.call(who, dayPath(reference, date));
          expectProblem(res, refusalStatus(who, row.roles));
          if (!row.roles.includes(PEOPLE[who].role)) expect(res.body.detail).toMatch(/^This action needs the role /);
        }
        expect(await snapshot(w, reference)).toEqual(before);
        for (const [i, who] of row.allowed.entries()) {
          // A second allowed person gets a day of its own, in the same state.
          let path = dayPath(reference, date);
          if (i > 0 && !row.shared) {
            const again = await freshDay();
            await row.setup(again.reference, again.date);
            path = dayPath(again.reference, again.date);
          }
          const res = await row.call(who, path);
          expect(res.status < 300 ? 'done' : `${who}: ${res.status} ${res.body.detail}`).toBe('done');
        }
      });
    },
  );
});

describe('bad requests on a day change nothing', () => {
  let reference: string;
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

  // Every test of this block acts on the one operation below: its workers run across the block.
  let stopWorkers: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    stopWorkers = await runWorkersAcross(w);
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
  afterAll(() => stopWorkers?.());

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
    const row = await handoverRow(reference, OPEN);
    expect(row.containers.filter((c) => c.tag === ruTags(OPEN)[1])).toHaveLength(1);
  });
});
