import { ApplicationFailure, condition, patched } from '@temporalio/workflow';
import { RuleViolation } from './handover-rules';

/**
 * Runs update handlers one at a time, in arrival order, so each sees the
 * state the previous one left, and turns a rule broken by then (the state
 * moved while it waited) into a rejection of that update alone. It starts
 * held: the workflow lets go once its first record is written, so updates
 * that arrive with the start wait for it.
 *
 * Handlers are chained one behind the other. Before the `serial-fifo` patch
 * they waited on a shared flag instead, and handlers woken by the same change
 * of it (e.g. two sign-offs or counts arriving together) all saw it free and
 * ran at once; histories from then replay that way.
 */
export class Serial {
  private busy = true;
  /** Handlers queued or running. */
  private pending = 0;
  private tail: Promise<void>;
  private letGo!: () => void;
  private readonly chained: boolean;

  constructor() {
    this.chained = patched('serial-fifo');
    this.tail = new Promise<void>((resolve) => (this.letGo = resolve));
  }

  release(): void {
    this.busy = false;
    this.letGo();
  }

  /** Resolves when no handler is running or waiting: before a run ends, let the last answer go out. */
  idle(): Promise<void> {
    return this.chained ? condition(() => !this.busy && this.pending === 0) : condition(() => !this.busy);
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.chained) return this.runOnFlag(fn);
    this.pending += 1;
    const result = this.tail.then(() => guarded(fn));
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result.finally(() => {
      this.pending -= 1;
    });
  }

  private async runOnFlag<T>(fn: () => Promise<T>): Promise<T> {
    await condition(() => !this.busy);
    this.busy = true;
    try {
      return await fn();
    } catch (err) {
      throw asRejection(err);
    } finally {
      this.busy = false;
    }
  }
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw asRejection(err);
  }
}

/** A rule broken by the time the handler ran rejects that update alone. */
function asRejection(err: unknown): unknown {
  if (err instanceof RuleViolation) {
    return ApplicationFailure.create({ type: 'RuleViolation', message: err.message, nonRetryable: true });
  }
  return err;
}
