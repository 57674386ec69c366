import { generateKeyPairSync, randomBytes, randomUUID, type JsonWebKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The embedded provider's secrets, kept in its data folder (owner only) so a
 * restart keeps signing with the same keys and tokens already issued stay
 * valid: the signing keys (a JWKS, the current key first) and the keys of its
 * cookies. Rotating adds a new signing key first and keeps the older ones
 * published, so tokens they signed verify until they expire; the API picks up
 * a new key id by fetching the JWKS again.
 */

export interface ProviderKeys {
  /** Private JWKs, the signing key first. */
  keys: JsonWebKey[];
  cookieKeys: string[];
}

/** How many signing keys are kept published after a rotation (the newest first). */
const KEPT_KEYS = 3;

export const providerKeysPath = (dir: string) => path.join(dir, 'provider-keys.json');

export function newSigningKey(): JsonWebKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

function write(file: string, keys: ProviderKeys): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(keys), { mode: 0o600 });
  renameSync(temporary, file);
}

/** The provider's keys in `file`, made once when there are none. */
export function loadProviderKeys(file: string): ProviderKeys {
  if (!existsSync(file)) write(file, { keys: [newSigningKey()], cookieKeys: [randomBytes(32).toString('base64url')] });
  return JSON.parse(readFileSync(file, 'utf8')) as ProviderKeys;
}

/** Puts a new signing key first; returns its key id. A running provider uses it from its next start. */
export function rotateSigningKey(file: string): string {
  const current = loadProviderKeys(file);
  const key = newSigningKey();
  write(file, { ...current, keys: [key, ...current.keys].slice(0, KEPT_KEYS) });
  return key.kid as string;
}
