import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app';
import { createLogger } from '../../src/logger';
import { remainsCase } from '../../workflows/remains-case/workflow';
import { caseStateQuery, type CaseInput } from '../../workflows/remains-case/messages';
import { caseWorkflowId, handoverWorkflowId, operationWorkflowId } from '../../workflows/shared/ids';
import { handoverStateQuery } from '../../workflows/handover-day/messages';
import { operationStateQuery } from '../../workflows/operation/messages';
import type { IntermediaryRole, Role } from '../../workflows/shared/domain';
import { tags } from '../helpers/actors';
import { june2025Agreement } from '../helpers/fixtures';
import { openStack, unique, type TestStack } from '../helpers/stack';
import { eventually as pollUntil } from '../helpers/processes';
import { issueTestTokens, personTokens, type TestTokens } from '../helpers/tokens';
import { recorded } from '../helpers/workflow';
import { TEST_ENV } from '../setup/state';

/**
 * The API tests' world: the real app on the real stack, and requests as the real world makes them. People
 * (coordinators, field staff, liaisons, forensic and tracing officers, observers, operators) call with their
 * access tokens from the run's OpenID Provider (`people`, signed in through its login form): that is what
 * `post` and `get` send. Machines (a party's system sending manifests or registers, a webhook consumer, a
 * script) call with API tokens of service accounts of the same role and party (`apiTokens`), through
 * `machine`. Set-ups drive an operation through the API itself, as people do.
 */

export type Who = keyof TestTokens;
/** Each test token's role and party (see test/helpers/tokens.ts). */
export const PEOPLE: Record<Who, { role: Role; party?: string }> = {
  coordinator: { role: 'COORDINATOR' },
  field: { role: 'FIELD_STAFF' },
  ru: { role: 'PARTY_LIAISON', party: 'RU' },
  ua: { role: 'PARTY_LIAISON', party: 'UA' },
  forensic: { role: 'FORENSIC', party: 'UA' },
  forensicRu: { role: 'FORENSIC', party: 'RU' },
  observer: { role: 'OBSERVER' },
  operator: { role: 'OPERATOR' },
  tracing: { role: 'TRACING_OFFICER' },
  by: { role: 'PARTY_LIAISON', party: 'BY' },
};
export const EVERYONE = Object.keys(PEOPLE) as Who[];

/**
 * What a refused token gets: 403 when its role may not do this, 404 when its
 * party is not in the operation (neutrality), 403 when it acts for the other party.
 */
export function refusalStatus(who: Who, routeRoles: Role[]): 403 | 404 {
  const { role, party } = PEOPLE[who];
  if (!routeRoles.includes(role)) return 403;
  if (party && party !== 'RU' && party !== 'UA') return 404;
  return 403;
}

export const EXCHANGE_POINT = 'Belarus–Ukraine border';
export const DAYS = [
  '2025-06-07',
  '2025-06-08',
  '2025-06-09',
  '2025-06-10',
  '2025-06-11',
  '2025-06-12',
  '2025-06-13',
  '2025-06-14',
  '2025-06-15',
  '2025-06-16',
];

/** Requests in the name of a kind of token holder (a person, or a machine acting in that role). */
export interface Caller {
  post(who: Who, path: string, body?: object, key?: string): request.Test;
  get(who: Who, path: string): request.Test;
}

/** `post` and `get` send people's access tokens (`people`); `machine` sends API tokens (`apiTokens`). */
export interface World extends Caller {
  stack: TestStack;
  app: Express;
  /**
   * People's access tokens from the run's OpenID Provider, one per kind of person: what `post`/`get` send. On a
   * service that does not trust the run's provider (none configured, or a test's own), the API tokens.
   */
  people: TestTokens;
  /** API tokens (service accounts) of the same roles and parties, one per kind: what `machine` sends. */
  apiTokens: TestTokens;
  /** Requests as a machine with an API token: a party's system, a webhook consumer, a script. */
  machine: Caller;
}

