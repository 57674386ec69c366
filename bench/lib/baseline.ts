// The raw-Temporal baseline: as many workflow starts, updates and signals as
// the service's run made, done directly with the Temporal client against the
// same server, on trivial workflows served by a bench worker of its own.
// Starts and signals run once; updates once per phase (one per reporter count
// of the service's run), each phase at its own concurrency. Then, per reporter
// count, the same work in the service's own order (see InOrderRun).
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { pool } from './api';
import { MemorySampler } from './memory';
import { InFlight, Latencies, summarise, type LatencySummary } from './report';
import { hasPollers, spawnEntry, stopChild, type BenchStack } from './stack';
import { benchFinish, benchSignal, benchUpdate } from '../baseline/workflows';

export interface BaselineWork {
  /** Workflows that take the updates and signals (the operation and its days). */
  holders: number;
  /** Case-like workflows, started in batches as activities/cases.ts starts cases. */
  cases: number;
  signals: number;
}

/**
 * Updates as one run of the service made them: `updates` in all, spread evenly
 * over as many holders as the service has (the operation and its days), one
 * holder after the other (as days follow each other), `concurrency` at once on it.
 */
export interface UpdatePhase {
  updates: number;
  concurrency: number;
}

export interface UpdatePhaseResult extends UpdatePhase {
  wallMs: number;
  perSecond: number;
  latency: LatencySummary;
  /** Updates in flight at once, as measured (peak, mean while any). */
  inFlight: { peak: number; meanWhileBusy: number };
  /**
   * Calls the server turned away with RESOURCE_EXHAUSTED and the client retried (after 1 s and more):
   * above 10 updates in flight on one workflow, the server's default limit.
   */
  resourceExhaustedRetries: number;
  /** The baseline's wall time for this phase: starts with their first tasks, this phase's updates, the signals. */
  wallWithStartsAndSignalsMs: number;
}

/**
 * One run of the service replayed raw, in the service's order: day after day,
 * the day's updates on a holder of its own, `concurrency` at once; then the
 * day's cases started in the background (as a signed-off day opens them),
 * batch after batch, while the next day's updates go on. It isolates what the
 * server itself does to updates while cases open on it, which the phases above
 * (updates on a quiet server, after every start) leave out.
 */
export interface InOrderRun {
  concurrency: number;
  days: Array<{ updates: number; cases: number }>;
}

export interface InOrderResult extends InOrderRun {
  /** First update → last case open (its first task done), as the service's wall time. */
  wallMs: number;
  latency: LatencySummary;
  inFlight: { peak: number; meanWhileBusy: number };
  /** Cases over the time from the first case's start to the last case open. */
  casesOpenedPerSecond: number;
  resourceExhaustedRetries: number;
}

export interface BaselineOptions {
  caseBatch: number;
  updatePhases: UpdatePhase[];
  /** The service's runs in its own order, one per reporter count (after the phases above). */
  inOrder?: InOrderRun[];
  /** The case-like workflows' timer (the service's case reminder period). */
  timer: string;
  progress?: (line: string) => void;
}

export interface BaselineResult {
  work: BaselineWork;
  taskQueue: string;
  wallMs: number;
  starts: {
    wallMs: number;
    perSecond: number;
    latency: LatencySummary;
    firstTasksDoneMs: number;
    openedPerSecond: number;
  };
  /** One per phase, in the order given. */
  updates: UpdatePhaseResult[];
  /** One per InOrderRun, in the order given. */
  inOrder: InOrderResult[];
  signals: { wallMs: number; perSecond: number; latency: LatencySummary; concurrency: number };
  /** RESOURCE_EXHAUSTED answers retried by the client during the starts and the signals. */
  resourceExhaustedRetries: { starts: number; signals: number };
  workerPeakKb?: number;
}

