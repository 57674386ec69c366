import { randomBytes } from 'node:crypto';
import { DefaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { loadConfig, ConfigError } from '../../src/config';
import {
  EncryptionCodec,
  ENCRYPTED_ENCODING,
  generatePayloadKey,
  KEY_ID_METADATA,
  parsePayloadKeys,
  PayloadDecryptionError,
} from '../../src/temporal/codec';

const converter = new DefaultPayloadConverter();
const declared = { tag: 'UA-2025-0001', declaredIdentity: { name: 'Olena Kovalenko', dateOfBirth: '1991-04-12' } };
const plain = (value: unknown): Payload => converter.toPayload(value);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const keyring = (...ids: string[]) => parsePayloadKeys(ids.map(generatePayloadKey).join(','));

describe('payload encryption codec', () => {
  it('round-trips a payload, and the sealed form holds neither the value nor its encoding', async () => {
    const codec = new EncryptionCodec(keyring('k1'));
    const [sealed] = await codec.encode([plain(declared)]);
    expect(text(sealed.metadata![METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed.metadata![KEY_ID_METADATA])).toBe('k1');
    expect(Buffer.from(sealed.data!).toString('latin1')).not.toContain('Kovalenko');
    expect(Object.keys(sealed.metadata!)).toEqual([METADATA_ENCODING_KEY, KEY_ID_METADATA]);
    const [opened] = await codec.decode([sealed]);
    expect(converter.fromPayload(opened)).toEqual(declared);
  });

  it('seals the same value differently each time (a fresh IV per payload)', async () => {
    const codec = new EncryptionCodec(keyring('k1'));
    const [a, b] = await codec.encode([plain(declared), plain(declared)]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('leaves payloads written before encryption as they are', async () => {
    const codec = new EncryptionCodec(keyring('k1'));
    const old = plain({ tag: 'RU-1' });
    expect(await codec.decode([old])).toEqual([old]);
  });

  describe('key rotation', () => {
    it('encrypts with the first key and still opens what older keys sealed', async () => {
      const [oldKey] = keyring('2026a');
      const [newKey] = keyring('2026b');
      const before = new EncryptionCodec([oldKey]);
      const [sealedBefore] = await before.encode([plain(declared)]);

      const rotated = new EncryptionCodec([newKey, oldKey]);
      const [sealedAfter] = await rotated.encode([plain(declared)]);
      expect(text(sealedAfter.metadata![KEY_ID_METADATA])).toBe('2026b');

      const opened = await rotated.decode([sealedBefore, sealedAfter]);
      expect(opened.map((p) => converter.fromPayload(p))).toEqual([declared, declared]);
    });

    it('refuses a payload whose key was dropped, naming the key id only', async () => {
      const [oldKey] = keyring('2026a');
      const [sealed] = await new EncryptionCodec([oldKey]).encode([plain(declared)]);
      const withoutOld = new EncryptionCodec(keyring('2026b'));
      await expect(withoutOld.decode([sealed])).rejects.toThrow(PayloadDecryptionError);
      await expect(withoutOld.decode([sealed])).rejects.toThrow('"2026a"');
    });
  });

  it('detects a payload that was altered or re-labelled to another key', async () => {
    const keys = keyring('a', 'b');
    const codec = new EncryptionCodec(keys);
    const [sealed] = await codec.encode([plain(declared)]);
    const flipped = Buffer.from(sealed.data!);
    flipped[20] ^= 1;
    await expect(codec.decode([{ ...sealed, data: flipped }])).rejects.toThrow('failed authentication');
    const relabelled = { ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA]: Buffer.from('b') } };
    await expect(codec.decode([relabelled])).rejects.toThrow('failed authentication');
  });
});

describe('PAYLOAD_KEYS', () => {
  it('reads id:base64 pairs, current key first', () => {
    const keys = parsePayloadKeys(`new:${randomBytes(32).toString('base64')}, old:${randomBytes(32).toString('base64')}`);
    expect(keys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(keys.every((k) => k.key.length === 32)).toBe(true);
  });

  it.each([
    ['an empty list', '', 'no key given'],
    ['a key without an id', `${randomBytes(32).toString('base64')}`, 'expected id:base64key'],
    ['a 16-byte key', `k1:${randomBytes(16).toString('base64')}`, 'must be 32 bytes'],
    ['an id given twice', `k1:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`, 'given twice'],
  ])('refuses %s with a message that shows no key material', (_label, value, message) => {
    let error: Error | undefined;
    try {
      loadConfig({ PAYLOAD_KEYS: value || ',' });
    } catch (err) {
      error = err as Error;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toContain('PAYLOAD_KEYS');
    expect(error!.message).toContain(message);
    const material = value.split(',').map((entry) => entry.split(':').pop()!).filter((m) => m.length > 8);
    for (const m of material) expect(error!.message).not.toContain(m);
  });
});
