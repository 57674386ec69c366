import type { Client } from '@temporalio/client';
import type { Db } from '../../src/db';
import { caseWorkflowId, handoverWorkflowId, operationWorkflowId } from '../../workflows/shared/ids';
import type { Attempt } from './field-client';
import {
  duplicates,
  expectedDiscrepancyKeys,
  expectedNotifications,
  sameSet,
  type DayLedger,
  type DirectionLedger,
  type InvariantContext,
  type InvariantReport,
  type OperationLedger,
} from './invariants-ledger';

export type {
  CountSource,
  DayLedger,
  DirectionLedger,
  InvariantContext,
  InvariantReport,
  OperationLedger,
} from './invariants-ledger';

/**
 * What an operation should look like after everything people sent through
 * the API took effect exactly once: the ledger (what was sent and answered
 * 2xx) against PostgreSQL, Temporal and the notification receivers. Used
 * after faults: nothing lost, nothing duplicated.
 */

const SETTLED_NOTIFICATION = ['DELIVERED', 'ACKNOWLEDGED'];

/**
 * Checks one operation against its ledger, once the system has settled
 * (the caller waits for that, e.g. with `settled`). Returns every violation.
 */
export async function checkInvariants(ctx: InvariantContext, ledger: OperationLedger): Promise<InvariantReport> {
  const { db, temporal } = ctx;
  const violations: string[] = [];
  const ref = ledger.reference;
  const operation = await db.repatriationOperation.findUnique({
    where: { reference: ref },
    include: { agreements: { include: { confirmations: true } } },
  });
  if (!operation) {
    return {
      violations: [`operation ${ref}: not recorded`],
      counts: {
        manifestLines: 0,
        containers: 0,
        custodyEvents: 0,
        cases: 0,
        caseWorkflows: 0,
        notifications: 0,
        webhookRequests: 0,
      },
    };
  }
  if (operation.workflowId !== operationWorkflowId(ref)) violations.push(`operation ${ref}: wrong workflow id`);
  const expectedPhase = ledger.handoversCompleted ? 'FOLLOW_UP' : 'IN_PROGRESS';
  if (operation.phase !== expectedPhase) violations.push(`operation ${ref}: phase ${operation.phase}, expected ${expectedPhase}`);
  if (operation.agreements.length !== 1) violations.push(`operation ${ref}: ${operation.agreements.length} agreement versions`);
  sameSet(
    `operation ${ref} confirmations`,
    operation.agreements.flatMap((a) => a.confirmations.map((c) => c.partyCode)),
    ledger.confirmedBy,
    violations,
  );

  const handovers = await handoversOf(db, operation.id);
  sameSet(
    `operation ${ref} handover days`,
    handovers.map((h) => h.dayKey),
    ledger.days.map((d) => d.date),
    violations,
  );

  const tally: Tally = { manifestLines: 0, containers: 0, custodyEvents: 0, expectedCaseNumbers: [] };
  for (const day of ledger.days) {
    const h = handovers.find((x) => x.dayKey === day.date);
    if (h) checkDay(ref, day, h, tally, violations);
  }

  const { cases, caseWorkflows } = await checkCases(db, temporal, ref, operation.id, tally.expectedCaseNumbers, violations);
  const { notifications, requests } = await checkNotifications(ctx, ledger, violations);

  return {
    violations,
    counts: {
      manifestLines: tally.manifestLines,
      containers: tally.containers,
      custodyEvents: tally.custodyEvents,
      cases: cases.length,
      caseWorkflows: caseWorkflows.length,
      notifications: notifications.length,
      webhookRequests: requests.length,
    },
  };
}

/** What the days add up to over the operation. */
interface Tally {
  manifestLines: number;
  containers: number;
  custodyEvents: number;
  expectedCaseNumbers: string[];
}

