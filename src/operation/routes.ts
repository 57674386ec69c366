import { Router } from 'express';
import { z } from 'zod';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db';
import { workflowUiUrl } from '../temporal/client';
import { operationWorkflowId } from '../../workflows/shared/ids';
import { operationStateQuery } from '../../workflows/operation/messages';
import { SearchAttr } from '../../workflows/shared/search-attributes';
import type { OperationInput } from '../../workflows/shared/domain';
import { repatriationOperation } from '../../workflows/operation/workflow';
import { actorOf, principalOf } from '../api/auth';
import { endpoint, PEOPLE_ROLES, serve } from '../api/endpoint';
import { operationNotFound } from '../api/errors';
import { progressOf } from './progress';
import {
  createOperationRequest,
  listOperationsQuery,
  operationList,
  operationReference,
  operationView,
  type OperationView,
} from '../api/schemas';

const reference = { reference: operationReference };

const operationCreated = z.object({
  reference: operationReference,
  workflow: z.object({
    id: z.string(),
    runId: z.string(),
    url: z.url().meta({ description: 'The workflow in the Temporal Web UI' }),
  }),
  links: z.object({ self: z.string() }),
});

export const createOperation = endpoint({
  method: 'post',
  path: '/api/operations',
  operationId: 'createOperation',
  summary: 'Start an operation from a negotiated agreement',
  roles: ['COORDINATOR'],
  party: 'none',
  body: createOperationRequest,
  response: operationCreated,
  status: 201,
  errors: [409],
});
export const listOperations = endpoint({
  method: 'get',
  path: '/api/operations',
  operationId: 'listOperations',
  summary: 'List operations (a party sees only its own), by phase, a page at a time',
  roles: PEOPLE_ROLES,
  party: 'own-operations',
  query: listOperationsQuery,
  response: operationList,
});
export const readOperation = endpoint({
  method: 'get',
  path: '/api/operations/{reference}',
  operationId: 'readOperation',
  summary: 'Read one operation with its workflow status',
  roles: PEOPLE_ROLES,
  party: 'operation',
  params: reference,
  response: operationView,
  errors: [404],
});

export interface OperationRoutesDeps {
  config: Config;
  db: Db;
  temporal: Client;
}

const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

export function operationRoutes({ config, db, temporal }: OperationRoutesDeps): Router {
  const router = Router();
  const on = serve(router, { db, temporal });

  on(createOperation, async ({ req, res, body }) => {
    const input: OperationInput = body;
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
    req.log.info({ workflowId, operationReference: input.reference, by: actorOf(req).principal }, 'operation started');
    const location = `/api/operations/${encodeURIComponent(input.reference)}`;
    res
      .status(201)
      .location(location)
      .json({
        reference: input.reference,
        workflow: { id: workflowId, runId: handle.firstExecutionRunId, url: workflowUiUrl(config, workflowId) },
        links: { self: location },
      });
  });

  on(listOperations, async ({ req, res, query }) => {
    const { phase, limit, offset } = query;
    const principal = principalOf(req);
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
    res.json({
      items: rows.map((r) => ({
        reference: r.reference,
        title: r.title,
        phase: r.phase,
        parties: r.parties.map((p) => ({ code: p.party.code, name: p.party.name })),
        createdAt: r.createdAt.toISOString(),
      })),
      total,
      limit,
      offset,
    });
  });

  on(readOperation, async ({ req, res, operation: { reference } }) => {
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

    let view: OperationView;
    if (row) {
      const agreement = row.agreements[0];
      view = {
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
        progress: await progressOf(db, row.id, principalOf(req)),
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
      };
    } else {
      // Started but its first record is not yet written: answer from the workflow itself.
      const state = await handle.query(operationStateQuery);
      const memo = (description!.memo ?? {}) as { title?: string };
      view = {
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
    res.json(view);
  });

  return router;
}
