import fc from 'fast-check';
import request from 'supertest';
import { openApiDocument } from '../../src/api/openapi';
import { CASE_STEPS } from '../../src/api/case-schemas';
import { remainsCase } from '../../workflows/case';
import { caseStateQuery } from '../../workflows/case-messages';
import { stepRejection } from '../../workflows/case-rules';
import { caseWorkflowId } from '../../workflows/ids';
import { caseInput, seedContainers } from '../helpers/cases';
import { june2025Agreement } from '../helpers/fixtures';
import { eventually } from '../helpers/processes';
import { unique } from '../helpers/stack';
import {
  DAYS,
  EXCHANGE_POINT,
  confirmedOperation,
  dayPath,
  openWorld,
  openedDay,
  opPath,
  ruTags,
  scheduleDay,
  submitManifest,
  type Who,
  type World,
} from './support';

/**
 * Generated strings, numbers and shapes through every write route of the
 * OpenAPI document, on the real stack: each gets an answer (never a hang,
 * never a 5xx), and the day, operation or case it aimed at still accepts a
 * valid request afterwards. A route added to the API without a generator
 * here fails the first test.
 *
 * FUZZ_RUNS sets the generated requests per route (default 3, for CI); e.g.
 * `FUZZ_RUNS=200 npx jest test/api/write-routes.property.test.ts` for a long
 * run. FUZZ_SEED replays a run fast-check reported.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 3);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
// Not a speed figure: a request the API never answers (a wedged workflow) fails here instead of hanging the run.
const ANSWER_WITHIN_MS = 30_000;

jest.setTimeout(Math.max(300_000, RUNS * 20_000));

let w: World;
let stopWorker: () => void;
let worker: Promise<void>;
beforeAll(async () => {
  w = await openWorld();
  worker = w.stack.withWorker(() => new Promise<void>((resolve) => (stopWorker = resolve)));
});
afterAll(async () => {
  stopWorker?.();
  await worker;
  await w.stack.close();
});

// --- What a route aims at ----------------------------------------------------

type Kind = 'none' | 'operation' | 'bareDay' | 'scheduledDay' | 'openDay' | 'case' | 'casePair';
interface Target {
  kind: Kind;
  reference: string;
  date: string;
  caseNumber: string;
  /** A second case of the same party, to merge. */
  otherCaseNumber: string;
}

/**
 * Days are handed out from an operation's window, but for its last date,
 * which is where postponements go; a new operation when they are used up.
 */
const POSTPONED_TO = DAYS.at(-1)!;
const POOL = DAYS.filter((d) => d !== POSTPONED_TO);
let dayPool: { reference: string; next: number } | undefined;
async function freshDate(): Promise<{ reference: string; date: string }> {
  if (!dayPool || dayPool.next >= POOL.length) dayPool = { reference: await confirmedOperation(w), next: 0 };
  return { reference: dayPool.reference, date: POOL[dayPool.next++] };
}

async function openCase(): Promise<string> {
  const input = caseInput(await seedContainers(w.stack.db, 1));
  const handle = await w.stack.client.workflow.start(remainsCase, {
    taskQueue: w.stack.config.temporal.taskQueue,
    workflowId: caseWorkflowId(input.caseNumber),
    args: [input],
  });
  await eventually(async () => (await handle.query(caseStateQuery)).caseId, 'the opening record');
  return input.caseNumber;
}

const none = { reference: '', date: '', caseNumber: '', otherCaseNumber: '' };
async function createTarget(kind: Kind): Promise<Target> {
  switch (kind) {
    case 'none':
      return { kind, ...none };
    case 'operation':
      return { kind, ...none, reference: await confirmedOperation(w) };
    case 'bareDay':
    case 'scheduledDay': {
      const { reference, date } = await freshDate();
      await scheduleDay(w, reference, date);
      // The sender's manifest, for the receiver to acknowledge.
      if (kind === 'scheduledDay') await submitManifest(w, reference, date, 'RU');
      return { kind, ...none, reference, date };
    }
    case 'openDay': {
      const { reference, date } = await freshDate();
      await openedDay(w, reference, date);
      return { kind, ...none, reference, date };
    }
    case 'case':
      return { kind, ...none, caseNumber: await openCase() };
    case 'casePair':
      return { kind, ...none, caseNumber: await openCase(), otherCaseNumber: await openCase() };
  }
}

