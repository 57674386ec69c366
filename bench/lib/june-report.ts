// The figures of `npm run bench:june` beside the raw baseline: the ratios of a
// run to its work done raw, over rounds, and the tables printed after each run
// and at the end.
import type { BaselineResult, InOrderResult } from './baseline';
import type { UpdatePathFigures } from './isolate';
import type { RunResult } from './june-run';
import { fmt, mib, spread, spreadText, table, type LatencySummary, type Spread } from './report';

export const round2 = (n: number) => Math.round(n * 100) / 100;

/** A run against its work done raw in the service's order; case opening is raw's rate over the service's. */
export function inOrderRatios(r: RunResult, o: InOrderResult) {
  return {
    wall: round2(r.service.wallS / (o.wallMs / 1000)),
    caseOpening: round2(o.casesOpenedPerSecond / r.service.casesOpenedPerSecondWhileOpening),
    updateP50: round2(r.updatesPooledMs.p50 / o.latency.p50),
    updateP95: round2(r.updatesPooledMs.p95 / o.latency.p95),
  };
}

/** Per reporter count, each in-order ratio's median and range over that count's rounds. */
export function overRounds(
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

export function printRun(r: RunResult) {
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

export function printComparison(result: {
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

export function printUpdatePath(p: UpdatePathFigures & { rawUpdateOneAtATime?: LatencySummary }) {
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
