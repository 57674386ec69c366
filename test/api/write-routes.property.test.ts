import fc from 'fast-check';
import request from 'supertest';
import { declaredEndpoints } from '../../src/api/endpoint';
import { CASE_STEPS } from '../../src/remains-case/schemas';
import { remainsCase } from '../../workflows/remains-case/workflow';
import { caseStateQuery } from '../../workflows/remains-case/messages';
import { stepRejection } from '../../workflows/remains-case/rules';
import { caseWorkflowId } from '../../workflows/shared/ids';
import { caseInput, seedContainers } from '../helpers/cases';
import { june2025Agreement } from '../helpers/fixtures';
import { eventually } from '../helpers/processes';
import { unique } from '../helpers/stack';
import {
  DAYS,
  EXCHANGE_POINT,
  confirmedOperation,
  dayPath,
  familyContact,
  openedDay,
  opPath,
  ruTags,
  scheduleDay,
  submitManifest,
  useApiWorld,
  type Who,
} from './support';

/**
 * Generated strings, numbers and shapes through every write route the API
 * declares with `endpoint()`, on the real stack: each gets an answer within seconds (never a hang, never a 5xx, a
 * refusal as problem+json), and the day, operation or case it aimed at still
 * accepts a valid request afterwards. A write route added without a generator
 * here fails the first test.
 *
 * FUZZ_RUNS sets the generated requests per route (default 5, for CI); FUZZ_SEED
 * replays a run (every route uses the one seed; a failure prints it), e.g.
 * `FUZZ_RUNS=200 FUZZ_SEED=42 npx jest test/api/write-routes.property.test.ts`.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 5);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
// Not a speed figure: a request the API never answers (a wedged workflow) is aborted and fails here, not the run.
const ANSWER_WITHIN_MS = 10_000;

jest.setTimeout(Math.max(300_000, RUNS * 20_000));
// A long run on demand names its seed at the start, so that any run can be replayed; a failure names it too.
if (process.env.FUZZ_RUNS) console.log(`write routes: ${RUNS} generated requests per route, FUZZ_SEED=${SEED}`);

const w = useApiWorld({}, { workers: 'across' });

// --- What a route aims at ----------------------------------------------------

type Kind =
  | 'none'
  | 'operation'
  | 'bareDay'
  | 'scheduledDay'
  | 'openDay'
  | 'custodianDay'
  | 'case'
  | 'caseAndPerson'
  | 'casePair'
  | 'discrepancy'
  | 'proposedDiscrepancy'
  | 'escalatedDiscrepancy'
  | 'missingPerson'
  | 'sample';
interface Target {
  kind: Kind;
  reference: string;
  date: string;
  /** A remains case (PM-…) or a missing-person case (MP-…). */
  caseNumber: string;
  /** A second case of the same party, to merge. */
  otherCaseNumber: string;
  /** A discrepancy of the operation. */
  id: string;
  /** A reference sample of the missing-person case. */
  barcode: string;
  /** A missing person of the remains case's party (to match), and one of the other side (a foreign national). */
  personCaseNumber: string;
  otherSidePersonCaseNumber: string;
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

const DISPUTE = { kind: 'SCHEDULE_DISPUTE', statement: 'The convoy was held at the checkpoint.' };
/** A discrepancy of a fresh operation, with both parties' accounts (so a resolution may be proposed). */
async function discrepancy(): Promise<{ reference: string; id: string }> {
  const reference = await confirmedOperation(w);
  const { body } = await w.post('coordinator', `${opPath(reference)}/discrepancies`, DISPUTE).expect(201);
  const self = `${opPath(reference)}/discrepancies/${body.id}`;
  await w.post('ru', `${self}/accounts`, { statement: 'Our account.' }).expect(201);
  await w.post('ua', `${self}/accounts`, { statement: 'Our account.' }).expect(201);
  return { reference, id: body.id as string };
}

const MISSING = '/api/missing-persons';
async function missingPerson(party = 'UA'): Promise<string> {
  const caseNumber = unique(`MP-${party}`).toUpperCase();
  await w
    .post('tracing', MISSING, {
      caseNumber,
      party,
      person: { name: 'Oleksii Marchuk', dateOfBirth: '1979-11-02', lastKnownPlace: 'Bakhmut' },
      contacts: [familyContact()],
    })
    .expect(201);
  return caseNumber;
}