/** Shared targets, one per kind; a route whose success can end its target gets its own. */
const targets = new Map<string, Target>();
async function targetFor(key: string, kind: Kind): Promise<Target> {
  if (!targets.has(key)) targets.set(key, await createTarget(kind));
  return targets.get(key)!;
}

/** A valid request the target accepts in any state it can be in here: it still serves. */
async function expectStillServing(t: Target): Promise<void> {
  switch (t.kind) {
    case 'none': {
      await w.post('coordinator', '/api/operations', june2025Agreement(unique('fz'))).expect(201);
      return;
    }
    case 'operation': {
      const { body } = await w.get('coordinator', opPath(t.reference)).expect(200);
      await w.post('ru', `${opPath(t.reference)}/confirmations`, { version: body.agreement.version }).expect(200);
      return;
    }
    case 'bareDay':
    case 'scheduledDay':
    case 'openDay':
      await w.post('field', `${dayPath(t.reference, t.date)}/incidents`, { kind: 'OTHER', note: 'probe' }).expect(201);
      return;
    case 'case':
    case 'casePair': {
      const state = await w.stack.client.workflow.getHandle(caseWorkflowId(t.caseNumber)).query(caseStateQuery);
      const step = CASE_STEPS.find((s) => s !== 'RETURNED_TO_OTHER_PARTY' && !stepRejection(state, s));
      await w.post('forensic', `/api/cases/${t.caseNumber}/steps`, { step }).expect(200);
      return;
    }
  }
}

// --- The generators, one per write route --------------------------------------

interface RouteFuzz {
  who: Who;
  kind: Kind;
  /** A request body of the right shape (the state may still refuse it); the generators mutate it. */
  body: (t: Target) => unknown;
  /** Path parameters beyond reference, date and caseNumber. */
  params?: Record<string, string>;
  /** A success can end the target (abort, refusal, closure, a closing step): the route has targets of its own. */
  ends?: true;
}

