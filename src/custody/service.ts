import type { Client } from '@temporalio/client';
import type { Db } from '../db';
import { operationRecordsCaughtUp } from '../handover-day/day-records';
import { containerChain, verifyOperation, type ContainerChain, type OperationVerification } from './records';

/**
 * The chain of custody as a reader asks for it: once the operation's running
 * days have recorded all they answered, recomputed from PostgreSQL.
 */
export function custodyService({ db, temporal }: { db: Db; temporal: Client }) {
  return {
    /** Every chain of the operation `party` may see (all when absent: the intermediary). */
    async verifyOperation(reference: string, party?: string): Promise<OperationVerification> {
      await operationRecordsCaughtUp(temporal, reference);
      const row = await db.repatriationOperation.findUnique({ where: { reference }, select: { id: true } });
      return row
        ? verifyOperation(db, row.id, party)
        : { holds: true, containers: 0, events: 0, brokenContainers: 0, firstBroken: null };
    },
    /** One container's chain, or null when there is none. */
    async containerChain(
      key: { operationReference: string; dayKey: string; from: string; tag: string },
      party?: string,
    ): Promise<ContainerChain | null> {
      await operationRecordsCaughtUp(temporal, key.operationReference);
      return containerChain(db, key, party);
    },
  };
}
