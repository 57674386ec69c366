import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../../src/config';
import { personalDataVault, SealedDataError, sealedKeyId } from '../../src/missing-person/personal-data';

/** What rotating PAYLOAD_KEYS and SEARCH_INDEX_KEY needs of the personal-data vault and the settings. */

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('re-sealing under a new payload key', () => {
  it('when a value sealed under the old key is re-sealed by a vault with the new key first, then it names the new key and opens without the old one', () => {
    const [a, b] = [key('a'), key('b')];
    const old = personalDataVault([a]).seal({ name: 'Oleksii Marchuk' });
    const rotated = personalDataVault([b, a]);
    const again = rotated.reseal(old)!;
    expect([sealedKeyId(old), sealedKeyId(again)]).toEqual(['a', 'b']);
    expect(again).not.toContain('Marchuk');
    expect(personalDataVault([b]).open(again)).toEqual({ name: 'Oleksii Marchuk' });
  });

  it('when a value is under the current key already, then re-sealing leaves it (undefined)', () => {
    const vault = personalDataVault([key('b'), key('a')]);
    expect(vault.reseal(vault.seal({ name: 'x' }))).toBeUndefined();
    expect(vault.currentKeyId).toBe('b');
  });

  it('when a value names a key the vault does not hold, or fails under the key of its id, then the error says which and why, naming no value', () => {
    const sealed = personalDataVault([key('gone')]).seal({ name: 'Oleksii Marchuk' });
    const notHeld = (() => {
      try {
        personalDataVault([key('b')]).reseal(sealed);
      } catch (err) {
        return err as SealedDataError;
      }
    })();
    expect(notHeld).toBeInstanceOf(SealedDataError);
    expect(notHeld).toMatchObject({ reason: 'KEY_NOT_HELD', keyId: 'gone' });
    expect(() => personalDataVault([key('gone')]).open(sealed)).toThrow(
      expect.objectContaining({ reason: 'NOT_AUTHENTIC', keyId: 'gone' }),
    );
    expect(notHeld!.message).not.toContain('Marchuk');
  });

  it('when a text is not a sealed value, then it names no key id', () => {
    expect(sealedKeyId('plain text')).toBeUndefined();
    expect(sealedKeyId('v1:k2:AAAA')).toBe('k2');
  });
});

describe('moving the blind index to a new SEARCH_INDEX_KEY', () => {
  it('when the vault has the new index key first and the old after it, then it writes under the new and a search matches either', () => {
    const keys = [key('k1')];
    const [oldIndex, newIndex] = [randomBytes(32), randomBytes(32)];
    const before = personalDataVault(keys, oldIndex);
    const during = personalDataVault(keys, [newIndex, oldIndex]);
    const after = personalDataVault(keys, newIndex);
    expect(during.nameKeys('Oleksii Marchuk')).toEqual(after.nameKeys('Oleksii Marchuk'));
    const choices = during.nameKeyChoices('Marchuk Oleksii');
    for (const written of [...before.nameKeys('Oleksii Marchuk'), ...after.nameKeys('Oleksii Marchuk')]) {
      expect(choices.some((part) => part.includes(written))).toBe(true);
    }
    expect(during.numberKeyChoices('ab 123456')).toEqual(
      expect.arrayContaining([before.numberKey('AB-123456'), after.numberKey('AB-123456')]),
    );
    expect(during.numberKeyChoices('---')).toEqual([]);
  });

  it('when SEARCH_INDEX_KEY is first set on a deployment without one, then a search still matches the keys derived from the oldest payload key', () => {
    const keys = [key('k2'), key('k1')];
    const derived = personalDataVault(keys).nameKeys('Marchuk');
    const explicit = personalDataVault(keys, randomBytes(32));
    expect(explicit.nameKeys('Marchuk')).not.toEqual(derived);
    expect(explicit.nameKeyChoices('Marchuk')[0]).toEqual(expect.arrayContaining(derived));
  });

  it('when a payload key is added without SEARCH_INDEX_KEY, in either place, then names indexed before are still matched', () => {
    const [k1, k2] = [key('k1'), key('k2')];
    const before = personalDataVault([k1]).nameKeys('Marchuk')[0];
    for (const keys of [
      [k1, k2],
      [k2, k1],
    ]) {
      expect(personalDataVault(keys).nameKeyChoices('Marchuk')[0]).toContain(before);
    }
    expect(personalDataVault([k2, k1]).nameKeys('Marchuk')[0]).toBe(before);
  });

  it('when SEARCH_INDEX_KEY lists keys, then the settings hold them in order; a wrong one is named by its position only', () => {
    const [k1, k2] = [randomBytes(32), randomBytes(32)];
    const config = loadConfig({ SEARCH_INDEX_KEY: `${k2.toString('base64')}, ${k1.toString('base64')}` });
    expect(config.searchIndexKeys).toEqual([k2, k1]);
    expect(loadConfig({}).searchIndexKeys).toEqual([]);
    const bad = () => loadConfig({ SEARCH_INDEX_KEY: `${k2.toString('base64')},c2hvcnQ=` });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/SEARCH_INDEX_KEY: key 2: must be 32 bytes/);
  });
});
