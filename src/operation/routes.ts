import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db';
import type { OperationInput } from '../../workflows/shared/domain';
import { actorOf, principalOf } from '../api/auth';
import { endpoint, PEOPLE_ROLES, serve } from '../api/endpoint';
import {
  AGREEMENT_RULES,
  createOperationRequest,
  listOperationsQuery,
  operationList,
  operationReference,
  operationView,
} from '../api/schemas';
import { operationService } from './service';

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
  description: AGREEMENT_RULES,
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

export function operationRoutes(deps: OperationRoutesDeps): Router {
  const router = Router();
  const on = serve(router, deps);
  const operations = operationService(deps);

  on(createOperation, async ({ req, res, body }) => {
    const input: OperationInput = body;
    const workflow = await operations.start(input);
    req.log.info(
      { workflowId: workflow.workflowId, operationReference: input.reference, by: actorOf(req).principal },
      'operation started',
    );
    const location = `/api/operations/${encodeURIComponent(input.reference)}`;
    res
      .status(201)
      .location(location)
      .json({
        reference: input.reference,
        workflow: { id: workflow.workflowId, runId: workflow.runId, url: workflow.url },
        links: { self: location },
      });
  });

  on(listOperations, async ({ req, res, query }) => {
    res.json(await operations.list(query, principalOf(req)));
  });

  on(readOperation, async ({ req, res, operation: { reference } }) => {
    res.json(await operations.read(reference, principalOf(req)));
  });

  return router;
}
