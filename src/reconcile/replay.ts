import type { Client } from '@temporalio/client';
import type { DayChange } from '../../activities/handover-day/day-changes';
import type { NotifyInput } from '../../activities/notification/notify';
import type { CaseInput } from '../../workflows/remains-case/messages';
import type { Db } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { readWorkflowHistory, type WorkflowHistory } from './history';
import { withKeptIds, type KeptIdsOfOperation } from './kept';
import {
  caseKeys,
  dayKeys,
  discrepancyKeys,
  keysDiff,
  noticeKeys,
  operationKeys,
  type RecordKeys,
} from './record-keys';
import type { RecordWritersFor } from './writes';

type Tx = Prisma.TransactionClient;

/** One workflow compared with PostgreSQL: the keys its writes found missing or stale there, and writes that failed. */
export interface WorkflowFinding {
  workflowId: string;
  type: string;
  status: string;
  missing: string[];
  stale: string[];
  /** `<write>: <why>`, never a value. */
  failed: string[];
}

/** The row a workflow's writes change, by its workflow id's prefix; locked first, so its own writes wait for this check. */
const ANCHORS = [
  { prefix: 'operation:', table: 'RepatriationOperation', column: 'workflowId', key: (id: string) => id },
  { prefix: 'handover:', table: 'Handover', column: 'workflowId', key: (id: string) => id },
  { prefix: 'discrepancy:', table: 'Discrepancy', column: 'id', key: (id: string) => id.slice('discrepancy:'.length) },
  { prefix: 'case:', table: 'RemainsCase', column: 'workflowId', key: (id: string) => id },
];

const KEYS: Record<string, (tx: Tx, h: WorkflowHistory) => Promise<RecordKeys>> = {
  repatriationOperation: (tx, h) => operationKeys(tx, h.workflowId.slice('operation:'.length)),
  handoverDay: (tx, h) => dayKeys(tx, h.workflowId),
  discrepancyLife: (tx, h) => discrepancyKeys(tx, h.workflowId.slice('discrepancy:'.length)),
  remainsCase: (tx, h) => caseKeys(tx, h.workflowId),
};

export const RECONCILED_TYPES = Object.keys(KEYS);

/** A transaction client that the writes can also open "transactions" on: they run inside this one. */
function asDb(tx: Tx): Db {
  const db: Db = new Proxy(tx, {
    get(target, prop) {
      if (prop === '$transaction') {
        return async (arg: unknown) => {
          if (typeof arg === 'function') return (arg as (t: Db) => Promise<unknown>)(db);
          const done: unknown[] = [];
          for (const query of arg as Array<Promise<unknown>>) done.push(await query);
          return done;
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as unknown as Db;
  return db;
}

/** The writes the history asked for, as the record functions take them, in order (a day's batches unfolded). */
function writesOf(h: WorkflowHistory, kept: KeptIdsOfOperation): Array<{ name: string; input: unknown }> {
  const writes: Array<{ name: string; input: unknown }> = [];
  if (h.type === 'remainsCase') {
    // Opened in bulk: the day's activity wrote the row and event 1; the workflow's input says what they were.
    const input = h.input as CaseInput;
    if (input.caseId && !input.carried) {
      const at = input.openedAt!;
      const opening = { ...input, workflowId: h.workflowId, openedAt: at, progressAt: at, caseId: input.caseId };
      writes.push({ name: 'recordCaseOpened', input: opening });
    }
  }
  for (const w of h.writes) {
    if (w.activity === 'recordDayChanges') {
      const changes = withKeptIds(h.workflowId, w.input as DayChange[], kept);
      for (const c of changes) writes.push({ name: c.write, input: c.args });
    } else if (w.activity === 'recordCaseOpened') {
      // The id it returned is the one the case holds.
      if (typeof w.result === 'string')
        writes.push({ name: w.activity, input: { ...(w.input as object), caseId: w.result } });
    } else {
      writes.push({ name: w.activity, input: w.input });
    }
  }
  return writes;
}

const noticesAsked = (writes: Array<{ name: string; input: unknown }>) =>
  writes.filter((w) => w.name === 'notify').map((w) => (w.input as NotifyInput).eventId);

/** Why a write failed, without any value it held: a refusal's own message (activities/shared/failures.ts) or the error's kind. */
function why(err: unknown): string {
  const e = err as { name?: string; type?: string; message?: string; code?: string };
  if (e.name === 'ApplicationFailure') return `${e.type ?? 'refused'}: ${e.message ?? ''}`;
  return `${e.name ?? 'Error'}${e.code ? ` ${e.code}` : ''}`;
}

/**
 * Compares one workflow with PostgreSQL, inside the caller's transaction:
 * locks the row its writes change, reads its history (after the lock, so a
 * write it makes meanwhile is either in that history or waits for this
 * transaction), reads its record's keys, runs again every write the history
 * asked for (each in a savepoint: one refused write does not stop the
 * others), and reads the keys again. Whether that stays is the caller's
 * transaction's business (committed with --repair, rolled back otherwise).
 */
export async function reconcileWorkflow(
  tx: Tx,
  deps: { client: Client; writersFor: RecordWritersFor },
  workflowId: string,
  kept: KeptIdsOfOperation,
): Promise<WorkflowFinding | undefined> {
  const anchor = ANCHORS.find((a) => workflowId.startsWith(a.prefix));
  if (anchor) {
    await tx.$queryRawUnsafe(
      `SELECT 1 FROM "${anchor.table}" WHERE "${anchor.column}"::text = $1 FOR UPDATE`,
      anchor.key(workflowId),
    );
  }
  const h = await readWorkflowHistory(deps.client, workflowId);
  if (!h || !KEYS[h.type]) return undefined;
  const writers = deps.writersFor(asDb(tx));
  // Only the record writes: what else a workflow asked (cases opened, an identification announced) is its own.
  const writes = writesOf(h, kept).filter((w) => writers.has(w.name));
  const notices = noticesAsked(writes);
  const read = async () => new Map([...(await KEYS[h.type](tx, h)), ...(await noticeKeys(tx, notices))]);
  const before = await read();
  const failed: string[] = [];
  for (const w of writes) {
    await tx.$executeRawUnsafe('SAVEPOINT reconcile_write');
    try {
      await writers.run(w.name, w.input);
      await tx.$executeRawUnsafe('RELEASE SAVEPOINT reconcile_write');
    } catch (err) {
      await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT reconcile_write');
      failed.push(`${w.name}: ${why(err)}`);
    }
  }
  const { missing, stale } = keysDiff(before, await read());
  return { workflowId, type: h.type, status: h.status, missing, stale, failed: [...new Set(failed)] };
}
