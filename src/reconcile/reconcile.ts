import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DiscrepancyTiming } from '../../workflows/discrepancy/rules';
import type { Db } from '../db';
import { readWorkflowHistory, type WorkflowHistory } from './history';
import { keptIdsOf } from './kept';
import { reconcileWorkflow, RECONCILED_TYPES, type WorkflowFinding } from './replay';
import { caseStateFromRecord, ENDED_EARLY, restartCase, restartDiscrepancy, type RowWithoutWorkflow } from './restart';
import type { RecordWritersFor } from './writes';

export type { WorkflowFinding } from './replay';
export type { RowWithoutWorkflow } from './restart';

export interface ReconcileDeps {
  db: Db;
  client: Client;
  writersFor: RecordWritersFor;
  /** The main task queue (cases run on its `-cases` twin) and a discrepancy's timing, for what is started again. */
  taskQueue: string;
  discrepancyTiming: DiscrepancyTiming;
}

export interface OperationReconciled {
  reference: string;
  /** Temporal → PostgreSQL: every workflow of the operation, what its writes found missing or stale. */
  workflows: WorkflowFinding[];
  /** PostgreSQL → Temporal: rows whose workflow is gone. */
  withoutWorkflow: RowWithoutWorkflow[];
}

export interface ReconcileReport {
  repair: boolean;
  operations: OperationReconciled[];
}

/** Order of the writes: an operation's rows, then its days (containers, findings), their findings' lives, the cases. */
const ORDER = ['repatriationOperation', 'handoverDay', 'discrepancyLife', 'remainsCase'];
const OPEN_PHASES = ['PLANNED', 'PREPARING', 'IN_PROGRESS', 'SUSPENDED', 'FOLLOW_UP'] as const;

class CheckedOnly extends Error {
  constructor(readonly findings: WorkflowFinding[]) {
    super('checked only: rolled back');
  }
}

/** The operations to reconcile: the one named, or every open one PostgreSQL or Temporal knows of. */
export async function operationsInScope(deps: Pick<ReconcileDeps, 'db' | 'client'>, reference?: string) {
  if (reference) return [reference];
  const refs = new Set(
    (
      await deps.db.repatriationOperation.findMany({
        where: { phase: { in: [...OPEN_PHASES] } },
        select: { reference: true },
      })
    ).map((o) => o.reference),
  );
  const running = `WorkflowType = 'repatriationOperation' AND ExecutionStatus = 'Running'`;
  for await (const w of deps.client.workflow.list({ query: running }))
    refs.add(w.workflowId.slice('operation:'.length));
  return [...refs].sort();
}

/** Every workflow of the operation Temporal knows (open or closed), in the order their writes depend on each other. */
async function workflowsOf(client: Client, reference: string): Promise<string[]> {
  const ids = new Map<string, string>([[`operation:${reference}`, 'repatriationOperation']]);
  const query = `OperationReference = "${reference.replace(/"/g, '')}"`;
  for await (const w of client.workflow.list({ query })) {
    if (RECONCILED_TYPES.includes(w.type)) ids.set(w.workflowId, w.type);
  }
  return [...ids]
    .sort((a, b) => ORDER.indexOf(a[1]) - ORDER.indexOf(b[1]) || a[0].localeCompare(b[0]))
    .map(([id]) => id);
}

async function temporalStatus(client: Client, workflowId: string): Promise<string> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'ABSENT';
    throw err;
  }
}

