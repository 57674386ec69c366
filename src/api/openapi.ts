import { z } from 'zod';
import type { Role } from '../../workflows/domain';

/**
 * OpenAPI 3.1, generated from the same zod schemas that validate requests.
 * Each route module describes its routes with `documented(...)` next to their
 * handlers, so the document cannot drift from what the API accepts.
 */

export interface RouteDoc {
  method: 'get' | 'post';
  /** OpenAPI path, e.g. /api/operations/{reference}. */
  path: string;
  summary: string;
  /** Roles allowed; absent for public routes. */
  roles?: Role[];
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: string[];
  response?: z.ZodType;
  /** Success status; default 200. */
  status?: number;
  /** Error statuses this route can answer besides 401/403. */
  errors?: number[];
}

const routes: RouteDoc[] = [];

export function documented(doc: RouteDoc): void {
  if (!routes.some((r) => r.method === doc.method && r.path === doc.path)) routes.push(doc);
}

const json = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

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
            items: { type: 'object', properties: { pointer: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
    },
  },
};

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request: the problem names each wrong field',
  401: 'No token, or an unknown or revoked one',
  403: 'The token’s role or party may not do this',
  404: 'Not found (or not visible to your party)',
  409: 'Refused by the current state; the problem says why',
  413: 'Body too large',
  422: 'Not recorded: the database refused a value for good (nothing changed); or an Idempotency-Key reused for a different request',
  503: 'A dependency is unavailable; retry',
};

function operation(doc: RouteDoc) {
  const errors = [
    ...new Set([...(doc.roles ? [401, 403] : []), ...(doc.body || doc.query ? [400] : []), ...(doc.errors ?? [])]),
  ];
  return {
    summary: doc.summary,
    ...(doc.roles ? { description: `Roles: ${doc.roles.join(', ')}.`, security: [{ bearer: [] }] } : {}),
    parameters: [
      ...(doc.params ?? []).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...Object.entries(doc.query ? (json(doc.query, 'input').properties ?? {}) : {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: false,
        schema,
      })),
      ...(doc.method === 'post' && doc.roles
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Repeats with the same key get the first answer; the action happens once.',
              schema: { type: 'string' },
            },
          ]
        : []),
    ],
    ...(doc.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: json(doc.body, 'input') } } } }
      : {}),
    responses: {
      [doc.status ?? 200]: {
        description: 'Done',
        ...(doc.response ? { content: { 'application/json': { schema: json(doc.response, 'output') } } } : {}),
      },
      ...Object.fromEntries(errors.map((code) => [code, { ...problem, description: ERROR_TEXT[code] ?? 'Error' }])),
    },
  };
}

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of routes) (paths[doc.path] ??= {})[doc.method] = operation(doc);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Repatriation operations API',
      version: '0.1.0',
      description:
        'Coordinators, field staff, party liaisons and forensic staff act on repatriation operations through this API. ' +
        'Send an API token as `Authorization: Bearer <token>`. Errors are RFC 9457 problem details.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}

documented({ method: 'get', path: '/healthz', summary: 'The process is alive' });
documented({ method: 'get', path: '/readyz', summary: 'PostgreSQL and Temporal are reachable', errors: [503] });
