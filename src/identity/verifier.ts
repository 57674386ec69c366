import { createHash } from 'node:crypto';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTHeaderParameters,
  type FlattenedJWSInput,
  type JWTPayload,
} from 'jose';
import type { OidcConfig } from './config';
import { personFromClaims, TokenRefused, type PersonClaims } from './claims';

/**
 * Verifies people's access tokens: JWTs signed by the configured OpenID
 * Provider with one of the allowed asymmetric algorithms, for this API's
 * audience, within their lifetime (a small clock tolerance), with keys from the
 * provider's JWKS. An unknown key id makes it fetch the JWKS again (at most
 * every 30 s), so keys the provider rotates are picked up; if the key is still
 * unknown, the token is refused. When the provider cannot be reached, the keys
 * fetched last keep verifying: people already signed in keep working until
 * their tokens expire.
 */

const FETCH_TIMEOUT_MS = 3_000;
/**
 * A token verified is taken as verified for this long (never past its `exp`): a person's requests then
 * cost no signature check each. Nothing is given up: an access token cannot be withdrawn before its `exp`
 * anyway (a person disabled at the provider is out at the next renewal), and its keys are those fetched last.
 */
export const VERIFIED_KEPT_MS = 60_000;
const VERIFIED_MAX = 10_000;

/** The provider could not be reached and no keys are known yet: nobody can be verified (503, not the token's fault). */
export class ProviderUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderUnreachable';
  }
}

export interface PeopleVerifier {
  readonly issuer: string;
  verify(token: string): Promise<PersonClaims>;
  /** Resolves when the provider answers its discovery document (or JWKS) now; rejects saying why not. */
  reachable(): Promise<void>;
}

/** A token that is a JWT at all (three base64url parts): anything else is not the provider's. */
export const looksLikeJwt = (token: string) => /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token);

async function fetchJson(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Why jose refused a token, for the log and the caller; never the token. */
function refusal(err: unknown): TokenRefused | undefined {
  const say = (reason: string, detail: string) => new TokenRefused(401, reason, detail);
  if (err instanceof errors.JWTExpired) return say('expired', 'The token has expired; sign in again.');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf' || err.claim === 'iat')
      return say(`${err.claim} in the future`, 'The token is not valid yet.');
    if (err.claim === 'iss') return say('another issuer', 'The token was issued by another identity provider.');
    if (err.claim === 'aud') return say('another audience', 'The token is not meant for this API.');
    return say(`claim ${err.claim}: ${err.reason}`, `The token's ${err.claim} claim is not valid.`);
  }
  if (err instanceof errors.JOSEAlgNotAllowed)
    return say('algorithm not allowed', 'The token is not signed with an allowed algorithm.');
  if (err instanceof errors.JWKSNoMatchingKey)
    return say('unknown key', "The token's signing key is not one of the identity provider's.");
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return say('bad signature', "The token's signature does not verify.");
  if (err instanceof errors.JOSEError) return say(`malformed (${err.code})`, 'The token is malformed.');
  return undefined;
}

/** `refetchPauseMs`: how long after a fetch of the JWKS an unknown key id may not fetch it again (30 s). */
export function createPeopleVerifier(config: OidcConfig, { refetchPauseMs = 30_000 } = {}): PeopleVerifier {
  let remote: ReturnType<typeof createRemoteJWKSet> | undefined;

  async function jwksUrl(): Promise<string> {
    if (config.jwksUrl) return config.jwksUrl;
    const discovery = await fetchJson(`${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
    if (discovery.issuer !== config.issuer) {
      throw new Error(`the discovery document names the issuer ${String(discovery.issuer)}, not ${config.issuer}`);
    }
    if (typeof discovery.jwks_uri !== 'string') throw new Error('the discovery document names no jwks_uri');
    return discovery.jwks_uri;
  }

  async function keySet() {
    if (!remote) {
      let url: string;
      try {
        url = await jwksUrl();
      } catch (err) {
        throw new ProviderUnreachable(
          `The identity provider ${config.issuer} cannot be reached: ${(err as Error).message}`,
        );
      }
      remote ??= createRemoteJWKSet(new URL(url), {
        timeoutDuration: FETCH_TIMEOUT_MS,
        cooldownDuration: refetchPauseMs,
      });
    }
    const keys = remote;
    return async (header: JWTHeaderParameters, token: FlattenedJWSInput) => {
      try {
        return await keys(header, token);
      } catch (err) {
        if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) throw err;
        // The JWKS could not be fetched again: verify with the keys fetched last, if any.
        const last = keys.jwks();
        if (!last)
          throw new ProviderUnreachable(`The identity provider's keys cannot be fetched: ${(err as Error).message}`);
        return createLocalJWKSet(last)(header, token);
      }
    };
  }

  // Tokens verified, by their SHA-256 (never the token itself), with the time they stop being taken as verified.
  const verified = new Map<string, { person: PersonClaims; until: number }>();

  return {
    issuer: config.issuer,
    async verify(token) {
      const hash = createHash('sha256').update(token).digest('hex');
      const kept = verified.get(hash);
      if (kept && Date.now() < kept.until) return kept.person;
      verified.delete(hash);
      const keys = await keySet();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: config.algorithms,
          clockTolerance: config.clockToleranceSeconds,
          requiredClaims: ['exp', 'sub'],
        }));
      } catch (err) {
        throw refusal(err) ?? err;
      }
      const person = personFromClaims(payload, config);
      if (verified.size >= VERIFIED_MAX) verified.clear();
      verified.set(hash, { person, until: Math.min(Date.now() + VERIFIED_KEPT_MS, payload.exp! * 1000) });
      return person;
    },
    async reachable() {
      await fetchJson(config.jwksUrl ?? `${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
    },
  };
}
