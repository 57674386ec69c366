import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db';
import type { Role } from '../../workflows/shared/domain';

/**
 * API tokens: random, shown once, stored only as a SHA-256 hash. A token is
 * bound to a principal with a role and, for party liaisons, a party.
 */

const PREFIX = 'rpt_';
/** Roles that act for one party (its liaison, its forensic service); an observer may be either. */
const PARTY_ROLES: Role[] = ['PARTY_LIAISON', 'FORENSIC'];
const INTERMEDIARY_ROLES: Role[] = ['COORDINATOR', 'FIELD_STAFF', 'OPERATOR', 'TRACING_OFFICER'];
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface NewToken {
  principal: string;
  role: Role;
  party?: string;
}

export interface IssuedToken extends NewToken {
  id: string;
  /** The secret itself: returned once, never stored. */
  token: string;
}

export function checkTokenRequest({ principal, role, party }: NewToken): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(principal)) {
    throw new Error('principal must be an identifier (letters, digits, dots, dashes), not a name');
  }
  if (PARTY_ROLES.includes(role) && !party) throw new Error(`a ${role} acts for a party: give one (e.g. --party UA)`);
  if (INTERMEDIARY_ROLES.includes(role) && party)
    throw new Error(`a ${role} acts for the intermediary, not for a party`);
  if (party && !/^[A-Z]{2,3}$/.test(party)) throw new Error('party must be a party code of 2 or 3 capital letters');
}

export async function issueToken(db: Db, request: NewToken): Promise<IssuedToken> {
  checkTokenRequest(request);
  const token = PREFIX + randomBytes(32).toString('base64url');
  const row = await db.apiToken.create({
    data: {
      tokenHash: hashToken(token),
      principal: request.principal,
      role: request.role,
      party: request.party ?? null,
    },
  });
  return { id: row.id, token, ...request };
}

/** Revokes a token by its id; returns false when there was no such live token. */
export async function revokeToken(db: Db, id: string): Promise<boolean> {
  const { count } = await db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  return count === 1;
}

export async function findLiveToken(db: Db, token: string) {
  if (!token.startsWith(PREFIX)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  return row && !row.revokedAt ? row : null;
}

/** The people of a demonstration: one token per role, for both parties where a role acts for one. */
export const DEMO_PRINCIPALS: NewToken[] = [
  { principal: 'coordinator-1', role: 'COORDINATOR' },
  { principal: 'field-1', role: 'FIELD_STAFF' },
  { principal: 'liaison-ru-1', role: 'PARTY_LIAISON', party: 'RU' },
  { principal: 'liaison-ua-1', role: 'PARTY_LIAISON', party: 'UA' },
  { principal: 'forensic-ru-1', role: 'FORENSIC', party: 'RU' },
  { principal: 'forensic-ua-1', role: 'FORENSIC', party: 'UA' },
  { principal: 'observer-1', role: 'OBSERVER' },
  { principal: 'operator-1', role: 'OPERATOR' },
  { principal: 'tracing-1', role: 'TRACING_OFFICER' },
];

/** Issues the demonstration tokens when the database has no live token yet; returns them (or nothing). */
export async function issueDemoTokensOnce(db: Db): Promise<IssuedToken[]> {
  if ((await db.apiToken.count({ where: { revokedAt: null } })) > 0) return [];
  const issued: IssuedToken[] = [];
  for (const p of DEMO_PRINCIPALS) issued.push(await issueToken(db, p));
  return issued;
}
