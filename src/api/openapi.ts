import { z } from 'zod';
import { accessText, declaredEndpoints, takesIdempotencyKey, type Endpoint } from './endpoint';
import { IDEMPOTENCY_KEY } from './idempotency';

/**
 * OpenAPI 3.1, generated from the route declarations (./endpoint.ts): the same
 * zod schemas that validate requests, the same roles the guard checks.
 * `npx redocly lint` (recommended rules) passes on it: see test/api/openapi-lint.test.ts.
 */

const json = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

const problem = {
  description: 'RFC 9457 problem details',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

const PROBLEM_SCHEMA = {
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
        properties: {
          pointer: { type: 'string', description: 'JSON Pointer (RFC 6901) to the wrong field' },
          message: { type: 'string' },
        },
      },
    },
  },
};

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request: the problem names each wrong field',
  401: 'No token, or one that is not valid: unknown, revoked or expired, or not signed by the OpenID Provider for this API',
  403: 'The token’s role or party may not do this',
  404: 'Not found (or not visible to your party)',
  409: 'Refused by the current state; the problem says why',
  413: 'Body too large',
  415: 'The body is not sent as application/json',
  422: 'Not recorded: the database refused a value for good (nothing changed)',
  429: 'Too many failed token attempts from this address; retry after the time given in Retry-After',
  503: 'A dependency is unavailable; retry',
};

const KEY_REUSED = 'Idempotency-Key reused for a different request (another body or route); nothing was done';

/** The key a route takes; its example, one per route, is a placeholder to replace with a new key per request. */
const idempotencyHeader = (e: Endpoint) => ({
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'A key of your own, new for each new request (a UUID will do). Repeats with the same key get the first answer ' +
    'and the action happens once; the same key with a different request is refused (422). ' +
    'Looked at only once the request is authorised. The example is a placeholder, not a key to send.',
  schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source, minLength: 8, maxLength: 128 },
  example: `replace-me:${e.operationId}:new-key-per-request`,
});

/** What a 422 means on this route: a reused key (every route that takes one), a write refused for good, or both. */
function unprocessableText(e: Endpoint): string {
  const refusedWrite = e.errors?.includes(422) ? ERROR_TEXT[422] : undefined;
  const reused = takesIdempotencyKey(e) ? KEY_REUSED : undefined;
  return [refusedWrite, reused].filter(Boolean).join('; or ');
}

function operation(e: Endpoint) {
  const guarded = e.roles !== 'public';
  const hasBody = e.method === 'post';
  const keyed = takesIdempotencyKey(e);
  const errors = [
    ...new Set([
      ...(guarded ? [401, 403, 429] : []),
      ...(e.body || e.query || hasBody ? [400] : []),
      ...(hasBody ? [413, 415] : []),
      // Every route that takes a key can refuse one reused for another request.
      ...(keyed ? [422] : []),
      ...(e.errors ?? []),
    ]),
  ].sort();
  const description = [e.description, accessText(e)].filter(Boolean).join('\n\n');
  return {
    operationId: e.operationId,
    summary: e.summary,
    ...(description ? { description } : {}),
    ...(guarded ? { 'x-roles': e.roles, 'x-party-scope': e.party } : { security: [] }),
    parameters: [
      ...Object.entries(e.params ?? {}).map(([name, schema]) => ({
        name,
        in: 'path',
        required: true,
        schema: json(schema, 'input'),
      })),
      ...Object.entries(e.query ? ((json(e.query, 'input').properties ?? {}) as Record<string, unknown>) : {}).map(
        ([name, schema]) => ({
          name,
          in: 'query',
          required: false,
          schema,
        }),
      ),
      ...(keyed ? [idempotencyHeader(e)] : []),
    ],
    ...(e.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: json(e.body, 'input') } } } }
      : {}),
    responses: {
      [e.status ?? 200]: {
        description: 'Done',
        ...(e.response || e.documents
          ? {
              content: {
                ...(e.response ? { 'application/json': { schema: json(e.response, 'output') } } : {}),
                ...Object.fromEntries(
                  Object.entries(e.documents ?? {}).map(([type, d]) => [
                    type,
                    {
                      schema: {
                        type: 'string',
                        description: d.description,
                        // OpenAPI 3.1: a binary body is a string with its media type, not format: binary.
                        ...(d.binary ? { contentMediaType: type } : {}),
                      },
                    },
                  ]),
                ),
              },
            }
          : {}),
      },
      ...Object.fromEntries(
        errors.map((code) => [
          code,
          { ...problem, description: code === 422 ? unprocessableText(e) : (ERROR_TEXT[code] ?? 'Error') },
        ]),
      ),
    },
  };
}

/** The OpenID Provider the document points people to; the embedded default's when none is configured. */
const DEFAULT_ISSUER = 'http://127.0.0.1:3001';

/**
 * People sign in at the OpenID Provider and send its access token; machines send an API token. Both are bearer
 * tokens in the same header: the two schemes say where each comes from, and either opens every guarded route.
 */
function securitySchemes(oidc: { issuer: string; clientId: string } | undefined) {
  const issuer = (oidc?.issuer ?? DEFAULT_ISSUER).replace(/\/$/, '');
  return {
    openIdConnect: {
      type: 'openIdConnect',
      openIdConnectUrl: `${issuer}/.well-known/openid-configuration`,
      description:
        `People: sign in at the OpenID Provider with the authorization code flow and PKCE (public client ` +
        `\`${oidc?.clientId ?? 'repatriation-web'}\`, scopes \`openid profile offline_access api\`; GET /identity ` +
        'names them) and send its access token as `Authorization: Bearer <token>`. Role and party come from its claims.',
    },
    apiToken: {
      type: 'http',
      scheme: 'bearer',
      description:
        'Machines (a party’s system, a webhook consumer): an API token (`rpt_…`) made with `npm run tokens`, a service ' +
        'account with a role (and party), limited to some routes if made so, and expiring.',
    },
  };
}

export function openApiDocument(
  options: { oidc?: { issuer: string; clientId: string } } = {},
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of declaredEndpoints()) (paths[e.path] ??= {})[e.method] = operation(e);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Repatriation operations API',
      version: '0.1.0',
      description:
        'Coordinators, field staff, party liaisons and forensic staff act on repatriation operations through this API. ' +
        'People sign in at the OpenID Provider and send its access token as `Authorization: Bearer <token>`; machines ' +
        'send an API token the same way. Errors are RFC 9457 problem details. ' +
        'OPERATOR tokens open the codec server (/codec); under /api they may only ask who they are (/api/me) ' +
        'and which notifications wait for an address (/api/notifications/awaiting-address).',
      license: { name: 'Proprietary: all rights reserved', identifier: 'LicenseRef-Proprietary' },
    },
    // Relative: the API is wherever this document was fetched from (behind any proxy, on any port).
    servers: [{ url: '/', description: 'The host that serves this document' }],
    security: [{ openIdConnect: ['api'] }, { apiToken: [] }],
    components: {
      securitySchemes: securitySchemes(options.oidc),
      schemas: { Problem: PROBLEM_SCHEMA },
    },
    paths,
  };
}
