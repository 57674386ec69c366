import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { PayloadKey } from '../temporal/codec';
import { nameParts, normaliseNumber } from './names';

/**
 * Personal data of missing persons and families in PostgreSQL: sealed with
 * AES-256-GCM under the payload keys (current key first; older keys still
 * open what they sealed), and found again through a blind index, a keyed
 * hash of each normalised name part and of the service number. Neither the
 * database nor its backups hold a name in plain text.
 */

const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';

/** Why a sealed value did not open: its key is not in PAYLOAD_KEYS, or it fails authentication under it. */
export type UnreadableReason = 'KEY_NOT_HELD' | 'NOT_AUTHENTIC';

export class SealedDataError extends Error {
  constructor(
    readonly reason: UnreadableReason,
    /** The key id the sealed value names (never key material or the value). */
    readonly keyId: string,
  ) {
    super(
      reason === 'KEY_NOT_HELD'
        ? `sealed data with key "${keyId}" cannot be opened: PAYLOAD_KEYS does not hold that key`
        : `sealed data with key "${keyId}" failed authentication`,
    );
    this.name = 'SealedDataError';
  }
}

/** The key id a sealed value names (`v1:<keyId>:…`), or undefined when it is not a sealed value. */
export function sealedKeyId(sealed: string): string | undefined {
  const [format, keyId] = sealed.split(':', 2);
  return format === FORMAT && keyId ? keyId : undefined;
}

/** A row's sealed value sealed again under another key: written only while the row still holds `was`. */
export interface Resealed {
  id: string;
  was: string;
  sealed: string;
}

export interface PersonalDataVault {
  /** The key new values are sealed under: the first of PAYLOAD_KEYS. */
  readonly currentKeyId: string;
  seal(value: unknown): string;
  open<T>(sealed: string): T;
  /** The value sealed again under the current key, or undefined when it already is. */
  reseal(sealed: string): string | undefined;
  /** Keyed hashes of the name's parts, under the current index key (what is written). */
  nameKeys(name: string): string[];
  /** Keyed hash of a service number, or undefined when it has no letter or digit. */
  numberKey(value: string): string | undefined;
  /** What a search matches: per name part, its hash under every index key still searched (current first). */
  nameKeyChoices(name: string): string[][];
  /** What a search by service number matches: its hash under every index key still searched. */
  numberKeyChoices(value: string): string[];
}

/**
 * The vault. `indexKeys` (SEARCH_INDEX_KEY, current first) key the blind
 * index: new entries are written under the first, searches match under each,
 * so the index can move to a new key (`npm run reindex:names`) while searches
 * keep finding every case. Without SEARCH_INDEX_KEY the index key is derived
 * from the oldest payload key (the last in PAYLOAD_KEYS); the keys derived from
 * every payload key are always searched too, so a deployment moves from them
 * to SEARCH_INDEX_KEY, or adds a payload key, without a gap.
 */
export function personalDataVault(keys: PayloadKey[], indexKeys: Buffer | Buffer[] = []): PersonalDataVault {
  if (keys.length === 0) throw new Error('the personal-data vault needs at least one payload key');
  const current = keys[0];
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const derive = (k: PayloadKey) => Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), 'blind-index', 32));
  const given = Array.isArray(indexKeys) ? indexKeys : [indexKeys];
  // Written under the first; the oldest payload key's derivation is the default, every one's is searched.
  const searched = [...given, ...[...keys].reverse().map(derive)].filter(
    (k, i, all) => all.findIndex((o) => o.equals(k)) === i,
  );
  const keyed = (key: Buffer, kind: string, value: string) =>
    createHmac('sha256', key).update(`${kind}:${value}`).digest('hex');

  const vault: PersonalDataVault = {
    currentKeyId: current.id,
    seal(value) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(Buffer.from(current.id));
      const plain = Buffer.from(JSON.stringify(value), 'utf8');
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return `${FORMAT}:${current.id}:${sealed.toString('base64')}`;
    },
    open<T>(text: string): T {
      const [format, keyId, body] = text.split(':');
      const key = byId.get(keyId ?? '');
      if (format !== FORMAT || !key || !body) throw new SealedDataError('KEY_NOT_HELD', keyId ?? '');
      const sealed = Buffer.from(body, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      try {
        const plain = Buffer.concat([
          decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return JSON.parse(plain.toString('utf8')) as T;
      } catch {
        throw new SealedDataError('NOT_AUTHENTIC', keyId);
      }
    },
    reseal(sealed) {
      if (sealedKeyId(sealed) === current.id) return undefined;
      return vault.seal(vault.open(sealed));
    },
    nameKeys: (name) => nameParts(name).map((part) => keyed(searched[0], 'name', part)),
    numberKey(value) {
      const n = normaliseNumber(value);
      return n ? keyed(searched[0], 'number', n) : undefined;
    },
    nameKeyChoices: (name) => nameParts(name).map((part) => searched.map((key) => keyed(key, 'name', part))),
    numberKeyChoices(value) {
      const n = normaliseNumber(value);
      return n ? searched.map((key) => keyed(key, 'number', n)) : [];
    },
  };
  return vault;
}