const reason = { reason: 'road closed at the checkpoint' };
const FUZZ: Record<string, RouteFuzz> = {
  'POST /api/operations': { who: 'coordinator', kind: 'none', body: () => june2025Agreement(unique('fz')) },
  'POST /api/operations/{reference}/confirmations': { who: 'ua', kind: 'operation', body: () => ({ version: 1 }) },
  'POST /api/operations/{reference}/amendments': {
    who: 'coordinator',
    kind: 'operation',
    body: () => ({ agreement: june2025Agreement('x').agreement }),
  },
  'POST /api/operations/{reference}/handovers': {
    who: 'coordinator',
    kind: 'operation',
    body: () => ({
      date: DAYS[3],
      exchangePoint: EXCHANGE_POINT,
      transfers: [{ from: 'RU', to: 'UA', plannedCount: 3 }],
    }),
  },
  'POST /api/operations/{reference}/suspension': { who: 'coordinator', kind: 'operation', body: () => reason },
  'POST /api/operations/{reference}/resumption': { who: 'coordinator', kind: 'operation', body: () => ({}) },
  'POST /api/operations/{reference}/handover-completion': {
    who: 'coordinator',
    kind: 'operation',
    body: () => ({}),
  },
  'POST /api/operations/{reference}/closure': { who: 'coordinator', kind: 'operation', body: () => ({}), ends: true },
  'POST /api/operations/{reference}/abort': { who: 'coordinator', kind: 'operation', body: () => reason, ends: true },
  'POST /api/operations/{reference}/handovers/{date}/manifests': {
    who: 'ru',
    kind: 'scheduledDay',
    body: (t) => ({
      from: 'RU',
      to: 'UA',
      lines: ruTags(t.date).map((tag, i) => (i ? { tag } : { tag, declaredIdentity: { name: 'Unknown soldier' } })),
    }),
  },
  'POST /api/operations/{reference}/handovers/{date}/manifests/{from}/{to}/{version}/acknowledgement': {
    who: 'ua',
    kind: 'scheduledDay',
    params: { from: 'RU', to: 'UA', version: '1' },
    body: () => ({}),
  },
  'POST /api/operations/{reference}/handovers/{date}/opening': { who: 'field', kind: 'scheduledDay', body: () => ({}) },
  'POST /api/operations/{reference}/handovers/{date}/postponement': {
    who: 'coordinator',
    kind: 'scheduledDay',
    body: () => ({ newDate: POSTPONED_TO, ...reason }),
  },
  'POST /api/operations/{reference}/handovers/{date}/refusal': {
    who: 'ua',
    kind: 'bareDay',
    body: () => reason,
    ends: true,
  },
  'POST /api/operations/{reference}/handovers/{date}/abort': {
    who: 'coordinator',
    kind: 'bareDay',
    body: () => reason,
    ends: true,
  },
  'POST /api/operations/{reference}/handovers/{date}/counts': {
    who: 'ru',
    kind: 'openDay',
    body: () => ({ from: 'RU', to: 'UA', source: 'SENDER', count: 3 }),
  },
  'POST /api/operations/{reference}/handovers/{date}/receipts': {
    who: 'ua',
    kind: 'openDay',
    body: (t) => ({ from: 'RU', to: 'UA', tags: ruTags(t.date).slice(0, 2) }),
  },
  'POST /api/operations/{reference}/handovers/{date}/custody/take-overs': {
    who: 'field',
    kind: 'openDay',
    body: (t) => ({ from: 'RU', to: 'UA', tags: ruTags(t.date).slice(2, 3) }),
  },
  'POST /api/operations/{reference}/handovers/{date}/sign-offs': {
    who: 'ru',
    kind: 'openDay',
    body: () => ({ party: 'RU' }),
  },
  'POST /api/operations/{reference}/handovers/{date}/spot-checks': {
    who: 'field',
    kind: 'openDay',
    body: (t) => ({
      direction: { from: 'RU', to: 'UA' },
      tag: ruTags(t.date)[0],
      sealIntact: false,
      note: 'seal 4471',
    }),
  },
  'POST /api/operations/{reference}/handovers/{date}/incidents': {
    who: 'coordinator',
    kind: 'openDay',
    body: () => ({ kind: 'DELAY', note: 'convoy late' }),
  },
  'POST /api/cases/{caseNumber}/steps': {
    who: 'forensic',
    kind: 'case',
    body: () => ({ step: 'EXAMINED', reference: 'exam-0001' }),
    ends: true,
  },
  'POST /api/cases/{caseNumber}/split': { who: 'forensic', kind: 'case', body: () => ({ parts: 2 }), ends: true },
  'POST /api/cases/{caseNumber}/merge': {
    who: 'forensic',
    kind: 'casePair',
    body: (t) => ({ absorbedCaseNumber: t.otherCaseNumber }),
    ends: true,
  },
};

/** Every write route of the OpenAPI document, as "METHOD path". */
function writeRoutes(): string[] {
  const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
}