/** PostgreSQL → Temporal: the operation's rows whose workflow is absent or ended early; with repair, cases and open discrepancies start again. */
async function rowsWithoutWorkflow(deps: ReconcileDeps, reference: string, repair: boolean) {
  const { db, client } = deps;
  const operation = await db.repatriationOperation.findUnique({
    where: { reference },
    include: {
      handovers: { select: { workflowId: true } },
      discrepancies: { select: { id: true, status: true } },
      remainsCases: { select: { workflowId: true } },
    },
  });
  if (!operation) return [];
  const rows: Array<Omit<RowWithoutWorkflow, 'temporal' | 'restarted'>> = [
    { kind: 'operation', workflowId: operation.workflowId },
    ...operation.handovers.map((h) => ({ kind: 'day' as const, workflowId: h.workflowId })),
    ...operation.discrepancies.map((d) => ({ kind: 'discrepancy' as const, workflowId: `discrepancy:${d.id}` })),
    ...operation.remainsCases.map((c) => ({ kind: 'case' as const, workflowId: c.workflowId })),
  ];
  const found: RowWithoutWorkflow[] = [];
  for (const row of rows) {
    const temporal = await temporalStatus(client, row.workflowId);
    if (!ENDED_EARLY.has(temporal)) continue;
    const gone: RowWithoutWorkflow = { ...row, temporal, restarted: false };
    if (row.kind === 'case') {
      const { input, closed } = await caseStateFromRecord(db, row.workflowId);
      if (closed) continue; // a closed case's workflow may be gone: its retention is over
      if (repair) await restartCase(client, deps.taskQueue, input);
      gone.restarted = repair;
    } else if (row.kind === 'discrepancy') {
      const id = row.workflowId.slice('discrepancy:'.length);
      const open = operation.discrepancies.find((d) => d.id === id)?.status !== 'RESOLVED';
      if (!open) continue;
      if (repair && temporal === 'ABSENT')
        await restartDiscrepancy(db, client, deps.taskQueue, id, deps.discrepancyTiming);
      gone.restarted = repair && temporal === 'ABSENT';
      if (temporal !== 'ABSENT') gone.note = 'its workflow ended; an operator decides';
    } else {
      gone.note = 'not started again: its workflow is its record (see docs/backup-and-restore.md)';
    }
    found.push(gone);
  }
  return found;
}

/** Retries a transaction that PostgreSQL ended for a deadlock or a serialization failure (a concurrent write). */
async function retried<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const text = String((err as Error).message ?? err);
      if (attempt >= 3 || !/40P01|40001|deadlock|could not serialize/i.test(text)) throw err;
    }
  }
}

const TX = { timeout: 10 * 60_000, maxWait: 60_000 };

/**
 * Compares PostgreSQL with Temporal for one operation. Without repair, every
 * workflow's writes run in one transaction that is rolled back: the report
 * says what they would write. With repair, each workflow's writes are
 * committed on their own, then rows whose workflow is gone are started again.
 */
export async function reconcileOperation(deps: ReconcileDeps, reference: string, repair: boolean) {
  const workflowIds = await workflowsOf(deps.client, reference);
  const histories: WorkflowHistory[] = [];
  for (const id of workflowIds) {
    if (!id.startsWith('discrepancy:') && !id.startsWith('case:')) continue;
    const h = await readWorkflowHistory(deps.client, id);
    if (h) histories.push(h);
  }
  const kept = keptIdsOf(histories);
  const one = (tx: Parameters<Parameters<Db['$transaction']>[0]>[0], id: string) =>
    reconcileWorkflow(tx, deps, id, kept);
  const workflows: WorkflowFinding[] = [];
  if (repair) {
    for (const id of workflowIds) {
      const found = await retried(() => deps.db.$transaction((tx) => one(tx, id), TX));
      if (found) workflows.push(found);
    }
  } else {
    const checked = await retried(() =>
      deps.db
        .$transaction(async (tx) => {
          const findings: WorkflowFinding[] = [];
          for (const id of workflowIds) {
            const found = await one(tx, id);
            if (found) findings.push(found);
          }
          throw new CheckedOnly(findings);
        }, TX)
        .catch((err: unknown) => {
          if (err instanceof CheckedOnly) return err.findings;
          throw err;
        }),
    );
    workflows.push(...checked);
  }
  return { reference, workflows, withoutWorkflow: await rowsWithoutWorkflow(deps, reference, repair) };
}

export async function reconcile(deps: ReconcileDeps, options: { reference?: string; repair: boolean }) {
  const report: ReconcileReport = { repair: options.repair, operations: [] };
  for (const reference of await operationsInScope(deps, options.reference)) {
    report.operations.push(await reconcileOperation(deps, reference, options.repair));
  }
  return report;
}
