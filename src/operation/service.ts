import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db';
import { workflowUiUrl } from '../temporal/client';
import { operationWorkflowId } from '../../workflows/shared/ids';
import { closeOperationUpdate, operationStateQuery } from '../../workflows/operation/messages';
import { SearchAttr } from '../../workflows/shared/search-attributes';
import type { OperationInput, OperationPhase } from '../../workflows/shared/domain';
import { repatriationOperation } from '../../workflows/operation/workflow';
import type { Principal } from '../api/auth';
import { operationNotFound } from '../api/errors';
import type { OperationView } from '../api/schemas';
import { assertAllDiscrepanciesResolved } from '../discrepancy/view';
import { progressOf } from './progress';
import { onWorkflow } from './scope';

export interface OperationServiceDeps {
  config: Config;
  db: Db;
  temporal: Client;
}

const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The operation for the API: starts its workflow, asks it to act (updates),
 * and reads it from PostgreSQL (the workflow's record) or, before its first
 * record, from the workflow itself. Routes call this; they never touch
 * Prisma or Temporal themselves.
 */
export function operationService({ config, db, temporal }: OperationServiceDeps) {
  /** Runs an update on the operation; once its workflow has ended, the answer says how. */
  function act<T>(reference: string, fn: (h: WorkflowHandle) => Promise<T>): Promise<T> {
    return onWorkflow(temporal.workflow.getHandle(operationWorkflowId(reference)), fn, {
      missing: () => operationNotFound(),
      ended: async (status) => {
        const row = await db.repatriationOperation.findUnique({ where: { reference }, select: { phase: true } });
        return status === 'COMPLETED' && row
          ? `The operation is ${row.phase.toLowerCase()}; nothing more can be done on it.`
          : `The operation's workflow has ended (${status.toLowerCase()}); nothing more can be done on it.`;
      },
    });
  }

  return {
    act,

    /** Checks made before a phase change is asked: closing is accounting, refused while any discrepancy is unresolved. */
    async beforePhaseChange(reference: string, update: unknown): Promise<void> {
      if (update === closeOperationUpdate) await assertAllDiscrepanciesResolved(db, reference);
    },

    async start(input: OperationInput): Promise<{ workflowId: string; runId: string; url: string }> {
      const workflowId = operationWorkflowId(input.reference);
      const { agreement } = input;
      const handle = await temporal.workflow.start(repatriationOperation, {
        taskQueue: config.temporal.taskQueue,
        workflowId,
        args: [input],
        // A reference names one operation for ever, even after it has closed.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: SearchAttr.OperationReference, value: input.reference },
          { key: SearchAttr.OperationPhase, value: 'PLANNED' },
          { key: SearchAttr.Parties, value: agreement.parties.map((p) => p.code) },
          { key: SearchAttr.IntermediaryRole, value: agreement.intermediaryRole },
        ],
        memo: {
          title: input.title,
          parties: agreement.parties.map((p) => `${p.name} (${p.code})`).join(' – '),
          window: `${agreement.window.start} to ${agreement.window.end}`,
        },
      });
      return { workflowId, runId: handle.firstExecutionRunId, url: workflowUiUrl(config, workflowId) };
    },

    async list(
      { phase, limit, offset }: { phase?: OperationPhase; limit: number; offset: number },
      principal: Principal,
    ) {
      // Neutrality: a party's principal lists only the operations its party takes part in.
      const where = {
        ...(phase ? { phase } : {}),
        ...(principal.party ? { parties: { some: { partyCode: principal.party } } } : {}),
      };
      const [rows, total] = await Promise.all([
        db.repatriationOperation.findMany({
          where,
          orderBy: [{ createdAt: 'desc' }, { reference: 'asc' }],
          take: limit,
          skip: offset,
          include: { parties: { include: { party: true } } },
        }),
        db.repatriationOperation.count({ where }),
      ]);
      const items = rows.map((r) => ({
        reference: r.reference,
        title: r.title,
        phase: r.phase,
        parties: r.parties.map((p) => ({ code: p.party.code, name: p.party.name })),
        createdAt: r.createdAt.toISOString(),
      }));
      return { items, total, limit, offset };
    },

    read: (reference: string, principal: Principal) => readOperation({ config, db, temporal }, reference, principal),
  };
}
export type OperationService = ReturnType<typeof operationService>;

/** The operation from its record, or from its workflow before its first record is written. */
async function readOperation(
  { config, db, temporal }: OperationServiceDeps,
  reference: string,
  principal: Principal,
): Promise<OperationView> {
  const workflowId = operationWorkflowId(reference);
  const handle = temporal.workflow.getHandle(workflowId);
  const [row, description] = await Promise.all([
    db.repatriationOperation.findUnique({
      where: { reference },
      include: {
        parties: { include: { party: true } },
        agreements: { orderBy: { version: 'desc' }, take: 1, include: { plannedTransfers: true } },
      },
    }),
    handle.describe().catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }),
  ]);
  if (!row && !description) throw operationNotFound();
  const workflow = {
    id: workflowId,
    status: description?.status.name ?? 'UNKNOWN',
    url: workflowUiUrl(config, workflowId),
  };
  if (!row) {
    // Started but its first record is not yet written: answer from the workflow itself.
    const state = await handle.query(operationStateQuery);
    const memo = (description!.memo ?? {}) as { title?: string };
    return {
      reference,
      title: memo.title ?? reference,
      phase: state.phase,
      recorded: false,
      parties: [],
      agreement: null,
      workflow,
      progress: null,
      createdAt: null,
      updatedAt: null,
    };
  }
  const agreement = row.agreements[0];
  return {
    reference: row.reference,
    title: row.title,
    phase: row.phase,
    recorded: true,
    parties: row.parties.map((p) => ({ code: p.party.code, name: p.party.name })),
    agreement: agreement
      ? {
          version: agreement.version,
          venue: agreement.venue,
          concludedOn: dateOnly(agreement.concludedOn),
          window: { start: dateOnly(agreement.windowStart), end: dateOnly(agreement.windowEnd) },
          exchangePoints: agreement.exchangePoints,
          plannedTransfers: agreement.plannedTransfers.map((t) => ({
            from: t.fromParty,
            to: t.toParty,
            count: t.count,
          })),
          intermediaryRole: agreement.intermediaryRole,
        }
      : null,
    workflow,
    progress: await progressOf(db, row.id, principal),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
