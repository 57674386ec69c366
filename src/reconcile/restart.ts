import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { CaseInput, CaseState } from '../../workflows/remains-case/messages';
import type { remainsCase } from '../../workflows/remains-case/workflow';
import { isClosed } from '../../workflows/remains-case/rules';
import type { DiscrepancyTiming } from '../../workflows/discrepancy/rules';
import { SearchAttr } from '../../workflows/shared/search-attributes';
import type { Db } from '../db';
import { lifeOfRecord, startDiscrepancyLife } from '../discrepancy/life';
import { caseTaskQueue } from '../temporal/task-queues';

/** A row of PostgreSQL whose workflow Temporal does not run: absent, or ended without finishing (terminated, failed…). */
export interface RowWithoutWorkflow {
  kind: 'operation' | 'day' | 'discrepancy' | 'case';
  workflowId: string;
  /** How Temporal has it: ABSENT, TERMINATED, FAILED, TIMED_OUT, CANCELED. */
  temporal: string;
  /** Started again (--repair), or why not. */
  restarted: boolean;
  note?: string;
}

/** Workflows that only ever end by finishing: any other end (or none at all) leaves their row without one. */
export const ENDED_EARLY = new Set(['ABSENT', 'TERMINATED', 'FAILED', 'TIMED_OUT', 'CANCELED']);

/**
 * The state a remains case's workflow carries on from, read from its record:
 * the row, its events in order (steps, splits, merges, reminders), its
 * containers, its match and the family's notice. The same state a
 * continue-as-new would carry, so the case goes on where its record is.
 */
export async function caseStateFromRecord(db: Db, workflowId: string): Promise<{ input: CaseInput; closed: boolean }> {
  const row = await db.remainsCase.findUniqueOrThrow({
    where: { workflowId },
    include: {
      operation: { select: { reference: true } },
      containers: { select: { containerId: true }, orderBy: { containerId: 'asc' } },
      events: { orderBy: { sequence: 'asc' } },
      match: { include: { missingPersonCase: { select: { caseNumber: true } } } },
    },
  });
  const notice = await db.familyNotice.findFirst({
    where: { remainsCaseNumber: row.caseNumber, informedAt: { not: null } },
  });
  const state: CaseState = {
    caseNumber: row.caseNumber,
    caseId: row.id,
    operationReference: row.operation.reference,
    receivingParty: row.receivingParty,
    responsibleAuthority: row.responsibleAuthority,
    containerIds: row.containers.map((c) => c.containerId),
    status: row.status,
    profiled: false,
    sequence: row.events.at(-1)?.sequence ?? 1,
    lastProgressAt: row.lastProgressAt.toISOString(),
    remindersSent: 0,
    splits: 0,
    run: 1,
    ...(row.match ? { missingPersonCaseNumber: row.match.missingPersonCase.caseNumber } : {}),
    ...(row.match?.returnTo ? { returnTo: row.match.returnTo } : {}),
    ...(notice?.informedAt ? { familyInformedAt: notice.informedAt.toISOString() } : {}),
    ...(notice?.contactPosition != null ? { receiverContact: notice.contactPosition } : {}),
  };
  for (const e of row.events) {
    if (e.kind === 'STEP' && e.step === 'PROFILED') state.profiled = true;
    if (e.kind === 'STEP' && e.step === 'SAMPLED') state.profiled = false;
    if (e.kind === 'SPLIT') state.splits += 1;
    if (e.kind === 'MERGED' && e.relatedCase) state.mergedInto = e.relatedCase;
    if (e.kind === 'REMINDER') {
      state.remindersSent += 1;
      state.lastReminderAt = e.occurredAt.toISOString();
    }
  }
  const opening = row.events[0];
  const input: CaseInput = {
    caseNumber: row.caseNumber,
    operationReference: row.operation.reference,
    receivingParty: row.receivingParty,
    responsibleAuthority: row.responsibleAuthority,
    containerIds: state.containerIds,
    openedBy: opening?.recordedBy ?? 'reconcile',
    openedAt: (opening?.occurredAt ?? row.createdAt).toISOString(),
    caseId: row.id,
    carried: state,
  };
  return { input, closed: isClosed(row.status) };
}

/** Starts a case's workflow again from its record (a run that ended early is replaced; one running is kept). */
export async function restartCase(client: Client, taskQueue: string, input: CaseInput): Promise<void> {
  const status = input.carried?.status ?? 'RECEIVED';
  try {
    await client.workflow.start<typeof remainsCase>('remainsCase', {
      taskQueue: caseTaskQueue(taskQueue),
      workflowId: `case:${input.caseNumber}`,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      typedSearchAttributes: [
        { key: SearchAttr.OperationReference, value: input.operationReference },
        { key: SearchAttr.CaseStatus, value: status },
      ],
      memo: { operationReference: input.operationReference, caseStep: status },
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Starts an open discrepancy's workflow from its record, as the API does for one recorded before it had a workflow. */
export async function restartDiscrepancy(
  db: Db,
  client: Client,
  taskQueue: string,
  id: string,
  timing: DiscrepancyTiming,
): Promise<void> {
  await startDiscrepancyLife(client, taskQueue, await lifeOfRecord(db, id, timing));
}
