import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db';
import { HANDOVER_STATUSES, type OperationState } from '../../workflows/shared/domain';
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
} from '../../workflows/operation/messages';
import { actorOf } from '../api/auth';
import { endpoint, serve } from '../api/endpoint';
import { updateIdOf } from './scope';
import { operationService } from './service';
import { TEXT } from '../../workflows/shared/text';
import {
  AGREEMENT_RULES,
  agreementTerms,
  isoDate,
  operationPhase,
  operationReference,
  partyCode,
  reason,
  text,
} from '../api/schemas';

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
const params = { reference: operationReference };

export const confirmTerms = endpoint({
  method: 'post',
  path: `${base}/confirmations`,
  operationId: 'confirmTerms',
  summary: 'Confirm the current agreement version for your own party',
  roles: ['PARTY_LIAISON'],
  party: 'operation',
  params,
  body: confirmRequest,
  response: operationStateView,
  errors: [404, 409, 422],
});
export const amendAgreement = endpoint({
  method: 'post',
  path: `${base}/amendments`,
  operationId: 'amendAgreement',
  summary: 'Amend the agreement (a new version both parties confirm again)',
  description: AGREEMENT_RULES,
  roles: ['COORDINATOR'],
  party: 'operation',
  params,
  body: amendRequest,
  response: operationStateView,
  errors: [404, 409, 422],
});
export const scheduleHandover = endpoint({
  method: 'post',
  path: `${base}/handovers`,
  operationId: 'scheduleHandover',
  summary: 'Schedule a handover day (a child workflow)',
  roles: ['COORDINATOR'],
  party: 'operation',
  params,
  body: scheduleRequest,
  response: scheduled,
  status: 201,
  errors: [404, 409, 422],
});

/** Phase changes: coordinator only, each answered with the operation's state. */
const phaseAction = (path: string, operationId: string, body: typeof reasonBody | typeof emptyBody, summary: string) =>
  endpoint({
    method: 'post',
    path: `${base}/${path}`,
    operationId,
    summary,
    roles: ['COORDINATOR'],
    party: 'operation',
    params,
    body,
    response: operationStateView,
    errors: [404, 409, 422],
  });
const PHASE_ACTIONS = [
  {
    endpoint: phaseAction('suspension', 'suspendOperation', reasonBody, 'Suspend the operation'),
    update: suspendOperationUpdate,
  },
  {
    endpoint: phaseAction('resumption', 'resumeOperation', emptyBody, 'Resume a suspended operation'),
    update: resumeOperationUpdate,
  },
  {
    endpoint: phaseAction('abort', 'abortOperation', reasonBody, 'Abort the operation; open days end'),
    update: abortOperationUpdate,
  },
  {
    endpoint: phaseAction(
      'handover-completion',
      'completeHandovers',
      emptyBody,
      'End the handover phase (no day left open); case follow-up goes on',
    ),
    update: completeHandoversUpdate,
  },
  {
    endpoint: phaseAction(
      'closure',
      'closeOperation',
      emptyBody,
      'Close an operation in follow-up; refused (409, naming them) while any discrepancy is not resolved',
    ),
    update: closeOperationUpdate,
  },
] as const;

export interface OperationActionRoutesDeps {
  config: Config;
  db: Db;
  temporal: Client;
}

export function operationActionRoutes(deps: OperationActionRoutesDeps): Router {
  const router = Router();
  const on = serve(router, deps);
  const operations = operationService(deps);

  // Neutrality suffices here: the confirming party is the liaison's own, never one named in the body.
  on(confirmTerms, async ({ req, res, body: { version }, operation: { reference } }) => {
    const state = await operations.act(reference, (h) =>
      h.executeUpdate(confirmTermsUpdate, {
        args: [{ version, by: actorOf(req) }],
        ...updateIdOf(req),
      }),
    );
    res.json(state);
  });

  on(amendAgreement, async ({ req, res, body: { agreement }, operation: { reference } }) => {
    const state = await operations.act(reference, (h) =>
      h.executeUpdate(amendAgreementUpdate, {
        args: [{ terms: agreement, by: actorOf(req) }],
        ...updateIdOf(req),
      }),
    );
    res.json(state);
  });

  on(scheduleHandover, async ({ req, res, body, operation: { reference } }) => {
    const { workflowId } = await operations.act(reference, (h) =>
      h.executeUpdate(scheduleHandoverUpdate, {
        args: [{ ...body, by: actorOf(req) }],
        ...updateIdOf(req),
      }),
    );
    const self = `/api/operations/${encodeURIComponent(reference)}/handovers/${body.date}`;
    res.status(201).location(self).json({ workflowId, links: { self } });
  });

  for (const a of PHASE_ACTIONS) {
    on(a.endpoint, async ({ req, res, body, operation: { reference } }) => {
      await operations.beforePhaseChange(reference, a.update);
      const change: ChangePhase = { ...('reason' in body ? { reason: body.reason } : {}), by: actorOf(req) };
      const state: OperationState = await operations.act(reference, (h) =>
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
