import { Router, type Request } from 'express';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { HANDOVER_STATUSES, type OperationState } from '../../../workflows/domain';
import { operationWorkflowId } from '../../../workflows/ids';
import {
  abortOperationUpdate,
  amendAgreementUpdate,
  closeOperationUpdate,
  completeHandoversUpdate,
  confirmTermsUpdate,
  resumeOperationUpdate,
  scheduleHandoverUpdate,
  suspendOperationUpdate,
  type ChangePhase,
} from '../../../workflows/messages';
import { actorOf, requireRole } from '../auth';
import { assertAllDiscrepanciesResolved } from '../discrepancy-view';
import { operationNotFound } from '../errors';
import { documented } from '../openapi';
import { onWorkflow, parseBody, updateIdOf, visibleOperation } from '../operation-scope';
import { TEXT } from '../../../workflows/text';
import { agreementTerms, isoDate, operationPhase, operationReference, partyCode, reason, text } from '../schemas';

/** What the operation's coordinator and the parties' liaisons do to an operation, as workflow updates. */

export const reasonBody = z.strictObject({ reason });
export const emptyBody = z.strictObject({});

const confirmRequest = z.strictObject({
  version: z.int().min(1).meta({ description: 'The agreement version being confirmed (the current one)' }),
});
const amendRequest = z.strictObject({ agreement: agreementTerms });
const scheduleRequest = z.strictObject({
  date: isoDate.meta({ description: 'The day, within the agreed window; it also names the day for good' }),
  exchangePoint: text(TEXT.exchangePoint).meta({ example: 'Belarus–Ukraine border' }),
  transfers: z
    .array(z.strictObject({ from: partyCode, to: partyCode, plannedCount: z.int().min(0).max(1_000_000) }))
    .min(1)
    .max(2),
});

export const operationStateView = z.object({
  reference: operationReference,
  phase: operationPhase,
  agreementVersion: z.int(),
  recorded: z.boolean(),
  confirmations: z.record(z.string(), z.string()).meta({ description: 'Party code → principal who confirmed' }),
  termsConfirmed: z.boolean(),
  reminders: z.int(),
  handovers: z.record(
    z.string(),
    z.object({ workflowId: z.string(), date: isoDate, status: z.enum(HANDOVER_STATUSES) }),
  ),
  totals: z.record(z.string(), z.record(z.string(), z.int())).meta({
    description: 'Per direction ("RU>UA"), per count source: the sum over signed-off days',
  }),
  phaseReason: z.string().optional(),
});
const scheduled = z.object({
  workflowId: z.string(),
  links: z.object({ self: z.string() }),
});

const base = '/api/operations/{reference}';
documented({
  method: 'post',
  path: `${base}/confirmations`,
  summary: 'Confirm the current agreement version for your own party',
  roles: ['PARTY_LIAISON'],
  params: ['reference'],
  body: confirmRequest,
  response: operationStateView,
  errors: [404, 409, 422],
});
documented({
  method: 'post',
  path: `${base}/amendments`,
  summary: 'Amend the agreement (a new version both parties confirm again)',
  roles: ['COORDINATOR'],
  params: ['reference'],
  body: amendRequest,
  response: operationStateView,
  errors: [404, 409, 422],
});
documented({
  method: 'post',
  path: `${base}/handovers`,
  summary: 'Schedule a handover day (a child workflow)',
  roles: ['COORDINATOR'],
  params: ['reference'],
  body: scheduleRequest,
  response: scheduled,
  status: 201,
  errors: [404, 409, 422],
});

