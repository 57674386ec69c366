import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db';
import type { Role } from '../../workflows/shared/domain';
import { roleAndPartyProblem } from '../identity/claims';

/**
 * API tokens, for machines only (service accounts: a party's system sending
 * manifests, a webhook consumer, the benchmarks); people sign in at the OpenID
 * Provider. Random, shown once, stored only as a SHA-256 hash. A token is bound
 * to a principal with a role and, for a party's roles, a party; it may be
 * limited to the routes it needs (OpenAPI operation ids), and it expires.
 */

const PREFIX = 'rpt_';
const DAY_MS = 86_400_000;
/** A token's life unless given: 90 days. */
export const DEFAULT_TOKEN_LIFE_MS = 90 * DAY_MS;
/** At most two years: a machine's token is renewed, not kept for ever. */
export const MAX_TOKEN_LIFE_MS = 730 * DAY_MS;
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface NewToken {
  principal: string;
  role: Role;
  party?: string;
  /** Operation ids of the routes it may call (besides GET /api/me); none: every route of its role. */
  routes?: string[];
  /** How long it lives, in milliseconds; DEFAULT_TOKEN_LIFE_MS unless given. */
  expiresInMs?: number;
}

export interface IssuedToken extends NewToken {
  id: string;
  /** The secret itself: returned once, never stored. */
  token: string;
  expiresAt: Date;
}

export function checkTokenRequest({ principal, role, party, routes, expiresInMs }: NewToken): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(principal)) {
    throw new Error('principal must be an identifier (letters, digits, dots, dashes), not a name');
  }
  if (party && !/^[A-Z]{2,3}$/.test(party)) throw new Error('party must be a party code of 2 or 3 capital letters');
  const problem = roleAndPartyProblem(role, party);
  if (problem) throw new Error(party ? problem : `${problem}: give one (e.g. --party UA)`);
  for (const route of routes ?? []) {
    if (!/^[A-Za-z][A-Za-z0-9]{0,99}$/.test(route))
      throw new Error(`route ${route} is not an operation id (e.g. submitManifest)`);
  }
  if (expiresInMs !== undefined && !(expiresInMs > 0 && expiresInMs <= MAX_TOKEN_LIFE_MS)) {
    throw new Error(`a token lives more than nothing and at most ${MAX_TOKEN_LIFE_MS / DAY_MS} days`);
  }
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
      routes: request.routes ?? [],
      expiresAt: new Date(Date.now() + (request.expiresInMs ?? DEFAULT_TOKEN_LIFE_MS)),
    },
  });
  return { id: row.id, token, ...request, expiresAt: row.expiresAt };
}

/**
 * Revokes a token by its id; returns false when there was no such live token. The API processes that keep it
 * as live (findToken) stop accepting it within LIVE_TOKEN_KEPT_MS; this process at once.
 */
export async function revokeToken(db: Db, id: string): Promise<boolean> {
  const { count } = await db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  for (const [hash, kept] of liveTokens) if (kept.row.id === id) liveTokens.delete(hash);
  return count === 1;
}

export const isApiToken = (token: string) => token.startsWith(PREFIX);

/** The token's row when it is live: neither revoked nor expired. */
export async function findLiveToken(db: Db, token: string) {
  return (await findToken(db, token)).live ?? null;
}

type TokenRow = NonNullable<Awaited<ReturnType<Db['apiToken']['findUnique']>>>;

function liveOrWhyNot(row: TokenRow | null, now = Date.now()) {
  if (!row || row.revokedAt) return { refused: 'unknown' as const };
  if (row.expiresAt.getTime() <= now) return { refused: 'expired' as const };
  return { live: row };
}

/**
 * How long the API takes a token it found live for live without asking PostgreSQL again: a reporter's
 * requests then cost no token lookup each. It bounds revocation: a token revoked by `npm run tokens --
 * revoke` (another process) is refused by every API process within this time; by the process that revoked it,
 * at once. Expiry is checked at every use. Only live tokens are kept: a token just issued opens at once.
 */
export const LIVE_TOKEN_KEPT_MS = 10_000;
const LIVE_TOKENS_MAX = 10_000;
/** Live tokens by the SHA-256 of the token (never the token itself), with when they were found live. */
const liveTokens = new Map<string, { row: TokenRow; foundAt: number }>();

/**
 * The token's row if live, or why not: unknown (or revoked: indistinguishable to the caller) or expired. A token
 * found live less than LIVE_TOKEN_KEPT_MS ago is answered without asking PostgreSQL.
 */
export async function findToken(db: Db, token: string, now = Date.now()) {
  if (!isApiToken(token)) return { refused: 'unknown' as const };
  const tokenHash = hashToken(token);
  const kept = liveTokens.get(tokenHash);
  if (kept && now - kept.foundAt < LIVE_TOKEN_KEPT_MS) return liveOrWhyNot(kept.row, now);
  liveTokens.delete(tokenHash);
  const found = liveOrWhyNot(await db.apiToken.findUnique({ where: { tokenHash } }), now);
  if (found.live) {
    if (liveTokens.size >= LIVE_TOKENS_MAX) liveTokens.clear();
    liveTokens.set(tokenHash, { row: found.live, foundAt: now });
  }
  return found;
}

/**
 * The development start's service accounts, one per role (for both parties where a role acts for one), for
 * scripts, `curl` and the codec CLI; people sign in at the embedded provider with the same names.
 */
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
  if ((await db.apiToken.count({ where: { revokedAt: null, expiresAt: { gt: new Date() } } })) > 0) return [];
  const issued: IssuedToken[] = [];
  for (const p of DEMO_PRINCIPALS) issued.push(await issueToken(db, p));
  return issued;
}
