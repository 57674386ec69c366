// `npm run bench:open-cases`: many remains cases open at once (the target is the
// 126,000 open missing-person cases of May 2025), in steps: for each step, the
// time to open them, the worker's memory, the API's list and filter latency,
// and the reminder timers Temporal holds. See the README, section "Benchmarks".
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
import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as PgClient } from 'pg';
import type { paths } from '../src/client/api';
import { Api, issuePeople, pool, type People, type Person } from './lib/api';
import { createConfirmedOperation, driveDay, tagList, type DayPlan } from './lib/drive';
import { MemorySampler } from './lib/memory';
import {
  fmt,
  Latencies,
  loadAverage,
  machineFacts,
  mib,
  progress,
  summarise,
  table,
  writeResults,
  type LatencySummary,
} from './lib/report';
import { openBenchStack, stopOnSignals, type BenchStack } from './lib/stack';
import { caseFirstTasksDone, countWorkflows, historyFigures, pendingTimers } from './lib/temporal';

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

const REMINDER_MS = 30 * 24 * 3600 * 1000; // the case workflow's default reminder period

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
  try {
    await run(stack, db, memory, opts, result);
  } catch (err) {
    result.error = (err as Error).message;
    console.error(`\n  stopped: ${(err as Error).message}`);
    if (stack.workDir) stack.keepFiles();
  } finally {
    memory.stop();
    result.memoryKb = memory.all();
    result.machine.loadAverageAtEnd = loadAverage();
    await db.end().catch(() => undefined);
    printSummary(result);
    const file = writeResults('open-cases', result);
    console.log(`\n  results: ${file}\n           bench/results/latest-open-cases.json`);
    await stack.stop();
  }
  if (result.error) process.exit(1);
}

