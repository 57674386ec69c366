import type { Role } from '../../workflows/shared/domain';
import { PEOPLE_ROLES } from '../../src/api/endpoint';
import {
  EVERYONE,
  PEOPLE,
  countedDay,
  dayPath,
  expectProblem,
  openedDay,
  readyDay,
  refusalStatus,
  scheduleDay,
  settledSnapshot,
  snapshot,
  submitManifest,
  useApiWorld,
  type Who,
  type World,
} from './support';
import { useFreshDays } from './fresh-days';

const w = useApiWorld();

/** Each test's days come from an operation of its own (./fresh-days.ts). */
const freshDay = useFreshDays(w);

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
