/**
 * Workflow time in milliseconds. Inside the workflow sandbox `Date` reads the
 * time of the current workflow task, recorded in history, so this is the same
 * on every replay; it is not the wall clock.
 */
export const workflowNow = (): number => new Date().getTime();

/** Workflow time as an ISO 8601 instant, for records and events. */
export const nowIso = (): string => new Date().toISOString();