function caller(app: Express, tokens: TestTokens): Caller {
  return {
    post(who, path, body, key) {
      const r = request(app).post(path).auth(tokens[who], { type: 'bearer' });
      if (key) r.set('idempotency-key', key);
      return body === undefined ? r : r.send(body);
    },
    get: (who, path) => request(app).get(path).auth(tokens[who], { type: 'bearer' }),
  };
}

/** `overrides`: settings of this world's stack (e.g. short discrepancy deadlines). */
export async function openWorld(overrides: Record<string, string> = {}): Promise<World> {
  const stack = await openStack(overrides);
  const apiTokens = await issueTestTokens(stack.db);
  // People bring the run's provider's access tokens where this service trusts it. A service with no provider
  // (or with a test's own, whose tokens live seconds) is one where people, too, hold API tokens.
  const runIssuer = process.env[TEST_ENV.oidcIssuer];
  const people = runIssuer && stack.config.oidc?.issuer === runIssuer ? await personTokens() : apiTokens;
  const app = createApp({
    config: stack.config,
    db: stack.db,
    temporal: stack.client,
    logger: createLogger('silent', 'test'),
  });
  return { stack, app, people, apiTokens, machine: caller(app, apiTokens), ...caller(app, people) };
}

/**
 * Keeps the world's workers running from now until the returned stop() is awaited: for a block of tests that all
 * act on one operation, so they share one start of the workers (about a second each) instead of one per test.
 */
export async function runWorkersAcross(w: World): Promise<() => Promise<void>> {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let running!: () => void;
  const started = new Promise<void>((resolve) => (running = resolve));
  const done = w.stack.withWorker(async () => {
    running();
    await stopped;
  });
  // A failure to start the workers fails the caller here, not later.
  await Promise.race([started, done]);
  return async () => {
    stop();
    await done;
  };
}

/**
 * Keeps the world's workers running across the describe block this is called in (runWorkersAcross), from a
 * beforeAll to an afterAll that this registers: call it before the block's own beforeAll, which may then use them.
 */
export function useWorkersAcross(w: World): void {
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    stop = await runWorkersAcross(w);
  });
  afterAll(() => stop?.());
}

/** A world whose workers run until close(), which also closes its stack: the one world a test file shares. */
export interface WorkingWorld extends World {
  close(): Promise<void>;
}

export async function openWorkingWorld(overrides: Record<string, string> = {}): Promise<WorkingWorld> {
  const w = await openWorld(overrides);
  const stopWorkers = await runWorkersAcross(w).catch(async (err: unknown) => {
    await w.stack.close();
    throw err;
  });
  return {
    ...w,
    close: async () => {
      await stopWorkers();
      await w.stack.close();
    },
  };
}

/**
 * The world a test file (or a describe block) shares, opened by a beforeAll and closed by an afterAll that
 * this registers. The world it returns is usable inside tests and hooks that run after that beforeAll.
 * `overrides` may be a function, for settings an earlier beforeAll finds out (e.g. a mail server's URL);
 * `workers: 'across'` keeps the world's workers running until the afterAll (see openWorkingWorld).
 */
export function useApiWorld(
  overrides: Record<string, string> | (() => Record<string, string>) = {},
  options: { workers?: 'across' } = {},
): World {
  let opened: WorkingWorld | undefined;
  beforeAll(async () => {
    const settings = typeof overrides === 'function' ? overrides() : overrides;
    if (options.workers === 'across') {
      opened = await openWorkingWorld(settings);
    } else {
      const w = await openWorld(settings);
      opened = { ...w, close: () => w.stack.close() };
    }
  });
  afterAll(() => opened?.close());
  return new Proxy({} as World, {
    get(_target, key) {
      // Not a promise: an async function may return the world.
      if (key === 'then') return undefined;
      if (!opened) throw new Error(`the API world is opened by its beforeAll: read ${String(key)} in a test or hook`);
      return Reflect.get(opened, key) as unknown;
    },
  });
}

