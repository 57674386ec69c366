/**
 * One patch for every remains-case change made before it (`case-opened-in-bulk`, `families-first`,
 * `case-serial`, `case-notifications`): a case's first task records one marker, and the SDK one
 * TemporalChangeVersion upsert, rather than three of each, when a day opens 1,200 cases at once on a
 * busy server. Histories recorded before it replay through each change's own patch.
 */
export const CASE_CHANGES_AT_ONCE = 'case-changes-at-once';
