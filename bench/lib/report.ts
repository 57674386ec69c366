// Shared by the benchmarks: latency records and percentiles, progress lines,
// machine facts, the terminal table and the JSON result files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BENCH_ROOT = path.resolve(__dirname, '..');
export const PROJECT_ROOT = path.resolve(BENCH_ROOT, '..');

/** Nearest-rank percentile of an already sorted array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** A figure over several rounds: its median and its range. */
export interface Spread {
  median: number;
  lowest: number;
  highest: number;
}

export function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length / 2;
  const median = s.length % 2 ? s[Math.floor(mid)] : (s[mid - 1] + s[mid]) / 2;
  return { median, lowest: s[0], highest: s[s.length - 1] };
}

/** "median (lowest–highest)" for a table cell. */
export const spreadText = (x: Spread, digits = 2) =>
  `${fmt(x.median, digits)} (${fmt(x.lowest, digits)}–${fmt(x.highest, digits)})`;

export interface LatencySummary {
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarise(samples: number[], errors = 0): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    count: sorted.length,
    errors,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
    mean: round(sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1)),
  };
}

/** Latencies (ms) grouped by a class name, e.g. "receipts" or "read.cases". */
export class Latencies {
  readonly samples = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  /** The first failure of each class, to say what went wrong. */
  readonly firstError = new Map<string, string>();
  record(cls: string, ms: number): void {
    let list = this.samples.get(cls);
    if (!list) this.samples.set(cls, (list = []));
    list.push(ms);
  }
  error(cls: string, message?: string): void {
    this.errors.set(cls, (this.errors.get(cls) ?? 0) + 1);
    if (message && !this.firstError.has(cls)) this.firstError.set(cls, message);
  }
  get total(): number {
    let n = 0;
    for (const list of this.samples.values()) n += list.length;
    return n;
  }
  summary(filter: (cls: string) => boolean = () => true): Record<string, LatencySummary> {
    const out: Record<string, LatencySummary> = {};
    for (const cls of [...this.samples.keys()].sort()) {
      if (filter(cls)) out[cls] = summarise(this.samples.get(cls)!, this.errors.get(cls) ?? 0);
    }
    return out;
  }
  pooled(filter: (cls: string) => boolean): LatencySummary {
    const all: number[] = [];
    for (const [cls, list] of this.samples) if (filter(cls)) all.push(...list);
    return summarise(all);
  }
}

/** Prints one line every `everyMs` while a long step runs. */
export function progress(everyMs: number, line: () => string): { stop(): void } {
  const started = Date.now();
  const timer = setInterval(() => {
    const s = Math.round((Date.now() - started) / 1000);
    try {
      console.log(`  … ${String(s).padStart(4)} s  ${line()}`);
    } catch {
      /* a progress line must never break a run */
    }
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

function tryRun(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** What the figures were measured on: they mean little without it. */
export function machineFacts(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    memoryTotalMiB: Math.round(os.totalmem() / 2 ** 20),
    memoryFreeMiBAtStart: Math.round(os.freemem() / 2 ** 20),
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    gitCommit: tryRun('git', ['rev-parse', '--short', 'HEAD']),
    gitDirty: (tryRun('git', ['status', '--porcelain']) ?? '').length > 0,
    ...extra,
  };
}

export const loadAverage = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

/** Writes bench/results/<name>-<timestamp>.json and bench/results/latest-<name>.json. */
export function writeResults(name: string, result: unknown, dir = path.join(BENCH_ROOT, 'results')): string {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `${name}-${stamp}.json`);
  const text = JSON.stringify(result, null, 2) + '\n';
  writeFileSync(file, text);
  writeFileSync(path.join(dir, `latest-${name}.json`), text);
  return file;
}

/** A plain aligned table for the terminal. */
export function table(headers: string[], rows: Array<Array<string | number | undefined>>): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === undefined ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? (c ?? '').padEnd(widths[i]) : (c ?? '').padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export const mib = (kb: number | undefined) => (kb === undefined ? undefined : Math.round((kb / 1024) * 10) / 10);
export const fmt = (n: number | undefined, digits = 1) =>
  n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits);

/**
 * Requests in flight at once: the peak, and the mean over the time when at
 * least one was (what "N at once" really came to, not what was asked for).
 */
export class InFlight {
  now = 0;
  peak = 0;
  private last = 0;
  private busyMs = 0;
  private areaMs = 0;

  private advance(): void {
    const t = performance.now();
    if (this.now > 0) {
      this.busyMs += t - this.last;
      this.areaMs += (t - this.last) * this.now;
    }
    this.last = t;
  }

  async track<T>(fn: () => Promise<T>): Promise<T> {
    this.advance();
    this.now += 1;
    this.peak = Math.max(this.peak, this.now);
    try {
      return await fn();
    } finally {
      this.advance();
      this.now -= 1;
    }
  }

  summary(): { peak: number; meanWhileBusy: number } {
    return { peak: this.peak, meanWhileBusy: Math.round((this.areaMs / (this.busyMs || 1)) * 10) / 10 };
  }
}
