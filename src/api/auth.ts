import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Db } from '../db';
import type { Actor } from '../../workflows/shared/domain';
import { TokenRefused } from '../identity/claims';
import { looksLikeJwt, ProviderUnreachable, type PeopleVerifier } from '../identity/verifier';
import { operationNotFound, ProblemError } from './errors';
import { findToken, isApiToken } from './tokens';

/** Who is calling: a person signed in at the OpenID Provider, or a machine with an API token. */
export interface Principal extends Actor {
  /**
   * What Idempotency-Keys and audit entries are scoped to: the API token's id, or for a person an id made
   * of their issuer and subject (the same across their access tokens, so a retry after a refresh is a retry).
   */
  tokenId: string;
  kind: 'PERSON' | 'SERVICE_ACCOUNT';
  /** A person's display name, as their provider gives it. */
  displayName?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export const unauthorized = (detail: string) => new ProblemError(401, 'unauthorized', 'Unauthorized', detail);
export const forbidden = (detail: string) => new ProblemError(403, 'forbidden', 'Forbidden', detail);

/** How many refused tokens one address may present in a window, before it must wait. */
export const TOKEN_FAILURES = { limit: 20, windowMs: 15 * 60_000 };

declare module 'express-serve-static-core' {
  interface Request {
    /** Set when the request presented a token that opens nothing: why, for the answer. */
    tokenRefused?: TokenRefused;
  }
}

/** A person's id for idempotency and the audit: a UUID (version 8) of their issuer and subject. */
export function personId(issuer: string, subject: string): string {
  const hash = createHash('sha256').update(`${issuer}\n${subject}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The routes a service account may be limited to: each declared route's method, path and operation id. */
export type DeclaredRoutes = () => ReadonlyArray<{ method: string; path: string; operationId: string }>;

export interface AuthenticationOptions {
  /** Verifies people's access tokens; without it, only API tokens open the API. */
  people?: PeopleVerifier;
  /** The declared routes, for service accounts limited to some of them. */
  routes?: DeclaredRoutes;
}

const templateRegex = (path: string) =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`, 'i');

/** The operation id of the declared route a request is for, if any. */
function routeOf(req: Request, routes: DeclaredRoutes): string | undefined {
  const method = req.method === 'HEAD' ? 'get' : req.method.toLowerCase();
  const path = req.originalUrl.split('?')[0];
  return routes().find((r) => r.method === method && templateRegex(r.path).test(path))?.operationId;
}

async function identifyPerson(people: PeopleVerifier, token: string): Promise<Principal> {
  const person = await people.verify(token);
  return {
    tokenId: personId(people.issuer, person.subject),
    kind: 'PERSON',
    principal: person.subject,
    role: person.role,
    ...(person.party ? { party: person.party } : {}),
    ...(person.name ? { displayName: person.name } : {}),
  };
}

/**
 * Every /api request needs a bearer token: a person's access token from the OpenID Provider (a JWT), or a
 * machine's API token (rpt_…). The principal it names is attached to the request. A refused token is
 * answered 401 (not a valid token: unknown, revoked, expired, another issuer or audience, a bad signature or
 * algorithm) or 403 (a valid token granting nothing here: roles the mapping does not know, a route its service
 * account is not limited to), and the reason is logged, never the token. An address that presents more than
 * TOKEN_FAILURES.limit invalid tokens in a window gets 429 until the window ends (guessing tokens is slowed
 * down), while live tokens from it still work. An API token found live, and a person's token verified, are
 * taken as such for a few seconds without asking again (./tokens.ts LIVE_TOKEN_KEPT_MS, ../identity/verifier.ts).
 */
export function authenticate(db: Db, options: AuthenticationOptions = {}): RequestHandler[] {
  const { people, routes } = options;
  const identify: RequestHandler = async (req, _res, next) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!token) return next();
    try {
      if (isApiToken(token)) {
        const found = await findToken(db, token);
        if (found.refused === 'expired') throw new TokenRefused(401, 'API token expired', 'The token has expired.');
        if (!found.live) throw new TokenRefused(401, 'unknown API token', 'The token is unknown or revoked.');
        const row = found.live;
        req.principal = {
          tokenId: row.id,
          kind: 'SERVICE_ACCOUNT',
          principal: row.principal,
          role: row.role,
          ...(row.party ? { party: row.party } : {}),
        };
        const route = row.routes.length && routes ? routeOf(req, routes) : undefined;
        if (row.routes.length && route !== 'whoAmI' && !(route && row.routes.includes(route))) {
          throw new TokenRefused(
            403,
            `route ${route ?? 'undeclared'} not among the token's`,
            `This token is limited to ${row.routes.join(', ')}.`,
          );
        }
      } else if (people && looksLikeJwt(token)) {
        req.principal = await identifyPerson(people, token);
      } else {
        throw new TokenRefused(401, 'not a token of this service', 'The token is unknown or revoked.');
      }
      const { principal, role, kind } = req.principal;
      req.log = req.log.child({ principal, role, ...(kind === 'PERSON' ? { person: true } : {}) });
    } catch (err) {
      if (err instanceof ProviderUnreachable) {
        throw new ProblemError(503, 'identity-provider-unreachable', 'Identity provider unreachable', err.message);
      }
      if (!(err instanceof TokenRefused)) throw err;
      req.principal = undefined;
      req.tokenRefused = err;
      req.log.warn({ refused: err.status, reason: err.reason }, 'token refused');
    }
    next();
  };
  const limitFailures = rateLimit({
    ...TOKEN_FAILURES,
    // Only invalid tokens count, and only they are held back.
    skip: (req) => req.tokenRefused?.status !== 401,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => {
      next(
        new ProblemError(
          429,
          'too-many-refused-tokens',
          'Too many refused tokens',
          'Too many unknown or revoked tokens came from this address; wait for the time given in Retry-After.',
        ),
      );
    },
  });
  const requirePrincipal: RequestHandler = (req, res, next) => {
    if (req.principal) return next();
    const refused = req.tokenRefused;
    if (refused?.status === 403) throw forbidden(refused.detail);
    if (refused) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw unauthorized(refused.detail);
    }
    res.setHeader('WWW-Authenticate', 'Bearer');
    throw unauthorized(
      people
        ? 'Sign in, or send an API token: Authorization: Bearer <token>.'
        : 'Send an API token: Authorization: Bearer <token>.',
    );
  };
  return [identify, limitFailures, requirePrincipal];
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw unauthorized('Not authenticated.');
  return req.principal;
}

/** The attribution recorded with a change: who, in which role, for which party. */
export function actorOf(req: Request): Actor {
  const { principal, role, party } = principalOf(req);
  return { principal, role, ...(party ? { party } : {}) };
}

/**
 * Neutrality: the intermediary's roles see both parties; a party's principal
 * (liaison, forensic staff, party observer) sees only operations its party takes part in.
 */
export function assertSeesParties(principal: Principal, parties: string[]): void {
  if (principal.party && !parties.includes(principal.party)) {
    // Indistinguishable from absence: a party learns nothing of operations it is not in.
    throw operationNotFound();
  }
}

/**
 * Neutrality for case data: a party's principal sees its own party's cases
 * only; the intermediary's roles see both parties' (and each such read is logged).
 */
export const seesCaseDataOf = (principal: Principal, dataParty: string): boolean =>
  !principal.party || principal.party === dataParty;
