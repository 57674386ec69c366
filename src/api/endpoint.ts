import type { Request, RequestHandler, Response, Router } from 'express';
import type { Client } from '@temporalio/client';
import type { z } from 'zod';
import type { Db } from '../db';
import type { Role } from '../../workflows/shared/domain';
import { forbidden, principalOf } from './auth';
import { visibleCase, type VisibleCase } from '../remains-case/scope';
import { fromZod } from './errors';
import { claimIdempotencyKey } from './idempotency';
import { visibleMissingPerson, type VisibleMissingPerson } from '../missing-person/scope';
import { assertActsFor, visibleOperation, type VisibleOperation } from '../operation/scope';

/**
 * Each route is declared once, here-shaped: method, path, who may call it
 * (roles and party rule) and its schemas. The same declaration builds the
 * Express guard (`serve`) and the OpenAPI operation (./openapi.ts), so the
 * document cannot promise what the guard does not check.
 */

/** Every role that acts on operations and cases. OPERATOR is not one: its token opens the codec server only. */
export const PEOPLE_ROLES = [
  'COORDINATOR',
  'PARTY_LIAISON',
  'FIELD_STAFF',
  'FORENSIC',
  'OBSERVER',
] as const satisfies readonly Role[];

/**
 * Which party's data a token with a party reaches (the intermediary's roles have none and reach both):
 * - `operation`: the operation named by {reference} must be one its party takes part in, else 404 (the guard checks);
 * - `own-operations`: a list holds only the operations its party takes part in (the handler filters);
 * - `own-cases`: the case named by {caseNumber} must be its own party's, else 404 (the guard checks);
 *   a list holds only its own party's cases (the handler filters);
 * - `own-missing-persons`: the missing-person case named by {caseNumber} must be of its own party (the side
 *   the person is from), else 404 (the guard checks); a list holds only its own side's (the handler filters);
 * - `shared-cases`: its own party's remains cases, and the other side's found to hold a national of its own
 *   (their shared record); any other answers 404 (the handler checks);
 * - `none`: the route holds no party's data.
 */
export type PartyScope = 'operation' | 'own-operations' | 'own-cases' | 'own-missing-persons' | 'shared-cases' | 'none';

const SCOPE_TEXT: Record<PartyScope, string> = {
  operation: "A party's token reaches only operations its party takes part in; any other answers 404.",
  'own-operations': "A party's token lists only the operations its party takes part in.",
  'own-cases': "A party's token reaches only its own party's cases; any other answers 404.",
  'own-missing-persons':
    "A party's token reaches only the missing-person cases of its own side (never the other side's families); any other answers 404.",
  'shared-cases':
    "A party's token reaches its own party's remains cases and the other side's found to hold a national of its own; any other answers 404.",
  none: '',
};

export interface Endpoint<
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: 'get' | 'post';
  /** Full OpenAPI path, e.g. /api/operations/{reference}. */
  path: string;
  operationId: string;
  summary: string;
  /** Who may call it; `public` needs no token. */
  roles: readonly Role[] | 'public';
  party: PartyScope;
  /**
   * A liaison acts only for its own party: the field of the request naming that party
   * (`body.from`, `params.to`, …). Other roles are limited by `roles` alone.
   */
  actsFor?: `${'body' | 'params'}.${string}`;
  /** Path parameters with their formats (documentation; a malformed one names nothing: 404). */
  params?: Record<string, z.ZodType>;
  query?: Q;
  body?: B;
  response?: z.ZodType;
  /** A success answer that is not JSON: media type → what it holds (e.g. a PDF or CSV document). */
  documents?: Record<string, { description: string; binary?: true }>;
  /** Success status; default 200. */
  status?: number;
  /** Statuses this route can answer besides 401/403 (from roles) and 400 (from a body or query). */
  errors?: number[];
  /** Longer text after the summary. */
  description?: string;
}

const declared: Endpoint[] = [];

/** Declares a route: it is documented from here, and `serve` guards it from here. */
export function endpoint<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  e: Endpoint<B, Q>,
): Endpoint<B, Q> {
  const same = declared.findIndex((d) => d.method === e.method && d.path === e.path);
  if (same >= 0) declared[same] = e;
  else declared.push(e);
  return e;
}