export async function runBaseline(
  stack: BenchStack,
  work: BaselineWork,
  opts: BaselineOptions,
): Promise<BaselineResult> {
  const run = randomUUID().slice(0, 8);
  // A connection of its own, with the client's default retries, counting what the server turns away
  // (RESOURCE_EXHAUSTED: e.g. more than 10 updates in flight on one workflow) phase by phase.
  const exhausted = new Map<string, number>();
  let phaseName = 'starts';
  const retries = defaultGrpcRetryOptions();
  const connection = await Connection.connect({
    address: stack.temporalAddress,
    interceptors: [
      makeGrpcRetryInterceptor({
        ...retries,
        retryableDecider: (attempt, status) => {
          if (Number(status.code) === RESOURCE_EXHAUSTED) exhausted.set(phaseName, (exhausted.get(phaseName) ?? 0) + 1);
          return retries.retryableDecider(attempt, status);
        },
      }),
    ],
  });
  const client = new Client({ connection, namespace: stack.namespace });
  const taskQueue = `bench-baseline-${run}`;
  const logFile = stack.workDir ? path.join(stack.workDir, 'baseline-worker.log') : '/dev/null';
  const worker = spawnEntry(
    path.join('bench', 'baseline', 'worker.ts'),
    {
      ...process.env,
      BENCH_TEMPORAL_ADDRESS: stack.temporalAddress,
      BENCH_NAMESPACE: stack.namespace,
      BENCH_TASK_QUEUE: taskQueue,
    },
    logFile,
  );
  const memory = new MemorySampler({ worker: worker.pid }).start();
  const lat = new Latencies();
  const say = opts.progress ?? (() => undefined);
  const caseIds: string[] = [];
  const holdersOf = (phase: number) =>
    Array.from({ length: work.holders }, (_, i) => `bench-holder:${run}:${phase}:${i}`);
  const holderIds = holdersOf(0);
  const allHolders = [...holderIds];
  const timed = async (cls: string, fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    lat.record(cls, performance.now() - t);
  };
  /**
   * Starts `count` case-like workflows in batches of caseBatch at once, batch after batch; resolves when
   * the last one is open (its first task done: its timer is in history), with when the first start began.
   */
  const startCases = async (name: string, count: number, cls: string, progressOf?: (n: number) => void) => {
    const firstStartAt = performance.now();
    let lastCase = '';
    for (let start = 0; start < count; start += opts.caseBatch) {
      const batch = Array.from(
        { length: Math.min(opts.caseBatch, count - start) },
        (_, i) => `bench-case:${run}:${name}:${start + i}`,
      );
      await Promise.all(
        batch.map((workflowId) =>
          timed(cls, () => client.workflow.start('baselineCase', { taskQueue, workflowId, args: [opts.timer] })),
        ),
      );
      caseIds.push(...batch);
      lastCase = batch[batch.length - 1];
      if ((start / opts.caseBatch) % 20 === 0) progressOf?.(start + batch.length);
    }
    const startedAt = performance.now();
    if (lastCase) {
      for (;;) {
        const d = await client.workflow.getHandle(lastCase).describe();
        if (d.historyLength >= 5) break;
        await sleep(50);
      }
    }
    return { firstStartAt, startedAt, openedAt: performance.now() };
  };
  /** `count` updates on one holder, `concurrency` at once, timed under `cls`. */
  const updatesOn = (workflowId: string, count: number, concurrency: number, cls: string, inFlight: InFlight) =>
    pool(Array.from({ length: count }), concurrency, () =>
      inFlight.track(() =>
        timed(cls, () => client.workflow.getHandle(workflowId).executeUpdate(benchUpdate, { args: [{}] })),
      ),
    );
  try {
    const deadline = Date.now() + 120_000;
    while (!(await hasPollers(client, stack.namespace, taskQueue).catch(() => false))) {
      if (worker.exitCode !== null) throw new Error(`baseline worker exited with ${worker.exitCode} (${logFile})`);
      if (Date.now() > deadline) throw new Error('baseline worker did not poll within 2 minutes');
      await sleep(250);
    }
    const wallStart = performance.now();

    // Starts: the holders, then the cases in batches of caseBatch at once, batch after batch.
    const startsAt = performance.now();
    await Promise.all(
      holderIds.map((workflowId) =>
        timed('start', () => client.workflow.start('baselineHolder', { taskQueue, workflowId, args: [] })),
      ),
    );
    const cases = await startCases('all', work.cases, 'start', (n) => say(`baseline starts: ${n}/${work.cases}`));
    const startsWall = cases.startedAt - startsAt;
    // Opened = the last case's first workflow task is done (its timer is in history).
    const openedWall = cases.openedAt - startsAt;

    // Updates, phase by phase; a later phase on holders of its own, started outside the timing
    // (a holder that took an earlier phase's updates has a longer history).
    const phases: Array<UpdatePhase & { wallMs: number; inFlight: InFlight; cls: string }> = [];
    for (const [k, phase] of opts.updatePhases.entries()) {
      const holders = k === 0 ? holderIds : holdersOf(k);
      if (k > 0) {
        await Promise.all(
          holders.map((workflowId) => client.workflow.start('baselineHolder', { taskQueue, workflowId, args: [] })),
        );
        allHolders.push(...holders);
      }
      say(`baseline updates: ${phase.updates} at ${phase.concurrency} at once`);
      const cls = `update.${k}`;
      phaseName = cls;
      const inFlight = new InFlight();
      const updatesAt = performance.now();
      for (const [j, workflowId] of holders.entries()) {
        const share =
          Math.floor(((j + 1) * phase.updates) / holders.length) - Math.floor((j * phase.updates) / holders.length);
        await updatesOn(workflowId, share, phase.concurrency, cls, inFlight);
      }
      phases.push({ ...phase, wallMs: performance.now() - updatesAt, inFlight, cls });
    }

    const signalConcurrency = opts.updatePhases[0]?.concurrency ?? 1;
    phaseName = 'signals';
    const signalsAt = performance.now();
    await pool(
      Array.from({ length: work.signals }, () => holderIds[0]),
      signalConcurrency,
      (workflowId) => timed('signal', () => client.workflow.getHandle(workflowId).signal(benchSignal, {})),
    );
    const signalsWall = performance.now() - signalsAt;
    const wallMs = performance.now() - wallStart;
    memory.stop();

    // The service's runs in its own order: each day's cases open in the background while the next day goes on.
    const inOrder: InOrderResult[] = [];
    for (const [k, plan] of (opts.inOrder ?? []).entries()) {
      const holders = plan.days.map((_, d) => `bench-holder:${run}:in-order-${k}:${d}`);
      await Promise.all(
        holders.map((workflowId) => client.workflow.start('baselineHolder', { taskQueue, workflowId, args: [] })),
      );
      allHolders.push(...holders);
      const cls = `inOrder.${k}`;
      phaseName = cls;
      say(`baseline in the service's order: ${plan.days.length} days, updates at ${plan.concurrency} at once`);
      const inFlight = new InFlight();
      const at = performance.now();
      const openings: Array<ReturnType<typeof startCases>> = [];
      for (const [d, day] of plan.days.entries()) {
        await updatesOn(holders[d], day.updates, plan.concurrency, cls, inFlight);
        openings.push(startCases(`in-order-${k}:${d}`, day.cases, `${cls}.start`));
      }
      const opened = await Promise.all(openings);
      const cases = plan.days.reduce((n, day) => n + day.cases, 0);
      const lastOpenAt = Math.max(...opened.map((o) => o.openedAt));
      inOrder.push({
        ...plan,
        wallMs: Math.round(lastOpenAt - at),
        latency: summarise(lat.samples.get(cls) ?? []),
        inFlight: inFlight.summary(),
        casesOpenedPerSecond: perSecond(cases, lastOpenAt - Math.min(...opened.map((o) => o.firstStartAt))),
        resourceExhaustedRetries: exhausted.get(cls) ?? 0,
      });
    }

    const all = work.holders + work.cases;
    return {
      work,
      taskQueue,
      wallMs: Math.round(wallMs),
      starts: {
        wallMs: Math.round(startsWall),
        perSecond: perSecond(all, startsWall),
        latency: summarise(lat.samples.get('start') ?? []),
        firstTasksDoneMs: Math.round(openedWall),
        openedPerSecond: perSecond(all, openedWall),
      },
      updates: phases.map((p) => ({
        updates: p.updates,
        concurrency: p.concurrency,
        wallMs: Math.round(p.wallMs),
        perSecond: perSecond(p.updates, p.wallMs),
        latency: summarise(lat.samples.get(p.cls) ?? []),
        inFlight: p.inFlight.summary(),
        resourceExhaustedRetries: exhausted.get(p.cls) ?? 0,
        wallWithStartsAndSignalsMs: Math.round(openedWall + p.wallMs + signalsWall),
      })),
      inOrder,
      signals: {
        wallMs: Math.round(signalsWall),
        perSecond: perSecond(work.signals, signalsWall),
        latency: summarise(lat.samples.get('signal') ?? []),
        concurrency: signalConcurrency,
      },
      resourceExhaustedRetries: { starts: exhausted.get('starts') ?? 0, signals: exhausted.get('signals') ?? 0 },
      workerPeakKb: memory.get('worker')?.peakKb,
    };
  } finally {
    memory.stop();
    // On a stack of our own everything goes with it; on a running one, the trivial workflows end now.
    if (!stack.owned) {
      say('baseline: ending its trivial workflows');
      await pool([...allHolders, ...caseIds], 50, async (id) => {
        await client.workflow
          .getHandle(id)
          .signal(benchFinish)
          .catch(() => undefined);
      });
    }
    await stopChild(worker);
    await connection.close();
  }
}

const perSecond = (n: number, ms: number) => Math.round((n / (ms / 1000)) * 10) / 10;

/** gRPC status code of a call the server turned away for a limit (grpc.status.RESOURCE_EXHAUSTED). */
const RESOURCE_EXHAUSTED = 8;
