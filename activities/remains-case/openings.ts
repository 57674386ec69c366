import type { Prisma } from '../../src/generated/prisma/client';

type Tx = Prisma.TransactionClient;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CaseOpening {
  caseNumber: string;
  workflowId: string;
  operationReference: string;
  receivingParty: string;
  responsibleAuthority: string;
  containerIds: string[];
  openedBy: string;
  openedAt: string;
  /** When the reminder clock starts: the case row's lastProgressAt. */
  progressAt: string;
  splitFrom?: string;
  /** The case's id where Temporal already holds it (a restore re-writing the case: reconcile). */
  caseId?: string;
}

/** A case written (or found already written by the same workflow), or why it cannot be. */
export type OpeningWritten =
  | { caseId: string; progressAt: string }
  | { refused: { type: 'UnknownOperation' | 'UnknownContainer' | 'CaseNumberTaken'; message: string } };

/**
 * Writes remains cases with their containers and their opening event
 * (sequence 1), all in the caller's transaction: a few statements whatever
 * the number of cases. Idempotent: what is already there (the same PM number
 * for the same workflow) is kept as it is and returned, so a retry writes
 * nothing twice. An opening that can never be written (its operation or a
 * container unknown, its PM number another workflow's) is refused and
 * writes nothing; the others are written. Results are in the openings' order.
 */
export async function writeCaseOpenings(tx: Tx, openings: CaseOpening[]): Promise<OpeningWritten[]> {
  const references = [...new Set(openings.map((o) => o.operationReference))];
  const operations = await tx.repatriationOperation.findMany({
    where: { reference: { in: references } },
    select: { id: true, reference: true },
  });
  const operationId = new Map(operations.map((o) => [o.reference, o.id]));
  const valid = [...new Set(openings.flatMap((o) => o.containerIds).filter((id) => UUID.test(id)))];
  const known = new Set(
    valid.length
      ? (await tx.remainsContainer.findMany({ where: { id: { in: valid } }, select: { id: true } })).map((c) => c.id)
      : [],
  );
  const results: OpeningWritten[] = openings.map((o) => {
    if (!operationId.has(o.operationReference)) {
      return { refused: { type: 'UnknownOperation', message: `no operation ${o.operationReference}` } };
    }
    if (!o.containerIds.every((id) => known.has(id))) {
      return {
        refused: { type: 'UnknownContainer', message: `unknown containers among ${o.containerIds.join(', ')}` },
      };
    }
    return { caseId: '', progressAt: o.progressAt };
  });
  const open = openings.filter((_, i) => !('refused' in results[i]));
  if (open.length) {
    await tx.remainsCase.createMany({
      data: open.map((o) => ({
        ...(o.caseId ? { id: o.caseId } : {}),
        caseNumber: o.caseNumber,
        operationId: operationId.get(o.operationReference)!,
        receivingParty: o.receivingParty,
        workflowId: o.workflowId,
        responsibleAuthority: o.responsibleAuthority,
        lastProgressAt: new Date(o.progressAt),
      })),
      skipDuplicates: true,
    });
  }
  const rows = open.length
    ? await tx.remainsCase.findMany({
        where: { caseNumber: { in: open.map((o) => o.caseNumber) } },
        select: { id: true, caseNumber: true, workflowId: true, lastProgressAt: true },
      })
    : [];
  const byNumber = new Map(rows.map((r) => [r.caseNumber, r]));
  const written: Array<{ opening: CaseOpening; caseId: string }> = [];
  openings.forEach((o, i) => {
    if ('refused' in results[i]) return;
    const row = byNumber.get(o.caseNumber);
    if (!row || row.workflowId !== o.workflowId) {
      // No row: the workflow id is another PM number's (the insert was skipped on it).
      const owner = row ? `belongs to ${row.workflowId}` : `not written: ${o.workflowId} is another case's`;
      results[i] = { refused: { type: 'CaseNumberTaken', message: `PM number ${o.caseNumber} ${owner}` } };
      return;
    }
    // A row already there keeps its own progress time: the reminder clock of a retried start agrees with it.
    results[i] = { caseId: row.id, progressAt: row.lastProgressAt.toISOString() };
    written.push({ opening: o, caseId: row.id });
  });
  if (written.length) {
    await tx.caseContainer.createMany({
      data: written.flatMap(({ opening, caseId }) =>
        opening.containerIds.map((containerId) => ({ caseId, containerId })),
      ),
      skipDuplicates: true,
    });
    await tx.caseEvent.createMany({
      data: written.map(({ opening, caseId }) => ({
        caseId,
        sequence: 1,
        kind: 'STEP' as const,
        step: 'RECEIVED' as const,
        recordedBy: opening.openedBy,
        occurredAt: new Date(opening.openedAt),
        relatedCase: opening.splitFrom,
      })),
      skipDuplicates: true,
    });
  }
  return results;
}
