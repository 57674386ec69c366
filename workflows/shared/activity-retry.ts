import type { RetryPolicy } from '@temporalio/workflow';

/**
 * How every workflow retries its activities: database outages are waited
 * out, since a record must be written however late. Safe because every
 * activity is idempotent.
 */
export const UNTIL_WRITTEN: RetryPolicy = {
  initialInterval: '1 second',
  maximumInterval: '1 minute',
  backoffCoefficient: 2,
};