const none = {
  reference: '',
  date: '',
  caseNumber: '',
  otherCaseNumber: '',
  id: '',
  barcode: '',
  personCaseNumber: '',
  otherSidePersonCaseNumber: '',
};
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
    case 'custodianDay': {
      // The intermediary as custodian, holding the sender's first container: the sender may attest its hand-over.
      const reference = await confirmedOperation(w, 'CUSTODIAN');
      const date = DAYS[0];
      await openedDay(w, reference, date);
      await w
        .post('field', `${dayPath(reference, date)}/custody/take-overs`, {
          from: 'RU',
          to: 'UA',
          tags: ruTags(date).slice(0, 1),
        })
        .expect(200);
      return { kind, ...none, reference, date };
    }
    case 'case':
      return { kind, ...none, caseNumber: await openCase() };
    case 'casePair':
      return { kind, ...none, caseNumber: await openCase(), otherCaseNumber: await openCase() };
    case 'caseAndPerson':
      return {
        kind,
        ...none,
        caseNumber: await openCase(),
        personCaseNumber: await missingPerson('UA'),
        otherSidePersonCaseNumber: await missingPerson('RU'),
      };
    case 'discrepancy':
      return { kind, ...none, ...(await discrepancy()) };
    case 'proposedDiscrepancy':
    case 'escalatedDiscrepancy': {
      const d = await discrepancy();
      const self = `${opPath(d.reference)}/discrepancies/${d.id}`;
      if (kind === 'proposedDiscrepancy')
        await w.post('ua', `${self}/proposals`, { resolution: 'Settle it.' }).expect(201);
      else await w.post('ru', `${self}/escalation`, { reason: 'Stuck.' }).expect(200);
      return { kind, ...none, ...d };
    }
    case 'missingPerson':
      return { kind, ...none, caseNumber: await missingPerson() };
    case 'sample': {
      const caseNumber = await missingPerson();
      const { body } = await w
        .post('tracing', `${MISSING}/${caseNumber}/samples`, { contactPosition: 1, laboratory: 'LAB-KYIV-1' })
        .expect(201);
      return { kind, ...none, caseNumber, barcode: body.barcode as string };
    }
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
    case 'custodianDay':
      await w.post('field', `${dayPath(t.reference, t.date)}/incidents`, { kind: 'OTHER', note: 'probe' }).expect(201);
      return;
    case 'case':
    case 'caseAndPerson':
    case 'casePair': {
      const state = await w.stack.client.workflow.getHandle(caseWorkflowId(t.caseNumber)).query(caseStateQuery);
      const step = CASE_STEPS.find((s) => s !== 'RETURNED_TO_OTHER_PARTY' && !stepRejection(state, s));
      await w.post('forensic', `/api/cases/${t.caseNumber}/steps`, { step }).expect(200);
      return;
    }
    case 'discrepancy':
    case 'proposedDiscrepancy':
    case 'escalatedDiscrepancy':
      await w
        .post('field', `${opPath(t.reference)}/discrepancies/${t.id}/accounts`, { statement: 'Observed at the point.' })
        .expect(201);
      return;
    case 'missingPerson':
    case 'sample':
      await w.post('tracing', `${MISSING}/${t.caseNumber}/reviews`, { channel: 'PHONE' }).expect(200);
      return;
  }
}

// --- The generators, one per write route --------------------------------------