/**
 * A route that changes state for someone with a token takes an `Idempotency-Key` (every guarded POST): `serve`
 * checks the key there, after authorising, and the OpenAPI document declares the header and its 422 from this.
 */
export const takesIdempotencyKey = (e: Endpoint): boolean => e.method === 'post' && e.roles !== 'public';

/** Every declared route, in declaration order. */
export const declaredEndpoints = (): readonly Endpoint[] => declared;

/** What the OpenAPI document says about who may call a route. */
export function accessText(e: Endpoint): string {
  if (e.roles === 'public') return '';
  const acts = e.actsFor ? ` A liaison acts only for its own party (\`${e.actsFor.split('.')[1]}\`).` : '';
  return `Roles: ${e.roles.join(', ')}.${SCOPE_TEXT[e.party] ? ` ${SCOPE_TEXT[e.party]}` : ''}${acts}`;
}

/** Express path of an OpenAPI path: {reference} → :reference. */
export const expressPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

export interface Served<B, Q> {
  req: Request;
  res: Response;
  body: B;
  query: Q;
  /** The operation named by {reference}, checked visible to the caller (party scope `operation`). */
  operation: VisibleOperation;
  /** The case named by {caseNumber}, checked visible to the caller (party scope `own-cases`). */
  remainsCase: VisibleCase;
  /** The missing-person case named by {caseNumber}, checked visible to the caller (party scope `own-missing-persons`). */
  missingPerson: VisibleMissingPerson;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The role check of a declaration: 403 before anything is looked up. */
export function roleGuard(e: Endpoint): RequestHandler {
  return (req, _res, next) => {
    if (e.roles === 'public') return next();
    const { role } = principalOf(req);
    if (!e.roles.includes(role)) {
      throw forbidden(`This action needs the role ${e.roles.join(' or ')}; your token has ${role}.`);
    }
    next();
  };
}

/**
 * Binds handlers to declared routes on `router` (mounted at the root). In order:
 * role (403), party scope (404), body and query (400), the liaison's own party (403), then the
 * Idempotency-Key (a repeat answered from its first answer; 422 for a key reused on another request),
 * then the handler. The key comes after authorisation: a caller who may not act learns nothing from it.
 */
export function serve(router: Router, deps: { db: Db; temporal: Client }) {
  return <B extends z.ZodType | undefined, Q extends z.ZodType | undefined>(
    e: Endpoint<B, Q>,
    handler: (served: Served<Out<B>, Out<Q>>) => Promise<void> | void,
  ): void => {
    router[e.method](expressPath(e.path), roleGuard(e as Endpoint), async (req, res) => {
      // Only the scoped routes use these; elsewhere they are never read.
      const operation =
        e.party === 'operation' ? await visibleOperation(req, deps.db, deps.temporal) : (undefined as never);
      const remainsCase =
        e.party === 'own-cases' && e.path.includes('{caseNumber}')
          ? await visibleCase(req, deps.db)
          : (undefined as never);
      const missingPerson =
        e.party === 'own-missing-persons' && e.path.includes('{caseNumber}')
          ? await visibleMissingPerson(req, deps.db)
          : (undefined as never);
      const body = e.body ? parse(e.body, req.body ?? {}, 'body') : undefined;
      const query = e.query ? parse(e.query, req.query, 'query') : undefined;
      if (e.actsFor) {
        const [where, field] = e.actsFor.split('.') as ['body' | 'params', string];
        const source = (where === 'body' ? body : req.params) as Record<string, unknown>;
        assertActsFor(principalOf(req), String(source[field]));
      }
      if (takesIdempotencyKey(e) && (await claimIdempotencyKey(deps.db, req, res))) return;
      await handler({
        req,
        res,
        body: body as Out<B>,
        query: query as Out<Q>,
        operation,
        remainsCase,
        missingPerson,
      });
    });
  };
}

function parse(schema: z.ZodType, value: unknown, where: 'body' | 'query') {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZod(parsed.error, where);
  return parsed.data;
}
