// What Temporal holds for the service's workflows: history sizes, event
// counts by type, and pending (reminder) timers.
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';

const EventType = proto.api.enums.v1.EventType;

export interface HistoryFigures {
  workflowId: string;
  status: string;
  events: number;
  bytes?: number;
  /** Run of a continued-as-new workflow (the latest run is described). */
  runId: string;
}

export async function historyFigures(client: Client, workflowId: string): Promise<HistoryFigures | undefined> {
  // The raw call: nothing in the answer is decoded (the service's payloads may be encrypted).
  try {
    const d = await client.workflowService.describeWorkflowExecution({
      namespace: client.options.namespace,
      execution: { workflowId },
    });
    const info = d.workflowExecutionInfo!;
    const status = proto.api.enums.v1.WorkflowExecutionStatus[info.status ?? 0] ?? String(info.status);
    return {
      workflowId,
      status: status.replace(/^WORKFLOW_EXECUTION_STATUS_/, ''),
      events: Number(info.historyLength ?? 0),
      bytes:
        info.historySizeBytes !== undefined && info.historySizeBytes !== null
          ? Number(info.historySizeBytes)
          : undefined,
      runId: info.execution?.runId ?? '',
    };
  } catch {
    return undefined;
  }
}

/** Number of events of each type in a workflow's (current run's) history. */
export async function eventTypeCounts(client: Client, workflowId: string): Promise<Record<string, number>> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const counts: Record<string, number> = {};
  for (const e of history.events ?? []) {
    const name = (EventType[e.eventType ?? 0] ?? String(e.eventType)).replace(/^EVENT_TYPE_/, '');
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

const toMs = (d: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  d ? Number(d.seconds ?? 0) * 1000 + Math.round((d.nanos ?? 0) / 1e6) : 0;

/** Timers started and neither fired nor cancelled, with the instant each is due. */
export async function pendingTimers(
  client: Client,
  workflowId: string,
): Promise<Array<{ timerId: string; dueAt: number }>> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const open = new Map<string, number>();
  for (const e of history.events ?? []) {
    if (e.timerStartedEventAttributes) {
      const a = e.timerStartedEventAttributes;
      open.set(a.timerId!, toMs(e.eventTime) + toMs(a.startToFireTimeout));
    } else if (e.timerFiredEventAttributes) open.delete(e.timerFiredEventAttributes.timerId!);
    else if (e.timerCanceledEventAttributes) open.delete(e.timerCanceledEventAttributes.timerId!);
  }
  return [...open].map(([timerId, dueAt]) => ({ timerId, dueAt }));
}

/** Visibility count; undefined if the server cannot answer that query. */
export async function countWorkflows(client: Client, query: string): Promise<number | undefined> {
  try {
    return (await client.workflow.count(query)).count;
  } catch {
    return undefined;
  }
}

/**
 * Remains-case workflows (of one operation, or all) started: a case's first task upserts nothing (it checks
 * no patch since 1.0), so visibility sees its start, not that task. With its row written, a case is open.
 * Undefined when visibility cannot tell.
 */
export function caseFirstTasksDone(client: Client, operationReference?: string): Promise<number | undefined> {
  const operation = operationReference ? ` AND OperationReference = "${operationReference}"` : '';
  return countWorkflows(
    client,
    `WorkflowType = "remainsCase"${operation}`,
  );
}

/** Writes the histories of these workflows as JSON files into `dir` (to look into a failed run). */
export async function dumpHistories(client: Client, workflowIds: string[], dir: string): Promise<void> {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const path = await import('node:path');
  mkdirSync(dir, { recursive: true });
  for (const id of workflowIds) {
    try {
      const history = await client.workflow.getHandle(id).fetchHistory();
      const json = proto.api.history.v1.History.toObject(proto.api.history.v1.History.fromObject(history), {
        longs: String,
        enums: String,
        defaults: false,
      });
      writeFileSync(path.join(dir, `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.json`), JSON.stringify(json, null, 1));
    } catch (err) {
      console.error(`  no history for ${id}: ${(err as Error).message}`);
    }
  }
}
