import { ActivityFailure, ApplicationFailure } from '@temporalio/common';

/**
 * How a workflow says an update's record was refused for good, and how the
 * API reads it (422): pure, so that both the workflows and src/api import it.
 */

/** The failure type of an update whose record PostgreSQL refused for good (the API answers 422). */
export const NOT_RECORDED = 'NotRecorded';

/**
 * Why a write failed for good, for the person who asked: a non-retryable
 * failure carries its reason (it names no value); any other only says the
 * retries were stopped, since its message is the database's own.
 */
export function notRecorded(err: ActivityFailure): string {
  const cause = err.cause instanceof ApplicationFailure ? err.cause : undefined;
  if (cause?.nonRetryable) return `Not recorded: ${cause.message}`;
  return (
    `Not recorded: ${err.activityType ?? 'the write'} failed and its retries were stopped (by an operator); ` +
    'send the request again once the cause is fixed.'
  );
}
