/**
 * Ids a row re-written after a restore must keep, by business key (a
 * container's tag, a finding's key): the ids Temporal already holds for it
 * (a case's containers, a discrepancy's workflow). Only `npm run reconcile`
 * passes them; a workflow's own write lets the database choose.
 */
export type KeptIds = Record<string, string>;

/** The row's `id`, when one is kept for its key. */
export const keptId = (ids: KeptIds | undefined, key: string): { id?: string } => (ids?.[key] ? { id: ids[key] } : {});
