// A raw session on the stack's Temporal server for the baseline (bench/lib/baseline.ts): a bench worker of
// its own for the trivial workflows, a connection of its own that counts what the server turns away.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { pool } from './api';
import { InFlight, Latencies, summarise, type LatencySummary } from './report';
import { hasPollers, spawnEntry, stopChild, type BenchStack } from './stack';
import { benchFinish, benchUpdate } from '../baseline/workflows';

export interface RawOptions {
  /** Case-like workflows started at once, batch after batch (as activities/remains-case/cases.ts starts cases). */
  caseBatch: number;
  /** The case-like workflows' timer (the service's case reminder period). */
  timer: string;
  progress?: (line: string) => void;
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
export class RawTemporal {
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

/** gRPC status code of a call the server turned away for a limit (grpc.status.RESOURCE_EXHAUSTED). */
const RESOURCE_EXHAUSTED = 8;
