import { z } from 'zod';
import type { Db } from '../db';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import { COUNT_SOURCES, directionKey, HANDOVER_STATUSES, type CountSource } from '../../workflows/shared/domain';
import { latestManifest, type HandoverState } from '../../workflows/handover-day/rules';
import { isoDate, partyCode } from '../api/schemas';
import { discrepancyPath } from '../discrepancy/view';

/**
 * A handover day as the API shows it: the workflow's live state merged with
 * what PostgreSQL holds (who recorded each count, discrepancies), or
 * PostgreSQL alone once the workflow has ended. Tag lists run to thousands,
 * so they appear only when asked for.
 */

const tagLists = z.object({
  manifest: z.array(z.string()),
  received: z.array(z.string()),
  extra: z.array(z.string()),
  missing: z.array(z.string()),
});
const countView = z.object({
  count: z.int(),
  recordedBy: z.string().optional(),
  recordedAt: z.iso.datetime().optional(),
});
const directionView = z.object({
  from: partyCode,
  to: partyCode,
  plannedCount: z.int(),
  manifest: z
    .object({
      version: z.int(),
      status: z.string(),
      lines: z.int(),
      submittedBy: z.string().optional(),
      acknowledgedBy: z.string().optional(),
    })
    .nullable(),
  counts: z.partialRecord(z.enum(COUNT_SOURCES), countView),
  received: z.int(),
  extra: z.int(),
  missing: z.int(),
  tags: tagLists.optional().meta({ description: 'Only with ?include=tags' }),
});
export const handoverDayView = z.object({
  operationReference: z.string(),
  dayKey: isoDate.meta({ description: 'The date first scheduled; it names the day even when postponed' }),
  date: isoDate,
  exchangePoint: z.string(),
  parties: z.array(partyCode),
  status: z.enum(HANDOVER_STATUSES),
  statusReason: z.string().optional(),
  suspended: z.boolean().optional().meta({ description: 'Known while the day runs' }),
  escalated: z.boolean(),
  live: z.boolean().meta({ description: 'true when the running workflow answered; false: from PostgreSQL alone' }),
  directions: z.array(directionView),
  signOffs: z.record(z.string(), z.object({ signedBy: z.string(), signedAt: z.iso.datetime().optional() })),
  discrepancies: z
    .array(
      z.object({
        id: z.uuid(),
        key: z.string(),
        kind: z.string(),
        status: z.string(),
        openedAt: z.iso.datetime(),
        details: z.record(z.string(), z.unknown()),
        links: z.object({ self: z.string().meta({ description: 'The discrepancy, with its statements' }) }),
      }),
    )
    .optional(),
  records: z
    .object({
      made: z.int().min(0),
      written: z.int().min(0),
      refused: z.string().optional().meta({ description: 'Why the oldest change not yet written was refused' }),
    })
    .optional()
    .meta({
      description:
        'Known while the day runs: the changes it has answered and how many of them PostgreSQL holds (the record ' +
        'catches up within moments; `refused` names a write that waits for its cause to be fixed)',
    }),
  workflow: z.object({ id: z.string(), status: z.string(), url: z.url() }).optional(),
});
export type HandoverDayView = z.infer<typeof handoverDayView>;
type DirectionView = z.infer<typeof directionView>;

const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

/** What PostgreSQL holds of one day. */
/**
 * The workflow of the day named by `date` in an operation: the day first
 * scheduled on that date, or else a day postponed to it. A postponed day keeps
 * its workflow ID (its first date) and is found under either date.
 */
/** Days known to be named by their first date: a day keeps its workflow for good, so one lookup is enough. */
const knownDays = new Set<string>();
const KNOWN_DAYS_MAX = 50_000;

export async function dayWorkflowId(db: Db, reference: string, date: string): Promise<string> {
  const first = handoverWorkflowId(reference, date);
  if (knownDays.has(first)) return first;
  if (await db.handover.findUnique({ where: { workflowId: first }, select: { id: true } })) {
    if (knownDays.size >= KNOWN_DAYS_MAX) knownDays.clear();
    knownDays.add(first);
    return first;
  }
  const moved = await db.handover.findFirst({
    where: { operation: { reference }, scheduledOn: new Date(`${date}T00:00:00.000Z`) },
    select: { workflowId: true },
  });
  return moved?.workflowId ?? first;
}

