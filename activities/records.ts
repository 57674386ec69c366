import type { Db } from '../src/db';
import type { OperationInput } from '../workflows/domain';

/** A calendar date (YYYY-MM-DD) as the Date Prisma stores in a DATE column. */
const calendarDate = (isoDate: string): Date => new Date(`${isoDate}T00:00:00.000Z`);

/**
 * Idempotent writes of operation records, keyed by business ids, so that a
 * retried activity or a restarted worker never creates a duplicate.
 */
export function createRecordActivities(db: Db) {
  return {
    /** Writes the operation with its first agreement version; a second run changes nothing. */
    async recordOperationPlanned(input: OperationInput & { workflowId: string }): Promise<void> {
      const { agreement } = input;
      await db.$transaction(async (tx) => {
        for (const party of agreement.parties) {
          await tx.party.upsert({
            where: { code: party.code },
            create: { code: party.code, name: party.name },
            update: {},
          });
        }
        const operation = await tx.repatriationOperation.upsert({
          where: { reference: input.reference },
          create: {
            reference: input.reference,
            title: input.title,
            workflowId: input.workflowId,
            parties: { create: agreement.parties.map((p) => ({ partyCode: p.code })) },
          },
          update: {},
        });
        const existing = await tx.agreement.findUnique({
          where: { operationId_version: { operationId: operation.id, version: 1 } },
        });
        if (existing) return;
        await tx.agreement.create({
          data: {
            operationId: operation.id,
            version: 1,
            venue: agreement.venue,
            concludedOn: calendarDate(agreement.concludedOn),
            windowStart: calendarDate(agreement.window.start),
            windowEnd: calendarDate(agreement.window.end),
            exchangePoints: agreement.exchangePoints,
            intermediaryRole: agreement.intermediaryRole,
            plannedTransfers: {
              create: agreement.plannedTransfers.map((t) => ({ fromParty: t.from, toParty: t.to, count: t.count })),
            },
          },
        });
      });
    },
  };
}
