import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Db } from '../db';
import type { Actor, Role } from '../../workflows/domain';
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

/** Every /api request needs a live bearer token; the principal it names is attached to the request. */
export function authenticate(db: Db): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw unauthorized('Send an API token: Authorization: Bearer <token>.');
    }
    const row = await findLiveToken(db, match[1]);
    if (!row) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw unauthorized('The token is unknown or revoked.');
    }
    req.principal = {
      tokenId: row.id,
      principal: row.principal,
      role: row.role,
      ...(row.party ? { party: row.party } : {}),
    };
    req.log = req.log.child({ principal: row.principal, role: row.role });
    next();
  };
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

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const { role } = principalOf(req);
    if (!roles.includes(role)) {
      throw forbidden(`This action needs the role ${roles.join(' or ')}; your token has ${role}.`);
    }
    next();
  };
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