/** The day's status as PostgreSQL last recorded it, e.g. to say how a day that has ended ended. */
export async function recordedStatus(db: Db, workflowId: string): Promise<string | undefined> {
  const row = await db.handover.findUnique({ where: { workflowId }, select: { status: true } });
  return row?.status;
}

/** The window of the operation's current agreement, as PostgreSQL holds it (none before its first record). */
export async function agreedWindow(db: Db, reference: string): Promise<{ start: string; end: string } | undefined> {
  const agreement = await db.agreement.findFirst({
    where: { operation: { reference } },
    orderBy: { version: 'desc' },
    select: { windowStart: true, windowEnd: true },
  });
  return agreement ? { start: dateOnly(agreement.windowStart), end: dateOnly(agreement.windowEnd) } : undefined;
}

/** The recorded days of an operation first scheduled on `date` or moved to it, by key. */
export async function recordedDaysOn(
  db: Db,
  reference: string,
  date: string,
): Promise<Record<string, { date: string; workflowId: string }>> {
  const rows = await db.handover.findMany({
    where: { operation: { reference }, OR: [{ dayKey: date }, { scheduledOn: new Date(`${date}T00:00:00.000Z`) }] },
    select: { dayKey: true, scheduledOn: true, workflowId: true },
  });
  return Object.fromEntries(rows.map((r) => [r.dayKey, { date: dateOnly(r.scheduledOn), workflowId: r.workflowId }]));
}

export async function loadDayRecord(db: Db, workflowId: string, withTags: boolean) {
  const handover = await db.handover.findUnique({
    where: { workflowId },
    include: {
      operation: { select: { reference: true, parties: { select: { partyCode: true } } } },
      transfers: true,
      counts: true,
      signOffs: true,
      discrepancies: { orderBy: { openedAt: 'asc' } },
      manifests: { orderBy: { version: 'desc' }, include: { _count: { select: { lines: true } } } },
    },
  });
  if (!handover) return null;
  const where = { handoverId: handover.id };
  const outcomes = await db.remainsContainer.groupBy({
    by: ['fromParty', 'toParty', 'outcome'],
    where,
    _count: { _all: true },
  });
  const tags = withTags
    ? {
        containers: await db.remainsContainer.findMany({
          where,
          select: { fromParty: true, toParty: true, tag: true, outcome: true },
          orderBy: { createdAt: 'asc' },
        }),
        lines: await db.manifestLine.findMany({
          where: { manifestId: { in: handover.manifests.map((m) => m.id) } },
          select: { manifestId: true, tag: true },
          orderBy: { lineNo: 'asc' },
        }),
      }
    : undefined;
  return { handover, outcomes, tags };
}
export type DayRecord = NonNullable<Awaited<ReturnType<typeof loadDayRecord>>>;

/** Tag lists inside discrepancy details are summarised unless tags were asked for. */
function compactDetails(details: unknown, withTags: boolean): Record<string, unknown> {
  const d = (details ?? {}) as Record<string, unknown>;
  if (withTags || !Array.isArray(d.tags)) return d;
  const { tags, ...rest } = d;
  return { ...rest, tagCount: (tags as unknown[]).length };
}

function directionsFromLive(state: HandoverState, withTags: boolean): DirectionView[] {
  return state.directions.map((d) => {
    const latest = latestManifest(d);
    return {
      ...d.direction,
      plannedCount: d.plannedCount,
      manifest: latest ? { version: latest.version, status: latest.status, lines: latest.tags.length } : null,
      counts: Object.fromEntries(Object.entries(d.counts).map(([source, count]) => [source, { count: count }])),
      received: d.received.length,
      extra: d.extra.length,
      missing: d.missing.length,
      ...(withTags
        ? { tags: { manifest: latest?.tags ?? [], received: d.received, extra: d.extra, missing: d.missing } }
        : {}),
    };
  });
}

