import type { JWTPayload } from 'jose';
import { ROLES, type Role } from '../../workflows/shared/domain';
import type { OidcConfig } from './config';

/**
 * From a verified access token to who the person is here: their subject
 * (recorded as the principal of every action), display name, role and party,
 * read from the claims OIDC_ROLES_CLAIM, OIDC_PARTY_CLAIM and OIDC_NAME_CLAIM,
 * or from group names through OIDC_ROLE_MAP. A person acts in exactly one role;
 * a token that names none this service knows, several, or a party that does not
 * fit the role is refused (403): the provider vouches for the person, not for
 * access here.
 */

/** A refusal of a token: 401 when it is not a valid token of the provider, 403 when it grants nothing here. */
export class TokenRefused extends Error {
  constructor(
    readonly status: 401 | 403,
    /** For the log: what was wrong, never the token. */
    readonly reason: string,
    /** For the caller (problem+json detail). */
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'TokenRefused';
  }
}

/** Roles that act for one party; an observer may act for one or for the intermediary. */
export const PARTY_ROLES: readonly Role[] = ['PARTY_LIAISON', 'FORENSIC'];
export const INTERMEDIARY_ROLES: readonly Role[] = ['COORDINATOR', 'FIELD_STAFF', 'OPERATOR', 'TRACING_OFFICER'];
const PARTY = /^[A-Z]{2,3}$/;

/** What is wrong with a role and party together, if anything (API tokens and people alike). */
export function roleAndPartyProblem(role: Role, party: string | undefined): string | undefined {
  if (PARTY_ROLES.includes(role) && !party) return `a ${role} acts for a party`;
  if (INTERMEDIARY_ROLES.includes(role) && party) return `a ${role} acts for the intermediary, not for a party`;
  if (party && !PARTY.test(party)) return 'a party is a code of 2 or 3 capital letters';
  return undefined;
}

export interface PersonClaims {
  subject: string;
  name: string | undefined;
  role: Role;
  party: string | undefined;
}

/** A claim by name; `a.b` reads claim b inside claim a (e.g. Keycloak's realm_access.roles). */
function claimAt(payload: JWTPayload, name: string): unknown {
  let value: unknown = payload;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A claim holding names: an array of strings, or one string of names separated by spaces. */
function names(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  return undefined;
}

// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const shown = (values: string[]) => values.map((v) => JSON.stringify(v.slice(0, 60))).join(', ');
const refuse = (reason: string, detail = reason) => new TokenRefused(403, reason, detail);

export function personFromClaims(payload: JWTPayload, config: Pick<OidcConfig, 'claims' | 'roleMap'>): PersonClaims {
  const subject = payload.sub;
  if (typeof subject !== 'string' || !subject || subject.length > 200 || CONTROL.test(subject)) {
    throw new TokenRefused(401, 'no usable subject', 'The token names no subject.');
  }
  const given = names(claimAt(payload, config.claims.roles));
  if (!given) throw refuse(`claim ${config.claims.roles} is not a list of names`);
  let granted: Array<{ role: Role; party?: string }>;
  if (config.roleMap) {
    // Groups the map does not name are other business of the directory's, not refusals.
    granted = given.flatMap((v) => (config.roleMap![v] ? [config.roleMap![v]] : []));
  } else {
    const unknown = given.filter((v) => !(ROLES as readonly string[]).includes(v));
    if (unknown.length) {
      throw refuse(
        `unknown roles ${shown(unknown)}`,
        `The token's ${config.claims.roles} claim names roles this service does not know: ${shown(unknown)}.`,
      );
    }
    granted = given.map((role) => ({ role: role as Role }));
  }
  const roles = [...new Set(granted.map((g) => g.role))];
  if (roles.length === 0) {
    throw refuse('no role of this service', `The token grants no role of this service (claim ${config.claims.roles}).`);
  }
  if (roles.length > 1) {
    throw refuse(
      `several roles ${shown(roles)}`,
      `The token names several roles (${roles.join(', ')}); a person acts in one.`,
    );
  }
  const claimedParty = claimAt(payload, config.claims.party);
  if (claimedParty !== undefined && typeof claimedParty !== 'string') {
    throw refuse(
      `claim ${config.claims.party} is not a string`,
      `The token's ${config.claims.party} claim is not a party code.`,
    );
  }
  const parties = [
    ...new Set([...granted.flatMap((g) => (g.party ? [g.party] : [])), ...(claimedParty ? [claimedParty] : [])]),
  ];
  if (parties.length > 1) {
    throw refuse(
      `several parties ${shown(parties)}`,
      `The token names several parties (${shown(parties)}); a person acts for one.`,
    );
  }
  const [role] = roles;
  const [party] = parties;
  const problem = roleAndPartyProblem(role, party);
  if (problem) throw refuse(problem, `The token's role and party do not fit: ${problem}.`);
  const name = claimAt(payload, config.claims.name);
  return {
    subject,
    name: typeof name === 'string' && name && !CONTROL.test(name) ? name.slice(0, 200) : undefined,
    role,
    party,
  };
}
