// `npm run bench:open-cases`: many remains cases open at once (the target is the
// 126,000 open missing-person cases of May 2025), in steps: for each step, the
// time to open them, the worker's memory, the API's list and filter latency,
// and the reminder timers Temporal holds. See docs/benchmarks.md.
//
// Cases are opened the way the service opens them: handover days driven through
// the HTTP API (manifest, acknowledgement, opening, receipts, three counts, two
// sign-offs); the signed-off day's workflow runs openCasesForHandover
// (activities/remains-case/cases.ts), which writes each batch's cases then starts one
// remainsCase workflow per container. A case counts as open once its row is
// written and its workflow's first task is done (the raw baseline's measure).
//
//   npm run bench:open-cases                          # steps 1k, 10k, 50k
//   npm run bench:open-cases -- --steps 1000          # one step
//   npm run bench:open-cases -- --full                # 1k, 10k, 50k, 126k
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as PgClient } from 'pg';
import { Api, issuePeople, pool, type People } from './lib/api';
import { createConfirmedOperation, driveDay, tagList, type DayPlan } from './lib/drive';
import { MemorySampler } from './lib/memory';
import {
  listLatencies,
  printStep,
  printSummary,
  queryPlans,
  round1,
  storage,
  timerLoad,
} from './lib/open-cases-measure';
import { fmt, Latencies, loadAverage, machineFacts, mib, progress } from './lib/report';
import { measureOnStack } from './lib/run';
import { openBenchStack, stopOnSignals, type BenchStack } from './lib/stack';
import { caseFirstTasksDone, historyFigures } from './lib/temporal';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '1000,10000,50000' },
    full: { type: 'boolean', default: false },
    'day-size': { type: 'string', default: '1250' },
    'days-per-operation': { type: 'string', default: '5' },
    'parallel-days': { type: 'string', default: '2' },
    'receipt-batch': { type: 'string', default: '500' },
    reporters: { type: 'string', default: '2' },
    'query-repeats': { type: 'string', default: '10' },
    'timer-sample': { type: 'string', default: '10' },
    'stall-minutes': { type: 'string', default: '5' },
    api: { type: 'string' },
    'worker-pid': { type: 'string' },
    'api-pid': { type: 'string' },
    'log-level': { type: 'string', default: 'info' },
    'temporal-in-memory': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

