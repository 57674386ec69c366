import { recorded } from '../helpers/workflow';
import type { Role } from '../../workflows/shared/domain';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import { unique } from '../helpers/stack';
import {
  EVERYONE,
  PEOPLE,
  confirmedOperation,
  dayPath,
  expectProblem,
  useWorkersAcross,
  openedDay,
  refusalStatus,
  ruTags,
  scheduleDay,
  settledSnapshot,
  snapshot,
  uaTags,
  useApiWorld,
  type Who,
  type World,
} from './support';
import { useFreshDays } from './fresh-days';

const w = useApiWorld();

/** The day's field reports as PostgreSQL holds them. */
const reportsOf = async (reference: string, date: string) => {
  await recorded(w.stack.client.workflow.getHandle(handoverWorkflowId(reference, date)));
  return w.stack.db.handover.findUniqueOrThrow({
    where: { workflowId: handoverWorkflowId(reference, date) },
    select: {
      spotChecks: { orderBy: { tag: 'asc' } },
      incidents: { orderBy: { sequence: 'asc' } },
      discrepancies: { orderBy: { key: 'asc' } },
    },
  });
};

/** Everything a refused report could have changed: the operation's records and states, and the day's field reports. */
const everything = async (reference: string, date: string) => ({
  world: await snapshot(w, reference),
  reports: JSON.parse(JSON.stringify(await reportsOf(reference, date))),
});

/** Each test's days come from an operation of its own (./fresh-days.ts). */
const freshDay = useFreshDays(w);

const spotCheckBody = (date: string, i = 0, sealIntact = true) => ({
  direction: { from: 'RU', to: 'UA' },
  tag: ruTags(date)[i],
  sealIntact,
});

describe('field reports through the API', () => {
  it('when field staff spot-check containers and report incidents, then each is recorded in PostgreSQL with who made it', async () => {
    await w.stack.withWorker(async () => {
      const { reference, date } = await freshDay();
      const path = dayPath(reference, date);
      await openedDay(w, reference, date);

      const intact = await w
        .post('field', `${path}/spot-checks`, { ...spotCheckBody(date, 0), note: 'seal 4471 ok' })
        .expect(201);
      expect(intact.body).toEqual({ direction: { from: 'RU', to: 'UA' }, tag: ruTags(date)[0], sealIntact: true });
      const broken = await w
        .post('field', `${path}/spot-checks`, {
          direction: { from: 'UA', to: 'RU' },
          tag: uaTags(date)[1],
          sealIntact: false,
        })
        .expect(201);
      expect(broken.body).toEqual({
        direction: { from: 'UA', to: 'RU' },
        tag: uaTags(date)[1],
        sealIntact: false,
        discrepancy: `BROKEN_SEAL:UA>RU:${uaTags(date)[1]}`,
      });

      const delay = await w.post('field', `${path}/incidents`, { kind: 'DELAY', note: 'convoy late 2h' }).expect(201);
      expect(delay.body).toEqual({ sequence: 1, kind: 'DELAY' });
      const security = await w
        .post('coordinator', `${path}/incidents`, { kind: 'SECURITY', note: 'shelling 3 km east' })
        .expect(201);
      expect(security.body).toEqual({ sequence: 2, kind: 'SECURITY' });

      const rows = await reportsOf(reference, date);
      expect(rows.spotChecks.map((c) => [c.fromParty, c.toParty, c.tag, c.sealIntact, c.note, c.checkedBy])).toEqual([
        ['RU', 'UA', ruTags(date)[0], true, 'seal 4471 ok', 'field-1'],
        ['UA', 'RU', uaTags(date)[1], false, null, 'field-1'],
      ]);
      expect(rows.incidents.map((i) => [i.sequence, i.kind, i.note, i.reportedBy])).toEqual([
        [1, 'DELAY', 'convoy late 2h', 'field-1'],
        [2, 'SECURITY', 'shelling 3 km east', 'coordinator-1'],
      ]);
      expect(rows.discrepancies.map((d) => [d.key, d.kind, d.status])).toEqual([
        [`${handoverWorkflowId(reference, date)}:BROKEN_SEAL:UA>RU:${uaTags(date)[1]}`, 'BROKEN_SEAL', 'OPEN'],
      ]);
      // The day's view shows the discrepancy to everyone who reads the day.
      const view = await w.get('ru', path).expect(200);
      expect(view.body.discrepancies.map((d: { kind: string }) => d.kind)).toEqual(['BROKEN_SEAL']);
    });
  });

  it('when a spot check is repeated with the same Idempotency-Key, then the first answer comes back and it is recorded once', async () => {
    await w.stack.withWorker(async () => {
      const { reference, date } = await freshDay();
      await openedDay(w, reference, date);
      const key = unique('key-spot');
      const path = `${dayPath(reference, date)}/spot-checks`;
      const first = await w.post('field', path, spotCheckBody(date, 1, false), key).expect(201);
      const again = await w.post('field', path, spotCheckBody(date, 1, false), key).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const rows = await reportsOf(reference, date);
      expect([rows.spotChecks.length, rows.discrepancies.length]).toEqual([1, 1]);
    });
  });
});

