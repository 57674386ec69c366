import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';

const { EventType } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** One activity a workflow asked for, as its history holds it: its type, its input, and its result once completed. */
export interface AskedWrite {
  activity: string;
  input: unknown;
  result?: unknown;
}

/** What Temporal holds of one workflow, every run of it (continue-as-new) in order. */
export interface WorkflowHistory {
  workflowId: string;
  type: string;
  /** Running, or how its last run ended (COMPLETED, CONTINUED_AS_NEW is never last, TERMINATED, FAILED, …). */
  status: string;
  /** The first run's first argument: what the workflow was started with. */
  input: unknown;
  /** Every activity scheduled, in the order asked. */
  writes: AskedWrite[];
}

const CLOSED: Partial<Record<number, string>> = {
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED]: 'COMPLETED',
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED]: 'FAILED',
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT]: 'TIMED_OUT',
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED]: 'CANCELED',
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED]: 'TERMINATED',
};

/**
 * Reads a workflow's histories (the latest run, then each run it continued
 * from) and decodes, through the client's payload codec, the activities it
 * asked for. Decoded payloads stay in memory: they may hold personal data
 * (a manifest's declared names) and are never printed. Undefined when
 * Temporal has no such workflow.
 */
export async function readWorkflowHistory(client: Client, workflowId: string): Promise<WorkflowHistory | undefined> {
  const runs: HistoryEvent[][] = [];
  let runId: string | undefined;
  do {
    let events: HistoryEvent[];
    try {
      events = (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    } catch (err) {
      if (err instanceof WorkflowNotFoundError && runs.length === 0) return undefined;
      throw err;
    }
    runs.unshift(events);
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  } while (runId);

  const converter = client.options.loadedDataConverter;
  const decode = async (payloads: temporal.api.common.v1.IPayloads | null | undefined) =>
    decodeArrayFromPayloads(converter, payloads?.payloads);
  const started = runs[0][0]?.workflowExecutionStartedEventAttributes;
  const writes: AskedWrite[] = [];
  for (const events of runs) {
    const bySchedule = new Map<string, AskedWrite>();
    for (const e of events) {
      const scheduled = e.activityTaskScheduledEventAttributes;
      if (scheduled) {
        const write = { activity: scheduled.activityType?.name ?? '', input: (await decode(scheduled.input))[0] };
        bySchedule.set(String(e.eventId), write);
        writes.push(write);
      }
      const completed = e.activityTaskCompletedEventAttributes;
      const asked = completed && bySchedule.get(String(completed.scheduledEventId));
      if (asked) asked.result = (await decode(completed.result))[0];
    }
  }
  const last = runs[runs.length - 1];
  return {
    workflowId,
    type: started?.workflowType?.name ?? '',
    status: CLOSED[last[last.length - 1]?.eventType ?? 0] ?? 'RUNNING',
    input: (await decode(started?.input))[0],
    writes,
  };
}
