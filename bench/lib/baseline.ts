// The raw-Temporal baseline: as many workflow starts, updates and signals as
// the service's run made, done directly with the Temporal client against the
// same server, on trivial workflows served by a bench worker of its own.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { pool } from './api';
import { MemorySampler } from './memory';
import { Latencies, summarise, type LatencySummary } from './report';
import { hasPollers, spawnEntry, stopChild, type BenchStack } from './stack';
import { benchFinish, benchSignal, benchUpdate } from '../baseline/workflows';

export interface BaselineWork {
  /** Workflows that take the updates and signals (the operation and its days). */
  holders: number;
  /** Case-like workflows, started in batches as activities/cases.ts starts cases. */
  cases: number;
  updates: number;
  signals: number;
}

export interface BaselineOptions {
  caseBatch: number;
  updateConcurrency: number;
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
  updates: { wallMs: number; perSecond: number; latency: LatencySummary; concurrency: number };
  signals: { wallMs: number; perSecond: number; latency: LatencySummary };
  workerPeakKb?: number;
}

export async function runBaseline(
  stack: BenchStack,
  client: Client,
  work: BaselineWork,
  opts: BaselineOptions,
): Promise<BaselineResult> {
  const run = randomUUID().slice(0, 8);
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
  const holderIds = Array.from({ length: work.holders }, (_, i) => `bench-holder:${run}:${i}`);
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
    const timed = async (cls: string, fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      lat.record(cls, performance.now() - t);
    };
    await Promise.all(
      holderIds.map((workflowId) =>
        timed('start', () => client.workflow.start('baselineHolder', { taskQueue, workflowId, args: [] })),
      ),
    );
    let lastCase = '';
    for (let start = 0; start < work.cases; start += opts.caseBatch) {
      const batch = Array.from(
        { length: Math.min(opts.caseBatch, work.cases - start) },
        (_, i) => `bench-case:${run}:${start + i}`,
      );
      await Promise.all(
        batch.map((workflowId) =>
          timed('start', () => client.workflow.start('baselineCase', { taskQueue, workflowId, args: [opts.timer] })),
        ),
      );
      caseIds.push(...batch);
      lastCase = batch[batch.length - 1];
      if ((start / opts.caseBatch) % 20 === 0) say(`baseline starts: ${caseIds.length}/${work.cases}`);
    }
    const startsWall = performance.now() - startsAt;
    // Opened = the last case's first workflow task is done (its timer is in history).
    if (lastCase) {
      for (;;) {
        const d = await client.workflow.getHandle(lastCase).describe();
        if (d.historyLength >= 5) break;
        await sleep(50);
      }
    }
    const openedWall = performance.now() - startsAt;

    // Updates: spread over the holders, as many at once as the service run's reporters.
    const updatesAt = performance.now();
    const updates = Array.from({ length: work.updates }, (_, i) => holderIds[i % holderIds.length]);
    await pool(updates, opts.updateConcurrency, (workflowId) =>
      timed('update', () => client.workflow.getHandle(workflowId).executeUpdate(benchUpdate, { args: [{}] })),
    );
    const updatesWall = performance.now() - updatesAt;

    const signalsAt = performance.now();
    await pool(
      Array.from({ length: work.signals }, () => holderIds[0]),
      opts.updateConcurrency,
      (workflowId) => timed('signal', () => client.workflow.getHandle(workflowId).signal(benchSignal, {})),
    );
    const signalsWall = performance.now() - signalsAt;
    const wallMs = performance.now() - wallStart;
    memory.stop();

    const perSecond = (n: number, ms: number) => Math.round((n / (ms / 1000)) * 10) / 10;
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
      updates: {
        wallMs: Math.round(updatesWall),
        perSecond: perSecond(work.updates, updatesWall),
        latency: summarise(lat.samples.get('update') ?? []),
        concurrency: opts.updateConcurrency,
      },
      signals: {
        wallMs: Math.round(signalsWall),
        perSecond: perSecond(work.signals, signalsWall),
        latency: summarise(lat.samples.get('signal') ?? []),
      },
      workerPeakKb: memory.get('worker')?.peakKb,
    };
  } finally {
    memory.stop();
    // On a stack of our own everything goes with it; on a running one, the trivial workflows end now.
    if (!stack.owned) {
      say('baseline: ending its trivial workflows');
      await pool([...holderIds, ...caseIds], 50, async (id) => {
        await client.workflow
          .getHandle(id)
          .signal(benchFinish)
          .catch(() => undefined);
      });
    }
    await stopChild(worker);
  }
}
