// `npm run bench:june`: the June 2025 operation at reference size, driven only
// through the HTTP API with several people reporting at once, on a stack of its
// own (or a running one: --api), once per reporter count (3 and 20 by default,
// each its own operation), then a raw-Temporal baseline of the same number of
// starts, updates and signals on the same server, its updates once per reporter
// count at that count's concurrency. See the README, section "Benchmarks".
//
//   npm run bench:june                      # reference size: 6,135 cases, 3 then 20 reporters
//   npm run bench:june -- --scale 0.05      # same shape, smaller
//   npm run bench:june -- --workers 2       # two worker processes on the same task queues
//   npm run bench:june -- --api http://127.0.0.1:3000 [--worker-pid N[,N…] --api-pid N]
//   npm run bench:june -- --help
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { juneAgreement, scaledDays } from '../src/demo/june-2025';
import type { ApiClient } from '../src/client/api';
import { Api, issuePeople } from './lib/api';
import { runBaseline, runInOrder, type BaselineResult, type InOrderResult } from './lib/baseline';
import { measureUpdatePath, type UpdatePathFigures } from './lib/isolate';
import { createConfirmedOperation, driveDay, isUpdateClass, tagList, type DayPlan } from './lib/drive';
import { juneHelp, parseJuneArgs, stackArgs, type JuneOptions } from './lib/june-options';
import { MemorySampler, resetPeaks } from './lib/memory';
import {
  fmt,
  InFlight,
  Latencies,
  loadAverage,
  machineFacts,
  mib,
  progress,
  spread,
  spreadText,
  table,
  writeResults,
  type LatencySummary,
  type Spread,
} from './lib/report';
import { openBenchStack, stopOnSignals, type BenchStack } from './lib/stack';
import {
  caseFirstTasksDone,
  dumpHistories,
  eventTypeCounts,
  historyFigures,
  type HistoryFigures,
} from './lib/temporal';

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(juneHelp());
    return;
  }
  const { raw, options: opts } = parseJuneArgs(argv);
  const run = randomUUID().slice(0, 6);
  const base = typeof raw.reference === 'string' ? raw.reference : `BENCH-JUNE-${run.toUpperCase()}`;
  // Each reporter count, each round, drives an operation of its own.
  const referenceOf = (reporters: number, round: number) =>
    opts.reporterCounts.length === 1 && opts.rounds === 1 && typeof raw.reference === 'string'
      ? base
      : `${base}-R${reporters}${opts.rounds > 1 ? `-${round}` : ''}`;
  const machine = machineFacts();
  console.log(
    `bench:june — scale ${opts.scale}, reporters ${opts.reporterCounts.join(' then ')} per receiving side, ` +
      `receipts in batches of ${opts.receiptBatch}, ${opts.workers} worker process${opts.workers > 1 ? 'es' : ''}`,
  );
  console.log(
    typeof raw.api === 'string'
      ? `  attaching to ${raw.api}`
      : '  starting a stack of its own (PostgreSQL, Temporal, worker(s), API)…',
  );
  const stack: BenchStack = await openBenchStack(stackArgs(raw), opts.logLevel);
  stopOnSignals(stack.stop);
  let current = '';
  try {
    const result = await benchmark(stack, run, referenceOf, opts, machine, (r) => (current = r));
    const file = writeResults('june', result);
    console.log(`\n  results: ${file}\n           bench/results/latest-june.json`);
  } catch (err) {
    if (stack.workDir && current) {
      const ids = [`operation:${current}`, ...scaledDays(opts.scale).map((d) => `handover:${current}:${d.date}`)];
      await dumpHistories(stack.client, ids, `${stack.workDir}/histories`).catch(() => undefined);
      stack.keepFiles();
      console.error(`\n  logs and histories kept in ${stack.workDir}`);
    }
    throw err;
  } finally {
    await stack.stop();
  }
}

type RunResult = Awaited<ReturnType<typeof driveOperation>>;

