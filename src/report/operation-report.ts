import type { Db } from '../db';
import { verifyOperation } from '../custody/records';

/**
 * The operation report both parties and the intermediary receive: for each
 * day and direction the three counts side by side, manifest lines against
 * receipts, discrepancies and how each ended, custody completeness and cases
 * by status. A party's report counts its own cases only; everything else in
 * it is the shared record of the handovers.
 */

export interface DirectionRow {
  dayKey: string;
  status: string;
  from: string;
  to: string;
  planned: number;
  sender: number | null;
  receiver: number | null;
  intermediary: number | null;
  manifestLines: number;
  received: number;
  extra: number;
  missing: number;
  missingTags: string[];
  extraTags: string[];
}

export interface OperationReport {
  reference: string;
  title: string;
  phase: string;
  /** The party whose report this is; absent for the intermediary's. */
  party?: string;
  generatedAt: string;
  rows: DirectionRow[];
  discrepancies: Array<{ dayKey: string | null; kind: string; status: string; resolution: string | null }>;
  custody: { containers: number; withCustodyChain: number; holds: boolean; events: number };
  cases: Array<{ status: string; count: number }>;
}

export async function loadOperationReport(db: Db, reference: string, party?: string): Promise<OperationReport | null> {
  const op = await db.repatriationOperation.findUnique({
    where: { reference },
    include: {
      handovers: {
        orderBy: { dayKey: 'asc' },
        include: {
          transfers: true,
          counts: true,
          manifests: { orderBy: { version: 'desc' }, include: { _count: { select: { lines: true } } } },
          containers: {
            select: { fromParty: true, tag: true, outcome: true, _count: { select: { custodyEvents: true } } },
          },
        },
      },
      discrepancies: {
        orderBy: [{ openedAt: 'asc' }, { key: 'asc' }],
        include: { handover: { select: { dayKey: true } } },
      },
    },
  });
  if (!op) return null;
  const rows: DirectionRow[] = [];
  let containers = 0;
  let withCustodyChain = 0;
  for (const day of op.handovers) {
    for (const t of [...day.transfers].sort((a, b) => a.fromParty.localeCompare(b.fromParty))) {
      const count = (source: string) =>
        day.counts.find((c) => c.fromParty === t.fromParty && c.toParty === t.toParty && c.source === source)?.count ??
        null;
      const manifest = day.manifests.find((m) => m.fromParty === t.fromParty && m.toParty === t.toParty);
      const mine = day.containers.filter((c) => c.fromParty === t.fromParty);
      const tagsOf = (outcome: string) =>
        mine
          .filter((c) => c.outcome === outcome)
          .map((c) => c.tag)
          .sort();
      const taken = mine.filter((c) => c.outcome !== 'MISSING');
      containers += taken.length;
      withCustodyChain += taken.filter((c) => c._count.custodyEvents > 0).length;
      rows.push({
        dayKey: day.dayKey,
        status: day.status,
        from: t.fromParty,
        to: t.toParty,
        planned: t.plannedCount,
        sender: count('SENDER'),
        receiver: count('RECEIVER'),
        intermediary: count('INTERMEDIARY'),
        manifestLines: manifest?._count.lines ?? 0,
        received: tagsOf('RECEIVED').length,
        extra: tagsOf('EXTRA').length,
        missing: tagsOf('MISSING').length,
        missingTags: tagsOf('MISSING'),
        extraTags: tagsOf('EXTRA'),
      });
    }
  }
  const verification = await verifyOperation(db, op.id, party);
  const cases = await db.remainsCase.groupBy({
    by: ['status'],
    where: { operationId: op.id, ...(party ? { receivingParty: party } : {}) },
    _count: true,
    orderBy: { status: 'asc' },
  });
  return {
    reference: op.reference,
    title: op.title,
    phase: op.phase,
    ...(party ? { party } : {}),
    generatedAt: new Date().toISOString(),
    rows,
    discrepancies: op.discrepancies.map((d) => ({
      dayKey: d.handover?.dayKey ?? null,
      kind: d.kind,
      status: d.status,
      resolution: d.resolution,
    })),
    custody: { containers, withCustodyChain, holds: verification.holds, events: verification.events },
    cases: cases.map((c) => ({ status: c.status, count: c._count })),
  };
}

const cell = (v: unknown): string => {
  // Cells are strings, numbers, booleans and dates, each with its own String form.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  const s = v === null || v === undefined ? '' : String(v);
  // RFC 4180 quoting; a leading =, +, - or @ is quoted as text so a spreadsheet never runs it.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
};
const line = (values: unknown[]) => values.map(cell).join(',');

/** The report as CSV: one section per table, each with its header row. */
export function reportCsv(r: OperationReport): string {
  const out = [
    line(['operation', r.reference, 'report for', r.party ?? 'INTERMEDIARY', 'generated', r.generatedAt]),
    '',
    line([
      'day',
      'status',
      'from',
      'to',
      'planned',
      'sender count',
      'receiver count',
      'intermediary count',
      'manifest lines',
      'received',
      'extra',
      'missing',
      'missing tags',
      'extra tags',
    ]),
    ...r.rows.map((x) =>
      line([
        x.dayKey,
        x.status,
        x.from,
        x.to,
        x.planned,
        x.sender,
        x.receiver,
        x.intermediary,
        x.manifestLines,
        x.received,
        x.extra,
        x.missing,
        x.missingTags.join(' '),
        x.extraTags.join(' '),
      ]),
    ),
    '',
    line(['discrepancy day', 'kind', 'status', 'resolution']),
    ...r.discrepancies.map((d) => line([d.dayKey, d.kind, d.status, d.resolution])),
    '',
    line(['containers taken over', 'with custody chain', 'custody events', 'chains hold']),
    line([r.custody.containers, r.custody.withCustodyChain, r.custody.events, r.custody.holds ? 'yes' : 'NO']),
    '',
    line(['case status', 'cases']),
    ...r.cases.map((c) => line([c.status, c.count])),
  ];
  return out.join('\r\n') + '\r\n';
}

/** report-<reference>[-<party>]: the file name of a report, without its extension. */
export const reportFileName = (r: OperationReport): string => `report-${r.reference}${r.party ? `-${r.party}` : ''}`;
