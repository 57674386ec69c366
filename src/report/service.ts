import type { Client } from '@temporalio/client';
import type { Db } from '../db';
import { operationRecordsCaughtUp } from '../handover-day/day-records';
import { loadOperationReport, type OperationReport } from './operation-report';

/** The operation report, read once the operation's running days have recorded all they answered. */
export function reportService({ db, temporal }: { db: Db; temporal: Client }) {
  return {
    /** The report as `party` may read it (both parties' cases when absent: the intermediary); null when no such operation. */
    async operationReport(reference: string, party?: string): Promise<OperationReport | null> {
      await operationRecordsCaughtUp(temporal, reference);
      return loadOperationReport(db, reference, party);
    },
  };
}
