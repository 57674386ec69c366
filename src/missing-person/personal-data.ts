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

export class SealedDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedDataError';
  }
}

export interface PersonalDataVault {
  seal(value: unknown): string;
  open<T>(sealed: string): T;
  /** Keyed hashes of the name's parts. */
  nameKeys(name: string): string[];
  /** Keyed hash of a service number, or undefined when it has no letter or digit. */
  numberKey(value: string): string | undefined;
}

/**
 * The vault. `indexKey` (SEARCH_INDEX_KEY) keys the blind index; it must never
 * change, or every search key must be rebuilt. Without it the index key is
 * derived from the oldest payload key (the last in PAYLOAD_KEYS).
 */
export function personalDataVault(keys: PayloadKey[], indexKey?: Buffer): PersonalDataVault {
  if (keys.length === 0) throw new Error('the personal-data vault needs at least one payload key');
  const current = keys[0];
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const hmacKey =
    indexKey ?? Buffer.from(hkdfSync('sha256', keys[keys.length - 1].key, Buffer.alloc(0), 'blind-index', 32));
  const keyed = (kind: string, value: string) => createHmac('sha256', hmacKey).update(`${kind}:${value}`).digest('hex');

  return {
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
      if (format !== FORMAT || !key || !body)
        throw new SealedDataError(`sealed data with key "${keyId}" cannot be opened`);
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
        throw new SealedDataError(`sealed data with key "${keyId}" failed authentication`);
      }
    },
    nameKeys: (name) => nameParts(name).map((part) => keyed('name', part)),
    numberKey(value) {
      const n = normaliseNumber(value);
      return n ? keyed('number', n) : undefined;
    },
  };
}