/** A family contact as the tracing service records it (the person's mother), with `over` on top. */
export const familyContact = (over: object = {}) => ({
  name: 'Halyna Marchuk',
  relation: 'MOTHER',
  address: '+380 44 123 4567',
  preferredChannel: 'PHONE',
  preferredLanguage: 'uk',
  receivesRemains: true,
  consent: { scope: 'IDENTIFICATION_ONLY', shareWithOtherParty: false },
  ...over,
});

/** Starts a remains case as a signed-off day opens it, and waits until the case has its row. */
export async function startRemainsCase(w: World, input: CaseInput) {
  const handle = await w.stack.client.workflow.start(remainsCase, {
    taskQueue: w.stack.config.temporal.taskQueue,
    workflowId: caseWorkflowId(input.caseNumber),
    args: [input],
  });
  await eventually(
    () => handle.query(caseStateQuery),
    (s) => s.caseId !== undefined,
  );
  return handle;
}

export const opPath = (reference: string) => `/api/operations/${reference}`;
export const dayPath = (reference: string, date: string) => `${opPath(reference)}/handovers/${date}`;

/** Polls until `read` gives the same answer twice in a row (background work has settled). */
export async function settled<T>(read: () => Promise<T>): Promise<T> {
  let last = JSON.stringify(await read());
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 150));
    const now = JSON.stringify(await read());
    if (now === last) return JSON.parse(now) as T;
    last = now;
  }
  throw new Error('state did not settle');
}

/** Polls `read` until `ok` holds for its value (the shared poller, with a predicate). */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what = 'the expected state',
): Promise<T> {
  const found = await pollUntil(async () => {
    const value = await read();
    return ok(value) ? { value } : null;
  }, what);
  return found.value;
}

/** Everything an action could change: the operation's and its days' records, and the workflows' states. */
export async function snapshot(w: World, reference: string): Promise<unknown> {
  const op = await w.stack.client.workflow.getHandle(operationWorkflowId(reference)).query(operationStateQuery);
  const days: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(op.handovers)) {
    const handle = w.stack.client.workflow.getHandle(handoverWorkflowId(reference, key));
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING') {
      days[key] = { ended: entry.status };
      continue;
    }
    // A day writes its record just after answering: read the rows once they hold all it answered, as the API does.
    await recorded(handle);
    days[key] = await handle.query(handoverStateQuery);
  }
  const row = await w.stack.db.repatriationOperation.findUnique({
    where: { reference },
    include: {
      agreements: { orderBy: { version: 'asc' }, include: { confirmations: true, plannedTransfers: true } },
      handovers: {
        orderBy: { dayKey: 'asc' },
        include: {
          transfers: true,
          counts: true,
          signOffs: true,
          manifests: { orderBy: { version: 'asc' }, include: { lines: { orderBy: { lineNo: 'asc' } } } },
          containers: { orderBy: { tag: 'asc' }, include: { custodyEvents: true } },
          discrepancies: true,
        },
      },
    },
  });
  return JSON.parse(JSON.stringify({ row, op, days }));
}
export const settledSnapshot = (w: World, reference: string) => settled(() => snapshot(w, reference));

// --- Set-ups, through the API ------------------------------------------------

export async function createOperation(w: World, intermediaryRole: IntermediaryRole = 'OBSERVER'): Promise<string> {
  const june = june2025Agreement(unique('op'));
  const body = { ...june, agreement: { ...june.agreement, intermediaryRole } };
  await w.post('coordinator', '/api/operations', body).expect(201);
  await eventually(
    () => w.get('coordinator', opPath(body.reference)),
    (res) => res.status === 200 && res.body.recorded === true,
  );
  return body.reference;
}

export async function confirmedOperation(w: World, intermediaryRole: IntermediaryRole = 'OBSERVER'): Promise<string> {
  const reference = await createOperation(w, intermediaryRole);
  await w.post('ru', `${opPath(reference)}/confirmations`, { version: 1 }).expect(200);
  const res = await w.post('ua', `${opPath(reference)}/confirmations`, { version: 1 }).expect(200);
  expect(res.body.phase).toBe('PREPARING');
  return reference;
}