async function run(
  stack: BenchStack,
  db: PgClient,
  memory: MemorySampler,
  opts: {
    steps: number[];
    daySize: number;
    daysPerOperation: number;
    parallelDays: number;
    receiptBatch: number;
    reporters: number;
    queryRepeats: number;
    timerSample: number;
    stallMinutes: number;
  },
  result: Record<string, any>,
) {
  const runId = randomUUID().slice(0, 6).toUpperCase();
  const latencies = new Latencies();
  const api = new Api(stack.apiUrl, latencies);
  const people = await issuePeople(stack.databaseUrl, runId.toLowerCase(), opts.reporters, 3);
  const countCases = async () => Number((await db.query('SELECT count(*)::int AS n FROM "RemainsCase"')).rows[0].n);
  const baseCount = await countCases();
  if (baseCount) console.log(`  ${baseCount} cases were already there; steps count from them`);

  // Operations of `daysPerOperation` days each, as routine operations are (a few days, roughly monthly).
  let operationIndex = 0;
  let dayInOperation = opts.daysPerOperation;
  let reference = '';
  const nextTag: Record<string, number> = { RU: 1, UA: 1 };
  let dayCounter = 0;
  const operations: string[] = [];
  const newDay = async (size: number): Promise<{ reference: string; plan: DayPlan }> => {
    if (dayInOperation >= opts.daysPerOperation) {
      operationIndex += 1;
      dayInOperation = 0;
      reference = `BENCH-CASES-${runId}-${String(operationIndex).padStart(3, '0')}`;
      await createConfirmedOperation(api, people, {
        reference,
        title: `Benchmark operation ${operationIndex}`,
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
      operations.push(reference);
    }
    const date = new Date(Date.UTC(2026, 0, 2 + dayInOperation)).toISOString().slice(0, 10);
    dayInOperation += 1;
    dayCounter += 1;
    // Mostly towards one side, as in 2025 (every third day the other way).
    const [from, to] = dayCounter % 3 === 0 ? ['UA', 'RU'] : ['RU', 'UA'];
    const tags = tagList(`${from}-${runId}`, size, nextTag[from]);
    nextTag[from] += size;
    return {
      reference,
      plan: { date, exchangePoint: 'Belarus–Ukraine border', directions: [{ from, to, tags, received: size }] },
    };
  };

  for (const target of opts.steps) {
    const before = await countCases();
    const need = target - before;
    if (need <= 0) continue;
    console.log(`\n  step ${target.toLocaleString('en')}: opening ${need.toLocaleString('en')} cases`);
    // Days are made (and their operations created) in order; then driven a few at once.
    const sizes: number[] = [];
    for (let left = need; left > 0; left -= opts.daySize) sizes.push(Math.min(opts.daySize, left));
    const days: Array<{ reference: string; plan: DayPlan }> = [];
    const stepStart = performance.now();
    const since = () => (performance.now() - stepStart) / 1000;
    for (const size of sizes) days.push(await newDay(size));
    // The reports of this step's days, timed apart: how long people wait while cases open.
    const reports = new Latencies();
    const stepApi = new Api(stack.apiUrl, reports);
    let signed = 0;
    let firstSignOff: number | undefined;
    let lastSignOff = 0;
    let opened = before;
    let stage = 'driving days';
    const ticker = progress(5_000, () => {
      const w = memory.get('worker')?.lastRssKb;
      return (
        `${stage}: days signed off ${signed}/${days.length}; cases ${opened.toLocaleString('en')}/${target.toLocaleString('en')} (${fmt((opened - before) / since())}/s)` +
        (w ? `; worker ${fmt(mib(w), 0)} MiB` : '')
      );
    });
    let stalled = false;
    let watching = true;
    const firstTasksBefore = (await caseFirstTasksDone(stack.client)) ?? 0;
    let rowsWritten = before;
    const watcher = (async () => {
      let lastChange = Date.now();
      while (watching) {
        await sleep(1_000);
        rowsWritten = await countCases().catch(() => rowsWritten);
        // Open = its row written and its workflow's first task done, as the raw baseline counts a start:
        // cases opened in bulk have their rows before their workflows start.
        const done = await caseFirstTasksDone(stack.client);
        const n = done === undefined ? rowsWritten : Math.min(rowsWritten, before + done - firstTasksBefore);
        if (n !== opened) lastChange = Date.now();
        opened = n;
        if (Date.now() - lastChange > opts.stallMinutes * 60_000) {
          stalled = true;
          return;
        }
        if (opened >= target) return;
      }
    })();
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
      stage = 'opening cases';
      await watcher;
    } finally {
      watching = false;
      ticker.stop();
    }
    const allOpen = since();
    const openedInStep = opened - before;
    const step: Record<string, any> = {
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
    step.reportLatencyMs = reports.summary();
    step.slowestReportS = round1(Math.max(0, ...[...reports.samples.values()].flat()) / 1000);
    console.log(
      `  ${opened.toLocaleString('en')} cases open; ${fmt(allOpen)} s for this step${stalled ? ' (STALLED)' : ''}`,
    );

    stage = 'measuring';
    await sleep(3_000); // let the last workflow tasks settle before measuring at rest
    memory.sample();
    step.memoryKb = Object.fromEntries(
      Object.entries(memory.all()).map(([name, m]) => [name, { rssNow: m.lastRssKb, peakSoFar: m.peakKb }]),
    );
    step.listLatencyMs = await listLatencies(api, people, operations[0], opened, opts.queryRepeats);
    step.queryPlans = await queryPlans(db);
    step.timers = await timerLoad(stack, db, opts.timerSample);
    step.storage = await storage(stack, db);
    step.loadAverage = loadAverage();
    result.steps.push(step);
    printStep(step);
    if (stalled) throw new Error(`opening stalled at ${opened} cases (no progress for ${opts.stallMinutes} min)`);
  }
  result.operations = operations.length;
  result.apiLatencyMs = latencies.summary((c) => !c.startsWith('list.'));
  result.firstErrors = Object.fromEntries(latencies.firstError);
  const lastOp = operations[operations.length - 1];
  if (lastOp) result.operationHistory = await historyFigures(stack.client, `operation:${lastOp}`);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** GET /api/cases as people use it, each query `repeats` times one after the other. */
async function listLatencies(
  api: Api,
  people: People,
  firstOperation: string | undefined,
  total: number,
  repeats: number,
) {
  const deep = Math.max(0, Math.min(total - 50, 10_000));
  type CasesQuery = NonNullable<paths['/api/cases']['get']['parameters']['query']>;
  const queries: Array<[string, Person, CasesQuery]> = [
    ['page 1, no filter (coordinator)', people.coordinator, { limit: 50 }],
    ['status=RECEIVED', people.coordinator, { status: 'RECEIVED', limit: 50 }],
    ['status=IDENTIFIED (none)', people.coordinator, { status: 'IDENTIFIED', limit: 50 }],
    ['party=UA', people.coordinator, { party: 'UA', limit: 50 }],
    ['party=RU&status=RECEIVED', people.coordinator, { party: 'RU', status: 'RECEIVED', limit: 50 }],
    ['operation=<first>', people.coordinator, { operation: firstOperation, limit: 50 }],
    [`offset=${deep}`, people.coordinator, { limit: 50, offset: deep }],
    ['forensic UA, own party', people.forensic.UA, { limit: 50 }],
    ['limit=200', people.observer, { limit: 200 }],
  ];
  const out: Record<string, LatencySummary> = {};
  for (const [name, who, query] of queries) {
    const samples: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const t = performance.now();
      await api.call(who, `list.${name}`, (c) => c.GET('/api/cases', { params: { query } }));
      samples.push(performance.now() - t);
    }
    out[name] = summarise(samples);
  }
  return out;
}

/** The list's SQL (as Prisma sends it, near enough) explained on the data as it is now. */
async function queryPlans(db: PgClient) {
  const explain = async (sql: string) => {
    const { rows } = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`);
    const plan = rows[0]['QUERY PLAN'][0];
    const nodes: string[] = [];
    const walk = (n: any, depth: number) => {
      nodes.push(
        `${'  '.repeat(depth)}${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''}${n['Sort Method'] ? ` (${n['Sort Method']})` : ''} rows=${n['Actual Rows']}`,
      );
      for (const c of n.Plans ?? []) walk(c, depth + 1);
    };
    walk(plan.Plan, 0);
    return { executionMs: round1(plan['Execution Time']), plan: nodes };
  };
  const page = (where: string) =>
    `SELECT * FROM "RemainsCase" ${where} ORDER BY "createdAt" DESC, "caseNumber" ASC LIMIT 50 OFFSET 0`;
  return {
    pageNoFilter: await explain(page('')),
    pageStatus: await explain(page(`WHERE "status" = 'RECEIVED'`)),
    pagePartyStatus: await explain(page(`WHERE "receivingParty" = 'RU' AND "status" = 'RECEIVED'`)),
    countNoFilter: await explain('SELECT count(*) FROM "RemainsCase"'),
  };
}

/**
 * Reminder timers: every open case that awaits action holds one, due a period
 * after its last progress. Visibility counts the running case workflows; a
 * sample of histories shows the pending timer; the database's lastProgressAt
 * says how the reminders of all cases bunch up.
 */
async function timerLoad(stack: BenchStack, db: PgClient, sample: number) {
  const client = stack.client;
  const running = await countWorkflows(client, 'WorkflowType = "remainsCase" AND ExecutionStatus = "Running"');
  const receivedRunning = await countWorkflows(
    client,
    'WorkflowType = "remainsCase" AND ExecutionStatus = "Running" AND CaseStatus = "RECEIVED"',
  );
  const { rows: picked } = await db.query(
    `SELECT "caseNumber", "lastProgressAt" FROM "RemainsCase" ORDER BY random() LIMIT $1`,
    [sample],
  );
  let withTimer = 0;
  let timers = 0;
  const driftMs: number[] = [];
  for (const r of picked) {
    const pending = await pendingTimers(client, `case:${r.caseNumber}`).catch(() => []);
    if (pending.length) withTimer += 1;
    timers += pending.length;
    for (const t of pending) driftMs.push(Math.abs(t.dueAt - (new Date(r.lastProgressAt).getTime() + REMINDER_MS)));
  }
  const bunch = async (unit: 'minute' | 'second') =>
    (
      await db.query(
        `SELECT date_trunc('${unit}', "lastProgressAt") AS at, count(*)::int AS n FROM "RemainsCase"
         WHERE "status" NOT IN ('RELEASED','RETURNED_TO_OTHER_PARTY','MERGED','UNIDENTIFIED_RETAINED')
         GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
      )
    ).rows[0];
  const perMinute = await bunch('minute');
  const perSecond = await bunch('second');
  const { rows: span } = await db.query(
    `SELECT min("lastProgressAt") AS first, max("lastProgressAt") AS last, count(*)::int AS n FROM "RemainsCase"
     WHERE "status" NOT IN ('RELEASED','RETURNED_TO_OTHER_PARTY','MERGED','UNIDENTIFIED_RETAINED')`,
  );
  return {
    runningCaseWorkflows: running,
    runningReceived: receivedRunning,
    sampled: picked.length,
    sampledWithPendingTimer: withTimer,
    sampledPendingTimers: timers,
    /** |timer due − (lastProgressAt + 30 days)| over the sample: the database predicts the timers. */
    sampledDueDriftMsMax: driftMs.length ? Math.max(...driftMs) : undefined,
    estimatedPendingTimers:
      picked.length && running !== undefined ? Math.round((running * timers) / picked.length) : undefined,
    remindersDue: {
      inWindowOfS: span[0].first
        ? round1((new Date(span[0].last).getTime() - new Date(span[0].first).getTime()) / 1000)
        : 0,
      total: span[0].n,
      peakPerMinute: perMinute?.n ?? 0,
      peakPerSecond: perSecond?.n ?? 0,
      firstDueAt: span[0].first ? new Date(new Date(span[0].first).getTime() + REMINDER_MS).toISOString() : undefined,
    },
  };
}

async function storage(stack: BenchStack, db: PgClient) {
  const { rows } = await db.query(
    `SELECT relname AS table, pg_total_relation_size(relid)::bigint AS bytes FROM pg_catalog.pg_statio_user_tables
     ORDER BY 2 DESC LIMIT 6`,
  );
  let temporalSqliteBytes: number | undefined;
  if (stack.workDir) {
    try {
      temporalSqliteBytes = statSync(path.join(stack.workDir, 'temporal.sqlite')).size;
    } catch {
      /* in memory */
    }
  }
  return {
    postgresLargestTablesMiB: Object.fromEntries(rows.map((r) => [r.table, round1(Number(r.bytes) / 2 ** 20)])),
    temporalSqliteMiB: temporalSqliteBytes !== undefined ? round1(temporalSqliteBytes / 2 ** 20) : undefined,
  };
}

function printStep(s: any) {
  console.log(
    table(
      ['list query (ms)', 'p50', 'p95', 'max'],
      Object.entries(s.listLatencyMs as Record<string, LatencySummary>).map(([q, l]) => [
        q,
        fmt(l.p50),
        fmt(l.p95),
        fmt(l.max),
      ]),
    ),
  );
  const t = s.timers;
  console.log(
    `  timers: ${t.runningCaseWorkflows ?? '?'} running case workflows; ${t.sampledWithPendingTimer}/${t.sampled} sampled hold a reminder timer; ` +
      `reminders due over ${t.remindersDue.inWindowOfS} s, peak ${t.remindersDue.peakPerMinute}/min, ${t.remindersDue.peakPerSecond}/s`,
  );
}

function printSummary(r: any) {
  if (!r.steps.length) return;
  console.log('\n  Open remains cases');
  console.log(
    table(
      [
        'open cases',
        'time to open (s)',
        'cases/s',
        'slowest report (s)',
        'worker RSS MiB (peak)',
        'API RSS MiB',
        'Temporal RSS MiB',
        'list p50/p95 ms',
        'status filter p50',
        'running case wfs',
        'reminders peak/min',
      ],
      r.steps.map((s: any) => [
        s.opened.toLocaleString('en'),
        fmt(s.timeToOpenS),
        fmt(s.casesPerSecond),
        fmt(s.slowestReportS),
        `${fmt(mib(s.memoryKb.worker?.rssNow), 0)} (${fmt(mib(s.memoryKb.worker?.peakSoFar), 0)})`,
        fmt(mib(s.memoryKb.api?.rssNow), 0),
        fmt(mib(s.memoryKb.temporal?.rssNow), 0),
        `${fmt(s.listLatencyMs['page 1, no filter (coordinator)'].p50)}/${fmt(s.listLatencyMs['page 1, no filter (coordinator)'].p95)}`,
        fmt(s.listLatencyMs['status=RECEIVED'].p50),
        s.timers.runningCaseWorkflows ?? '?',
        s.timers.remindersDue.peakPerMinute,
      ]),
    ),
  );
}

main().catch((err) => {
  console.error(`\nbench:open-cases failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
