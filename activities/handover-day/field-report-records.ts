import { Context } from '@temporalio/activity';
import type { Db } from '../../src/db';
import type { Prisma } from '../../src/generated/prisma/client';
import type { Actor, Direction, IncidentKind } from '../../workflows/shared/domain';
import type { DiscrepancyFinding } from '../../workflows/handover-day/rules';
import { lifeOfRecord, startDiscrepancyLife } from '../discrepancy/discrepancies';
import { handoverOf } from './day-row';
import type { DiscrepancyLives, HandoverRef } from './records';
import { keptId, type KeptIds } from '../shared/kept-ids';

/**
 * Idempotent writes of what a day finds and what the intermediary reports
 * from the exchange point: discrepancies, spot checks and incidents. Part of
 * the day's record (records.ts), keyed by business ids like the rest.
 */
export function createFieldReportActivities(db: Db, lives?: DiscrepancyLives) {
  return {
    /** `ids`, by finding key: the ids a restore keeps (reconcile), those of the discrepancies' workflows. */
    async openDiscrepancies(
      input: HandoverRef & { findings: DiscrepancyFinding[]; at: string; ids?: KeptIds },
    ): Promise<void> {
      if (input.findings.length === 0) return;
      const handover = await handoverOf(db, input.workflowId);
      await db.discrepancy.createMany({
        data: input.findings.map((f) => ({
          ...keptId(input.ids, f.key),
          operationId: handover.operationId,
          handoverId: handover.id,
          // Unique across operations: the handover's workflow id names the operation and the day.
          key: `${input.workflowId}:${f.key}`,
          kind: f.kind,
          details: f.details as Prisma.InputJsonValue,
          openedAt: new Date(input.at),
        })),
        skipDuplicates: true,
      });
      if (!lives) return;
      // Each enters the same life as a reported one (started once: a retry finds it running).
      const rows = await db.discrepancy.findMany({
        where: { key: { in: input.findings.map((f) => `${input.workflowId}:${f.key}`) } },
        select: { id: true },
      });
      for (const row of rows) {
        const life = await lifeOfRecord(db, row.id, lives.timing);
        await startDiscrepancyLife(lives.temporal, Context.current().info.taskQueue, life);
      }
    },

    /** One spot check per tag of a direction's sender: a retried write keeps the first. */
    async recordSpotCheck(
      input: HandoverRef & {
        direction: Direction;
        tag: string;
        sealIntact: boolean;
        note?: string;
        by: Actor;
        at: string;
      },
    ): Promise<void> {
      const handover = await handoverOf(db, input.workflowId);
      await db.spotCheck.createMany({
        data: [
          {
            handoverId: handover.id,
            fromParty: input.direction.from,
            toParty: input.direction.to,
            tag: input.tag,
            sealIntact: input.sealIntact,
            note: input.note ?? null,
            checkedBy: input.by.principal,
            checkedAt: new Date(input.at),
          },
        ],
        skipDuplicates: true,
      });
    },

    /** Incidents are numbered by the workflow; the (day, sequence) key makes a retry harmless. */
    async recordIncident(
      input: HandoverRef & { sequence: number; kind: IncidentKind; note: string; by: Actor; at: string },
    ): Promise<void> {
      const handover = await handoverOf(db, input.workflowId);
      await db.handoverIncident.createMany({
        data: [
          {
            handoverId: handover.id,
            sequence: input.sequence,
            kind: input.kind,
            note: input.note,
            reportedBy: input.by.principal,
            occurredAt: new Date(input.at),
          },
        ],
        skipDuplicates: true,
      });
    },
  };
}