interface AccessRow {
  action: string;
  roles: Role[];
  allowed: Who[];
  call: (who: Who, path: string, date: string) => ReturnType<World['post']>;
}
const ACCESS: AccessRow[] = [
  {
    action: 'spot-check a container',
    roles: ['FIELD_STAFF'],
    allowed: ['field'],
    call: (who, path, date) => w.post(who, `${path}/spot-checks`, spotCheckBody(date)),
  },
  {
    action: 'report an incident',
    roles: ['FIELD_STAFF', 'COORDINATOR'],
    allowed: ['field', 'coordinator'],
    call: (who, path) => w.post(who, `${path}/incidents`, { kind: 'SECURITY', note: 'checkpoint closed' }),
  },
];

describe('who may report from the field, per role and party', () => {
  it.each(ACCESS.map((row) => [row.action, row] as const))(
    'when each of the eight tokens tries to %s, then only the intermediary allowed succeed and the others change nothing',
    async (_action, row) => {
      await w.stack.withWorker(async () => {
        const { reference, date } = await freshDay();
        await openedDay(w, reference, date);
        const path = dayPath(reference, date);
        const before = await settled(reference, date);
        for (const who of EVERYONE.filter((x) => !row.allowed.includes(x))) {
          const res = await row.call(who, path, date);
          // Liaisons (of RU, UA, or of BY, a party outside the operation), forensic staff and observers: refused by role.
          expect(refusalStatus(who, row.roles)).toBe(403);
          expectProblem(res, 403);
          expect(res.body.detail).toBe(
            `This action needs the role ${row.roles.join(' or ')}; your token has ${PEOPLE[who].role}.`,
          );
        }
        expect(await everything(reference, date)).toEqual(before);
        for (const [i, who] of row.allowed.entries()) {
          // Incidents are numbered, so a second person may report on the same day; spot checks need another tag.
          const res = await row.call(who, path, date);
          expect(res.status < 300 ? 'done' : `${who}: ${res.status} ${res.body.detail}`).toBe('done');
          if (row.action === 'report an incident') expect(res.body.sequence).toBe(i + 1);
        }
      });
    },
  );

  it('when field staff report on an operation their token cannot find, then it is a 404 and nothing is told about it', async () => {
    await w.stack.withWorker(async () => {
      const res = await w.post('field', '/api/operations/NO-SUCH-OP/handovers/2025-06-07/incidents', {
        kind: 'OTHER',
        note: 'x',
      });
      expectProblem(res, 404);
      expect(res.body.detail).toBe('No such operation.');
    });
  });
});

const settled = async (reference: string, date: string) => {
  await settledSnapshot(w, reference);
  return everything(reference, date);
};

/**
 * Bad reports, sent to the two days of the operation the block below sets up: one open (its first bag
 * already spot-checked) and one only scheduled.
 */
