// Trivial workflows for the raw-Temporal baseline: the least a workflow can be
// while taking the same starts, updates, signals and a timer as the service's.
import { condition, defineSignal, defineUpdate, patched, setHandler } from '@temporalio/workflow';

export const benchUpdate = defineUpdate<{ n: number }, [unknown]>('benchUpdate');
export const benchSignal = defineSignal<[unknown]>('benchSignal');
export const benchFinish = defineSignal('benchFinish');

/** Stands in for an operation or a handover day: answers updates and takes signals. */
export async function baselineHolder(): Promise<number> {
  let n = 0;
  let done = false;
  setHandler(benchUpdate, () => ({ n: ++n }));
  setHandler(benchSignal, () => void (n += 1));
  setHandler(benchFinish, () => void (done = true));
  await condition(() => done);
  return n;
}

/** Stands in for a remains case: started, then waiting on a timer (the case's reminder). */
export async function baselineCase(timer: string | number): Promise<void> {
  let done = false;
  setHandler(benchFinish, () => void (done = true));
  await condition(() => done, timer);
}

/**
 * A case-like workflow whose first task checks `patches` patches (bench:case-start-cost): each records a
 * marker, and the SDK an upsert of TemporalChangeVersion, as a remains case's first task does. `input`
 * only rides along, as a case's does.
 */
export async function patchedCase(timer: string | number, patches: number, _input?: unknown): Promise<void> {
  for (let i = 0; i < patches; i++) patched(`bench-patch-${i}`);
  await baselineCase(timer);
}
