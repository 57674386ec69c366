import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Db } from '../db';
import type { Actor } from '../../workflows/shared/domain';
import { operationNotFound, ProblemError } from './errors';
import { findLiveToken } from './tokens';

/** Who is calling: the token's principal, role and party. */
export interface Principal extends Actor {
  tokenId: string;
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
    /** Set when the request presented a token that opens nothing. */
    tokenRefused?: boolean;
  }
}

/**
 * Every /api request needs a live bearer token; the principal it names is
 * attached to the request. An address that presents more than
 * TOKEN_FAILURES.limit refused tokens in a window gets 429 until the window
 * ends (guessing tokens is slowed down), while live tokens from it still work.
 */
export function authenticate(db: Db): RequestHandler[] {
  const identify: RequestHandler = async (req, _res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const row = match ? await findLiveToken(db, match[1]) : null;
    if (row) {
      req.principal = {
        tokenId: row.id,
        principal: row.principal,
        role: row.role,
        ...(row.party ? { party: row.party } : {}),
      };
      req.log = req.log.child({ principal: row.principal, role: row.role });
    } else {
      req.tokenRefused = match !== null;
    }
    next();
  };
  const limitFailures = rateLimit({
    ...TOKEN_FAILURES,
    // Only refused tokens count, and only they are held back.
    skip: (req) => !req.tokenRefused,
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
    if (req.tokenRefused) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw unauthorized('The token is unknown or revoked.');
    }
    res.setHeader('WWW-Authenticate', 'Bearer');
    throw unauthorized('Send an API token: Authorization: Bearer <token>.');
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
