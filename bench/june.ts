// `npm run bench:june`: the June 2025 operation at reference size, driven only
// through the HTTP API with several people reporting at once, on a stack of its
// own (or a running one: --api), then a raw-Temporal baseline of the same
// number of starts, updates and signals on the same server. See the README, section "Benchmarks".
//
//   npm run bench:june                      # reference size: 6,135 cases
//   npm run bench:june -- --scale 0.05      # same shape, smaller
//   npm run bench:june -- --api http://127.0.0.1:3000 [--worker-pid N --api-pid N]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { juneAgreement, scaledDays } from '../src/demo/june-2025';
import type { ApiClient } from '../src/client/api';
import { Api, issuePeople } from './lib/api';
import { runBaseline, type BaselineResult } from './lib/baseline';
import { createConfirmedOperation, driveDay, isUpdateClass, tagList, type DayPlan } from './lib/drive';
import { MemorySampler } from './lib/memory';
import { fmt, Latencies, loadAverage, machineFacts, mib, progress, table, writeResults } from './lib/report';
import { openBenchStack, stopOnSignals, type BenchStack } from './lib/stack';
import { dumpHistories, eventTypeCounts, historyFigures, type HistoryFigures } from './lib/temporal';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    api: { type: 'string' },
    'worker-pid': { type: 'string' },
    'api-pid': { type: 'string' },
    reference: { type: 'string' },
    'receipt-batch': { type: 'string', default: '50' },
    reporters: { type: 'string', default: '3' },
    field: { type: 'string', default: '3' },
    'spot-check-rate': { type: 'string', default: '0.01' },
    'read-every': { type: 'string', default: '2000' },
    'cases-timeout': { type: 'string', default: '60' },
    'no-baseline': { type: 'boolean', default: false },
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
  const scale = num('scale');
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be in (0, 1]');
  const opts = {
    scale,
    receiptBatch: num('receipt-batch'),
    reporters: num('reporters'),
    field: Math.max(2, num('field')),
    spotCheckRate: num('spot-check-rate'),
    readEveryMs: num('read-every'),
    casesTimeoutMin: num('cases-timeout'),
    baseline: !args['no-baseline'],
    logLevel: args['log-level'],
  };
  const run = randomUUID().slice(0, 6);
  const reference = args.reference ?? `BENCH-JUNE-${run.toUpperCase()}`;
  const machine = machineFacts();
  console.log(`bench:june — scale ${scale}, operation ${reference}`);

  console.log(
    args.api ? `  attaching to ${args.api}` : '  starting a stack of its own (PostgreSQL, Temporal, worker, API)…',
  );
  const stack: BenchStack = await openBenchStack(args, opts.logLevel);
  stopOnSignals(stack.stop);
  try {
    const result = await benchmark(stack, reference, run, opts, machine);
    const file = writeResults('june', result);
    console.log(`\n  results: ${file}\n           bench/results/latest-june.json`);
  } catch (err) {
    if (stack.workDir) {
      const ids = [`operation:${reference}`, ...scaledDays(scale).map((d) => `handover:${reference}:${d.date}`)];
      await dumpHistories(stack.client, ids, `${stack.workDir}/histories`).catch(() => undefined);
      stack.keepFiles();
      console.error(`\n  logs and histories kept in ${stack.workDir}`);
    }
    throw err;
  } finally {
    await stack.stop();
  }
}

