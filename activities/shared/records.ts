import type { Db } from '../../src/db';
import type { Actor, AgreementTerms, OperationInput, OperationPhase } from '../../workflows/shared/domain';

/** A calendar date (YYYY-MM-DD) as the Date Prisma stores in a DATE column. */
export const calendarDate = (isoDate: string): Date => new Date(`${isoDate}T00:00:00.000Z`);

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** One agreement version with its planned transfers, insert-or-nothing: versions never change once written. */
async function writeAgreementVersion(
  tx: Tx,
  operationId: string,
  version: number,
  terms: AgreementTerms,
): Promise<void> {
  await tx.agreement.createMany({
    data: [
      {
        operationId,
        version,
        venue: terms.venue,
        concludedOn: calendarDate(terms.concludedOn),
        windowStart: calendarDate(terms.window.start),
        windowEnd: calendarDate(terms.window.end),
        exchangePoints: terms.exchangePoints,
        intermediaryRole: terms.intermediaryRole,
      },
    ],
    skipDuplicates: true,
  });
  const agreement = await tx.agreement.findUniqueOrThrow({ where: { operationId_version: { operationId, version } } });
  await tx.plannedTransfer.createMany({
    data: terms.plannedTransfers.map((t) => ({
      agreementId: agreement.id,
      fromParty: t.from,
      toParty: t.to,
      count: t.count,
    })),
    skipDuplicates: true,
  });
}

/**
 * Idempotent writes of operation records, keyed by business ids, so that a
 * retried activity or a restarted worker never creates a duplicate.
 */
export function createRecordActivities(db: Db) {
  const agreementOf = async (reference: string, version: number) => {
    const operation = await db.repatriationOperation.findUniqueOrThrow({ where: { reference } });
    return db.agreement.findUniqueOrThrow({ where: { operationId_version: { operationId: operation.id, version } } });
  };

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
        await writeAgreementVersion(tx, operation.id, 1, agreement);
      });
    },

    async recordTermsConfirmed(input: { reference: string; version: number; party: string; by: Actor; at: string }) {
      const agreement = await agreementOf(input.reference, input.version);
      await db.agreementConfirmation.createMany({
        data: [
          {
            agreementId: agreement.id,
            partyCode: input.party,
            confirmedBy: input.by.principal,
            confirmedAt: new Date(input.at),
          },
        ],
        skipDuplicates: true,
      });
    },

    /** A new agreement version; earlier versions are never changed. */
    async recordAgreementAmended(input: { reference: string; version: number; terms: AgreementTerms }) {
      const operation = await db.repatriationOperation.findUniqueOrThrow({ where: { reference: input.reference } });
      await db.$transaction((tx) => writeAgreementVersion(tx, operation.id, input.version, input.terms));
    },

    async recordOperationPhase(input: { reference: string; phase: OperationPhase }) {
      await db.repatriationOperation.update({ where: { reference: input.reference }, data: { phase: input.phase } });
    },
  };
}
