/** A family is due a review at least yearly: the next review of a case is this long after the last. */
export const REVIEW_PERIOD_MS = 365 * 24 * 60 * 60_000;