async function benchmark(
  stack: BenchStack,
  run: string,
  referenceOf: (reporters: number, round: number) => string,
  opts: JuneOptions,
  machine: Record<string, unknown>,
  driving: (reference: string) => void,
) {
  const startedAt = new Date().toISOString();
  // Tags are numbered on across days and across runs, per sender: no operation reuses another's.
  const next: Record<string, number> = { RU: 1, UA: 1 };
  const runs: Array<RunResult & { round: number; inOrder?: InOrderResult }> = [];
  const rawOptions = { caseBatch: 50, timer: '30 days', progress: (l: string) => console.log(`  ${l}`) };
  for (const reporters of opts.reporterCounts) {
    for (let round = 1; round <= opts.rounds; round++) {
      const reference = referenceOf(reporters, round);
      driving(reference);
      console.log(
        `\n  run ${runs.length + 1} of ${opts.reporterCounts.length * opts.rounds}: ${reporters} reporter` +
          `${reporters > 1 ? 's' : ''} per receiving side, operation ${reference}`,
      );
      const r = await driveOperation(stack, reference, `${run}-r${reporters}-${round}`, reporters, next, opts);
      printRun(r);
      // The same work raw, right away: it meets the server as this run left it.
      const inOrder = opts.baseline
        ? await runInOrder(stack, { concurrency: reporters, days: r.dayWork }, rawOptions)
        : undefined;
      runs.push({ ...r, round, inOrder });
    }
  }

  // Where a report's time goes, one at a time with nothing else running (the baseline adds raw updates so).
  let updatePath: UpdatePathFigures | undefined;
  if (opts.isolate > 0) {
    const reference = `${referenceOf(opts.reporterCounts[0], 1)}-ISO`;
    driving(reference);
    console.log(`\n  where a report's time goes: ${opts.isolate} receipts of each kind, one at a time (${reference})…`);
    const people = await issuePeople(stack.databaseUrl, `${run}-iso`, 1, 2);
    updatePath = await measureUpdatePath(
      stack,
      new Api(stack.apiUrl, new Latencies()),
      people,
      reference,
      opts.isolate,
    );
  }

  // The same numbers of starts, updates and signals on trivial workflows, same server, quiet: starts and
  // signals once (every run makes as many), updates once per reporter count (its first round's).
  const firstRounds = runs.filter((r) => r.round === 1);
  let baseline: BaselineResult | undefined;
  if (opts.baseline) {
    const first = runs[0].service;
    console.log(
      `\n  raw Temporal baseline: ${first.starts} starts, ${first.signals} signals, then ` +
        firstRounds.map((r) => `${r.service.updates} updates at ${r.reporters} at once`).join(', then ') +
        '…',
    );
    const tick = progress(5_000, () => 'baseline running');
    try {
      baseline = await runBaseline(
        stack,
        { holders: 1 + runs[0].days, cases: runs[0].checks.casesExpected, signals: first.signals },
        {
          ...rawOptions,
          updatePhases: [
            ...firstRounds.map((r) => ({ updates: r.service.updates, concurrency: r.reporters })),
            ...(updatePath ? [{ updates: updatePath.each, concurrency: 1 }] : []),
          ],
        },
      );
    } finally {
      tick.stop();
    }
  }

  const rated = runs.map(({ inOrder: o, ...r }) => {
    const b = baseline?.updates[opts.reporterCounts.indexOf(r.reporters)];
    return {
      ...r,
      baseline: b,
      baselineInOrder: o,
      // Every ratio is this run's against the baseline: its starts and signals (shared by the runs)
      // and its update phase at this run's concurrency.
      ratios: baseline &&
        b && {
          wall: round2(r.service.wallS / (b.wallWithStartsAndSignalsMs / 1000)),
          caseOpening: round2(baseline.starts.openedPerSecond / r.service.casesOpenedPerSecondWhileOpening),
          updateP50: round2(r.updatesPooledMs.p50 / b.latency.p50),
          updateP95: round2(r.updatesPooledMs.p95 / b.latency.p95),
          workerPeakMemory:
            baseline.workerPeakKb && r.workersMemory.peakKb
              ? round2(r.workersMemory.peakKb / baseline.workerPeakKb)
              : undefined,
        },
      // The same against this run's work done raw in the service's order right after it (cases opening meanwhile).
      ratiosInOrder: o && inOrderRatios(r, o),
    };
  });

  const result = {
    benchmark: 'june',
    startedAt,
    options: opts,
    machine: { ...machine, loadAverageAtEnd: loadAverage() },
    stack: { owned: stack.owned, workers: stack.workerNames.length, ...stack.facts },
    runs: rated,
    /** Per reporter count, each in-order ratio over the rounds: median, lowest, highest. */
    inOrderOverRounds: opts.baseline ? overRounds(rated, opts.reporterCounts) : undefined,
    baseline,
    updatePath: updatePath && {
      ...updatePath,
      rawUpdateOneAtATime: baseline?.updates[firstRounds.length]?.latency,
    },
  };
  printComparison(result);
  if (result.updatePath) printUpdatePath(result.updatePath);
  return result;
}