export async function scheduleDay(w: World, reference: string, date: string, ruToUa = 3, uaToRu = 2): Promise<void> {
  await w
    .post('coordinator', `${opPath(reference)}/handovers`, {
      date,
      exchangePoint: EXCHANGE_POINT,
      transfers: [
        { from: 'RU', to: 'UA', plannedCount: ruToUa },
        { from: 'UA', to: 'RU', plannedCount: uaToRu },
      ],
    })
    .expect(201);
}

export const ruTags = (date: string, n = 3) => tags(`RU-${date}`, n);
export const uaTags = (date: string, n = 2) => tags(`UA-${date}`, n);

/** A party's manifest as its own system sends it: a machine, with the liaison's API token of that party. */
export async function submitManifest(w: World, reference: string, date: string, from: 'RU' | 'UA'): Promise<void> {
  const to = from === 'RU' ? 'UA' : 'RU';
  const lines = (from === 'RU' ? ruTags(date) : uaTags(date)).map((tag) => ({ tag }));
  await w.machine.post(from === 'RU' ? 'ru' : 'ua', `${dayPath(reference, date)}/manifests`, { from, to, lines }).expect(201);
}

export async function acknowledge(w: World, reference: string, date: string, from: 'RU' | 'UA'): Promise<void> {
  const to = from === 'RU' ? 'UA' : 'RU';
  await w
    .post(to === 'RU' ? 'ru' : 'ua', `${dayPath(reference, date)}/manifests/${from}/${to}/1/acknowledgement`)
    .expect(200);
}

/** A day whose two manifests are submitted and acknowledged, ready to open. */
export async function readyDay(w: World, reference: string, date: string): Promise<void> {
  await scheduleDay(w, reference, date);
  for (const from of ['RU', 'UA'] as const) {
    await submitManifest(w, reference, date, from);
    await acknowledge(w, reference, date, from);
  }
}

export async function openedDay(w: World, reference: string, date: string): Promise<void> {
  await readyDay(w, reference, date);
  await w.post('field', `${dayPath(reference, date)}/opening`).expect(200);
}

/** All three counts of both directions recorded, as planned: ready for sign-off. */
export async function countedDay(w: World, reference: string, date: string): Promise<void> {
  await openedDay(w, reference, date);
  const path = `${dayPath(reference, date)}/counts`;
  for (const [from, to, n] of [
    ['RU', 'UA', 3],
    ['UA', 'RU', 2],
  ] as const) {
    await w.post(from === 'RU' ? 'ru' : 'ua', path, { from, to, source: 'SENDER', count: n }).expect(200);
    await w.post(to === 'RU' ? 'ru' : 'ua', path, { from, to, source: 'RECEIVER', count: n }).expect(200);
    const last = await w.post('field', path, { from, to, source: 'INTERMEDIARY', count: n }).expect(200);
    if (from === 'UA') expect(last.body.status).toBe('COUNTS_RECORDED');
  }
}

/** Problem details as the API answers them. */
export function expectProblem(res: request.Response, status: number): void {
  expect({ status: res.status, type: res.type }).toEqual({ status, type: 'application/problem+json' });
  expect(res.body.status).toBe(status);
  expect(typeof res.body.detail).toBe('string');
}

/**
 * What a bad-input table row expects: for a 400, the JSON Pointer of the wrong
 * field ('(root)' for the body itself); otherwise the detail, exactly or by pattern.
 */
export function expectRefusal(res: request.Response, status: number, expected: string | RegExp): void {
  expectProblem(res, status);
  if (status === 400 && typeof expected === 'string') {
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(
      expected === '(root)' ? '/' : expected,
    );
    expect(res.body.detail).toContain(expected);
  } else if (typeof expected === 'string') {
    expect(res.body.detail).toBe(expected);
  } else {
    expect(res.body.detail).toMatch(expected);
  }
}
