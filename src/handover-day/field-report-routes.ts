import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db';
import { INCIDENT_KINDS } from '../../workflows/shared/domain';
import { fieldNoteProblem, MAX_FIELD_NOTE } from '../../workflows/handover-day/field-report-rules';
import { actorOf } from '../api/auth';
import { endpoint, serve } from '../api/endpoint';
import { HandoverDayService } from './service';
import { updateIdOf } from '../operation/scope';
import { boundedText, isoDate, operationReference, partyCode, tag } from '../api/schemas';

/**
 * What the intermediary's people report from the exchange point during a
 * handover day: spot checks of containers (a broken seal opens a discrepancy)
 * and incidents (a security incident alerts the coordinator, who decides
 * whether to suspend). Both are updates of the day's workflow.
 */

/** Short code-like text: no contact addresses, no personal numbers (the same rule the workflow applies). */
const note = boundedText(MAX_FIELD_NOTE, { multiline: true, edges: 'kept', noPersonalData: true })
  .min(1, { error: 'must not be empty' })
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

/** Each route parses and authorises (endpoint()), then asks the handover-day service (service.ts). */
export function fieldReportRoutes(deps: FieldReportRoutesDeps): Router {
  const router = Router();
  const on = serve(router, deps);
  const days = new HandoverDayService(deps);

  on(recordSpotCheck, async ({ req, res, body: { direction, tag, sealIntact, note }, operation }) => {
    const message = { direction, tag, sealIntact, ...(note !== undefined ? { note } : {}), by: actorOf(req) };
    res
      .status(201)
      .json(await days.recordSpotCheck(await days.day(operation, req.params.date), message, updateIdOf(req)));
  });

  on(recordIncident, async ({ req, res, body: { kind, note }, operation }) => {
    const message = { kind, note, by: actorOf(req) };
    res
      .status(201)
      .json(await days.recordIncident(await days.day(operation, req.params.date), message, updateIdOf(req)));
  });

  return router;
}