/** Phase changes: coordinator only, each answered with the operation's state. */
const PHASE_ACTIONS = [
  { path: 'suspension', update: suspendOperationUpdate, body: reasonBody, summary: 'Suspend the operation' },
  { path: 'resumption', update: resumeOperationUpdate, body: emptyBody, summary: 'Resume a suspended operation' },
  { path: 'abort', update: abortOperationUpdate, body: reasonBody, summary: 'Abort the operation; open days end' },
  {
    path: 'handover-completion',
    update: completeHandoversUpdate,
    body: emptyBody,
    summary: 'End the handover phase (no day left open); case follow-up goes on',
  },
  {
    path: 'closure',
    update: closeOperationUpdate,
    body: emptyBody,
    summary: 'Close an operation in follow-up; refused (409, naming them) while any discrepancy is not resolved',
  },
] as const;
for (const a of PHASE_ACTIONS) {
  documented({
    method: 'post',
    path: `${base}/${a.path}`,
    summary: a.summary,
    roles: ['COORDINATOR'],
    params: ['reference'],
    body: a.body,
    response: operationStateView,
    errors: [404, 409, 422],
  });
}

export interface OperationActionRoutesDeps {
  config: Config;
  db: Db;
  temporal: Client;
}

export function operationActionRoutes({ db, temporal }: OperationActionRoutesDeps): Router {
  const router = Router();
  /** Runs an update on the operation; once its workflow has ended, the answer says how. */
  const onOperation = <T>(reference: string, fn: (h: WorkflowHandle) => Promise<T>): Promise<T> =>
    onWorkflow(temporal.workflow.getHandle(operationWorkflowId(reference)), fn, {
      missing: () => operationNotFound(),
      ended: async (status) => {
        const row = await db.repatriationOperation.findUnique({ where: { reference }, select: { phase: true } });
        return status === 'COMPLETED' && row
          ? `The operation is ${row.phase.toLowerCase()}; nothing more can be done on it.`
          : `The operation's workflow has ended (${status.toLowerCase()}); nothing more can be done on it.`;
      },
    });

  router.post('/:reference/confirmations', requireRole('PARTY_LIAISON'), async (req, res) => {
    const { version } = parseBody(confirmRequest, req);
    // Neutrality suffices here: the confirming party is the liaison's own, never one named in the body.
    const { reference } = await visibleOperation(req, db, temporal);
    const state = await onOperation(reference, (h) =>
      h.executeUpdate(confirmTermsUpdate, {
        args: [{ version, by: actorOf(req) }],
        ...updateIdOf(req),
      }),
    );
    res.json(state);
  });

  router.post('/:reference/amendments', requireRole('COORDINATOR'), async (req, res) => {
    const { agreement } = parseBody(amendRequest, req);
    const { reference } = await visibleOperation(req, db, temporal);
    const state = await onOperation(reference, (h) =>
      h.executeUpdate(amendAgreementUpdate, {
        args: [{ terms: agreement, by: actorOf(req) }],
        ...updateIdOf(req),
      }),
    );
    res.json(state);
  });

  router.post('/:reference/handovers', requireRole('COORDINATOR'), async (req, res) => {
    const body = parseBody(scheduleRequest, req);
    const { reference } = await visibleOperation(req, db, temporal);
    const { workflowId } = await onOperation(reference, (h) =>
      h.executeUpdate(scheduleHandoverUpdate, {
        args: [{ ...body, by: actorOf(req) }],
        ...updateIdOf(req),
      }),
    );
    const self = `${req.baseUrl}/${encodeURIComponent(reference)}/handovers/${body.date}`;
    res.status(201).location(self).json({ workflowId, links: { self } });
  });

  for (const a of PHASE_ACTIONS) {
    router.post(`/:reference/${a.path}`, requireRole('COORDINATOR'), async (req: Request, res) => {
      const body = parseBody(a.body, req) as { reason?: string };
      const { reference } = await visibleOperation(req, db, temporal);
      // Closing is accounting: refused, naming them, while any discrepancy is unresolved.
      if (a.update === closeOperationUpdate) await assertAllDiscrepanciesResolved(db, reference);
      const change: ChangePhase = { ...(body.reason ? { reason: body.reason } : {}), by: actorOf(req) };
      const state: OperationState = await onOperation(reference, (h) =>
        h.executeUpdate(a.update, {
          args: [change],
          ...updateIdOf(req),
        }),
      );
      res.json(state);
    });
  }

  return router;
}
