import { Router, type Request } from 'express';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db';
import { INCIDENT_KINDS } from '../../workflows/shared/domain';
import { fieldNoteProblem, MAX_FIELD_NOTE } from '../../workflows/handover-day/field-report-rules';
import { recordIncidentUpdate, recordSpotCheckUpdate } from '../../workflows/handover-day/messages';
import { actorOf } from '../api/auth';
import { endpoint, serve } from '../api/endpoint';
import { notFound } from '../api/errors';
import { dayWorkflowId } from './view';
import { onWorkflow, updateIdOf, type VisibleOperation } from '../operation/scope';
import { isoDate, operationReference, partyCode, tag } from '../api/schemas';

/**
 * What the intermediary's people report from the exchange point during a
 * handover day: spot checks of containers (a broken seal opens a discrepancy)
 * and incidents (a security incident alerts the coordinator, who decides
 * whether to suspend). Both are updates of the day's workflow.
 */

/** Short code-like text: no contact addresses, no personal numbers (the same rule the workflow applies). */
const note = z
  .string()
  .max(MAX_FIELD_NOTE)
  .superRefine((value, ctx) => {
    const problem = fieldNoteProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ example: 'seal replaced at checkpoint 2' });
const spotCheckRequest = z.strictObject({
  direction: z.strictObject({ from: partyCode, to: partyCode }),
  tag,
  sealIntact: z.boolean(),
  note: note.optional(),
});
const incidentRequest = z.strictObject({ kind: z.enum(INCIDENT_KINDS), note });

const spotCheckAnswer = z.object({
  direction: z.object({ from: partyCode, to: partyCode }),
  tag: z.string(),
  sealIntact: z.boolean(),
  discrepancy: z.string().optional().meta({ description: 'Key of the BROKEN_SEAL discrepancy opened, if any' }),
});
const incidentAnswer = z.object({ sequence: z.int(), kind: z.enum(INCIDENT_KINDS) });

const day = '/api/operations/{reference}/handovers/{date}';
export const recordSpotCheck = endpoint({
  method: 'post',
  path: `${day}/spot-checks`,
  operationId: 'recordSpotCheck',
  summary: 'Spot-check a container of the day at the exchange point (once per tag); a broken seal opens a discrepancy',
  roles: ['FIELD_STAFF'],
  party: 'operation',
  params: { reference: operationReference, date: isoDate },
  body: spotCheckRequest,
  response: spotCheckAnswer,
  status: 201,
  errors: [404, 409, 422],
});
export const recordIncident = endpoint({
  method: 'post',
  path: `${day}/incidents`,
  operationId: 'recordIncident',
  summary: 'Report an incident of the day; a SECURITY incident alerts the coordinator',
  roles: ['FIELD_STAFF', 'COORDINATOR'],
  party: 'operation',
  params: { reference: operationReference, date: isoDate },
  body: incidentRequest,
  response: incidentAnswer,
  status: 201,
  errors: [404, 409, 422],
});

export interface FieldReportRoutesDeps {
  config: Config;
  db: Db;
  temporal: Client;
}

export function fieldReportRoutes({ db, temporal }: FieldReportRoutesDeps): Router {
  const router = Router();
  const on = serve(router, { db, temporal });

  /** Runs an update on the day named by :date, in an operation the principal is known to see. */
  async function onDay<T>(
    req: Request,
    operation: VisibleOperation,
    fn: (h: WorkflowHandle) => Promise<T>,
  ): Promise<T> {
    const date = isoDate.safeParse(req.params.date);
    const missing = () => notFound(`No handover day ${String(req.params.date)} in operation ${operation.reference}.`);
    if (!date.success) throw missing();
    const workflowId = await dayWorkflowId(db, operation.reference, date.data);
    return onWorkflow(temporal.workflow.getHandle(workflowId), fn, {
      missing,
      ended: async (status) => {
        const row = await db.handover.findUnique({ where: { workflowId }, select: { status: true } });
        const how = row ? row.status.toLowerCase().replace('_', ' ') : status.toLowerCase();
        return `The day is already ${how}; nothing more can be recorded.`;
      },
    });
  }

  on(recordSpotCheck, async ({ req, res, body: { direction, tag, sealIntact, note }, operation }) => {
    const answer = await onDay(req, operation, (h) =>
      h.executeUpdate(recordSpotCheckUpdate, {
        args: [{ direction, tag, sealIntact, ...(note !== undefined ? { note } : {}), by: actorOf(req) }],
        ...updateIdOf(req),
      }),
    );
    res.status(201).json(answer);
  });

  on(recordIncident, async ({ req, res, body: { kind, note }, operation }) => {
    const answer = await onDay(req, operation, (h) =>
      h.executeUpdate(recordIncidentUpdate, { args: [{ kind, note, by: actorOf(req) }], ...updateIdOf(req) }),
    );
    res.status(201).json(answer);
  });

  return router;
}
