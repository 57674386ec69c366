import { z } from 'zod';
import type { Db } from '../db';
import type { Principal } from '../api/auth';

/**
 * How far an operation has come, from PostgreSQL: its days, the counts per
 * source (summed, never merged), its discrepancies, and its cases by status.
 * Case figures are a party's own data: a party's principal sees its own side's only.
 */

const direction = (from: string, to: string) => `${from}>${to}`;

export const operationProgress = z.object({
  handovers: z.array(z.object({ dayKey: z.string(), date: z.string(), status: z.string(), exchangePoint: z.string() })),
  totals: z.record(z.string(), z.record(z.string(), z.int())).meta({
    description: 'Per direction ("RU>UA"), per source (SENDER, RECEIVER, INTERMEDIARY): counts recorded so far',
  }),
  discrepancies: z.object({ open: z.int(), byKind: z.record(z.string(), z.int()) }),
  cases: z
    .record(z.string(), z.record(z.string(), z.int()))
    .meta({ description: 'Per receiving party, per case status; a party sees its own side only' }),
});
export type OperationProgress = z.infer<typeof operationProgress>;

export async function progressOf(db: Db, operationId: string, principal: Principal): Promise<OperationProgress> {
  const [handovers, counts, discrepancies, cases] = await Promise.all([
    db.handover.findMany({ where: { operationId }, orderBy: { dayKey: 'asc' } }),
    db.handoverCount.groupBy({
      by: ['fromParty', 'toParty', 'source'],
      where: { handover: { operationId } },
      _sum: { count: true },
    }),
    db.discrepancy.groupBy({ by: ['kind', 'status'], where: { operationId }, _count: true }),
    db.remainsCase.groupBy({
      by: ['receivingParty', 'status'],
      where: { operationId, ...(principal.party ? { receivingParty: principal.party } : {}) },
      _count: true,
    }),
  ]);
  const totals: OperationProgress['totals'] = {};
  for (const c of counts) (totals[direction(c.fromParty, c.toParty)] ??= {})[c.source] = c._sum.count ?? 0;
  const byKind: Record<string, number> = {};
  let open = 0;
  for (const d of discrepancies) {
    byKind[d.kind] = (byKind[d.kind] ?? 0) + d._count;
    if (d.status === 'OPEN') open += d._count;
  }
  const caseCounts: OperationProgress['cases'] = {};
  for (const c of cases) (caseCounts[c.receivingParty] ??= {})[c.status] = c._count;
  return {
    handovers: handovers.map((h) => ({
      dayKey: h.dayKey,
      date: h.scheduledOn.toISOString().slice(0, 10),
      status: h.status,
      exchangePoint: h.exchangePoint,
    })),
    totals,
    discrepancies: { open, byKind },
    cases: caseCounts,
  };
}