const handoversOf = (db: Db, operationId: string) =>
  db.handover.findMany({
    where: { operationId },
    include: {
      transfers: true,
      manifests: { include: { lines: true } },
      counts: true,
      signOffs: true,
      containers: { include: { custodyEvents: true, cases: { include: { case: true } } } },
      discrepancies: true,
    },
  });

type HandoverRecord = Awaited<ReturnType<typeof handoversOf>>[number];

function checkDay(ref: string, day: DayLedger, h: HandoverRecord, tally: Tally, violations: string[]): void {
  const at = `${ref} ${day.date}`;
  if (h.workflowId !== handoverWorkflowId(ref, day.date)) violations.push(`${at}: wrong workflow id ${h.workflowId}`);
  const signed = day.signedOffBy.length === 2;
  if (signed && h.status !== 'SIGNED_OFF') violations.push(`${at}: status ${h.status}, expected SIGNED_OFF`);
  sameSet(
    `${at} sign-offs`,
    h.signOffs.map((s) => s.partyCode),
    day.signedOffBy,
    violations,
  );
  sameSet(
    `${at} transfers`,
    h.transfers.map((t) => `${t.fromParty}>${t.toParty}`),
    day.directions.map((d) => `${d.from}>${d.to}`),
    violations,
  );

  for (const d of day.directions) checkDirection(ref, day, d, h, signed, tally, violations);

  // Discrepancies: unique keys, each for this day (the database keeps keys unique; check none is missing or extra).
  const discrepancyKeys = h.discrepancies.map((x) => x.key);
  if (signed) sameSet(`${at} discrepancies`, discrepancyKeys, expectedDiscrepancyKeys(h.workflowId, day), violations);
}

