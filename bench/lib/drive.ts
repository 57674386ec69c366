// A handover day driven through the HTTP API the way its people report it:
// manifests of both directions at once, several liaisons of the receiving
// side reporting tags at once (small batches, as trucks are unloaded), field
// staff spot-checking meanwhile, the three counts and both sign-offs at once.
import type { RequestBody } from '../../src/client/api';
import { Api, pool, type People, type Person } from './api';
import type { InFlight } from './report';

export interface DirectionPlan {
  from: string;
  to: string;
  /** Tags on the sender's manifest. */
  tags: string[];
  /** How many of them the receiver takes over (the first ones); the rest go missing. */
  received: number;
}

export interface DayPlan {
  date: string;
  exchangePoint: string;
  directions: DirectionPlan[];
}

export interface DriveOptions {
  /** Tags per receipt request. */
  receiptBatch: number;
  /**
   * Liaisons of the receiving side reporting at once, per direction: each its own
   * token, one request at a time (the next batch once the last is answered).
   */
  reporters: number;
  /** Share of containers the intermediary's field staff spot-check (seal intact). */
  spotCheckRate: number;
  /** Called after each step, e.g. to show where the day is. */
  onStep?: (step: string) => void;
  /** Counts the receipt requests in flight at once, and all of the day's reports (receipts and spot checks). */
  inFlight?: { receipts: InFlight; reports: InFlight };
}

export const tagList = (prefix: string, n: number, start: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(start + i).padStart(6, '0')}`);

const pick = <T>(list: T[], i: number) => list[i % list.length];

/** Creates the operation and has both parties confirm its terms. */
export async function createConfirmedOperation(api: Api, people: People, request: RequestBody<'/api/operations'>) {
  const created = await api.call(people.coordinator, 'operation.create', (c) =>
    c.POST('/api/operations', { body: request }),
  );
  const reference = { path: { reference: request.reference } };
  await Promise.all(
    request.agreement.parties.map((p) =>
      api.call(people.liaison[p.code][0], 'operation.confirm', (c) =>
        c.POST('/api/operations/{reference}/confirmations', { params: reference, body: { version: 1 } }),
      ),
    ),
  );
  return created;
}

export async function driveDay(api: Api, people: People, reference: string, plan: DayPlan, opts: DriveOptions) {
  const op = { path: { reference } };
  const day = { path: { reference, date: plan.date } };
  const liaison = (party: string, i = 0): Person => pick(people.liaison[party], i);
  const step = (s: string) => opts.onStep?.(`${plan.date} ${s}`);

  step('scheduling');
  await api.call(people.coordinator, 'handover.schedule', (c) =>
    c.POST('/api/operations/{reference}/handovers', {
      params: op,
      body: {
        date: plan.date,
        exchangePoint: plan.exchangePoint,
        transfers: plan.directions.map((d) => ({ from: d.from, to: d.to, plannedCount: d.tags.length })),
      },
    }),
  );

  step('manifests');
  await Promise.all(
    plan.directions.map(async (d) => {
      const { version } = await api.call(liaison(d.from), 'manifest.submit', (c) =>
        c.POST('/api/operations/{reference}/handovers/{date}/manifests', {
          params: day,
          body: { from: d.from, to: d.to, lines: d.tags.map((tag) => ({ tag })) },
        }),
      );
      await api.call(liaison(d.to), 'manifest.acknowledge', (c) =>
        c.POST('/api/operations/{reference}/handovers/{date}/manifests/{from}/{to}/{version}/acknowledgement', {
          params: { path: { ...day.path, from: d.from, to: d.to, version } },
          body: {},
        }),
      );
    }),
  );

  step('opening');
  await api.call(pick(people.field, 0), 'day.open', (c) =>
    c.POST('/api/operations/{reference}/handovers/{date}/opening', { params: day, body: {} }),
  );

  step('receipts');
  const batchesOf = (d: DirectionPlan) => {
    const received = d.tags.slice(0, d.received);
    const batches: string[][] = [];
    for (let i = 0; i < received.length; i += opts.receiptBatch) batches.push(received.slice(i, i + opts.receiptBatch));
    return batches;
  };
  const counted = <T>(fn: () => Promise<T>, receipt: boolean): Promise<T> => {
    if (!opts.inFlight) return fn();
    const { receipts, reports } = opts.inFlight;
    return reports.track(() => (receipt ? receipts.track(fn) : fn()));
  };
  const spotChecks = plan.directions.flatMap((d) => {
    const n = Math.floor(d.tags.length * opts.spotCheckRate);
    const every = n ? Math.floor(d.tags.length / n) : 0;
    return Array.from({ length: n }, (_, i) => ({ d, tag: d.tags[i * every] }));
  });
  await Promise.all([
    // Each direction its own receivers: `reporters` liaisons of the receiving side, each one batch at a time.
    ...plan.directions.map((d) =>
      pool(batchesOf(d), opts.reporters, async (tags, worker) => {
        await counted(
          () =>
            api.call(liaison(d.to, worker), 'receipts', (c) =>
              c.POST('/api/operations/{reference}/handovers/{date}/receipts', {
                params: day,
                body: { from: d.from, to: d.to, tags },
              }),
            ),
          true,
        );
      }),
    ),
    // The intermediary's field staff (all but the one who opened the day) check seals meanwhile.
    pool(spotChecks, Math.max(1, people.field.length - 1), async ({ d, tag }, worker) => {
      await counted(
        () =>
          api.call(pick(people.field, worker + 1), 'spot-check', (c) =>
            c.POST('/api/operations/{reference}/handovers/{date}/spot-checks', {
              params: day,
              body: { direction: { from: d.from, to: d.to }, tag, sealIntact: true },
            }),
          ),
        false,
      );
    }),
  ]);

  step('counts');
  const count = (who: Person, body: RequestBody<'/api/operations/{reference}/handovers/{date}/counts'>) =>
    api.call(who, 'counts', (c) =>
      c.POST('/api/operations/{reference}/handovers/{date}/counts', { params: day, body }),
    );
  await Promise.all(
    plan.directions.flatMap((d) => [
      count(liaison(d.from, 1), { from: d.from, to: d.to, source: 'SENDER', count: d.tags.length }),
      count(liaison(d.to, 1), { from: d.from, to: d.to, source: 'RECEIVER', count: d.received }),
      count(pick(people.field, 1), { from: d.from, to: d.to, source: 'INTERMEDIARY', count: d.received }),
    ]),
  );

  step('sign-offs');
  const parties = [...new Set(plan.directions.flatMap((d) => [d.from, d.to]))];
  await Promise.all(
    parties.map((party) =>
      api.call(liaison(party, 2), 'sign-off', (c) =>
        c.POST('/api/operations/{reference}/handovers/{date}/sign-offs', { params: day, body: { party } }),
      ),
    ),
  );
  step('signed off');
}

/** POST classes that are a workflow update each (every POST but the operation's creation). */
export const isUpdateClass = (cls: string) =>
  !cls.startsWith('read.') && !cls.startsWith('list.') && cls !== 'operation.create';
