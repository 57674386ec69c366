// Memory of the stack's processes, from /proc/<pid>/status: VmRSS (now) and
// VmHWM (the kernel's own peak of the resident set), sampled every second so
// the peak is known even for a process that has already gone.
import { readFileSync, writeFileSync } from 'node:fs';

export interface ProcMemory {
  rssKb: number;
  hwmKb: number;
}

export function readMemory(pid: number): ProcMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
  } catch {
    return undefined;
  }
}

/**
 * Resets the kernel's peak (VmHWM) of these processes to their current RSS, so
 * that a second measurement on the same processes has a peak of its own.
 * Only for processes of the same user; returns whether every reset took.
 */
export function resetPeaks(pids: Array<number | undefined>): boolean {
  let all = true;
  for (const pid of pids) {
    if (!pid) continue;
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      all = false;
    }
  }
  return all;
}

export interface MemoryFigures {
  pid: number;
  /** Largest of the kernel's VmHWM and the sampled RSS, in KiB. */
  peakKb?: number;
  /** Last RSS seen, in KiB. */
  lastRssKb?: number;
  samples: number;
}

export class MemorySampler {
  private readonly figures = new Map<string, MemoryFigures>();
  /** Groups of processes whose RSS is summed at each sample (e.g. the workers), with the sum's peak. */
  private readonly sums = new Map<string, { names: string[]; peakKb?: number; lastKb?: number }>();
  private timer?: NodeJS.Timeout;

  constructor(pids: Record<string, number | undefined>) {
    for (const [name, pid] of Object.entries(pids)) if (pid) this.figures.set(name, { pid, samples: 0 });
  }

  sample(): void {
    for (const f of this.figures.values()) {
      const m = readMemory(f.pid);
      if (!m) continue;
      f.samples += 1;
      f.lastRssKb = m.rssKb;
      f.peakKb = Math.max(f.peakKb ?? 0, m.hwmKb || 0, m.rssKb || 0);
    }
    for (const g of this.sums.values()) {
      const rss = g.names.map((n) => this.figures.get(n)?.lastRssKb).filter((kb): kb is number => !!kb);
      if (rss.length === 0) continue;
      g.lastKb = rss.reduce((a, b) => a + b, 0);
      g.peakKb = Math.max(g.peakKb ?? 0, g.lastKb);
    }
  }

  /** Sums the RSS of these processes at each sample; its peak is the group's (sampled, not the kernel's). */
  sum(group: string, names: string[]): this {
    this.sums.set(group, { names: names.filter((n) => this.figures.has(n)) });
    return this;
  }

  getSum(group: string): { peakKb?: number; lastKb?: number } | undefined {
    const g = this.sums.get(group);
    return g && { peakKb: g.peakKb, lastKb: g.lastKb };
  }

  start(everyMs = 1_000): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }

  get(name: string): MemoryFigures | undefined {
    return this.figures.get(name);
  }

  all(): Record<string, MemoryFigures> {
    return Object.fromEntries(this.figures);
  }
}