const num = (name: keyof typeof args) => {
  const n = Number(args[name]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number`);
  return n;
};

async function main() {
  const steps = String(args.steps)
    .split(',')
    .map((s) => Number(s.trim().replace(/k$/i, '000')))
    .filter((n) => n > 0);
  if (args.full && !steps.includes(126_000)) steps.push(126_000);
  steps.sort((a, b) => a - b);
  const opts = {
    steps,
    daySize: num('day-size'),
    daysPerOperation: Math.max(1, num('days-per-operation')),
    parallelDays: Math.max(1, num('parallel-days')),
    receiptBatch: num('receipt-batch'),
    reporters: Math.max(1, num('reporters')),
    queryRepeats: Math.max(1, num('query-repeats')),
    timerSample: num('timer-sample'),
    stallMinutes: num('stall-minutes'),
    logLevel: args['log-level'],
  };
  const machine = machineFacts();
  console.log(
    `bench:open-cases — steps ${steps.join(', ')}; days of ${opts.daySize} containers, ${opts.parallelDays} at once`,
  );
  const stack: BenchStack = await openBenchStack(args, opts.logLevel);
  stopOnSignals(stack.stop);
  const memory = new MemorySampler(stack.pids).start();
  const db = new PgClient({ connectionString: stack.databaseUrl });
  await db.connect();
  const result: Record<string, any> = {
    benchmark: 'open-cases',
    startedAt: new Date().toISOString(),
    options: opts,
    machine,
    stack: { owned: stack.owned, ...stack.facts },
    method:
      'Cases are opened as the service opens them: handover days driven through the HTTP API; each signed-off ' +
      "day's workflow runs openCasesForHandover (activities/remains-case/cases.ts), starting one remainsCase workflow per container.",
    steps: [] as unknown[],
  };
  await measureOnStack(
    'open-cases',
    { stack, db, memory },
    result,
    () => run(stack, db, memory, opts, result),
    printSummary,
  );
}

interface RunOptions {
  steps: number[];
  daySize: number;
  daysPerOperation: number;
  parallelDays: number;
  receiptBatch: number;
  reporters: number;
  queryRepeats: number;
  timerSample: number;
  stallMinutes: number;
}

async function run(
  stack: BenchStack,
  db: PgClient,
  memory: MemorySampler,
  opts: RunOptions,
  result: Record<string, any>,
) {
  const runId = randomUUID().slice(0, 6).toUpperCase();
  const latencies = new Latencies();
  const api = new Api(stack.apiUrl, latencies);
  const people = await issuePeople(stack.databaseUrl, runId.toLowerCase(), opts.reporters, 3);
  const countCases = async () => Number((await db.query('SELECT count(*)::int AS n FROM "RemainsCase"')).rows[0].n);
  const baseCount = await countCases();
  if (baseCount) console.log(`  ${baseCount} cases were already there; steps count from them`);
  const operations = new BenchOperations(api, people, runId, opts.daysPerOperation);

  for (const target of opts.steps) {
    const before = await countCases();
    const need = target - before;
    if (need <= 0) continue;
    console.log(`\n  step ${target.toLocaleString('en')}: opening ${need.toLocaleString('en')} cases`);
    const step = await openStep(stack, people, memory, opts, operations, countCases, before, target);
    const { opened, stalled } = step;

    await sleep(3_000); // let the last workflow tasks settle before measuring at rest
    memory.sample();
    const figures = step.figures;
    figures.memoryKb = Object.fromEntries(
      Object.entries(memory.all()).map(([name, m]) => [name, { rssNow: m.lastRssKb, peakSoFar: m.peakKb }]),
    );
    figures.listLatencyMs = await listLatencies(api, people, operations.references[0], opened, opts.queryRepeats);
    figures.queryPlans = await queryPlans(db);
    figures.timers = await timerLoad(stack, db, opts.timerSample);
    figures.storage = await storage(stack, db);
    figures.loadAverage = loadAverage();
    result.steps.push(figures);
    printStep(figures);
    if (stalled) throw new Error(`opening stalled at ${opened} cases (no progress for ${opts.stallMinutes} min)`);
  }
  const references = operations.references;
  result.operations = references.length;
  result.apiLatencyMs = latencies.summary((c) => !c.startsWith('list.'));
  result.firstErrors = Object.fromEntries(latencies.firstError);
  const lastOp = references[references.length - 1];
  if (lastOp) result.operationHistory = await historyFigures(stack.client, `operation:${lastOp}`);
}

/** Operations of `daysPerOperation` days each, as routine operations are (a few days, roughly monthly). */
class BenchOperations {
  readonly references: string[] = [];
  private operationIndex = 0;
  private dayInOperation: number;
  private reference = '';
  private readonly nextTag: Record<string, number> = { RU: 1, UA: 1 };
  private dayCounter = 0;

  constructor(
    private readonly api: Api,
    private readonly people: People,
    private readonly runId: string,
    private readonly daysPerOperation: number,
  ) {
    this.dayInOperation = daysPerOperation;
  }

  /** The next day of `size` containers, in a new operation when the current one has all its days. */
  async newDay(size: number): Promise<{ reference: string; plan: DayPlan }> {
    if (this.dayInOperation >= this.daysPerOperation) {
      this.operationIndex += 1;
      this.dayInOperation = 0;
      this.reference = `BENCH-CASES-${this.runId}-${String(this.operationIndex).padStart(3, '0')}`;
      await createConfirmedOperation(this.api, this.people, {
        reference: this.reference,
        title: `Benchmark operation ${this.operationIndex}`,
        agreement: {
          parties: [
            { code: 'RU', name: 'Russia' },
            { code: 'UA', name: 'Ukraine' },
          ],
          venue: 'Istanbul',
          concludedOn: '2026-01-01',
          window: { start: '2026-01-01', end: '2026-12-31' },
          exchangePoints: ['Belarus–Ukraine border'],
          plannedTransfers: [
            { from: 'RU', to: 'UA', count: 100_000 },
            { from: 'UA', to: 'RU', count: 100_000 },
          ],
          intermediaryRole: 'OBSERVER',
        },
      });
      this.references.push(this.reference);
    }
    const date = new Date(Date.UTC(2026, 0, 2 + this.dayInOperation)).toISOString().slice(0, 10);
    this.dayInOperation += 1;
    this.dayCounter += 1;
    // Mostly towards one side, as in 2025 (every third day the other way).
    const [from, to] = this.dayCounter % 3 === 0 ? ['UA', 'RU'] : ['RU', 'UA'];
    const tags = tagList(`${from}-${this.runId}`, size, this.nextTag[from]);
    this.nextTag[from] += size;
    return {
      reference: this.reference,
      plan: { date, exchangePoint: 'Belarus–Ukraine border', directions: [{ from, to, tags, received: size }] },
    };
  }
}

/** One step: its days made, then driven a few at once while a watcher counts the cases open; its timings. */
async function openStep(
  stack: BenchStack,
  people: People,
  memory: MemorySampler,
  opts: RunOptions,
  operations: BenchOperations,
  countCases: () => Promise<number>,
  before: number,
  target: number,
) {
  // Days are made (and their operations created) in order; then driven a few at once.
  const sizes: number[] = [];
  for (let left = target - before; left > 0; left -= opts.daySize) sizes.push(Math.min(opts.daySize, left));
  const days: Array<{ reference: string; plan: DayPlan }> = [];
  const stepStart = performance.now();
  const since = () => (performance.now() - stepStart) / 1000;
  for (const size of sizes) days.push(await operations.newDay(size));
  // The reports of this step's days, timed apart: how long people wait while cases open.
  const reports = new Latencies();
  const stepApi = new Api(stack.apiUrl, reports);
  let signed = 0;
  let firstSignOff: number | undefined;
  let lastSignOff = 0;
  const state = { stage: 'driving days', opened: before, rowsWritten: before, stalled: false, watching: true };
  const ticker = progress(5_000, () => {
    const w = memory.get('worker')?.lastRssKb;
    return (
      `${state.stage}: days signed off ${signed}/${days.length}; cases ${state.opened.toLocaleString('en')}/${target.toLocaleString('en')} (${fmt((state.opened - before) / since())}/s)` +
      (w ? `; worker ${fmt(mib(w), 0)} MiB` : '')
    );
  });
  const firstTasksBefore = (await caseFirstTasksDone(stack.client)) ?? 0;
  const watcher = watchOpening(stack, opts.stallMinutes, countCases, state, before, target, firstTasksBefore);
  try {
    await pool(days, opts.parallelDays, async ({ reference: ref, plan }) => {
      await driveDay(stepApi, people, ref, plan, {
        receiptBatch: opts.receiptBatch,
        reporters: opts.reporters,
        spotCheckRate: 0,
      });
      signed += 1;
      firstSignOff ??= since();
      lastSignOff = since();
    });
    state.stage = 'opening cases';
    await watcher;
  } finally {
    state.watching = false;
    ticker.stop();
  }
  const allOpen = since();
  const { opened, rowsWritten, stalled } = state;
  const openedInStep = opened - before;
  const figures: Record<string, any> = {
    target,
    opened,
    rowsWritten,
    openedInStep,
    stalled,
    days: days.length,
    operations: new Set(days.map((d) => d.reference)).size,
    timeToOpenS: round1(allOpen),
    firstSignOffS: round1(firstSignOff ?? NaN),
    lastSignOffS: round1(lastSignOff),
    openingAfterLastSignOffS: round1(allOpen - lastSignOff),
    casesPerSecond: round1(openedInStep / allOpen),
    casesPerSecondFromFirstSignOff: round1(openedInStep / (allOpen - (firstSignOff ?? 0))),
  };
  figures.reportLatencyMs = reports.summary();
  figures.slowestReportS = round1(Math.max(0, ...[...reports.samples.values()].flat()) / 1000);
  console.log(
    `  ${opened.toLocaleString('en')} cases open; ${fmt(allOpen)} s for this step${stalled ? ' (STALLED)' : ''}`,
  );
  return { figures, opened, stalled };
}

/** Counts the cases open each second until `target`, or marks the step stalled after `stallMinutes` without progress. */
async function watchOpening(
  stack: BenchStack,
  stallMinutes: number,
  countCases: () => Promise<number>,
  state: { opened: number; rowsWritten: number; stalled: boolean; watching: boolean },
  before: number,
  target: number,
  firstTasksBefore: number,
) {
  let lastChange = Date.now();
  while (state.watching) {
    await sleep(1_000);
    state.rowsWritten = await countCases().catch(() => state.rowsWritten);
    // Open = its row written and its workflow's first task done, as the raw baseline counts a start:
    // cases opened in bulk have their rows before their workflows start.
    const done = await caseFirstTasksDone(stack.client);
    const n = done === undefined ? state.rowsWritten : Math.min(state.rowsWritten, before + done - firstTasksBefore);
    if (n !== state.opened) lastChange = Date.now();
    state.opened = n;
    if (Date.now() - lastChange > stallMinutes * 60_000) {
      state.stalled = true;
      return;
    }
    if (state.opened >= target) return;
  }
}

main().catch((err) => {
  console.error(`\nbench:open-cases failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
