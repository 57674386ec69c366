import { ActivityFailure, ApplicationFailure, condition, log, sleep } from '@temporalio/workflow';
import type { DayChange } from '../../activities/handover-day/day-changes';

/** Enough for a few hundred receipts in one activity, well under Temporal's payload limit. */
const MAX_BATCH_CHARS = 256 * 1024;
const MAX_BATCH = 200;
/** A batch PostgreSQL refused for good is tried again after 1 s, then twice as long each time, up to 5 minutes. */
const REFUSED_FIRST_RETRY_MS = 1_000;
const REFUSED_LAST_RETRY_MS = 5 * 60_000;

/** How far a day's record in PostgreSQL is behind its state: changes made, and changes written. */
export interface RecordProgress {
  made: number;
  written: number;
  /** Why the oldest unwritten change is not written yet, when PostgreSQL refused it for good. */
  refused?: string;
}

/**
 * The projection of a handover day to PostgreSQL, off the update path. An
 * update decides from the day's state, changes it and answers once its
 * history is durable; what it changed is queued here, and written in order,
 * in batches, by one activity at a time. Nothing is lost: the queue is
 * rebuilt from history on replay, and every write is idempotent.
 */
export class DayRecords {
  private readonly queue: DayChange[] = [];
  private writing = false;
  private refusedRetryMs = REFUSED_FIRST_RETRY_MS;

  constructor(
    private readonly progress: RecordProgress,
    private readonly write: (changes: DayChange[]) => Promise<void>,
    /** Told once each time the record starts to wait on a refused write: `write` names it (e.g. recordIncident). */
    private readonly refused: (write: string) => Promise<void>,
  ) {}

  add(change: DayChange): void {
    this.queue.push(change);
    this.progress.made += 1;
  }

  /** Resolves when every change made so far is written. */
  drained(): Promise<void> {
    return condition(() => this.queue.length === 0 && !this.writing);
  }

  /** Runs for the life of the workflow: writes what is queued, batch after batch. */
  async run(): Promise<never> {
    for (;;) {
      await condition(() => this.queue.length > 0);
      this.writing = true;
      const batch = this.nextBatch();
      if (await this.tryWrite(batch)) {
        this.queue.splice(0, batch.length);
        this.progress.written += batch.length;
        delete this.progress.refused;
      }
      this.writing = false;
    }
  }

  /** The writes at the head of the queue, up to the size limit. */
  private nextBatch(): DayChange[] {
    const batch: DayChange[] = [];
    let chars = 0;
    for (const change of this.queue) {
      if (batch.length >= MAX_BATCH) break;
      const size = JSON.stringify(change.args).length;
      if (batch.length > 0 && chars + size > MAX_BATCH_CHARS) break;
      batch.push(change);
      chars += size;
    }
    return batch;
  }

  /**
   * Transient failures are retried by the activity until written. A write
   * refused for good (or whose retries an operator ended) stays at the head
   * of the queue and is tried again later, less and less often: the day goes
   * on answering, and its record catches up once the cause is fixed.
   */
  private async tryWrite(batch: DayChange[]): Promise<boolean> {
    try {
      await this.write(batch);
      this.refusedRetryMs = REFUSED_FIRST_RETRY_MS;
      return true;
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      const cause = err.cause instanceof ApplicationFailure ? err.cause : undefined;
      const first = this.progress.refused === undefined;
      this.progress.refused = cause?.nonRetryable
        ? cause.message
        : `${err.activityType ?? 'the write'} failed and its retries were stopped (by an operator)`;
      // The reason names no value (failures.ts); the changes themselves stay out of the log.
      log.error('day changes not written; retrying later', { reason: this.progress.refused, changes: batch.length });
      // A write refused for good is named in the failure's details (failures.ts `classified`).
      const write = cause?.nonRetryable && typeof cause.details?.[0] === 'string' ? cause.details[0] : undefined;
      if (first) await this.refused(write ?? 'recordDayChanges');
      await sleep(this.refusedRetryMs);
      this.refusedRetryMs = Math.min(this.refusedRetryMs * 2, REFUSED_LAST_RETRY_MS);
      return false;
    }
  }
}
