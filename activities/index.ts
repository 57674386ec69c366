import { log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Db } from '../src/db';
import type { Channels } from '../src/notification/outbox';
import type { DiscrepancyTiming } from '../workflows/discrepancy/rules';
import { createCaseActivities } from './remains-case/cases';
import { classifyingFailures } from './shared/failures';
import { createDayChangeActivities } from './handover-day/day-changes';
import { createDiscrepancyActivities } from './discrepancy/discrepancies';
import { createFamilyActivities, type FamilyNoticeTiming } from './missing-person/families';
import { createHandoverActivities } from './handover-day/records';
import { createMissingPersonActivities } from './missing-person/cases';
import { createNotifyActivities, notificationOutbox } from './notification/notify';
import { createRecordActivities } from './shared/records';

export interface ActivityDeps {
  db: Db;
  /** Channels the notify activity sends on at once; without them it only queues (the dispatcher sends). */
  channels?: Channels;
  /** Temporal client for activities that start workflows (opening remains cases). */
  temporal?: Client;
  /** Deadline and reminders of the discrepancies a handover day opens (with `temporal`, their workflows start). */
  discrepancyTiming?: DiscrepancyTiming;
  /** Deadline and reminders of the family's notice an identification opens (with `temporal`). */
  familyNotice?: FamilyNoticeTiming;
}

/**
 * Every activity the worker registers, built from injected dependencies; a
 * write PostgreSQL refuses for good fails at once, not for ever (failures.ts).
 */
export function createActivities(deps: ActivityDeps) {
  const handovers = createHandoverActivities(
    deps.db,
    deps.temporal && deps.discrepancyTiming ? { temporal: deps.temporal, timing: deps.discrepancyTiming } : undefined,
  );
  const outbox = notificationOutbox({ db: deps.db, channels: deps.channels });
  const notifications = createNotifyActivities(deps, outbox);
  return classifyingFailures({
    ...createRecordActivities(deps.db),
    // A handover day's writes run inside its batches (recordDayChanges), never as activities of their own.
    ...createDayChangeActivities(handovers, outbox, (err) => {
      // The rows stay queued: the dispatcher sends them.
      log.warn('notifications not sent at once', { error: err instanceof Error ? err.message : String(err) });
    }),
    ...createDiscrepancyActivities(deps.db),
    ...createCaseActivities(deps.db, deps.temporal),
    ...createMissingPersonActivities(deps.db),
    ...createFamilyActivities(deps.db, deps.temporal, deps.familyNotice),
    ...notifications,
  });
}

export type Activities = ReturnType<typeof createActivities>;