function directionsFromRecord({ handover, outcomes, tags }: DayRecord): DirectionView[] {
  return handover.transfers.map((t) => {
    const same = (r: { fromParty: string; toParty: string }) => r.fromParty === t.fromParty && r.toParty === t.toParty;
    const latest = handover.manifests.find(same);
    const outcome = (o: string) => outcomes.find((r) => same(r) && r.outcome === o)?._count._all ?? 0;
    const containers = (o: string) => tags!.containers.filter((c) => same(c) && c.outcome === o).map((c) => c.tag);
    return {
      from: t.fromParty,
      to: t.toParty,
      plannedCount: t.plannedCount,
      manifest: latest
        ? {
            version: latest.version,
            status: latest.status,
            lines: latest._count.lines,
            submittedBy: latest.submittedBy,
            ...(latest.acknowledgedBy ? { acknowledgedBy: latest.acknowledgedBy } : {}),
          }
        : null,
      counts: Object.fromEntries(
        handover.counts
          .filter(same)
          .map((c) => [c.source, { count: c.count, recordedBy: c.recordedBy, recordedAt: c.recordedAt.toISOString() }]),
      ),
      received: outcome('RECEIVED'),
      extra: outcome('EXTRA'),
      missing: outcome('MISSING'),
      ...(tags
        ? {
            tags: {
              manifest: tags.lines.filter((l) => l.manifestId === latest?.id).map((l) => l.tag),
              received: containers('RECEIVED'),
              extra: containers('EXTRA'),
              missing: containers('MISSING'),
            },
          }
        : {}),
    };
  });
}

/** The live state decides what the day is; PostgreSQL adds who recorded what, and what differs. */
export function dayView(source: { live?: HandoverState; record?: DayRecord; withTags: boolean }): HandoverDayView {
  const { live, record, withTags } = source;
  const h = record?.handover;
  const fromRecord = record ? directionsFromRecord(record) : [];
  const directions = live ? directionsFromLive(live, withTags) : fromRecord;
  // Attribution of counts comes from PostgreSQL, where every count is stored with its author.
  for (const d of directions) {
    const stored = fromRecord.find((r) => directionKey(r) === directionKey(d));
    for (const s of Object.keys(d.counts) as CountSource[]) {
      if (stored?.counts[s]) d.counts[s] = { ...stored.counts[s], count: d.counts[s]!.count };
    }
    if (stored?.manifest && d.manifest?.version === stored.manifest.version) {
      d.manifest = { ...stored.manifest, status: d.manifest.status };
    }
  }
  const discrepancies = h?.discrepancies.map((x) => ({
    id: x.id,
    key: x.key,
    kind: x.kind,
    status: x.status,
    openedAt: x.openedAt.toISOString(),
    details: compactDetails(x.details, withTags),
    links: { self: discrepancyPath(h.operation.reference, x.id) },
  }));
  const storedSignOffs = Object.fromEntries(
    (h?.signOffs ?? []).map((s) => [s.partyCode, { signedBy: s.signedBy, signedAt: s.signedAt.toISOString() }]),
  );
  const signOffs = live
    ? Object.fromEntries(
        Object.entries(live.signOffs).map(([party, by]) => [party, storedSignOffs[party] ?? { signedBy: by }]),
      )
    : storedSignOffs;
  const statusReason = live ? live.statusReason : (h?.statusReason ?? undefined);
  return {
    operationReference: live?.operationReference ?? h!.operation.reference,
    dayKey: live?.dayKey ?? h!.dayKey,
    date: live?.date ?? dateOnly(h!.scheduledOn),
    exchangePoint: live?.exchangePoint ?? h!.exchangePoint,
    parties: live?.parties ?? h!.operation.parties.map((p) => p.partyCode).sort(),
    status: live?.status ?? h!.status,
    ...(statusReason ? { statusReason } : {}),
    ...(live ? { suspended: live.suspended } : {}),
    escalated: live?.escalated ?? (h?.discrepancies.some((x) => x.key.endsWith(':SIGN_OFF_OVERDUE')) || false),
    live: Boolean(live),
    directions,
    signOffs,
    ...(discrepancies ? { discrepancies } : {}),
  };
}
