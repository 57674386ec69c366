import { asyncLocalStorage, Context, type Info } from '@temporalio/activity';
import { noopMetricMeter, type Logger } from '@temporalio/common';
import type { Db } from '../../src/db';
import type { RecordWriters } from '../../src/reconcile/writes';
import { createRecordActivities } from '../shared/records';
import { createHandoverActivities } from '../handover-day/records';
import type { DayWrite } from '../handover-day/day-changes';
import { createDiscrepancyActivities } from '../discrepancy/discrepancies';
import { createCaseEventActivities } from '../remains-case/events';
import { createFamilyActivities } from '../missing-person/families';
import { notificationOutbox } from '../notification/notify';

/**
 * The writes `npm run reconcile` runs again from a workflow's history: the
 * workflows' own idempotent record writes, by the name of the activity (or
 * of the day's change) that asked for them, on the database given (reconcile's
 * transaction). Only writes to PostgreSQL: nothing here starts a workflow or
 * sends a notification (a notice is queued; the dispatcher sends it).
 */
export function createRecordWriters(db: Db, logger: Logger): RecordWriters {
  const outbox = notificationOutbox({ db });
  const day = createHandoverActivities(db); // without lives: a finding's workflow is its own, already running
  const discrepancy = createDiscrepancyActivities(db);
  const cases = createCaseEventActivities(db);
  const families = createFamilyActivities(db);
  const dayWrites: Omit<Record<DayWrite, unknown>, 'notify'> = {
    recordHandoverScheduled: day.recordHandoverScheduled,
    recordHandoverStatus: day.recordHandoverStatus,
    recordManifest: day.recordManifest,
    recordManifestAcknowledged: day.recordManifestAcknowledged,
    recordCount: day.recordCount,
    recordReceipts: day.recordReceipts,
    recordTakeOver: day.recordTakeOver,
    recordHandOver: day.recordHandOver,
    recordMissing: day.recordMissing,
    recordSignOff: day.recordSignOff,
    recordSpotCheck: day.recordSpotCheck,
    recordIncident: day.recordIncident,
    openDiscrepancies: day.openDiscrepancies,
  };
  const writes = {
    ...createRecordActivities(db),
    ...dayWrites,
    recordDiscrepancyOpened: discrepancy.recordDiscrepancyOpened,
    recordDiscrepancyStatement: discrepancy.recordDiscrepancyStatement,
    recordCaseOpened: cases.recordCaseOpened,
    recordCaseEvent: cases.recordCaseEvent,
    recordCaseAbsorbed: cases.recordCaseAbsorbed,
    remindAuthority: cases.remindAuthority,
    recordRemainsMatch: families.recordRemainsMatch,
    recordRemainsReturned: families.recordRemainsReturned,
    notify: outbox.queue,
  } as Record<string, (input: unknown) => Promise<unknown>>;
  return {
    has: (name) => Object.hasOwn(writes, name),
    async run(name, input) {
      await asyncLocalStorage.run(writeContext(name, logger), () => writes[name](input));
    },
  };
}

/**
 * The writes are activities' code: what they log goes through their context.
 * Reconcile runs them outside any worker, in a context of its own that only
 * logs (no heartbeat, no cancellation, no client: none of these writes uses them).
 */
function writeContext(activityType: string, logger: Logger): Context {
  const info = { activityType, activityId: 'reconcile', attempt: 1, isLocal: false } as Info;
  const never = new Promise<never>(() => undefined);
  return new Context(
    info,
    never,
    new AbortController().signal,
    () => undefined,
    undefined,
    logger,
    noopMetricMeter,
    {},
  );
}
