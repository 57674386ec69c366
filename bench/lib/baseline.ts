// The raw-Temporal baseline: as many workflow starts, updates and signals as
// the service's run made, done directly with the Temporal client against the
// same server, on trivial workflows served by a bench worker of its own.
// runBaseline: starts and signals once, updates once per phase (one per
// reporter count of the service's runs), each at its own concurrency, on a
// quiet server. runInOrder: one service run's work again in the service's own
// order, right after that run (see InOrderRun).
import type { ChildProcess } from 'node:child_process';
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

export interface RawOptions {
  /** Case-like workflows started at once, batch after batch (as activities/remains-case/cases.ts starts cases). */
  caseBatch: number;
  /** The case-like workflows' timer (the service's case reminder period). */
  timer: string;
  progress?: (line: string) => void;
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

/**
 * The bench worker of the trivial workflows (bench/baseline/worker.ts), in a process of its own on a task
 * queue of its own; resolves once the server sees it polling.
 */
export async function startBenchWorker(
  client: Client,
  at: { address: string; namespace: string; taskQueue: string; logFile: string },
): Promise<ChildProcess> {
  const worker = spawnEntry(
    path.join('bench', 'baseline', 'worker.ts'),
    {
      ...process.env,
      BENCH_TEMPORAL_ADDRESS: at.address,
      BENCH_NAMESPACE: at.namespace,
      BENCH_TASK_QUEUE: at.taskQueue,
    },
    at.logFile,
  );
  try {
    const deadline = Date.now() + 120_000;
    while (!(await hasPollers(client, at.namespace, at.taskQueue).catch(() => false))) {
      if (worker.exitCode !== null) throw new Error(`bench worker exited with ${worker.exitCode} (${at.logFile})`);
      if (Date.now() > deadline) throw new Error('bench worker did not poll within 2 minutes');
      await sleep(250);
    }
  } catch (err) {
    await stopChild(worker);
    throw err;
  }
  return worker;
}

/**
 * A session of raw work on the stack's server: a connection of its own with the
 * client's default retries, counting per phase what the server turns away
 * (RESOURCE_EXHAUSTED: e.g. too many updates in flight on one workflow), and a
 * bench worker of its own on a task queue of its own for the trivial workflows.
 */
class RawTemporal {
  readonly lat = new Latencies();
  /** Workflows started, to end on a stack that outlives the benchmark. */
  private readonly started: string[] = [];

  private constructor(
    private readonly stack: BenchStack,
    private readonly connection: Connection,
    readonly client: Client,
    readonly taskQueue: string,
    readonly worker: ChildProcess,
    readonly opts: RawOptions,
    private readonly counted: { phase: string; exhausted: Map<string, number> },
  ) {}

  static async open(stack: BenchStack, name: string, opts: RawOptions): Promise<RawTemporal> {
    const counted = { phase: 'starts', exhausted: new Map<string, number>() };
    const retries = defaultGrpcRetryOptions();
    const connection = await Connection.connect({
      address: stack.temporalAddress,
      interceptors: [
        makeGrpcRetryInterceptor({
          ...retries,
          retryableDecider: (attempt, status) => {
            if (Number(status.code) === RESOURCE_EXHAUSTED)
              counted.exhausted.set(counted.phase, (counted.exhausted.get(counted.phase) ?? 0) + 1);
            return retries.retryableDecider(attempt, status);
          },
        }),
      ],
    });
    const client = new Client({ connection, namespace: stack.namespace });
    const taskQueue = `bench-${name}-${randomUUID().slice(0, 8)}`;
    const worker = await startBenchWorker(client, {
      address: stack.temporalAddress,
      namespace: stack.namespace,
      taskQueue,
      logFile: stack.workDir ? path.join(stack.workDir, `${name}-worker.log`) : '/dev/null',
    }).catch(async (err) => {
      await connection.close();
      throw err;
    });
    return new RawTemporal(stack, connection, client, taskQueue, worker, opts, counted);
  }

  /** The phase that calls the server turns away are counted under from now on. */
  set phase(name: string) {
    this.counted.phase = name;
  }

  turnedAway(phase: string): number {
    return this.counted.exhausted.get(phase) ?? 0;
  }

  latency(cls: string): LatencySummary {
    return summarise(this.lat.samples.get(cls) ?? []);
  }

  async timed(cls: string, fn: () => Promise<unknown>): Promise<void> {
    const t = performance.now();
    await fn();
    this.lat.record(cls, performance.now() - t);
  }

  /** Holders all at once (timed under `cls` if given). */
  async startHolders(ids: string[], cls?: string): Promise<void> {
    const start = (workflowId: string) =>
      this.client.workflow.start('baselineHolder', { taskQueue: this.taskQueue, workflowId, args: [] });
    await Promise.all(ids.map((id) => (cls ? this.timed(cls, () => start(id)) : start(id))));
    this.started.push(...ids);
  }

  /**
   * Starts `count` case-like workflows in batches of caseBatch at once, batch after batch; resolves when
   * the last one is open (its first task done: its timer is in history), with when the first start began.
   */
  async startCases(name: string, count: number, cls: string, progressOf?: (n: number) => void) {
    const firstStartAt = performance.now();
    const { caseBatch, timer } = this.opts;
    let lastCase = '';
    for (let start = 0; start < count; start += caseBatch) {
      const batch = Array.from(
        { length: Math.min(caseBatch, count - start) },
        (_, i) => `bench-case:${this.taskQueue}:${name}:${start + i}`,
      );
      await Promise.all(
        batch.map((workflowId) =>
          this.timed(cls, () =>
            this.client.workflow.start('baselineCase', { taskQueue: this.taskQueue, workflowId, args: [timer] }),
          ),
        ),
      );
      this.started.push(...batch);
      lastCase = batch[batch.length - 1];
      if ((start / caseBatch) % 20 === 0) progressOf?.(start + batch.length);
    }
    const startedAt = performance.now();
    if (lastCase) {
      for (;;) {
        const d = await this.client.workflow.getHandle(lastCase).describe();
        if (d.historyLength >= 5) break;
        await sleep(50);
      }
    }
    return { firstStartAt, startedAt, openedAt: performance.now() };
  }

  /** `count` updates on one holder, `concurrency` at once, timed under `cls`. */
  updatesOn(workflowId: string, count: number, concurrency: number, cls: string, inFlight: InFlight) {
    return pool(Array.from({ length: count }), concurrency, () =>
      inFlight.track(() =>
        this.timed(cls, () => this.client.workflow.getHandle(workflowId).executeUpdate(benchUpdate, { args: [{}] })),
      ),
    );
  }

  /** On a stack of our own everything goes with it; on a running one, the trivial workflows end now. */
  async close(): Promise<void> {
    try {
      if (!this.stack.owned && this.started.length) {
        this.opts.progress?.(`${this.taskQueue}: ending its ${this.started.length} trivial workflows`);
        await pool(this.started, 50, async (id) => {
          await this.client.workflow
            .getHandle(id)
            .signal(benchFinish)
            .catch(() => undefined);
        });
      }
    } finally {
      await stopChild(this.worker);
      await this.connection.close();
    }
  }
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

/** gRPC status code of a call the server turned away for a limit (grpc.status.RESOURCE_EXHAUSTED). */
const RESOURCE_EXHAUSTED = 8;
