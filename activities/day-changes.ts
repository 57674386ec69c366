import { Context } from '@temporalio/activity';
import type { createHandoverActivities } from './handovers';
import type { createNotifyActivities } from './notify';
import { classified } from './failures';

type Writers = ReturnType<typeof createHandoverActivities> & ReturnType<typeof createNotifyActivities>;

/** The writes a handover day projects to PostgreSQL, each an idempotent activity of its own. */
export type DayWrite =
  | 'recordHandoverScheduled'
  | 'recordHandoverStatus'
  | 'recordManifest'
  | 'recordManifestAcknowledged'
  | 'recordCount'
  | 'recordReceipts'
  | 'recordTakeOver'
  | 'recordHandOver'
  | 'recordMissing'
  | 'recordSignOff'
  | 'recordSpotCheck'
  | 'recordIncident'
  | 'openDiscrepancies'
  | 'notify';

/** One change of a day, as the write that records it. */
export type DayChange = { [K in DayWrite]: { write: K; args: Parameters<Writers[K]>[0] } }[DayWrite];

export function createDayChangeActivities(writers: Pick<Writers, DayWrite>) {
  return {
    /**
     * A batch of a day's changes, written in the order the day made them. Each
     * write is idempotent, so a retry of the batch (after a crash, or a write
     * that failed half-way) rewrites nothing twice; a refusal names its write.
     */
    async recordDayChanges(changes: DayChange[]): Promise<void> {
      for (const change of changes) {
        const write = writers[change.write] as (args: DayChange['args']) => Promise<unknown>;
        try {
          await write(change.args);
        } catch (err) {
          throw classified(err, change.write);
        }
        Context.current().heartbeat();
      }
    },
  };
}
