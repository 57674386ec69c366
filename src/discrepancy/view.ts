import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db';
import { workflowUiUrl } from '../temporal/client';
import { DISCREPANCY_KINDS, DISCREPANCY_STATUSES, STATEMENT_TYPES } from '../../workflows/discrepancy/rules';
import { discrepancyWorkflowId } from '../../workflows/shared/ids';
import { isoDate, partyCode } from '../api/schemas';
import { conflict } from '../api/errors';

/**
 * A discrepancy as PostgreSQL keeps it (the workflow writes every statement
 * before it answers): the list of an operation's discrepancies, one with its
 * attributed statements, and what is still unresolved when it is closed.
 * A discrepancy is part of the shared record: both parties and the
 * intermediary read all of it (statements hold no personal data).
 */

const direction = z.object({ from: partyCode, to: partyCode });

export const discrepancySummary = z.object({
  id: z.uuid(),
  kind: z.enum(DISCREPANCY_KINDS),
  status: z.enum(DISCREPANCY_STATUSES),
  date: isoDate.optional().meta({ description: 'The handover day it concerns (the date first scheduled)' }),
  direction: direction.optional(),
  openedAt: z.iso.datetime(),
  deadlineAt: z.iso.datetime().optional().meta({ description: 'Past it, an open discrepancy escalates' }),
  escalatedAt: z.iso.datetime().optional(),
  resolvedAt: z.iso.datetime().optional(),
  links: z.object({ self: z.string() }),
});

export const statementView = z.object({
  sequence: z.int(),
  type: z.enum(STATEMENT_TYPES),
  principal: z.string(),
  role: z.string().meta({ description: 'The role it was made in (DEADLINE for an escalation by the deadline)' }),
  actingFor: z.string().meta({ description: 'The party it speaks for, or INTERMEDIARY' }),
  text: z.string().optional(),
  count: z.int().optional(),
  tags: z.array(z.string()).optional(),
  proposal: z.int().optional().meta({ description: 'The proposal a PROPOSAL numbers or an ACCEPTANCE accepts' }),
  recordedAt: z.iso.datetime(),
});

export const discrepancyView = discrepancySummary.extend({
  details: z.record(z.string(), z.unknown()).meta({ description: 'What differs, as recorded (counts, tags)' }),
  resolution: z.string().optional(),
  resolvedBy: z.string().optional(),
  statements: z.array(statementView),
  workflow: z.object({ id: z.string(), url: z.string() }),
});
export const discrepancyList = z.object({ items: z.array(discrepancySummary) });

type Row = NonNullable<Awaited<ReturnType<typeof findOne>>>;

const findOne = (db: Db, reference: string, id: string) =>
  db.discrepancy.findFirst({
    where: { id, operation: { reference } },
    include: { handover: { select: { dayKey: true } }, statements: { orderBy: { sequence: 'asc' } } },
  });

export const discrepancyPath = (reference: string, id: string) =>
  `/api/operations/${encodeURIComponent(reference)}/discrepancies/${id}`;

function summaryOf(reference: string, row: Omit<Row, 'statements'>): z.output<typeof discrepancySummary> {
  const details = (row.details ?? {}) as { direction?: { from: string; to: string } };
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    ...(row.handover ? { date: row.handover.dayKey } : {}),
    ...(details.direction ? { direction: { from: details.direction.from, to: details.direction.to } } : {}),
    openedAt: row.openedAt.toISOString(),
    ...(row.deadlineAt ? { deadlineAt: row.deadlineAt.toISOString() } : {}),
    ...(row.escalatedAt ? { escalatedAt: row.escalatedAt.toISOString() } : {}),
    ...(row.resolvedAt ? { resolvedAt: row.resolvedAt.toISOString() } : {}),
    links: { self: discrepancyPath(reference, row.id) },
  };
}

/** One discrepancy of the operation, with its statements; null when it is not this operation's. */
export async function loadDiscrepancy(
  db: Db,
  config: Config,
  reference: string,
  id: string,
): Promise<z.output<typeof discrepancyView> | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const row = await findOne(db, reference, id);
  if (!row) return null;
  const workflowId = discrepancyWorkflowId(row.id);
  return {
    ...summaryOf(reference, row),
    details: (row.details ?? {}) as Record<string, unknown>,
    ...(row.resolution ? { resolution: row.resolution } : {}),
    ...(row.resolvedBy ? { resolvedBy: row.resolvedBy } : {}),
    statements: row.statements.map((s) => ({
      sequence: s.sequence,
      type: s.type,
      principal: s.principal,
      role: s.role,
      actingFor: s.actingFor,
      ...(s.text !== null ? { text: s.text } : {}),
      ...(s.count !== null ? { count: s.count } : {}),
      ...(s.tags.length ? { tags: s.tags } : {}),
      ...(s.proposal !== null ? { proposal: s.proposal } : {}),
      recordedAt: s.recordedAt.toISOString(),
    })),
    workflow: { id: workflowId, url: workflowUiUrl(config, workflowId) },
  };
}

export async function listDiscrepancies(
  db: Db,
  reference: string,
  filter: { status?: (typeof DISCREPANCY_STATUSES)[number]; date?: string },
): Promise<z.output<typeof discrepancyList>> {
  const rows = await db.discrepancy.findMany({
    where: {
      operation: { reference },
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.date ? { handover: { dayKey: filter.date } } : {}),
    },
    include: { handover: { select: { dayKey: true } } },
    orderBy: [{ openedAt: 'asc' }, { id: 'asc' }],
  });
  return { items: rows.map((row) => summaryOf(reference, row)) };
}

/**
 * Closing is accounting: an operation is closed once every discrepancy has
 * ended (resolved by both parties, or decided by the coordinator once
 * escalated). The refusal names each one still open, so the coordinator
 * knows what to settle; an open one escalates at its deadline, so the
 * coordinator can always settle it.
 */
export async function assertAllDiscrepanciesResolved(db: Db, reference: string): Promise<void> {
  const rows = await db.discrepancy.findMany({
    where: { operation: { reference }, status: { not: 'RESOLVED' } },
    include: { handover: { select: { dayKey: true } } },
    orderBy: [{ openedAt: 'asc' }, { id: 'asc' }],
  });
  if (rows.length === 0) return;
  const SHOWN = 20;
  const named = rows
    .slice(0, SHOWN)
    .map((r) => `${r.kind} ${r.status}${r.handover ? ` of ${r.handover.dayKey}` : ''} (${r.id})`);
  const more = rows.length > SHOWN ? `; and ${rows.length - SHOWN} more` : '';
  throw conflict(
    `${rows.length} discrepanc${rows.length === 1 ? 'y is' : 'ies are'} not resolved: ${named.join('; ')}${more}. ` +
      `Resolve them (GET /api/operations/${reference}/discrepancies?status=OPEN and ?status=ESCALATED) before closing.`,
  );
}