interface RouteFuzz {
  who: Who;
  kind: Kind;
  /** A request body of the right shape (the state may still refuse it); the generators mutate it. */
  body: (t: Target) => unknown;
  /** Path parameters beyond reference, date and caseNumber. */
  params?: Record<string, string> | ((t: Target) => Record<string, string>);
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
  'POST /api/operations/{reference}/handovers/{date}/custody/hand-overs': {
    who: 'ru',
    kind: 'custodianDay',
    body: (t) => ({ from: 'RU', to: 'UA', tags: ruTags(t.date).slice(0, 1) }),
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
  // A match identifies the remains; a foreign national sends them back: each success ends its case's course here.
  'POST /api/cases/{caseNumber}/matches': {
    who: 'forensic',
    kind: 'caseAndPerson',
    body: (t) => ({
      missingPersonCaseNumber: t.personCaseNumber,
      reportNumber: 'DNA-MR-2025-0091',
      kinshipStatistic: 1.2e9,
    }),
    ends: true,
  },
  'POST /api/cases/{caseNumber}/foreign-national': {
    who: 'forensic',
    kind: 'caseAndPerson',
    body: (t) => ({
      missingPersonCaseNumber: t.otherSidePersonCaseNumber,
      evidence: 'DOCUMENTS',
      reference: 'DOC-2025-0007',
    }),
    ends: true,
  },
  'POST /api/missing-persons/{caseNumber}/family-informed': {
    who: 'ua',
    kind: 'caseAndPerson',
    // The path names the missing person; the body the remains case the family was told of.
    params: (t) => ({ caseNumber: t.personCaseNumber }),
    body: (t) => ({
      remainsCaseNumber: t.caseNumber,
      informedAt: '2026-01-15T10:00:00Z',
      channel: 'PHONE',
      contactPosition: 1,
    }),
  },
  'POST /api/operations/{reference}/discrepancies': { who: 'ru', kind: 'operation', body: () => DISPUTE },
  'POST /api/operations/{reference}/discrepancies/{id}/accounts': {
    who: 'ru',
    kind: 'discrepancy',
    body: () => ({ statement: 'Our account, again.', count: 3 }),
  },
  'POST /api/operations/{reference}/discrepancies/{id}/proposals': {
    who: 'ua',
    kind: 'discrepancy',
    body: () => ({ resolution: 'Record 1,245.' }),
  },
  // The other party's acceptance resolves it.
  'POST /api/operations/{reference}/discrepancies/{id}/acceptances': {
    who: 'ru',
    kind: 'proposedDiscrepancy',
    body: () => ({ proposal: 1 }),
    ends: true,
  },
  'POST /api/operations/{reference}/discrepancies/{id}/escalation': {
    who: 'field',
    kind: 'discrepancy',
    body: () => ({ reason: 'No agreement on whose bag it is.' }),
    ends: true,
  },
  'POST /api/operations/{reference}/discrepancies/{id}/decision': {
    who: 'coordinator',
    kind: 'escalatedDiscrepancy',
    body: () => ({ resolution: 'The bag is opened jointly at the next handover.' }),
    ends: true,
  },
  'POST /api/missing-persons': {
    who: 'tracing',
    kind: 'none',
    body: () => ({
      party: 'RU',
      person: { name: 'Ivan Petrov', lastKnownPlace: 'Vovchansk' },
      contacts: [
        {
          name: 'Olga Petrova',
          relation: 'SPOUSE',
          address: 'olga@example.org',
          preferredChannel: 'EMAIL',
          preferredLanguage: 'ru',
          receivesRemains: true,
          consent: { scope: 'IDENTIFICATION_ONLY', shareWithOtherParty: false },
        },
      ],
    }),
  },
  // A closed case takes no more changes.
  'POST /api/missing-persons/{caseNumber}/status': {
    who: 'tracing',
    kind: 'missingPerson',
    body: () => ({ status: 'ACTIVE' }),
    ends: true,
  },
  'POST /api/missing-persons/{caseNumber}/contacts': {
    who: 'tracing',
    kind: 'missingPerson',
    body: () => ({
      name: 'Petro Marchuk',
      relation: 'FATHER',
      address: '+380 44 765 4321',
      preferredChannel: 'PHONE',
      preferredLanguage: 'uk',
      receivesRemains: false,
      consent: { scope: 'IDENTIFICATION_AND_COURT', shareWithOtherParty: true },
    }),
  },
  'POST /api/missing-persons/{caseNumber}/contacts/{position}/consent': {
    who: 'tracing',
    kind: 'missingPerson',
    params: { position: '1' },
    body: () => ({ scope: 'IDENTIFICATION_AND_COURT', shareWithOtherParty: true }),
  },
  'POST /api/missing-persons/{caseNumber}/reviews': {
    who: 'tracing',
    kind: 'missingPerson',
    body: () => ({ channel: 'IN_PERSON', occurredAt: '2026-01-15T10:00:00Z' }),
  },
  'POST /api/missing-persons/{caseNumber}/samples': {
    who: 'tracing',
    kind: 'missingPerson',
    body: () => ({ contactPosition: 1, laboratory: 'LAB-KYIV-1' }),
  },
  'POST /api/reference-samples/{barcode}/status': {
    who: 'tracing',
    kind: 'sample',
    body: () => ({ status: 'IN_TRANSIT' }),
    ends: true,
  },
};

/**
 * Every declared write route, as "METHOD path". Importing ./support built the app, so every route has declared itself.
 */
function writeRoutes(): string[] {
  return declaredEndpoints()
    .filter((e) => e.method !== 'get')
    .map((e) => `${e.method.toUpperCase()} ${e.path}`);
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

/** A path parameter spoilt: a generated string percent-encoded, or raw text a client may send undecoded. */
const RAW_SEGMENTS = ['%', '%FF', '%ED%A0%80', '%00', '%2F', '..', '%E2%80%AE', '%C0%AF'];
const spoiltSegment = fc.oneof(
  { weight: 3, arbitrary: weirdString.map(percentEncoded) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
);

function pathOf(route: string, t: Target, params: Record<string, string> = {}, spoilt?: [number, string]): string {
  const values: Record<string, string> = {
    reference: t.reference,
    date: t.date,
    caseNumber: t.caseNumber,
    id: t.id,
    barcode: t.barcode,
    ...params,
  };
  for (const name of Object.keys(values)) values[name] = percentEncoded(values[name]);
  const names = [...route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  if (spoilt && names.length) values[names[spoilt[0] % names.length]] = spoilt[1];
  return route.split(' ')[1].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}

/** Percent-encoding as a client does it, byte by byte of the UTF-8 (a lone surrogate goes as U+FFFD). */
function percentEncoded(v: string): string {
  return [...Buffer.from(v, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');
}

/** What goes on the wire besides the body: a content type (mostly JSON) and, sometimes, an Idempotency-Key. */
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
      'application/merge-patch+json',
    ),
  },
);
const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const idempotencyKey = fc.option(fc.oneof(fc.string({ unit: printable, minLength: 0, maxLength: 140 }), fc.uuid()), {
  freq: 4,
});
/** Bytes that are not JSON, or not a whole JSON text, sent as JSON. */
const rawText = fc.oneof(
  fc.constantFrom('{', '{"a":', '\u0000', '[1,]', "{'a':1}", '{"a":1}{"b":2}', 'NaN', '"\\ud800"', ''),
  fc.string({ unit: codeUnit, maxLength: 40 }),
);

interface Wire {
  body: unknown;
  /** Sent as it is instead of the body's JSON text. */
  raw?: string;
  type: string;
  key: string | null;
}

async function send(who: Who, path: string, wire: Wire): Promise<request.Response> {
  const req = request(w.app)
    .post(path)
    .auth(w.tokens[who], { type: 'bearer' })
    .timeout({ response: ANSWER_WITHIN_MS, deadline: ANSWER_WITHIN_MS });
  if (wire.key !== null) req.set('idempotency-key', wire.key);
  // undefined: no body at all; anything else as the JSON text a client would send.
  const text = wire.raw ?? (wire.body === undefined ? undefined : (JSON.stringify(wire.body) ?? 'null'));
  try {
    return await (text === undefined ? req : req.set('content-type', wire.type).send(text));
  } catch (e) {
    if ((e as { timeout?: number }).timeout)
      throw new Error(`No answer within ${ANSWER_WITHIN_MS / 1000} s: the route hangs`, { cause: e });
    throw e;
  }
}

// --- The properties -----------------------------------------------------------

/** What fast-check caught (the failed expectation, or the hang), for the report. */
const causeText = (e: unknown): string => {
  const cause = (e as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : '';
};

describe('every write route, with generated input', () => {
  it('when a write route is declared, then this test has a generator for it', () => {
    const routes = writeRoutes();
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => !FUZZ[r])).toEqual([]);
  });

  it.each(writeRoutes().filter((r) => FUZZ[r]))(
    'when %s gets generated strings, numbers and shapes, then each is answered without a 5xx and its target still serves',
    async (route) => {
      const fuzz = FUZZ[route];
      const key = fuzz.ends ? route : fuzz.kind;
      const valid = fuzz.body(await targetFor(key, fuzz.kind));
      const wire: fc.Arbitrary<Wire> = fc.record({
        body: bodies(valid),
        raw: fc.option(rawText, { freq: 8, nil: undefined }),
        type: contentType,
        key: idempotencyKey,
      });
      const spoilPath = fc.option(fc.tuple(fc.nat(), spoiltSegment), { freq: 5, nil: undefined });
      try {
        await fc.assert(
          fc.asyncProperty(wire, spoilPath, async (sent, spoilt) => {
            const t = await targetFor(key, fuzz.kind);
            const res = await send(
              fuzz.who,
              pathOf(route, t, typeof fuzz.params === 'function' ? fuzz.params(t) : fuzz.params, spoilt),
              sent,
            );
            // The answer names itself when it is wrong: status, type and the start of the text.
            const answer = { status: res.status, type: res.type, text: res.text.slice(0, 300) };
            expect(answer.status < 500 ? 'no 5xx' : answer).toBe('no 5xx');
            // 431: Node's HTTP parser refuses a request line over its 16 KB limit before the app sees it.
            if (res.status >= 400 && res.status !== 431)
              expect(answer.type === 'application/problem+json' ? 'problem' : answer).toBe('problem');
            // A success that may have ended the target: the next request gets a fresh one.
            if (fuzz.ends && res.status < 300) targets.delete(key);
          }),
          { numRuns: RUNS, endOnFailure: true, seed: SEED },
        );
      } catch (e) {
        throw new Error(
          `${route}: again with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} npx jest test/api/write-routes.property.test.ts\n${(e as Error).message}\n${causeText(e)}`,
          { cause: e },
        );
      }
      // The day, operation or case still takes a valid request: nothing the generated ones did wedged it.
      await expectStillServing(await targetFor(key, fuzz.kind));
    },
  );
});