async function driveOperation(
  stack: BenchStack,
  reference: string,
  run: string,
  reporters: number,
  next: Record<string, number>,
  opts: JuneOptions,
) {
  // Each run its own memory peaks (the processes are the same for every run).
  const peaksReset = resetPeaks(Object.values(stack.pids));
  const memory = new MemorySampler(stack.pids).sum('workers', stack.workerNames).start();
  const latencies = new Latencies();
  const inFlight = { receipts: new InFlight(), reports: new InFlight() };
  const api = new Api(stack.apiUrl, latencies);
  const people = await issuePeople(stack.databaseUrl, run, reporters, opts.field);

  // The June 2025 days, with tags numbered on per sender.
  const days: DayPlan[] = scaledDays(opts.scale).map((d) => {
    const directions = [
      { from: 'RU', to: 'UA', declared: d.ruToUa.declared, received: d.ruToUa.received },
      ...(d.uaToRu ? [{ from: 'UA', to: 'RU', declared: d.uaToRu, received: d.uaToRu }] : []),
    ].map((x) => {
      const tags = tagList(x.from, x.declared, next[x.from]);
      next[x.from] += x.declared;
      return { from: x.from, to: x.to, tags, received: x.received };
    });
    return { date: d.date, exchangePoint: 'Belarus–Ukraine border', directions };
  });
  const expectedCases = days.reduce((s, d) => s + d.directions.reduce((t, x) => t + x.received, 0), 0);
  const containers = days.reduce((s, d) => s + d.directions.reduce((t, x) => t + x.tags.length, 0), 0);
  console.log(`  ${days.length} days, ${containers} containers listed, ${expectedCases} cases to open`);

  // Observers read while the field reports: the operation, the current day, and the cases opened so far.
  const opParams = { path: { reference } };
  const readOperation = (c: ApiClient) => c.GET('/api/operations/{reference}', { params: opParams });
  const readDay = (date: string) => (c: ApiClient) =>
    c.GET('/api/operations/{reference}/handovers/{date}', { params: { path: { reference, date } } });
  let step = 'starting';
  let currentDay: string | undefined;
  let casesOpened = 0;
  const timeline: Array<[number, number]> = [];
  let reading = true;
  const t0 = performance.now();
  const since = () => (performance.now() - t0) / 1000;
  const readers = [
    (async () => {
      while (reading) {
        await sleep(opts.readEveryMs);
        if (!reading) break;
        await Promise.all([
          api.call(people.observer, 'read.operation', readOperation).catch(() => undefined),
          currentDay ? api.call(people.observer, 'read.day', readDay(currentDay)).catch(() => undefined) : undefined,
        ]);
      }
    })(),
    (async () => {
      while (reading) {
        await sleep(1_000);
        const answer = await api
          .call(people.observer, 'read.cases', (c) =>
            c.GET('/api/cases', { params: { query: { operation: reference, limit: 1 } } }),
          )
          .catch(() => undefined);
        if (answer) {
          // Rows of cases opened in bulk come before their workflows start: open once the first task is done too.
          const firstTasks = await caseFirstTasksDone(stack.client, reference);
          casesOpened = firstTasks === undefined ? answer.total : Math.min(answer.total, firstTasks);
          timeline.push([Math.round(since() * 10) / 10, casesOpened]);
        }
      }
    })(),
  ];
  const ticker = progress(5_000, () => {
    const w = memory.getSum('workers')?.lastKb;
    const a = memory.get('api')?.lastRssKb;
    return (
      `${step}; ${api.requests} requests (${fmt(api.requests / since())}/s); cases ${casesOpened}/${expectedCases}` +
      (w ? `; worker${stack.workerNames.length > 1 ? 's' : ''} ${fmt(mib(w), 0)} MiB` : '') +
      (a ? `, API ${fmt(mib(a), 0)} MiB` : '')
    );
  });

  const signedOffAt: Record<string, number> = {};
  // Updates made by each day's reports (the first day also counts the agreement's, the last the completion).
  const updatesSoFar = () =>
    [...latencies.samples].filter(([cls]) => isUpdateClass(cls)).reduce((s, [, l]) => s + l.length, 0);
  const dayUpdates: number[] = [];
  let counted = 0;
  const updatesSinceCounted = () => {
    const now = updatesSoFar();
    const since = now - counted;
    counted = now;
    return since;
  };
  let drivenAt: number;
  let openedAt: number;
  const loadStart = loadAverage();
  try {
    step = 'agreement';
    await createConfirmedOperation(api, people, juneAgreement(reference));
    for (const day of days) {
      await driveDay(api, people, reference, day, {
        receiptBatch: opts.receiptBatch,
        reporters,
        spotCheckRate: opts.spotCheckRate,
        inFlight,
        onStep: (s) => {
          step = s;
          // Observers read the day once it is scheduled.
          if (s.endsWith('manifests')) currentDay = day.date;
        },
      });
      signedOffAt[day.date] = since();
      dayUpdates.push(updatesSinceCounted());
      console.log(
        `  ${day.date} signed off at ${fmt(signedOffAt[day.date])} s (${day.directions.map((d) => `${d.from}→${d.to} ${d.received}/${d.tags.length}`).join(', ')})`,
      );
    }
    step = 'handovers complete';
    await api.call(people.coordinator, 'operation.complete', (c) =>
      c.POST('/api/operations/{reference}/handover-completion', { params: opParams, body: {} }),
    );
    drivenAt = since();
    dayUpdates[dayUpdates.length - 1] += updatesSinceCounted();
    step = 'waiting for every case to open';
    const deadline = Date.now() + opts.casesTimeoutMin * 60_000;
    while (casesOpened < expectedCases) {
      if (Date.now() > deadline)
        throw new Error(`only ${casesOpened}/${expectedCases} cases opened after ${opts.casesTimeoutMin} min`);
      await sleep(250);
    }
    openedAt = timeline.find(([, n]) => n >= expectedCases)?.[0] ?? since();
  } finally {
    reading = false;
    ticker.stop();
    await Promise.all(readers);
  }
  const wallS = openedAt;

  // Checks that the run did what June did.
  const final = await api.call(people.coordinator, 'read.final', readOperation);
  const lastDay = await api.call(people.coordinator, 'read.final', readDay(days[days.length - 1].date));

  // Temporal: history of the operation, every day, and a sample of cases.
  step = 'reading histories';
  const client = stack.client;
  const operationHistory = await historyFigures(client, `operation:${reference}`);
  const dayHistories = (
    await Promise.all(days.map((d) => historyFigures(client, `handover:${reference}:${d.date}`)))
  ).filter((h): h is HistoryFigures => !!h);
  const sampleCases = await api.call(people.coordinator, 'read.final', (c) =>
    c.GET('/api/cases', { params: { query: { operation: reference, limit: 20 } } }),
  );
  const caseHistories = (
    await Promise.all(sampleCases.items.map((c) => historyFigures(client, `case:${c.caseNumber}`)))
  ).filter((h): h is HistoryFigures => !!h);
  const largest = (list: HistoryFigures[]) => [...list].sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0))[0];
  const operationEvents = await eventTypeCounts(client, `operation:${reference}`);
  const dayEvents = await Promise.all(dayHistories.map((h) => eventTypeCounts(client, h.workflowId)));
  const signals = operationEvents.WORKFLOW_EXECUTION_SIGNALED ?? 0;
  const updatesInHistory =
    (operationEvents.WORKFLOW_EXECUTION_UPDATE_ACCEPTED ?? 0) +
    dayEvents.reduce((s, e) => s + (e.WORKFLOW_EXECUTION_UPDATE_ACCEPTED ?? 0), 0);
  memory.stop();

  // Opening of cases: how fast while it ran, and how long after each sign-off.
  let activeS = 0;
  for (let i = 1; i < timeline.length; i++)
    if (timeline[i][1] > timeline[i - 1][1]) activeS += timeline[i][0] - timeline[i - 1][0];
  let cumulative = 0;
  const openingLag = days.map((d) => {
    cumulative += d.directions.reduce((s, x) => s + x.received, 0);
    const at = timeline.find(([, n]) => n >= cumulative)?.[0];
    return {
      date: d.date,
      casesThrough: cumulative,
      signedOffAtS: signedOffAt[d.date],
      allOpenAtS: at,
      lagS: at !== undefined ? Math.round((at - signedOffAt[d.date]) * 10) / 10 : undefined,
    };
  });
  const openedPerSecond = activeS ? expectedCases / activeS : NaN;
  const updateCount = updatesSoFar();
  const driveRequests = latencies.total;
  const service = {
    wallS: Math.round(wallS * 10) / 10,
    drivingS: Math.round(drivenAt * 10) / 10,
    tailAfterLastRequestS: Math.round((wallS - drivenAt) * 10) / 10,
    requests: driveRequests,
    requestsPerSecond: Math.round((driveRequests / wallS) * 10) / 10,
    updates: updateCount,
    updatesInHistory,
    starts: 1 + days.length + expectedCases,
    signals,
    casesOpened: casesOpened,
    casesOpenedPerSecondWhileOpening: Math.round(openedPerSecond * 10) / 10,
    openingLag,
  };

  const mem = memory.all();
  const perWorker = stack.workerNames.map((n) => mem[n]?.peakKb);
  const workersMemory = {
    processes: stack.workerNames.length,
    // One worker: the kernel's own peak (VmHWM); several: the peak of their summed RSS, sampled every second.
    peakKb: stack.workerNames.length === 1 ? perWorker[0] : memory.getSum('workers')?.peakKb,
    peakIs: stack.workerNames.length === 1 ? 'VmHWM' : 'summed RSS, sampled every second',
    perProcessPeakKb: perWorker,
  };
  return {
    reporters,
    reference,
    days: days.length,
    /** Per day, in order: the updates its reports made, and the cases it opened (the baseline replays them so). */
    dayWork: days.map((d, i) => ({
      updates: dayUpdates[i],
      cases: d.directions.reduce((n, x) => n + x.received, 0),
    })),
    loadAverageAtDriveStart: loadStart,
    loadAverageAtEnd: loadAverage(),
    checks: {
      phase: final.phase,
      lastDayDiscrepancies: (lastDay.discrepancies ?? []).map((d) => d.kind),
      casesExpected: expectedCases,
      casesOpened,
    },
    service,
    /** Receipt requests in flight at once, and all of a day's reports (receipts and spot checks). */
    inFlight: { receipts: inFlight.receipts.summary(), reports: inFlight.reports.summary() },
    latencyMs: latencies.summary(),
    firstErrors: Object.fromEntries(latencies.firstError),
    updatesPooledMs: latencies.pooled((c) => isUpdateClass(c) && !c.startsWith('read')),
    memoryKb: mem,
    /** Whether each process's kernel peak was reset before this run (else it may be an earlier run's). */
    memoryPeaksReset: peaksReset,
    workersMemory,
    histories: {
      operation: operationHistory,
      largestDay: largest(dayHistories),
      days: dayHistories,
      largestCaseOfSample: largest(caseHistories),
      caseSample: caseHistories.length,
      operationEvents,
    },
    timeline,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A run against its work done raw in the service's order; case opening is raw's rate over the service's. */
function inOrderRatios(r: RunResult, o: InOrderResult) {
  return {
    wall: round2(r.service.wallS / (o.wallMs / 1000)),
    caseOpening: round2(o.casesOpenedPerSecond / r.service.casesOpenedPerSecondWhileOpening),
    updateP50: round2(r.updatesPooledMs.p50 / o.latency.p50),
    updateP95: round2(r.updatesPooledMs.p95 / o.latency.p95),
  };
}

/** Per reporter count, each in-order ratio's median and range over that count's rounds. */
function overRounds(
  runs: Array<{ reporters: number; ratiosInOrder?: ReturnType<typeof inOrderRatios> }>,
  counts: number[],
) {
  return counts.map((reporters) => {
    const ratios = runs.filter((r) => r.reporters === reporters).flatMap((r) => r.ratiosInOrder ?? []);
    const over = (key: keyof (typeof ratios)[number]): Spread => {
      const s = spread(ratios.map((x) => x[key]));
      return { ...s, median: round2(s.median) };
    };
    return {
      reporters,
      rounds: ratios.length,
      wall: over('wall'),
      caseOpening: over('caseOpening'),
      updateP50: over('updateP50'),
      updateP95: over('updateP95'),
    };
  });
}

const workersLabel = (r: RunResult) =>
  r.workersMemory.processes === 1 ? 'worker' : `${r.workersMemory.processes} workers, summed`;

function printRun(r: RunResult) {
  const perWorker =
    r.workersMemory.processes > 1
      ? [['  each worker (MiB)', r.workersMemory.perProcessPeakKb.map((kb) => fmt(mib(kb))).join(' / ')]]
      : [];
  console.log(`\n  June 2025 operation through the API: ${r.reporters} reporters per receiving side (${r.reference})`);
  console.log(
    table(
      ['figure', 'value'],
      [
        ['wall time, first request → last case open (s)', fmt(r.service.wallS)],
        ['  driving the days (s)', fmt(r.service.drivingS)],
        ['  cases still opening after the last request (s)', fmt(r.service.tailAfterLastRequestS)],
        ['API requests', r.service.requests],
        ['requests/s (over the wall time)', fmt(r.service.requestsPerSecond)],
        [
          'receipts in flight at once, peak / mean while any',
          `${r.inFlight.receipts.peak} / ${fmt(r.inFlight.receipts.meanWhileBusy)}`,
        ],
        [
          '  with spot checks, peak / mean while any',
          `${r.inFlight.reports.peak} / ${fmt(r.inFlight.reports.meanWhileBusy)}`,
        ],
        ['cases opened', `${r.service.casesOpened}/${r.checks.casesExpected}`],
        ['cases opened/s while opening', fmt(r.service.casesOpenedPerSecondWhileOpening)],
        [`${workersLabel(r)} peak memory (MiB)`, fmt(mib(r.workersMemory.peakKb))],
        ...perWorker,
        ['API peak memory (MiB)', fmt(mib(r.memoryKb.api?.peakKb))],
        ['Temporal server peak memory (MiB)', fmt(mib(r.memoryKb.temporal?.peakKb))],
        ['operation history (events / KiB)', hist(r.histories.operation)],
        ['largest day history (events / KiB)', hist(r.histories.largestDay)],
        [`largest case history of ${r.histories.caseSample} (events / KiB)`, hist(r.histories.largestCaseOfSample)],
        ['operation phase / last day discrepancies', `${r.checks.phase} / ${r.checks.lastDayDiscrepancies.join(', ')}`],
      ],
    ),
  );
  console.log(`\n  API latency by endpoint class (ms), ${r.reporters} reporters`);
  console.log(
    table(
      ['class', 'n', 'p50', 'p95', 'p99', 'max', 'errors'],
      Object.entries(r.latencyMs).map(([cls, s]) => [
        cls,
        s.count,
        fmt(s.p50),
        fmt(s.p95),
        fmt(s.p99),
        fmt(s.max),
        s.errors,
      ]),
    ),
  );
}

function printComparison(result: {
  runs: Array<
    RunResult & {
      round: number;
      baseline?: BaselineResult['updates'][number];
      baselineInOrder?: InOrderResult;
      ratios?: Record<string, number | undefined>;
      ratiosInOrder?: Record<string, number | undefined>;
    }
  >;
  baseline?: BaselineResult;
  inOrderOverRounds?: ReturnType<typeof overRounds>;
}) {
  const b = result.baseline;
  if (!b) return;
  console.log(
    '\n  Raw Temporal baseline (trivial workflows, same server) and the service as a ratio to it, per reporter count.' +
      '\n  Every ratio is per count: the baseline started its workflows and sent its signals once, and ran its' +
      '\n  updates once per count, that many at once on one workflow at a time (as a day takes its reports),' +
      "\n  on a quiet server. Each run was followed right away by its own work done raw in the service's order.",
  );
  const rows: Array<Array<string | number | undefined>> = [];
  const rounds = Math.max(...result.runs.map((r) => r.round));
  for (const r of result.runs) {
    const u = r.baseline;
    const ratio = r.ratios ?? {};
    if (!u) continue;
    rows.push(
      [
        rounds > 1 ? `${r.reporters} #${r.round}` : r.reporters,
        'wall time (s)',
        fmt(r.service.wallS),
        fmt(u.wallWithStartsAndSignalsMs / 1000),
        fmt(ratio.wall, 2),
      ],
      [
        '',
        'cases opened/s (baseline: started + first task)',
        fmt(r.service.casesOpenedPerSecondWhileOpening),
        fmt(b.starts.openedPerSecond),
        fmt(ratio.caseOpening, 2),
      ],
      [
        '',
        'updates (in flight: peak / mean while any)',
        `${r.service.updates} (${r.inFlight.reports.peak} / ${fmt(r.inFlight.reports.meanWhileBusy)})`,
        `${u.updates} (${u.inFlight.peak} / ${fmt(u.inFlight.meanWhileBusy)})`,
        '',
      ],
      ['', '  turned away by the server (RESOURCE_EXHAUSTED), retried', 'not seen', u.resourceExhaustedRetries, ''],
      ['', 'update latency p50 (ms)', fmt(r.updatesPooledMs.p50), fmt(u.latency.p50), fmt(ratio.updateP50, 2)],
      ['', 'update latency p95 (ms)', fmt(r.updatesPooledMs.p95), fmt(u.latency.p95), fmt(ratio.updateP95, 2)],
      [
        '',
        `${workersLabel(r)} peak memory (MiB)`,
        fmt(mib(r.workersMemory.peakKb)),
        fmt(mib(b.workerPeakKb)),
        fmt(ratio.workerPeakMemory, 2),
      ],
    );
    const o = r.baselineInOrder;
    const inOrder = r.ratiosInOrder ?? {};
    if (o)
      rows.push(
        ['', "the same work raw, in the service's order (each day's cases opening during the next day):", '', '', ''],
        ['', '  wall time (s)', fmt(r.service.wallS), fmt(o.wallMs / 1000), fmt(inOrder.wall, 2)],
        [
          '',
          '  cases opened/s (baseline: first start → last open)',
          fmt(r.service.casesOpenedPerSecondWhileOpening),
          fmt(o.casesOpenedPerSecond),
          fmt(inOrder.caseOpening, 2),
        ],
        ['', '  update latency p50 (ms)', fmt(r.updatesPooledMs.p50), fmt(o.latency.p50), fmt(inOrder.updateP50, 2)],
        ['', '  update latency p95 (ms)', fmt(r.updatesPooledMs.p95), fmt(o.latency.p95), fmt(inOrder.updateP95, 2)],
      );
  }
  const first = result.runs[0];
  rows.push(
    ['all', 'workflow starts', first.service.starts, b.work.holders + b.work.cases, ''],
    ['', '  baseline start RPCs/s (p50 ms)', '', `${fmt(b.starts.perSecond)} (${fmt(b.starts.latency.p50)})`, ''],
    ['', 'signals (baseline p50 ms)', first.service.signals, `${b.work.signals} (${fmt(b.signals.latency.p50)})`, ''],
  );
  console.log(table(['reporters', 'figure', 'service', 'baseline', 'ratio'], rows));
  if (rounds > 1 && result.inOrderOverRounds) {
    console.log(`\n  Against the same work raw in the service's order, over ${rounds} rounds: median (lowest–highest)`);
    console.log(
      table(
        ['reporters', 'wall time', 'case opening (raw/service)', 'update p50', 'update p95'],
        result.inOrderOverRounds.map((o) => [
          o.reporters,
          spreadText(o.wall),
          spreadText(o.caseOpening),
          spreadText(o.updateP50),
          spreadText(o.updateP95),
        ]),
      ),
    );
  }
}

function printUpdatePath(p: UpdatePathFigures & { rawUpdateOneAtATime?: LatencySummary }) {
  console.log(
    `\n  Where a field report's time goes: ${p.each} receipts of each kind, one at a time, nothing else running (ms)`,
  );
  const row = (what: string, s: LatencySummary | undefined) => [what, fmt(s?.p50), fmt(s?.p95), fmt(s?.mean)];
  console.log(
    table(
      ['', 'p50', 'p95', 'mean'],
      [
        row('raw update of a trivial workflow (baseline)', p.rawUpdateOneAtATime),
        row("a receipt straight to the day's workflow (Temporal client)", p.straightToWorkflow),
        row('a receipt through the API, without Idempotency-Key', p.throughApiWithoutIdempotencyKey),
        row('a receipt through the API, as reporters send it', p.throughApi),
        row('the API floor: GET /api/me (token checked)', p.apiFloor),
      ],
    ),
  );
}

const hist = (h: { events: number; bytes?: number } | undefined) =>
  h ? `${h.events} / ${fmt((h.bytes ?? NaN) / 1024)}` : '–';

main().catch((err) => {
  console.error(`\nbench:june failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
