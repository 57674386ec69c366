// Memory of the stack's processes, from /proc/<pid>/status: VmRSS (now) and
// VmHWM (the kernel's own peak of the resident set), sampled every second so
// the peak is known even for a process that has already gone.
import { readFileSync } from 'node:fs';

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