function checkDirection(
  ref: string,
  day: DayLedger,
  d: DirectionLedger,
  h: HandoverRecord,
  signed: boolean,
  tally: Tally,
  violations: string[],
): void {
  const dir = `${ref} ${day.date} ${d.from}>${d.to}`;
  // Manifests: one version, every line once, in the order sent.
  const manifests = h.manifests.filter((m) => m.fromParty === d.from && m.toParty === d.to);
  if (manifests.length !== 1) violations.push(`${dir}: ${manifests.length} manifest versions, expected 1`);
  const lines = manifests.flatMap((m) => [...m.lines].sort((a, b) => a.lineNo - b.lineNo));
  tally.manifestLines += lines.length;
  sameSet(`${dir} manifest lines`, lines.map((l) => l.tag), d.manifest, violations);
  if (lines.map((l) => l.tag).join() !== d.manifest.join()) violations.push(`${dir}: manifest lines out of order`);
  if (manifests.some((m) => m.status !== 'ACKNOWLEDGED')) violations.push(`${dir}: manifest not acknowledged`);

  // Counts: each source once, with the value attested.
  const counts = h.counts.filter((c) => c.fromParty === d.from && c.toParty === d.to);
  sameSet(
    `${dir} counts`,
    counts.map((c) => `${c.source}=${c.count}`),
    Object.entries(d.counts).map(([s, n]) => `${s}=${n}`),
    violations,
  );

  // Containers: each received tag once (RECEIVED), each listed one never received once (MISSING).
  const containers = h.containers.filter((c) => c.fromParty === d.from && c.toParty === d.to);
  tally.containers += containers.length;
  const received = new Set(d.received);
  const expectedContainers = [
    ...d.received.map((t) => `${t}:RECEIVED`),
    ...(signed ? d.manifest.filter((t) => !received.has(t)).map((t) => `${t}:MISSING`) : []),
  ];
  sameSet(`${dir} containers`, containers.map((c) => `${c.tag}:${c.outcome}`), expectedContainers, violations);

  // Intake numbers: 1..n, no gap, no repeat; they number the cases.
  const taken = containers.filter((c) => c.outcome !== 'MISSING');
  const intake = taken.map((c) => c.receiverIntakeNumber ?? '(none)');
  const prefix = `${ref}.${d.to}.${day.date}.${d.from}.`;
  sameSet(
    `${dir} intake numbers`,
    intake,
    d.received.map((_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`),
    violations,
  );
  for (const c of containers) {
    const want = c.outcome === 'MISSING' ? d.from : d.to;
    if (c.custodian !== want) violations.push(`${dir} ${c.tag}: custodian ${c.custodian}, expected ${want}`);
  }

  // Custody: one hop sender → receiver per container taken over (the intermediary observes only).
  for (const c of containers) {
    tally.custodyEvents += c.custodyEvents.length;
    const hops = c.custodyEvents.map((e) => `${e.sequence}:${e.fromCustodian}>${e.toCustodian}`);
    const want = c.outcome === 'MISSING' ? [] : [`1:${d.from}>${d.to}`];
    if (hops.join() !== want.join()) {
      violations.push(`${dir} ${c.tag}: custody events [${hops.join(', ')}], expected [${want.join(', ')}]`);
    }
  }

  // Cases: one per container taken over, numbered by its intake number, linked to it alone.
  if (signed) {
    for (const c of taken) {
      tally.expectedCaseNumbers.push(c.receiverIntakeNumber!);
      const links = c.cases.map((l) => l.case.caseNumber);
      if (links.join() !== c.receiverIntakeNumber) {
        violations.push(`${dir} ${c.tag}: cases [${links.join(', ')}], expected [${c.receiverIntakeNumber}]`);
      }
    }
  }
}

/** Remains cases: one row per container taken over, with its opening event once, and one workflow each. */
async function checkCases(
  db: Db,
  temporal: Client,
  ref: string,
  operationId: string,
  expectedCaseNumbers: string[],
  violations: string[],
) {
  const cases = await db.remainsCase.findMany({
    where: { operationId },
    include: { events: true, containers: true },
  });
  sameSet(`${ref} remains cases`, cases.map((c) => c.caseNumber), expectedCaseNumbers, violations);
  for (const c of cases) {
    if (c.workflowId !== caseWorkflowId(c.caseNumber)) violations.push(`case ${c.caseNumber}: workflow id ${c.workflowId}`);
    const opening = c.events.filter((e) => e.sequence === 1 && e.step === 'RECEIVED');
    if (opening.length !== 1 || c.events.length !== 1) {
      violations.push(`case ${c.caseNumber}: ${c.events.length} events, expected only its opening`);
    }
    if (c.containers.length !== 1) violations.push(`case ${c.caseNumber}: ${c.containers.length} containers`);
  }
  const caseWorkflows = await caseWorkflowsOf(temporal, ref);
  sameSet(
    `${ref} case workflows`,
    caseWorkflows.map((w) => w.workflowId),
    expectedCaseNumbers.map(caseWorkflowId),
    violations,
  );
  for (const w of caseWorkflows) {
    if (w.status !== 'RUNNING') violations.push(`${w.workflowId}: ${w.status}, expected RUNNING`);
  }
  return { cases, caseWorkflows };
}

/** Notifications: every row delivered; each received, and accepted once by the receiver's idempotency. */
async function checkNotifications(ctx: InvariantContext, ledger: OperationLedger, violations: string[]) {
  const { db, receiver } = ctx;
  const ref = ledger.reference;
  const notifications = await db.notification.findMany({ where: { operationReference: ref } });
  for (const n of notifications) {
    if (!SETTLED_NOTIFICATION.includes(n.status)) violations.push(`notification ${n.key}: ${n.status} (${n.lastError ?? ''})`);
  }
  const requests = receiver.requests.filter((r) => r.body.operationReference === ref);
  if (requests.some((r) => !r.signatureValid)) violations.push(`${ref}: a webhook arrived with a bad signature`);
  const accepted = [...receiver.accepted.values()].filter((r) => r.body.operationReference === ref);
  sameSet(`${ref} notifications accepted by receivers`, accepted.map((r) => r.id), notifications.map((n) => n.id), violations);
  for (const r of accepted) {
    const row = notifications.find((n) => n.id === r.id);
    if (row && (row.recipient !== r.recipient || row.event !== r.body.event)) {
      violations.push(`notification ${r.id}: received by ${r.recipient} as ${r.body.event}, sent to ${row.recipient} as ${row.event}`);
    }
  }
  // One notification per milestone and recipient: no milestone under two ids.
  const milestones = accepted.map((r) => `${r.recipient} ${r.body.event} ${JSON.stringify(r.body.payload)}`);
  const repeated = duplicates(milestones);
  if (repeated.length) violations.push(`${ref}: the same notification under several ids: ${repeated.slice(0, 3).join(' | ')}`);
  // The milestones every recipient concerned must have had.
  for (const expected of expectedNotifications(ledger, ctx.recipients)) {
    const n = accepted.filter(
      (r) => r.recipient === expected.recipient && r.body.event === expected.event && expected.matches(r.body.payload),
    ).length;
    if (n !== 1) violations.push(`${ref}: ${expected.recipient} got ${n} × ${expected.label}, expected 1`);
  }
  return { notifications, requests };
}

export interface CaseWorkflow {
  workflowId: string;
  runId: string;
  status: string;
}

/** Every run of a remains-case workflow of the operation, from Temporal's visibility. */
export async function caseWorkflowsOf(temporal: Client, reference: string): Promise<CaseWorkflow[]> {
  const found: CaseWorkflow[] = [];
  for await (const wf of temporal.workflow.list({ query: `WorkflowType = 'remainsCase'` })) {
    if (wf.workflowId.startsWith(`case:${reference}.`)) {
      found.push({ workflowId: wf.workflowId, runId: wf.runId, status: wf.status.name });
    }
  }
  return found;
}

/**
 * Waits until the operation satisfies every invariant (days signed off,
 * cases opened, notifications delivered take a moment after the last
 * answer), then returns that report; or, after `timeoutMs`, the last one
 * with its violations. Rows are never deleted, so a duplicate once seen
 * stays: a clean report at the end is a clean history.
 */
export async function settledInvariants(
  ctx: InvariantContext,
  ledger: OperationLedger,
  timeoutMs = 60_000,
): Promise<InvariantReport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let report: InvariantReport;
    try {
      report = await checkInvariants(ctx, ledger);
    } catch (err) {
      report = { violations: [`the check itself failed: ${(err as Error).message}`], counts: {} as InvariantReport['counts'] };
    }
    if (report.violations.length === 0 || Date.now() > deadline) return report;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Every Idempotency-Key a client used keeps exactly one stored answer, and it
 * is the final answer the client got: an answer sent but not kept would make
 * a repeat run the request again instead of replaying it.
 */
export async function storedAnswerViolations(db: Db, attempts: Attempt[]): Promise<string[]> {
  const finals = new Map<string, number>();
  for (const a of attempts) {
    if (a.key && typeof a.status === 'number' && a.status < 500 && !isInProgress(a)) finals.set(a.key, a.status);
  }
  const keys = [...new Set(attempts.filter((a) => a.key).map((a) => a.key!))];
  const rows = await db.idempotentRequest.findMany({ where: { key: { in: keys } } });
  const violations: string[] = [];
  for (const key of keys) {
    const stored = rows.filter((r) => r.key === key);
    const answered = finals.get(key);
    if (stored.length !== 1) violations.push(`key ${key}: ${stored.length} stored answers`);
    else if (stored[0].status === null) violations.push(`key ${key}: no answer kept (answered ${answered ?? 'never'})`);
    else if (stored[0].status !== answered)
      violations.push(`key ${key}: kept ${stored[0].status}, answered ${answered}`);
  }
  return violations;
}

const isInProgress = (a: Attempt) => a.status === 409 && a.problem === '/problems/request-in-progress';
