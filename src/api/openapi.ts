import { z } from 'zod';
import { createOperationRequest, listOperationsQuery, operationList, operationView } from './schemas';

/** OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' });

const problem = {
  description: 'RFC 9457 problem details',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        required: ['type', 'title', 'status'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          instance: { type: 'string' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              properties: { pointer: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    },
  },
};

const queryParameters = (schema: z.ZodObject) =>
  Object.entries(json(schema, 'input').properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: false,
    schema: s,
  }));

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Repatriation operations API',
      version: '0.1.0',
      description:
        'Coordinators, field staff, party liaisons and forensic staff act on repatriation operations through this API. ' +
        'Errors are RFC 9457 problem details.',
    },
    paths: {
      '/healthz': { get: { summary: 'The process is alive', responses: { 200: { description: 'alive' } } } },
      '/readyz': {
        get: {
          summary: 'PostgreSQL and Temporal are reachable',
          responses: { 200: { description: 'ready' }, 503: problem },
        },
      },
      '/api/operations': {
        post: {
          summary: 'Start an operation from a negotiated agreement',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: json(createOperationRequest, 'input') } },
          },
          responses: {
            201: { description: 'The operation workflow was started' },
            400: problem,
            409: { ...problem, description: 'An operation with this reference already exists' },
            413: problem,
          },
        },
        get: {
          summary: 'List operations',
          parameters: queryParameters(listOperationsQuery),
          responses: {
            200: {
              description: 'A page of operations',
              content: { 'application/json': { schema: json(operationList) } },
            },
            400: problem,
          },
        },
      },
      '/api/operations/{reference}': {
        get: {
          summary: 'Read one operation with its workflow status',
          parameters: [{ name: 'reference', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: { description: 'The operation', content: { 'application/json': { schema: json(operationView) } } },
            404: problem,
          },
        },
      },
    },
  };
}