const OPEN = '2025-06-07';
const SCHEDULED = '2025-06-08';
const spot = (extra: object) => () => ({ ...spotCheckBody(OPEN, 2), ...extra });
// [case, who, day, action, body, status, pointer or detail]
const BAD: Array<[string, Who, string, string, () => object | undefined, number, string | RegExp]> = [
  ['a spot check without a direction', 'field', OPEN, 'spot-checks', spot({ direction: undefined }), 400, '/direction'],
  [
    'a spot check with a lower-case party',
    'field',
    OPEN,
    'spot-checks',
    spot({ direction: { from: 'ru', to: 'UA' } }),
    400,
    '/direction/from',
  ],
  ['a spot check with an empty tag', 'field', OPEN, 'spot-checks', spot({ tag: '' }), 400, '/tag'],
  ['a spot check with a 65-character tag', 'field', OPEN, 'spot-checks', spot({ tag: 'T'.repeat(65) }), 400, '/tag'],
  ['a seal given as text', 'field', OPEN, 'spot-checks', spot({ sealIntact: 'yes' }), 400, '/sealIntact'],
  ['a spot check without a seal', 'field', OPEN, 'spot-checks', spot({ sealIntact: undefined }), 400, '/sealIntact'],
  ['a note with a contact address', 'field', OPEN, 'spot-checks', spot({ note: 'ask x@y.org' }), 400, '/note'],
  ['a note with a phone number', 'field', OPEN, 'spot-checks', spot({ note: 'call 0671234567' }), 400, '/note'],
  ['a note of 201 characters', 'field', OPEN, 'spot-checks', spot({ note: 'n'.repeat(201) }), 400, '/note'],
  [
    'a spot check with an unknown field',
    'field',
    OPEN,
    'spot-checks',
    spot({ name: 'x' }),
    400,
    /Unrecognized key: "name"/,
  ],
  [
    'a spot check of a tag not on the day',
    'field',
    OPEN,
    'spot-checks',
    spot({ tag: 'RU-ELSEWHERE-1' }),
    409,
    'Tag RU-ELSEWHERE-1 is not part of this day.',
  ],
  [
    'a second spot check of the same tag',
    'field',
    OPEN,
    'spot-checks',
    () => spotCheckBody(OPEN, 0, false),
    409,
    `Tag ${ruTags(OPEN)[0]} has already been spot-checked.`,
  ],
  [
    'a spot check on a day not yet open',
    'field',
    SCHEDULED,
    'spot-checks',
    () => spotCheckBody(SCHEDULED),
    409,
    'Containers are spot-checked once the day is open.',
  ],
  [
    'a spot check on a direction not planned',
    'field',
    OPEN,
    'spot-checks',
    spot({ direction: { from: 'RU', to: 'BY' } }),
    409,
    'No transfer from RU to BY is planned for this day.',
  ],
  [
    'a spot check on a day never scheduled',
    'field',
    '2025-06-15',
    'spot-checks',
    () => spotCheckBody('2025-06-15'),
    404,
    /^No handover day 2025-06-15 in operation /,
  ],
  ['an incident of an unknown kind', 'field', OPEN, 'incidents', () => ({ kind: 'FIRE', note: 'x' }), 400, '/kind'],
  ['an incident without a note', 'coordinator', OPEN, 'incidents', () => ({ kind: 'DELAY' }), 400, '/note'],
  ['an incident with a blank note', 'field', OPEN, 'incidents', () => ({ kind: 'DELAY', note: '  ' }), 400, '/note'],
  ['an incident without a body', 'field', OPEN, 'incidents', () => undefined, 400, '/kind'],
  [
    'an incident naming a passport number',
    'field',
    OPEN,
    'incidents',
    () => ({ kind: 'OTHER', note: 'passport 12345678' }),
    400,
    '/note',
  ],
];

describe('bad field reports change nothing', () => {
  let reference: string;

  // Every test of this block acts on its one operation: the workers run across the block.
  useWorkersAcross(w);
  beforeAll(async () => {
    reference = await confirmedOperation(w);
    await openedDay(w, reference, OPEN);
    await w.post('field', `${dayPath(reference, OPEN)}/spot-checks`, spotCheckBody(OPEN, 0)).expect(201);
    await scheduleDay(w, reference, SCHEDULED);
  });

  it.each(BAD)(
    'when %s, then the answer explains it and nothing changes',
    async (_case, who, date, sub, body, status, expected) => {
      const before = await settled(reference, OPEN);
      const res = await w.post(who, `${dayPath(reference, date)}/${sub}`, body());
      expectProblem(res, status);
      if (status === 400 && typeof expected === 'string') {
        expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(expected);
        expect(res.body.detail).toContain(expected);
        // Problem details name the rule, never the personal data sent.
        expect(JSON.stringify(res.body)).not.toMatch(/x@y\.org|0671234567|12345678/);
      } else if (typeof expected === 'string') {
        expect(res.body.detail).toBe(expected);
      } else {
        expect(res.body.detail).toMatch(expected);
      }
      expect(await everything(reference, OPEN)).toEqual(before);
    },
  );
});

describe('documentation', () => {
  it('when /openapi.json is read, then spot checks and incidents are described with their roles and bodies', async () => {
    const res = await w.get('observer', '/openapi.json').expect(200);
    const day = '/api/operations/{reference}/handovers/{date}';
    const spot = res.body.paths[`${day}/spot-checks`].post;
    const incident = res.body.paths[`${day}/incidents`].post;
    expect(spot.description).toMatch(/^Roles: FIELD_STAFF\. /);
    expect(incident.description).toMatch(/^Roles: FIELD_STAFF, COORDINATOR\. /);
    for (const op of [spot, incident])
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['201', '400', '403', '404', '409']));
    const body = spot.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['direction', 'tag', 'sealIntact']));
    expect(body.properties.note.maxLength).toBe(200);
    expect(incident.requestBody.content['application/json'].schema.properties.kind.enum).toEqual([
      'SECURITY',
      'DELAY',
      'EQUIPMENT',
      'OTHER',
    ]);
  });
});
