import { randomBytes } from 'node:crypto';
import { foldNamePart, nameParts, normaliseNumber } from '../../src/missing-person/names';
import { personalDataVault, SealedDataError } from '../../src/missing-person/personal-data';
import { transitionRejection } from '../../workflows/missing-person/rules';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('name folding for the blind index', () => {
  it.each([
    ['Олексій', 'Oleksii'],
    ['Олексий', 'OLEKSIY'],
    ['Марчук', 'Marčuk'],
    ['Григорий', 'Hryhorii'],
    ['Захарченко', 'Zakharchenko'],
    ['Щербак', 'Shcherbak'],
    ['Юрій', 'Yuriy'],
  ])('when %s and %s are folded, then they give the same key', (a, b) => {
    expect(foldNamePart(a)).toBe(foldNamePart(b));
  });

  // ё, є, ї, й, щ, ь/ъ and the -ский/-ський endings as passports (ICAO), BGN/PCGN, the Ukrainian national system, ISO 9 and German or Polish habits write them.
  it.each([
    ['Воробьёвский', ['Vorobyovskiy', 'Vorobevskii', 'VOROBEVSKII', 'Vorobyevsky', 'Vorob’ëvskij', 'Vorobjovskij', 'Vorobiovskyi', 'Vorobyovski']],
    ['Фёдор', ['Fyodor', 'Fedor', 'Fjodor', 'Fiodor', 'Fëdor']],
    ['Євген', ['Yevhen', 'Ievgen', 'Jevhen', 'Evgen']],
    ['Їжак', ['Yizhak', 'Izhak', 'Jizhak', 'Ïžak']],
    ['Андрій Ковальський', ['Andriy Kovalskyi', 'Andrii Kovalskyy', 'Andrij Kowalski', 'Andriy Kovalsky', "Andrii Koval'skyi", 'Andrij Kovalskij']],
    ['Щукін', ['Shchukin', 'Schukin', 'Shhukin', 'Ščukin', 'Szczukin']],
    ['Подъячев', ['Podyachev', 'Podjachev', 'Pod"yachev', 'Podiachev']],
    ['Дарья Ильина', ['Darya Ilyina', 'Daria Ilina', "Dar'ja Il'ina"]],
  ])('when %s is written in another system, then it gives the same keys', (cyrillic, latin) => {
    for (const spelling of latin) expect([spelling, nameParts(spelling)]).toEqual([spelling, nameParts(cyrillic)]);
  });

  it('when names differ, then their folds differ', () => {
    expect(foldNamePart('Marchuk')).not.toBe(foldNamePart('Zaitsev'));
  });

  it('when a name has several parts, hyphens and punctuation, then each distinct part is kept once', () => {
    expect(nameParts('Anna-Maria  Kovalenko, kovalenko.')).toEqual(['ana', 'maria', 'kovalenko']);
    expect(nameParts('--- 123')).toEqual([]);
  });

  it('when a service number is written with spaces, dashes or lower case, then it normalises the same', () => {
    expect(normaliseNumber('ab-123 456')).toBe(normaliseNumber('AB123456'));
  });
});

describe('the personal-data vault', () => {
  it('when data is sealed, then only the vault opens it, and a rotated vault still opens what the old key sealed', () => {
    const old = key('k1');
    const sealed = personalDataVault([old]).seal({ name: 'Oleksii Marchuk' });
    expect(sealed).not.toContain('Marchuk');
    expect(sealed.startsWith('v1:k1:')).toBe(true);
    expect(personalDataVault([key('k2'), old]).open(sealed)).toEqual({ name: 'Oleksii Marchuk' });
    expect(() => personalDataVault([key('k1')]).open(sealed)).toThrow(SealedDataError);
  });

  it('when the index key is given, then name keys are stable across payload-key rotation and differ under another index key', () => {
    const indexKey = randomBytes(32);
    const a = personalDataVault([key('k1')], indexKey).nameKeys('Олексій Марчук');
    const b = personalDataVault([key('k2'), key('k1')], indexKey).nameKeys('Oleksii Marchuk');
    expect(a).toEqual(b);
    expect(personalDataVault([key('k1')], randomBytes(32)).nameKeys('Oleksii Marchuk')).not.toEqual(a);
    expect(a.join()).not.toMatch(/oleks|march/i);
  });
});

describe('the order of a missing-person case', () => {
  it.each([
    ['REPORTED', 'ACTIVE', undefined],
    ['ACTIVE', 'CONFIRMED_DETAINED', undefined],
    ['CONFIRMED_DETAINED', 'FAMILY_INFORMED', undefined],
    ['FAMILY_INFORMED', 'CLOSED', undefined],
    ['CLOSED', 'ACTIVE', undefined],
    ['REPORTED', 'FAMILY_INFORMED', 'the family is informed of an outcome: record it first (the case is REPORTED)'],
    ['ACTIVE', 'ACTIVE', 'the case is already ACTIVE'],
    ['LOCATED_ALIVE', 'CLOSED', 'a case closes once the family is informed (the case is LOCATED_ALIVE)'],
  ] as const)('when a case %s is moved to %s, then the answer is %p', (from, to, reason) => {
    expect(transitionRejection(from, to)).toBe(reason);
  });
});
