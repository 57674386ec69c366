import { ApplicationFailure, condition } from '@temporalio/workflow';
import { RuleViolation } from './handover-rules';

/**
 * Runs update handlers one at a time, so each sees the state the previous one
 * left, and turns a rule broken by then (the state moved while it waited)
 * into a rejection of that update alone. It starts held: the workflow lets
 * go once its first record is written, so updates that arrive with the start
 * wait for it.
 */
export class Serial {
  private busy = true;

  release(): void {
    this.busy = false;
  }

  /** Resolves when no handler is running: before a run ends, let the last answer go out. */
  idle(): Promise<void> {
    return condition(() => !this.busy);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await condition(() => !this.busy);
    this.busy = true;
    try {
      return await fn();
    } catch (err) {
      if (err instanceof RuleViolation) {
        throw ApplicationFailure.create({ type: 'RuleViolation', message: err.message, nonRetryable: true });
      }
      throw err;
    } finally {
      this.busy = false;
    }
  }
}
