import { ActivityFailure, ApplicationFailure, condition } from '@temporalio/workflow';
import { NOT_RECORDED, notRecorded } from './not-recorded';
import { RuleViolation } from './refusal';

/**
 * Runs update handlers one at a time, in arrival order, so each sees the
 * state the previous one left, and turns a rule broken by then (the state
 * moved while it waited) into a rejection of that update alone. It starts
 * held: the workflow lets go once its first record is written, so updates
 * that arrive with the start wait for it.
 */
export class Serial {
  private busy = true;
  /** Handlers queued or running. */
  private pending = 0;
  private tail: Promise<unknown>;
  private letGo!: () => void;

  constructor() {
    this.tail = new Promise<void>((resolve) => (this.letGo = resolve));
  }

  release(): void {
    this.busy = false;
    this.letGo();
  }

  /** Runs the workflow's first record ahead of every handler, then lets them go. */
  first<T>(fn: () => Promise<T>): Promise<T> {
    return fn().finally(() => this.release());
  }

  /** Resolves when no handler is running or waiting: before a run ends, let the last answer go out. */
  idle(): Promise<void> {
    return condition(() => !this.busy && this.pending === 0);
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
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
}

/** Runs a handler that decides at once, awaiting nothing: a rule broken by then rejects that update alone. */
export function decided<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw asRejection(err);
  }
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw asRejection(err);
  }
}

/**
 * A rule broken by the time the handler ran rejects that update alone; so
 * does a write that failed for good: refused by PostgreSQL (a non-retryable
 * failure, whose reason it names), or stopped by an operator (retries ended
 * with `temporal activity update-options`). Activities retry every other
 * failure, so no other reaches here. The workflow goes on serving.
 */
function asRejection(err: unknown): unknown {
  if (err instanceof RuleViolation) {
    return ApplicationFailure.create({ type: err.name, message: err.message, nonRetryable: true });
  }
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) {
    return ApplicationFailure.create({
      type: NOT_RECORDED,
      message: notRecorded(err),
      details: [err.cause.type ?? null],
      nonRetryable: true,
    });
  }
  return err;
}
