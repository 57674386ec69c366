// The raw-Temporal baseline: as many workflow starts, updates and signals as
// the service's run made, done directly with the Temporal client against the
// same server, on trivial workflows served by a bench worker of its own.
// runBaseline: starts and signals once, updates once per phase (one per
// reporter count of the service's runs), each at its own concurrency, on a
// quiet server. runInOrder: one service run's work again in the service's own
// order, right after that run (see InOrderRun).
import { pool } from './api';
import { MemorySampler } from './memory';
import { RawTemporal, type RawOptions } from './raw-temporal';
import { InFlight, type LatencySummary } from './report';
import type { BenchStack } from './stack';
import { benchSignal } from '../baseline/workflows';

export { startBenchWorker, type RawOptions } from './raw-temporal';

export interface BaselineWork {
  /** Workflows that take the updates and signals (the operation and its days). */
  holders: number;
  /** Case-like workflows, started in batches as activities/remains-case/cases.ts starts cases. */
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

export interface BaselineOptions extends RawOptions {
  updatePhases: UpdatePhase[];
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
  const raw = await RawTemporal.open(stack, 'baseline', opts);
  const memory = new MemorySampler({ worker: raw.worker.pid }).start();
  const say = opts.progress ?? (() => undefined);
  const holdersOf = (phase: number) =>
    Array.from({ length: work.holders }, (_, i) => `bench-holder:${raw.taskQueue}:${phase}:${i}`);
  const holderIds = holdersOf(0);
  try {
    const wallStart = performance.now();

    // Starts: the holders, then the cases in batches of caseBatch at once, batch after batch.
    const startsAt = performance.now();
    await raw.startHolders(holderIds, 'start');
    const cases = await raw.startCases('all', work.cases, 'start', (n) => say(`baseline starts: ${n}/${work.cases}`));
    const startsWall = cases.startedAt - startsAt;
    // Opened = the last case's first workflow task is done (its timer is in history).
    const openedWall = cases.openedAt - startsAt;

    // Updates, phase by phase; a later phase on holders of its own, started outside the timing
    // (a holder that took an earlier phase's updates has a longer history).
    const phases: Array<UpdatePhase & { wallMs: number; inFlight: InFlight; cls: string }> = [];
    for (const [k, phase] of opts.updatePhases.entries()) {
      const holders = k === 0 ? holderIds : holdersOf(k);
      if (k > 0) await raw.startHolders(holders);
      say(`baseline updates: ${phase.updates} at ${phase.concurrency} at once`);
      const cls = `update.${k}`;
      raw.phase = cls;
      const inFlight = new InFlight();
      const updatesAt = performance.now();
      for (const [j, workflowId] of holders.entries()) {
        const share =
          Math.floor(((j + 1) * phase.updates) / holders.length) - Math.floor((j * phase.updates) / holders.length);
        await raw.updatesOn(workflowId, share, phase.concurrency, cls, inFlight);
      }
      phases.push({ ...phase, wallMs: performance.now() - updatesAt, inFlight, cls });
    }

    const signalConcurrency = opts.updatePhases[0]?.concurrency ?? 1;
    raw.phase = 'signals';
    const signalsAt = performance.now();
    await pool(
      Array.from({ length: work.signals }, () => holderIds[0]),
      signalConcurrency,
      (workflowId) => raw.timed('signal', () => raw.client.workflow.getHandle(workflowId).signal(benchSignal, {})),
    );
    const signalsWall = performance.now() - signalsAt;
    const wallMs = performance.now() - wallStart;
    memory.stop();

    const all = work.holders + work.cases;
    return {
      work,
      taskQueue: raw.taskQueue,
      wallMs: Math.round(wallMs),
      starts: {
        wallMs: Math.round(startsWall),
        perSecond: perSecond(all, startsWall),
        latency: raw.latency('start'),
        firstTasksDoneMs: Math.round(openedWall),
        openedPerSecond: perSecond(all, openedWall),
      },
      updates: phases.map((p) => ({
        updates: p.updates,
        concurrency: p.concurrency,
        wallMs: Math.round(p.wallMs),
        perSecond: perSecond(p.updates, p.wallMs),
        latency: raw.latency(p.cls),
        inFlight: p.inFlight.summary(),
        resourceExhaustedRetries: raw.turnedAway(p.cls),
        wallWithStartsAndSignalsMs: Math.round(openedWall + p.wallMs + signalsWall),
      })),
      signals: {
        wallMs: Math.round(signalsWall),
        perSecond: perSecond(work.signals, signalsWall),
        latency: raw.latency('signal'),
        concurrency: signalConcurrency,
      },
      resourceExhaustedRetries: { starts: raw.turnedAway('starts'), signals: raw.turnedAway('signals') },
      workerPeakKb: memory.get('worker')?.peakKb,
    };
  } finally {
    memory.stop();
    await raw.close();
  }
}

/**
 * One service run's work, raw, in the service's order (see InOrderRun), on a
 * worker and task queue of its own: run right after the service's run, it
 * meets the server as that run left it.
 */
export async function runInOrder(stack: BenchStack, plan: InOrderRun, opts: RawOptions): Promise<InOrderResult> {
  const raw = await RawTemporal.open(stack, 'in-order', opts);
  try {
    const holders = plan.days.map((_, d) => `bench-holder:${raw.taskQueue}:${d}`);
    await raw.startHolders(holders);
    raw.phase = 'updates';
    opts.progress?.(`raw, in the service's order: ${plan.days.length} days, updates at ${plan.concurrency} at once`);
    const inFlight = new InFlight();
    const at = performance.now();
    const openings: Array<ReturnType<RawTemporal['startCases']>> = [];
    for (const [d, day] of plan.days.entries()) {
      await raw.updatesOn(holders[d], day.updates, plan.concurrency, 'update', inFlight);
      openings.push(raw.startCases(String(d), day.cases, 'start'));
    }
    const opened = await Promise.all(openings);
    const cases = plan.days.reduce((n, day) => n + day.cases, 0);
    const lastOpenAt = Math.max(...opened.map((o) => o.openedAt));
    return {
      ...plan,
      wallMs: Math.round(lastOpenAt - at),
      latency: raw.latency('update'),
      inFlight: inFlight.summary(),
      casesOpenedPerSecond: perSecond(cases, lastOpenAt - Math.min(...opened.map((o) => o.firstStartAt))),
      resourceExhaustedRetries: raw.turnedAway('updates'),
    };
  } finally {
    await raw.close();
  }
}

const perSecond = (n: number, ms: number) => Math.round((n / (ms / 1000)) * 10) / 10;
