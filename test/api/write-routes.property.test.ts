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
import { bodies, contentType, idempotencyKey, percentEncoded, rawText, spoiltSegment } from '../helpers/fuzz-input';
import { eventually } from '../helpers/processes';
import { unique } from '../helpers/stack';
import {
  DAYS,
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
import { DISPUTE, FUZZ, POSTPONED_TO, type Kind, type Target } from './write-routes.fuzz';

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

/**
 * Days are handed out from an operation's window, but for its last date,
 * which is where postponements go; a new operation when they are used up.
 */
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

/**
 * Every declared write route, as "METHOD path". Importing ./support built the app, so every route has declared itself.
 */
function writeRoutes(): string[] {
  return declaredEndpoints()
    .filter((e) => e.method !== 'get')
    .map((e) => `${e.method.toUpperCase()} ${e.path}`);
}

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
    .auth(w.people[who], { type: 'bearer' })
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
