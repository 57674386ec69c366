import { Context } from '@temporalio/activity';
import type { createHandoverActivities } from './records';
import { classified } from '../shared/failures';
import type { NotificationOutbox, NotifyInput } from '../notification/notify';

type Writers = ReturnType<typeof createHandoverActivities> & {
  notify: (input: NotifyInput) => Promise<unknown>;
};

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

export function createDayChangeActivities(
  handovers: Omit<Pick<Writers, DayWrite>, 'notify'>,
  outbox: NotificationOutbox,
  onDeliveryError: (err: unknown) => void,
) {
  // A notification is queued in its turn; sending it is not the record's business (a slow recipient must
  // not hold the day's record up), so it is sent once the batch is written, and retried by the dispatcher.
  const writers: Pick<Writers, DayWrite> = { ...handovers, notify: (input) => outbox.queue(input) };
  return {
    /**
     * A batch of a day's changes, written in the order the day made them. Each
     * write is idempotent, so a retry of the batch (after a crash, or a write
     * that failed half-way) rewrites nothing twice; a refusal names its write.
     */
    async recordDayChanges(changes: DayChange[]): Promise<void> {
      const queued: string[] = [];
      for (const change of changes) {
        const write = writers[change.write] as (args: DayChange['args']) => Promise<unknown>;
        try {
          const written = await write(change.args);
          if (change.write === 'notify') queued.push(...(written as { keys: string[] }).keys);
        } catch (err) {
          throw classified(err, change.write);
        }
        Context.current().heartbeat();
      }
      if (queued.length) void outbox.deliver(queued).catch(onDeliveryError);
    },
  };
}