async function benchmark(
  stack: BenchStack,
  reference: string,
  run: string,
  opts: {
    scale: number;
    receiptBatch: number;
    reporters: number;
    field: number;
    spotCheckRate: number;
    readEveryMs: number;
    casesTimeoutMin: number;
    baseline: boolean;
    logLevel: string;
  },
  machine: Record<string, unknown>,
) {
  const memory = new MemorySampler(stack.pids).start();
  const latencies = new Latencies();
  const api = new Api(stack.apiUrl, latencies);
  const people = await issuePeople(stack.databaseUrl, run, opts.reporters, opts.field);

  // The June 2025 days, with tags numbered on across days per sender.
  const next: Record<string, number> = { RU: 1, UA: 1 };
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
          casesOpened = answer.total;
          timeline.push([Math.round(since() * 10) / 10, casesOpened]);
        }
      }
    })(),
  ];
  const ticker = progress(5_000, () => {
    const w = memory.get('worker')?.lastRssKb;
    const a = memory.get('api')?.lastRssKb;
    return (
      `${step}; ${api.requests} requests (${fmt(api.requests / since())}/s); cases ${casesOpened}/${expectedCases}` +
      (w ? `; worker ${fmt(mib(w), 0)} MiB` : '') +
      (a ? `, API ${fmt(mib(a), 0)} MiB` : '')
    );
  });

  const signedOffAt: Record<string, number> = {};
  let drivenAt: number;
  let openedAt: number;
  const loadStart = loadAverage();
  try {
    step = 'agreement';
    await createConfirmedOperation(api, people, juneAgreement(reference));
    for (const day of days) {
      await driveDay(api, people, reference, day, {
        receiptBatch: opts.receiptBatch,
        reporters: opts.reporters,
        spotCheckRate: opts.spotCheckRate,
        onStep: (s) => {
          step = s;
          // Observers read the day once it is scheduled.
          if (s.endsWith('manifests')) currentDay = day.date;
        },
      });
      signedOffAt[day.date] = since();
      console.log(
        `  ${day.date} signed off at ${fmt(signedOffAt[day.date])} s (${day.directions.map((d) => `${d.from}→${d.to} ${d.received}/${d.tags.length}`).join(', ')})`,
      );
    }
    step = 'handovers complete';
    await api.call(people.coordinator, 'operation.complete', (c) =>
      c.POST('/api/operations/{reference}/handover-completion', { params: opParams, body: {} }),
    );
    drivenAt = since();
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
  const updateCount = [...latencies.samples]
    .filter(([cls]) => isUpdateClass(cls) && !cls.startsWith('read'))
    .reduce((s, [, l]) => s + l.length, 0);
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

  // The same numbers of starts, updates and signals on trivial workflows, same server.
  let baseline: BaselineResult | undefined;
  if (opts.baseline) {
    console.log(`\n  raw Temporal baseline: ${service.starts} starts, ${updateCount} updates, ${signals} signals…`);
    const tick = progress(5_000, () => 'baseline running');
    try {
      baseline = await runBaseline(
        stack,
        client,
        { holders: 1 + days.length, cases: expectedCases, updates: updateCount, signals },
        {
          caseBatch: 50,
          updateConcurrency: opts.reporters * 2,
          timer: '30 days',
          progress: (l) => console.log(`  ${l}`),
        },
      );
    } finally {
      tick.stop();
    }
  }
  const updatesPooled = latencies.pooled((c) => isUpdateClass(c) && !c.startsWith('read'));
  const ratios = baseline && {
    wall: round2(service.wallS / (baseline.wallMs / 1000)),
    caseOpening: round2(baseline.starts.openedPerSecond / service.casesOpenedPerSecondWhileOpening),
    updateP50: round2(updatesPooled.p50 / baseline.updates.latency.p50),
    updateP95: round2(updatesPooled.p95 / baseline.updates.latency.p95),
    workerPeakMemory:
      baseline.workerPeakKb && memory.get('worker')?.peakKb
        ? round2(memory.get('worker')!.peakKb! / baseline.workerPeakKb)
        : undefined,
  };

  const mem = memory.all();
  const result = {
    benchmark: 'june',
    startedAt: new Date(Date.now() - wallS * 1000).toISOString(),
    reference,
    options: opts,
    machine: { ...machine, loadAverageAtEnd: loadAverage(), loadAverageAtDriveStart: loadStart },
    stack: { owned: stack.owned, ...stack.facts },
    checks: {
      phase: final.phase,
      lastDayDiscrepancies: (lastDay.discrepancies ?? []).map((d) => d.kind),
      casesExpected: expectedCases,
      casesOpened,
    },
    service,
    latencyMs: latencies.summary(),
    firstErrors: Object.fromEntries(latencies.firstError),
    updatesPooledMs: updatesPooled,
    memoryKb: mem,
    histories: {
      operation: operationHistory,
      largestDay: largest(dayHistories),
      days: dayHistories,
      largestCaseOfSample: largest(caseHistories),
      caseSample: caseHistories.length,
      operationEvents,
    },
    baseline,
    ratios,
    timeline,
  };
  print(result);
  return result;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function print(r: any) {
  console.log('\n  June 2025 operation through the API');
  console.log(
    table(
      ['figure', 'value'],
      [
        ['wall time, first request → last case open (s)', fmt(r.service.wallS)],
        ['  driving the days (s)', fmt(r.service.drivingS)],
        ['  cases still opening after the last request (s)', fmt(r.service.tailAfterLastRequestS)],
        ['API requests', r.service.requests],
        ['requests/s (over the wall time)', fmt(r.service.requestsPerSecond)],
        ['cases opened', `${r.service.casesOpened}/${r.checks.casesExpected}`],
        ['cases opened/s while opening', fmt(r.service.casesOpenedPerSecondWhileOpening)],
        ['worker peak memory (MiB)', fmt(mib(r.memoryKb.worker?.peakKb))],
        ['API peak memory (MiB)', fmt(mib(r.memoryKb.api?.peakKb))],
        ['Temporal server peak memory (MiB)', fmt(mib(r.memoryKb.temporal?.peakKb))],
        ['operation history (events / KiB)', hist(r.histories.operation)],
        ['largest day history (events / KiB)', hist(r.histories.largestDay)],
        [`largest case history of ${r.histories.caseSample} (events / KiB)`, hist(r.histories.largestCaseOfSample)],
        ['operation phase / last day discrepancies', `${r.checks.phase} / ${r.checks.lastDayDiscrepancies.join(', ')}`],
      ],
    ),
  );
  console.log('\n  API latency by endpoint class (ms)');
  console.log(
    table(
      ['class', 'n', 'p50', 'p95', 'p99', 'max', 'errors'],
      Object.entries(r.latencyMs as Record<string, any>).map(([cls, s]) => [
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
  if (r.baseline) {
    const b = r.baseline;
    console.log('\n  Raw Temporal baseline (trivial workflows, same server) and the service as a ratio to it');
    console.log(
      table(
        ['figure', 'service', 'baseline', 'ratio'],
        [
          ['wall time (s)', fmt(r.service.wallS), fmt(b.wallMs / 1000), fmt(r.ratios.wall, 2)],
          ['workflow starts', r.service.starts, b.work.holders + b.work.cases, ''],
          [
            'cases opened/s (baseline: started + first task)',
            fmt(r.service.casesOpenedPerSecondWhileOpening),
            fmt(b.starts.openedPerSecond),
            fmt(r.ratios.caseOpening, 2),
          ],
          ['  baseline start RPCs/s (p50 ms)', '', `${fmt(b.starts.perSecond)} (${fmt(b.starts.latency.p50)})`, ''],
          ['updates', r.service.updates, b.work.updates, ''],
          [
            'update latency p50 (ms)',
            fmt(r.updatesPooledMs.p50),
            fmt(b.updates.latency.p50),
            fmt(r.ratios.updateP50, 2),
          ],
          [
            'update latency p95 (ms)',
            fmt(r.updatesPooledMs.p95),
            fmt(b.updates.latency.p95),
            fmt(r.ratios.updateP95, 2),
          ],
          ['signals (baseline p50 ms)', r.service.signals, `${b.work.signals} (${fmt(b.signals.latency.p50)})`, ''],
          [
            'worker peak memory (MiB)',
            fmt(mib(r.memoryKb.worker?.peakKb)),
            fmt(mib(b.workerPeakKb)),
            fmt(r.ratios.workerPeakMemory, 2),
          ],
        ],
      ),
    );
  }
}

const hist = (h: { events: number; bytes?: number } | undefined) =>
  h ? `${h.events} / ${fmt((h.bytes ?? NaN) / 1024)}` : '–';

main().catch((err) => {
  console.error(`\nbench:june failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
