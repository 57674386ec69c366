import type { Prisma } from '../generated/prisma/client';

type Tx = Prisma.TransactionClient;

/**
 * What PostgreSQL holds of one workflow's record, as keys (kind and business
 * identifiers: directions, tags, sources, parties, sequences, case numbers)
 * mapped to a short state (a status, a count). Read before and after the
 * workflow's writes are run again, the difference is what was missing or
 * stale. No personal data: never a declared name, a note or a free text.
 */
export type RecordKeys = Map<string, string>;

const dir = (r: { fromParty: string; toParty: string }) => `${r.fromParty}>${r.toParty}`;
const day = (d: Date) => d.toISOString().slice(0, 10);

/** A handover day's rows: the day, its transfers, manifests, counts, containers and custody, sign-offs, field reports, findings. */
export async function dayKeys(tx: Tx, workflowId: string): Promise<RecordKeys> {
  const keys: RecordKeys = new Map();
  const h = await tx.handover.findUnique({
    where: { workflowId },
    include: {
      transfers: true,
      manifests: { include: { _count: { select: { lines: true } } } },
      counts: true,
      signOffs: true,
      containers: { include: { _count: { select: { custodyEvents: true } } } },
      spotChecks: true,
      incidents: true,
      discrepancies: { select: { key: true, status: true } },
    },
  });
  if (!h) return keys;
  keys.set('day', `${h.status} ${day(h.scheduledOn)}`);
  for (const t of h.transfers) keys.set(`transfer ${dir(t)}`, String(t.plannedCount));
  for (const m of h.manifests) keys.set(`manifest ${dir(m)} v${m.version}`, `${m.status} lines=${m._count.lines}`);
  for (const c of h.counts) keys.set(`count ${dir(c)} ${c.source}`, String(c.count));
  for (const c of h.containers) {
    keys.set(`container ${dir(c)} ${c.tag}`, `${c.outcome} ${c.receiverIntakeNumber ?? '-'} ${c.custodian}`);
    for (let n = 1; n <= c._count.custodyEvents; n++) keys.set(`custody ${dir(c)} ${c.tag} #${n}`, '');
  }
  for (const s of h.signOffs) keys.set(`sign-off ${s.partyCode}`, '');
  for (const s of h.spotChecks) keys.set(`spot-check ${dir(s)} ${s.tag}`, String(s.sealIntact));
  for (const i of h.incidents) keys.set(`incident ${i.sequence}`, i.kind);
  for (const d of h.discrepancies) keys.set(`discrepancy ${d.key.slice(workflowId.length + 1)}`, d.status);
  return keys;
}

/** An operation's own rows: the operation, its parties, agreement versions and confirmations. */
export async function operationKeys(tx: Tx, reference: string): Promise<RecordKeys> {
  const keys: RecordKeys = new Map();
  const o = await tx.repatriationOperation.findUnique({
    where: { reference },
    include: {
      parties: true,
      agreements: { include: { confirmations: true, _count: { select: { plannedTransfers: true } } } },
    },
  });
  if (!o) return keys;
  keys.set('operation', o.phase);
  for (const p of o.parties) keys.set(`party ${p.partyCode}`, '');
  for (const a of o.agreements) {
    keys.set(`agreement v${a.version}`, `transfers=${a._count.plannedTransfers}`);
    for (const c of a.confirmations) keys.set(`confirmation v${a.version} ${c.partyCode}`, '');
  }
  return keys;
}

/** A discrepancy's row and statements (by position). */
export async function discrepancyKeys(tx: Tx, id: string): Promise<RecordKeys> {
  const keys: RecordKeys = new Map();
  const d = await tx.discrepancy.findUnique({
    where: { id },
    include: { statements: { select: { sequence: true, type: true } } },
  });
  if (!d) return keys;
  keys.set('discrepancy', d.status);
  for (const s of d.statements) keys.set(`statement ${s.sequence}`, s.type);
  return keys;
}

/** A remains case's row, its container links, its events (by sequence), its match. */
export async function caseKeys(tx: Tx, workflowId: string): Promise<RecordKeys> {
  const keys: RecordKeys = new Map();
  const c = await tx.remainsCase.findUnique({
    where: { workflowId },
    include: {
      containers: { select: { containerId: true } },
      events: { select: { sequence: true, kind: true, step: true } },
      match: { select: { evidence: true, returnedAt: true } },
    },
  });
  if (!c) return keys;
  keys.set('case', c.status);
  keys.set('containers', String(c.containers.length));
  for (const e of c.events) keys.set(`event ${e.sequence}`, `${e.kind} ${e.step}`);
  if (c.match) keys.set('match', `${c.match.evidence}${c.match.returnedAt ? ' returned' : ''}`);
  return keys;
}

/** The notifications of these events (each event's rows, one per recipient and channel). */
export async function noticeKeys(tx: Tx, eventIds: string[]): Promise<RecordKeys> {
  const keys: RecordKeys = new Map();
  const ids = [...new Set(eventIds)];
  for (let i = 0; i < ids.length; i += 200) {
    const rows = await tx.notification.findMany({
      where: { OR: ids.slice(i, i + 200).map((e) => ({ key: { startsWith: `${e}:` } })) },
      select: { key: true, status: true },
    });
    for (const r of rows) keys.set(`notice ${r.key}`, '');
  }
  return keys;
}

/** What changed between two readings: keys that appeared (missing before), and keys whose state moved. */
export function keysDiff(before: RecordKeys, after: RecordKeys): { missing: string[]; stale: string[] } {
  const missing: string[] = [];
  const stale: string[] = [];
  for (const [key, state] of after) {
    if (!before.has(key)) missing.push(key);
    else if (before.get(key) !== state) stale.push(key);
  }
  return { missing, stale };
}
