import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db';
import { operationRecordsCaughtUp } from '../handover-day/day-records';
import { lifeOfRecord, startDiscrepancyLife } from './life';
import type { Actor, Direction } from '../../workflows/shared/domain';
import type { DiscrepancyInput, DiscrepancyKind, DISCREPANCY_STATUSES } from '../../workflows/discrepancy/rules';
import { discrepancyRecordedUpdate } from '../../workflows/discrepancy/messages';
import { discrepancyWorkflowId, handoverWorkflowId } from '../../workflows/shared/ids';
import { listDiscrepancies, loadDiscrepancy } from './view';
import { conflict, notFound, ProblemError } from '../api/errors';

export interface DiscrepancyServiceDeps {
  config: Config;
  db: Db;
  temporal: Client;
}

/** What a person reports: checked against the operation here, then given to a new discrepancy's workflow. */
export interface DiscrepancyReport {
  id: string;
  kind: DiscrepancyKind;
  date?: string;
  direction?: Direction;
  tags?: string[];
  count?: number;
  statement: string;
  by: Actor;
}

const invalidField = (pointer: string, message: string) =>
  new ProblemError(400, 'invalid-request', 'Invalid request', `The request body is not valid: ${pointer} ${message}.`, [
    { pointer, message },
  ]);

/**
 * Discrepancies for the API: reads them from PostgreSQL (their workflows'
 * record), starts a reported one's workflow and asks a discrepancy's
 * workflow to act. Routes call this; they never touch Prisma or Temporal.
 */
export function discrepancyService({ config, db, temporal }: DiscrepancyServiceDeps) {
  const load = (reference: string, id: string) => loadDiscrepancy(db, config, reference, id);

  return {
    load,

    /** The discrepancy `id` of the operation, or 404. */
    async read(reference: string, id: string) {
      const view = await load(reference, id);
      if (!view) throw notFound(`No discrepancy ${id} in operation ${reference}.`);
      return view;
    },

    /** The operation's discrepancies, once its days' records have caught up. */
    async list(reference: string, filter: { status?: (typeof DISCREPANCY_STATUSES)[number]; date?: string }) {
      await operationRecordsCaughtUp(temporal, reference);
      return listDiscrepancies(db, reference, filter);
    },

    /** Starts the reported discrepancy's workflow and answers once its record and the report are written. */
    async report(reference: string, parties: string[], report: DiscrepancyReport, updateId: { updateId?: string }) {
      const operation = await db.repatriationOperation.findUnique({ where: { reference }, select: { phase: true } });
      if (!operation) throw conflict('The operation is still being recorded; report it again in a moment.');
      if (operation.phase === 'CLOSED' || operation.phase === 'ABORTED') {
        throw conflict(`The operation is ${operation.phase.toLowerCase()}; no discrepancy can be reported on it.`);
      }
      const { direction, id } = report;
      if (direction && direction.from === direction.to) {
        throw invalidField('/direction', `must go from one of ${parties.join(', ')} to the other`);
      }
      // Which parties a direction may name is the operation's state, not the request's form (as on a day).
      if (direction && (!parties.includes(direction.from) || !parties.includes(direction.to))) {
        throw conflict(
          `The operation is between ${[...parties].sort().join(' and ')}; a direction goes from one to the other.`,
        );
      }
      if (report.date) {
        const day = await db.handover.findUnique({ where: { workflowId: handoverWorkflowId(reference, report.date) } });
        if (!day) throw notFound(`No handover day ${report.date} in operation ${reference}.`);
      }
      const input: DiscrepancyInput = {
        id,
        key: `reported:${id}`,
        operationReference: reference,
        parties: [parties[0], parties[1]],
        kind: report.kind,
        ...(report.date ? { dayKey: report.date } : {}),
        ...(direction ? { direction } : {}),
        ...(report.tags?.length ? { tags: report.tags } : {}),
        report: {
          text: report.statement,
          ...(report.count !== undefined ? { count: report.count } : {}),
          by: report.by,
        },
        timing: config.discrepancies,
      };
      await startDiscrepancyLife(temporal, config.temporal.taskQueue, input);
      await temporal.workflow.getHandle(discrepancyWorkflowId(id)).executeUpdate(discrepancyRecordedUpdate, {
        args: [],
        ...updateId,
      });
      return load(reference, id);
    },

    /**
     * Runs an update on the discrepancy's workflow. A discrepancy recorded
     * before discrepancies had a workflow of their own starts its life now;
     * one whose workflow has ended is resolved.
     */
    async act<T>(id: string, fn: (h: WorkflowHandle) => Promise<T>): Promise<T> {
      const handle = temporal.workflow.getHandle(discrepancyWorkflowId(id));
      try {
        return await fn(handle);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        if (await handle.describe().catch(() => null)) {
          throw conflict('The discrepancy is resolved; nothing more can be recorded on it.');
        }
        await startDiscrepancyLife(
          temporal,
          config.temporal.taskQueue,
          await lifeOfRecord(db, id, config.discrepancies),
        );
        return fn(handle);
      }
    },
  };
}
