// One run of `npm run bench:june`: the June 2025 operation driven through the
// API by `reporters` people per receiving side while observers read, then the
// figures of that run (wall time, case opening, latency, memory, histories).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { juneAgreement, scaledDays } from '../../src/demo/june-2025';
import type { ApiClient } from '../../src/client/api';
import { Api, issuePeople, type People } from './api';
import { createConfirmedOperation, driveDay, isUpdateClass, tagList, type DayPlan } from './drive';
import type { JuneOptions } from './june-options';
import { MemorySampler, resetPeaks } from './memory';
import { fmt, InFlight, Latencies, loadAverage, mib, progress } from './report';
import type { BenchStack } from './stack';
import { caseFirstTasksDone, eventTypeCounts, historyFigures, type HistoryFigures } from './temporal';

export type RunResult = Awaited<ReturnType<typeof driveOperation>>;

export async function driveOperation(
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

  const days = juneDays(opts.scale, next);
  const expectedCases = days.reduce((s, d) => s + d.directions.reduce((t, x) => t + x.received, 0), 0);
  const containers = days.reduce((s, d) => s + d.directions.reduce((t, x) => t + x.tags.length, 0), 0);
  console.log(`  ${days.length} days, ${containers} containers listed, ${expectedCases} cases to open`);

  const watch = new Watch(stack, api, people, reference, opts.readEveryMs);
  const ticker = progress(5_000, () => {
    const w = memory.getSum('workers')?.lastKb;
    const a = memory.get('api')?.lastRssKb;
    return (
      `${watch.step}; ${api.requests} requests (${fmt(api.requests / watch.since())}/s); cases ${watch.casesOpened}/${expectedCases}` +
      (w ? `; worker${stack.workerNames.length > 1 ? 's' : ''} ${fmt(mib(w), 0)} MiB` : '') +
      (a ? `, API ${fmt(mib(a), 0)} MiB` : '')
    );
  });
  const counter = new UpdateCounter(latencies);
  const loadStart = loadAverage();
  let driven: Driven;
  try {
    driven = await driveDays(api, people, reference, days, reporters, expectedCases, opts, inFlight, watch, counter);
  } finally {
    watch.reading = false;
    ticker.stop();
    await Promise.all(watch.readers);
  }
  const wallS = driven.openedAt;

  // Checks that the run did what June did.
  const final = await api.call(people.coordinator, 'read.final', watch.readOperation);
  const lastDay = await api.call(people.coordinator, 'read.final', watch.readDay(days[days.length - 1].date));

  watch.step = 'reading histories';
  const histories = await readHistories(stack.client, api, people, reference, days);
  memory.stop();

  const updateCount = counter.soFar();
  const driveRequests = latencies.total;
  const service = {
    wallS: Math.round(wallS * 10) / 10,
    drivingS: Math.round(driven.drivenAt * 10) / 10,
    tailAfterLastRequestS: Math.round((wallS - driven.drivenAt) * 10) / 10,
    requests: driveRequests,
    requestsPerSecond: Math.round((driveRequests / wallS) * 10) / 10,
    updates: updateCount,
    updatesInHistory: histories.updatesInHistory,
    starts: 1 + days.length + expectedCases,
    signals: histories.signals,
    casesOpened: watch.casesOpened,
    ...caseOpening(watch.timeline, days, driven.signedOffAt, expectedCases),
  };

  const mem = memory.all();
  return {
    reporters,
    reference,
    days: days.length,
    /** Per day, in order: the updates its reports made, and the cases it opened (the baseline replays them so). */
    dayWork: days.map((d, i) => ({
      updates: driven.dayUpdates[i],
      cases: d.directions.reduce((n, x) => n + x.received, 0),
    })),
    loadAverageAtDriveStart: loadStart,
    loadAverageAtEnd: loadAverage(),
    checks: {
      phase: final.phase,
      lastDayDiscrepancies: (lastDay.discrepancies ?? []).map((d) => d.kind),
      casesExpected: expectedCases,
      casesOpened: watch.casesOpened,
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
    workersMemory: workersMemory(stack, memory, mem),
    histories: histories.figures,
    timeline: watch.timeline,
  };
}

/** The June 2025 days, with tags numbered on per sender. */
function juneDays(scale: number, next: Record<string, number>): DayPlan[] {
  return scaledDays(scale).map((d) => {
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
}

/** Observers read while the field reports: the operation, the current day, and the cases opened so far. */
class Watch {
  step = 'starting';
  currentDay: string | undefined;
  casesOpened = 0;
  readonly timeline: Array<[number, number]> = [];
  reading = true;
  private readonly t0 = performance.now();
  readonly since = () => (performance.now() - this.t0) / 1000;
  readonly readers: Promise<void>[];

  constructor(
    stack: BenchStack,
    private readonly api: Api,
    private readonly people: People,
    private readonly reference: string,
    private readonly readEveryMs: number,
  ) {
    this.readers = [this.readTheDay(), this.countCases(stack.client)];
  }

  readonly readOperation = (c: ApiClient) =>
    c.GET('/api/operations/{reference}', { params: { path: { reference: this.reference } } });

  readonly readDay = (date: string) => (c: ApiClient) =>
    c.GET('/api/operations/{reference}/handovers/{date}', { params: { path: { reference: this.reference, date } } });

  private async readTheDay() {
    while (this.reading) {
      await sleep(this.readEveryMs);
      if (!this.reading) break;
      await Promise.all([
        this.api.call(this.people.observer, 'read.operation', this.readOperation).catch(() => undefined),
        this.currentDay
          ? this.api.call(this.people.observer, 'read.day', this.readDay(this.currentDay)).catch(() => undefined)
          : undefined,
      ]);
    }
  }

  private async countCases(client: Client) {
    while (this.reading) {
      await sleep(1_000);
      const answer = await this.api
        .call(this.people.observer, 'read.cases', (c) =>
          c.GET('/api/cases', { params: { query: { operation: this.reference, limit: 1 } } }),
        )
        .catch(() => undefined);
      if (answer) {
        // Rows of cases opened in bulk come before their workflows start: open once the first task is done too.
        const firstTasks = await caseFirstTasksDone(client, this.reference);
        this.casesOpened = firstTasks === undefined ? answer.total : Math.min(answer.total, firstTasks);
        this.timeline.push([Math.round(this.since() * 10) / 10, this.casesOpened]);
      }
    }
  }
}

/** Updates made so far, and since the last count (each day's reports; the first day also counts the agreement's, the last the completion). */
class UpdateCounter {
  private counted = 0;
  constructor(private readonly latencies: Latencies) {}

  soFar() {
    return [...this.latencies.samples].filter(([cls]) => isUpdateClass(cls)).reduce((s, [, l]) => s + l.length, 0);
  }

  sinceCounted() {
    const now = this.soFar();
    const since = now - this.counted;
    this.counted = now;
    return since;
  }
}

interface Driven {
  signedOffAt: Record<string, number>;
  dayUpdates: number[];
  drivenAt: number;
  openedAt: number;
}

/** The agreement, every day in turn, the completion, then the wait for every case to open. */
async function driveDays(
  api: Api,
  people: People,
  reference: string,
  days: DayPlan[],
  reporters: number,
  expectedCases: number,
  opts: JuneOptions,
  inFlight: { receipts: InFlight; reports: InFlight },
  watch: Watch,
  counter: UpdateCounter,
): Promise<Driven> {
  const signedOffAt: Record<string, number> = {};
  const dayUpdates: number[] = [];
  watch.step = 'agreement';
  await createConfirmedOperation(api, people, juneAgreement(reference));
  for (const day of days) {
    await driveDay(api, people, reference, day, {
      receiptBatch: opts.receiptBatch,
      reporters,
      spotCheckRate: opts.spotCheckRate,
      inFlight,
      onStep: (s) => {
        watch.step = s;
        // Observers read the day once it is scheduled.
        if (s.endsWith('manifests')) watch.currentDay = day.date;
      },
    });
    signedOffAt[day.date] = watch.since();
    dayUpdates.push(counter.sinceCounted());
    console.log(
      `  ${day.date} signed off at ${fmt(signedOffAt[day.date])} s (${day.directions.map((d) => `${d.from}→${d.to} ${d.received}/${d.tags.length}`).join(', ')})`,
    );
  }
  watch.step = 'handovers complete';
  await api.call(people.coordinator, 'operation.complete', (c) =>
    c.POST('/api/operations/{reference}/handover-completion', { params: { path: { reference } }, body: {} }),
  );
  const drivenAt = watch.since();
  dayUpdates[dayUpdates.length - 1] += counter.sinceCounted();
  watch.step = 'waiting for every case to open';
  const deadline = Date.now() + opts.casesTimeoutMin * 60_000;
  while (watch.casesOpened < expectedCases) {
    if (Date.now() > deadline)
      throw new Error(`only ${watch.casesOpened}/${expectedCases} cases opened after ${opts.casesTimeoutMin} min`);
    await sleep(250);
  }
  const openedAt = watch.timeline.find(([, n]) => n >= expectedCases)?.[0] ?? watch.since();
  return { signedOffAt, dayUpdates, drivenAt, openedAt };
}

/** Temporal: history of the operation, every day, and a sample of cases. */
async function readHistories(client: Client, api: Api, people: People, reference: string, days: DayPlan[]) {
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
  return {
    signals: operationEvents.WORKFLOW_EXECUTION_SIGNALED ?? 0,
    updatesInHistory:
      (operationEvents.WORKFLOW_EXECUTION_UPDATE_ACCEPTED ?? 0) +
      dayEvents.reduce((s, e) => s + (e.WORKFLOW_EXECUTION_UPDATE_ACCEPTED ?? 0), 0),
    figures: {
      operation: operationHistory,
      largestDay: largest(dayHistories),
      days: dayHistories,
      largestCaseOfSample: largest(caseHistories),
      caseSample: caseHistories.length,
      operationEvents,
    },
  };
}

/** Opening of cases: how fast while it ran, and how long after each sign-off. */
function caseOpening(
  timeline: Array<[number, number]>,
  days: DayPlan[],
  signedOffAt: Record<string, number>,
  expectedCases: number,
) {
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
  return { casesOpenedPerSecondWhileOpening: Math.round(openedPerSecond * 10) / 10, openingLag };
}

function workersMemory(stack: BenchStack, memory: MemorySampler, mem: ReturnType<MemorySampler['all']>) {
  const perWorker = stack.workerNames.map((n) => mem[n]?.peakKb);
  return {
    processes: stack.workerNames.length,
    // One worker: the kernel's own peak (VmHWM); several: the peak of their summed RSS, sampled every second.
    peakKb: stack.workerNames.length === 1 ? perWorker[0] : memory.getSum('workers')?.peakKb,
    peakIs: stack.workerNames.length === 1 ? 'VmHWM' : 'summed RSS, sampled every second',
    perProcessPeakKb: perWorker,
  };
}
