// `npm run bench:june`: the June 2025 operation at reference size, driven only
// through the HTTP API with several people reporting at once, on a stack of its
// own (or a running one: --api), once per reporter count (3 and 20 by default,
// each its own operation), then a raw-Temporal baseline of the same number of
// starts, updates and signals on the same server, its updates once per reporter
// count at that count's concurrency. See docs/benchmarks.md.
//
//   npm run bench:june                      # reference size: 6,135 cases, 3 then 20 reporters
//   npm run bench:june -- --scale 0.05      # same shape, smaller
//   npm run bench:june -- --workers 2       # two worker processes on the same task queues
//   npm run bench:june -- --api http://127.0.0.1:3000 [--worker-pid N[,N…] --api-pid N]
//   npm run bench:june -- --help
import { randomUUID } from 'node:crypto';
import { scaledDays } from '../src/demo/june-2025';
import { Api, issuePeople } from './lib/api';
import { runBaseline, runInOrder, type BaselineResult, type InOrderResult } from './lib/baseline';
import { measureUpdatePath, type UpdatePathFigures } from './lib/isolate';
import { juneHelp, parseJuneArgs, stackArgs, type JuneOptions } from './lib/june-options';
import { inOrderRatios, overRounds, printComparison, printRun, printUpdatePath, round2 } from './lib/june-report';
import { driveOperation, type RunResult } from './lib/june-run';
import { Latencies, loadAverage, machineFacts, progress, writeResults } from './lib/report';
import { openBenchStack, stopOnSignals, type BenchStack } from './lib/stack';
import { dumpHistories } from './lib/temporal';

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

main().catch((err) => {
  console.error(`\nbench:june failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
