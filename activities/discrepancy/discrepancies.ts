import { msToNumber } from '@temporalio/common';
import type { Db } from '../../src/db';
import type { Prisma } from '../../src/generated/prisma/client';
import type {
  DiscrepancyInput,
  DiscrepancyStatus,
  DiscrepancyTiming,
  StatementType,
} from '../../workflows/discrepancy/rules';
import { handoverWorkflowId } from '../../workflows/shared/ids';

// How a handover day's finding starts its discrepancy's workflow: the same start as the API's.
export { lifeOfRecord, startDiscrepancyLife } from '../../src/discrepancy/life';

/**
 * A discrepancy's record: opened once, then statements appended one by one,
 * each keyed by its position so a retried write changes nothing.
 */

export interface OpenedDiscrepancy {
  id: string;
  key: string;
  operationReference: string;
  kind: DiscrepancyInput['kind'];
  dayKey?: string;
  details: Record<string, unknown>;
  at: string;
  deadline: DiscrepancyTiming['deadline'];
}

export interface DiscrepancyStatementRecord {
  id: string;
  sequence: number;
  type: StatementType;
  principal: string;
  role: string;
  actingFor: string;
  text?: string;
  count?: number;
  tags?: string[];
  proposal?: number;
  at: string;
  /** The status the statement leads to, if it changes it. */
  status?: { status: DiscrepancyStatus; resolution?: string };
}

export function createDiscrepancyActivities(db: Db) {
  return {
    /** The record, once (a day's finding already has it); its deadline set from the life's start. */
    async recordDiscrepancyOpened(input: OpenedDiscrepancy): Promise<void> {
      const operation = await db.repatriationOperation.findUniqueOrThrow({
        where: { reference: input.operationReference },
        select: { id: true },
      });
      const handover = input.dayKey
        ? await db.handover.findUnique({
            where: { workflowId: handoverWorkflowId(input.operationReference, input.dayKey) },
            select: { id: true },
          })
        : null;
      const deadlineAt = new Date(Date.parse(input.at) + msToNumber(input.deadline));
      await db.discrepancy.createMany({
        data: [
          {
            id: input.id,
            operationId: operation.id,
            handoverId: handover?.id ?? null,
            key: input.key,
            kind: input.kind,
            details: input.details as Prisma.InputJsonValue,
            openedAt: new Date(input.at),
            deadlineAt,
          },
        ],
        skipDuplicates: true,
      });
      await db.discrepancy.updateMany({ where: { id: input.id, deadlineAt: null }, data: { deadlineAt } });
    },

    /** One statement, appended once; with the status it leads to, in the same transaction. */
    async recordDiscrepancyStatement(input: DiscrepancyStatementRecord): Promise<void> {
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        const { count } = await tx.discrepancyStatement.createMany({
          data: [
            {
              discrepancyId: input.id,
              sequence: input.sequence,
              type: input.type,
              principal: input.principal,
              role: input.role,
              actingFor: input.actingFor,
              text: input.text ?? null,
              count: input.count ?? null,
              tags: input.tags ?? [],
              proposal: input.proposal ?? null,
              recordedAt: at,
            },
          ],
          skipDuplicates: true,
        });
        if (count === 0 || !input.status) return;
        const { status, resolution } = input.status;
        await tx.discrepancy.update({
          where: { id: input.id },
          data:
            status === 'RESOLVED'
              ? { status, resolvedAt: at, resolution: resolution ?? null, resolvedBy: input.principal }
              : { status, escalatedAt: at },
        });
      });
    },
  };
}
