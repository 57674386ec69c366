import path from 'node:path';
import { msToNumber, type Duration } from '@temporalio/common';
import { z } from 'zod';
import { ROLES, type Role } from '../../workflows/shared/domain';

/**
 * The settings of people's sign-in (issue 22), read by src/config.ts with the
 * others: OIDC_* tell the API which OpenID Provider it trusts and how its
 * claims map to roles and parties; IDENTITY_* configure the embedded provider
 * (src/identity/provider.ts) that `npm run dev` and the compose stack run.
 */

/** Asymmetric algorithms only: never `none`, never HMAC (a public key must not become a shared secret). */
export const SIGNING_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

const duration = (max?: number) =>
  z.string().transform((value, ctx) => {
    let ms = NaN;
    try {
      ms = msToNumber(value as Duration);
    } catch {
      // reported below
    }
    if (!(ms > 0)) ctx.addIssue({ code: 'custom', message: "must be a duration such as '10 minutes' or '30s'" });
    else if (max !== undefined && ms > max) ctx.addIssue({ code: 'custom', message: `must be at most ${max / 1000}s` });
    return ms;
  });

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

const claimPath = z.string().regex(/^[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*$/, 'must be a claim name (a.b for nested)');

/** `value=ROLE` or `value=ROLE/PARTY`, comma-separated: a directory's group or role names → the service's roles. */
const roleMap = z.string().transform((value, ctx) => {
  const map: Record<string, { role: Role; party?: string }> = {};
  for (const entry of list(value)) {
    const match = /^(.+?)=([A-Z_]+)(?:\/([A-Z]{2,3}))?$/.exec(entry);
    if (!match || !(ROLES as readonly string[]).includes(match[2])) {
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" is not value=ROLE or value=ROLE/PARTY (${ROLES.join(', ')})`,
      });
      continue;
    }
    map[match[1]] = { role: match[2] as Role, ...(match[3] ? { party: match[3] } : {}) };
  }
  return map;
});

export const identityEnv = {
  // The OpenID Provider whose access tokens the API accepts for people; without it, API tokens only.
  OIDC_ISSUER: z.url().optional(),
  // The `aud` the API requires (the resource indicator its tokens are issued for).
  OIDC_AUDIENCE: z.string().min(1).default('urn:repatriation:api'),
  // The public client browsers sign in with (field app, /docs, Web UI), as the API advertises it.
  OIDC_CLIENT_ID: z.string().min(1).default('repatriation-web'),
  // Where the API fetches the provider's keys, when not the jwks_uri of its discovery document.
  OIDC_JWKS_URL: z.url().optional(),
  OIDC_ROLES_CLAIM: claimPath.default('roles'),
  OIDC_PARTY_CLAIM: claimPath.default('party'),
  OIDC_NAME_CLAIM: claimPath.default('name'),
  OIDC_ROLE_MAP: roleMap.optional(),
  OIDC_ALGORITHMS: z
    .string()
    .default(SIGNING_ALGORITHMS.join(','))
    .transform((value, ctx) => {
      const algs = list(value);
      const wrong = algs.filter((a) => !(SIGNING_ALGORITHMS as readonly string[]).includes(a));
      if (wrong.length || !algs.length)
        ctx.addIssue({ code: 'custom', message: `only ${SIGNING_ALGORITHMS.join(', ')}; not ${wrong.join(', ')}` });
      return algs;
    }),
  OIDC_CLOCK_TOLERANCE: duration(300_000).default(30_000),
  // The embedded provider: where it listens, the address browsers and tokens know it by, its client.
  IDENTITY_HOST: z.string().min(1).default('127.0.0.1'),
  IDENTITY_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  IDENTITY_ISSUER: z.url().optional(),
  IDENTITY_REDIRECT_URIS: z.string().min(1).optional(),
  IDENTITY_ACCESS_TOKEN_TTL: duration(86_400_000).default(600_000),
  IDENTITY_REFRESH_TOKEN_TTL: duration().default(12 * 3_600_000),
};

type IdentityEnv = z.output<z.ZodObject<typeof identityEnv>>;

/** How the API verifies people's access tokens and reads their role, party and name. */
export interface OidcConfig {
  issuer: string;
  audience: string;
  clientId: string;
  jwksUrl: string | undefined;
  claims: { roles: string; party: string; name: string };
  /** Claim values → role (and party); absent: the roles claim holds role names. */
  roleMap: Record<string, { role: Role; party?: string }> | undefined;
  algorithms: string[];
  clockToleranceSeconds: number;
}

/** The embedded OpenID Provider's settings. */
export interface IdentityProviderConfig {
  host: string;
  port: number;
  issuer: string;
  /** people.json and provider-keys.json. */
  dataDir: string;
  clientId: string;
  audience: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

export function oidcConfig(e: IdentityEnv): OidcConfig | undefined {
  if (!e.OIDC_ISSUER) return undefined;
  return {
    issuer: e.OIDC_ISSUER,
    audience: e.OIDC_AUDIENCE,
    clientId: e.OIDC_CLIENT_ID,
    jwksUrl: e.OIDC_JWKS_URL,
    claims: { roles: e.OIDC_ROLES_CLAIM, party: e.OIDC_PARTY_CLAIM, name: e.OIDC_NAME_CLAIM },
    roleMap: e.OIDC_ROLE_MAP,
    algorithms: e.OIDC_ALGORITHMS,
    clockToleranceSeconds: Math.round(e.OIDC_CLOCK_TOLERANCE / 1000),
  };
}

/**
 * By default the provider lets browsers come back to the field app (/app/), the API documentation's
 * Swagger UI (/docs/oauth2-redirect.html) and the Web UI's sign-in proxy (/auth/callback), under both
 * loopback names; after sign-out, to those pages' folders and origins.
 */
export function identityProviderConfig(
  e: IdentityEnv,
  { dataDir, apiPort, uiUrl }: { dataDir: string; apiPort: number; uiUrl: string },
): IdentityProviderConfig {
  const ui = new URL(uiUrl);
  const loopbacks = (port: string | number) => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const redirectUris = e.IDENTITY_REDIRECT_URIS
    ? list(e.IDENTITY_REDIRECT_URIS)
    : [
        ...loopbacks(apiPort).flatMap((o) => [`${o}/app/`, `${o}/docs/oauth2-redirect.html`]),
        ...(['127.0.0.1', 'localhost'].includes(ui.hostname) ? loopbacks(ui.port) : [ui.origin]).map(
          (o) => `${o}/auth/callback`,
        ),
      ];
  const after = redirectUris.flatMap((u) => [u, new URL('./', u).href, `${new URL(u).origin}/`]);
  return {
    host: e.IDENTITY_HOST,
    port: e.IDENTITY_PORT,
    issuer: (e.IDENTITY_ISSUER ?? `http://127.0.0.1:${e.IDENTITY_PORT}`).replace(/\/$/, ''),
    dataDir: path.join(dataDir, 'identity'),
    clientId: e.OIDC_CLIENT_ID,
    audience: e.OIDC_AUDIENCE,
    redirectUris,
    postLogoutRedirectUris: [...new Set(after)],
    accessTokenTtlSeconds: Math.round(e.IDENTITY_ACCESS_TOKEN_TTL / 1000),
    refreshTokenTtlSeconds: Math.round(e.IDENTITY_REFRESH_TOKEN_TTL / 1000),
  };
}
