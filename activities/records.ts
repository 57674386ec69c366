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
    /**
     * Writes the operation with its first agreement version; a second run
     * changes nothing. Every insert is insert-or-nothing (ON CONFLICT DO
     * NOTHING), parties in code order, so runs that overlap (a retry racing a
     * slow first attempt) neither fail nor deadlock.
     */
    async recordOperationPlanned(input: OperationInput & { workflowId: string }): Promise<void> {
      const { agreement } = input;
      const parties = [...agreement.parties].sort((a, b) => a.code.localeCompare(b.code));
      await db.$transaction(async (tx) => {
        await tx.party.createMany({ data: parties, skipDuplicates: true });
        await tx.repatriationOperation.createMany({
          data: [{ reference: input.reference, title: input.title, workflowId: input.workflowId }],
          skipDuplicates: true,
        });
        const operation = await tx.repatriationOperation.findUniqueOrThrow({ where: { reference: input.reference } });
        await tx.operationParty.createMany({
          data: parties.map((p) => ({ operationId: operation.id, partyCode: p.code })),
          skipDuplicates: true,
        });
        await tx.agreement.createMany({
          data: [
            {
              operationId: operation.id,
              version: 1,
              venue: agreement.venue,
              concludedOn: calendarDate(agreement.concludedOn),
              windowStart: calendarDate(agreement.window.start),
              windowEnd: calendarDate(agreement.window.end),
              exchangePoints: agreement.exchangePoints,
              intermediaryRole: agreement.intermediaryRole,
            },
          ],
          skipDuplicates: true,
        });
        const version = await tx.agreement.findUniqueOrThrow({
          where: { operationId_version: { operationId: operation.id, version: 1 } },
        });
        await tx.plannedTransfer.createMany({
          data: agreement.plannedTransfers.map((t) => ({
            agreementId: version.id,
            fromParty: t.from,
            toParty: t.to,
            count: t.count,
          })),
          skipDuplicates: true,
        });
      });
    },
  };
}