// Strings PostgreSQL or a reader cannot take, and the edges of every rule.
const NASTY = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\u202Egnp.exe',
  '\u0085',
  '\u001B[31m',
  'tab\there',
  'line\nbreak',
  ' ',
  '',
  '\uFFFE',
  '%00',
  '../../etc/passwd',
  'null',
  '😀'.repeat(40),
  'x'.repeat(1_001),
  'y'.repeat(70_000),
];
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const weirdString = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: codeUnit, maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
);
const weirdNumber = fc.oneof(
  fc.integer(),
  fc.constantFrom(-1, 0, 1.5, 1_000_001, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const weird: fc.Arbitrary<unknown> = fc.oneof(
  weirdString,
  weirdNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(weirdString, { maxLength: 3 }),
  fc.dictionary(weirdString, weirdString, { maxKeys: 3 }),
);

type Path = Array<string | number>;
/** Every position in a JSON value: the root, each member and element. */
function positions(value: unknown, at: Path = []): Path[] {
  const inner =
    value && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) => positions(v, [...at, Array.isArray(value) ? Number(k) : k]))
      : [];
  return [at, ...inner];
}
function replaced(value: unknown, at: Path, by: unknown, remove = false): unknown {
  if (at.length === 0) return remove ? undefined : by;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [head, ...rest] = at;
  if (remove && rest.length === 0) {
    if (Array.isArray(copy)) copy.splice(Number(head), 1);
    else delete copy[head];
  } else copy[head] = replaced(copy[head], rest, by, remove);
  return copy;
}

/** Bodies near the valid one (one place changed, added or removed), and anything at all. */
function bodies(valid: unknown): fc.Arbitrary<unknown> {
  const at = positions(valid);
  const members = at.filter((p) => p.length > 0);
  const place = fc.nat().map((i) => at[i % at.length]);
  return fc.oneof(
    { weight: 5, arbitrary: fc.tuple(place, weird).map(([p, v]) => replaced(valid, p, v)) },
    { weight: 1, arbitrary: fc.tuple(weirdString, weird).map(([k, v]) => ({ ...(valid as object), [k]: v })) },
    ...(members.length
      ? [{ weight: 1, arbitrary: fc.nat().map((i) => replaced(valid, members[i % members.length], undefined, true)) }]
      : []),
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

function pathOf(route: string, t: Target, params: Record<string, string> = {}, spoilt?: [number, string]): string {
  const values: Record<string, string> = {
    reference: t.reference,
    date: t.date,
    caseNumber: t.caseNumber,
    ...params,
  };
  const names = [...route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  if (spoilt && names.length) values[names[spoilt[0] % names.length]] = spoilt[1];
  return route.split(' ')[1].replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

function send(who: Who, path: string, body: unknown) {
  const req = request(w.app)
    .post(path)
    .auth(w.tokens[who], { type: 'bearer' })
    .timeout({ response: ANSWER_WITHIN_MS, deadline: ANSWER_WITHIN_MS });
  // undefined: no body at all; anything else as the JSON text a client would send.
  return body === undefined ? req : req.set('content-type', 'application/json').send(JSON.stringify(body) ?? 'null');
}

// --- The properties -----------------------------------------------------------

describe('every write route, with generated input', () => {
  it('when the OpenAPI document lists a write route, then this test has a generator for it', () => {
    const routes = writeRoutes();
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.filter((r) => !FUZZ[r])).toEqual([]);
  });

  it.each(writeRoutes().filter((r) => FUZZ[r]))(
    'when %s gets generated strings, numbers and shapes, then each is answered without a 5xx and its target still serves',
    async (route) => {
      const fuzz = FUZZ[route];
      const key = fuzz.ends ? route : fuzz.kind;
      const valid = fuzz.body(await targetFor(key, fuzz.kind));
      const spoilPath = fc.option(fc.tuple(fc.nat(), weirdString), { freq: 5 });
      await fc.assert(
        fc.asyncProperty(bodies(valid), spoilPath, async (body, spoilt) => {
          const t = await targetFor(key, fuzz.kind);
          const res = await send(fuzz.who, pathOf(route, t, fuzz.params, spoilt ?? undefined), body);
          expect(res.status).toBeLessThan(500);
          if (res.status >= 300) expect(res.type).toBe('application/problem+json');
          // A success that may have ended the target: the next request gets a fresh one.
          if (fuzz.ends && res.status < 300) targets.delete(key);
        }),
        { numRuns: RUNS, endOnFailure: true, ...(SEED !== undefined ? { seed: SEED } : {}) },
      );
      await expectStillServing(await targetFor(key, fuzz.kind));
    },
  );
});
