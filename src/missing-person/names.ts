/**
 * Normalisation of names and numbers for the blind index: two spellings of
 * the same name, in Cyrillic or Latin letters, with or without diacritics,
 * give the same key. What is matched (documented in the README):
 * - case and diacritics are ignored (Šewčenko = sevcenko);
 * - Cyrillic is transliterated (Ukrainian and Russian letters), then the
 *   spellings that differ between transliteration systems are folded:
 *   kh/h/g → g, zh/z → z, ch/c/ts → c, sh/shch/shh/sch/szcz/šč → s, y/j/i → i,
 *   w → v, doubled letters → one, yo/jo/io/ye/je/ie → e (ё, є: Фёдор = Fyodor =
 *   Fedor, Євген = Yevhen = Evgen), and the soft and hard signs and apostrophes
 *   vanish; so the endings -skiy/-sky/-skyi/-skij/-ski/-skii are one;
 * - so Олексій Марчук = Oleksii Marchuk = OLEKSIY MARCHUK, Григорий = Hryhorii,
 *   and Воробьёвский = Vorobyovskiy = Vorobevskii.
 * Changing the folds changes the keys: bump NAME_FOLD_VERSION, and existing
 * cases are indexed again (npm run reindex:names).
 * Each name part is indexed on its own, so a search by family name alone
 * finds the case; a search with several parts needs all of them.
 */

const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'ie',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  і: 'i',
  ї: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'i',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
};

const DOUBLES: [RegExp, string] = [/(.)\1+/g, '$1'];

const FOLDS: Array<[RegExp, string]> = [
  // щ: shch (BGN, Ukrainian), shh (GOST 2006), sch (German), szcz (Polish), šč/ŝ (diacritics gone: sc, s).
  [/shch|szcz|shh|sch/g, 's'],
  [/kh/g, 'g'],
  [/zh/g, 'z'],
  [/ch|ts/g, 'c'],
  [/sh|sc/g, 's'],
  [/h/g, 'g'],
  [/[yj]/g, 'i'],
  [/w/g, 'v'],
  DOUBLES,
  // ё and є (and е after a vowel or a sign) written yo/jo/io or ye/je/ie, or e: Воробьёв = Vorobyov = Vorobev.
  [/i[oe]/g, 'e'],
  DOUBLES,
];

/** The version of the folds above; existing name keys are derived again when it changes. */
export const NAME_FOLD_VERSION = 2;

/** One name part, folded as described above ('' when nothing of it is a letter). */
export function foldNamePart(part: string): string {
  let s = part.toLowerCase();
  s = [...s].map((c) => CYRILLIC[c] ?? c).join('');
  s = s.normalize('NFKD').replace(/\p{M}/gu, '');
  s = s.replace(/[^a-z]/g, '');
  for (const [from, to] of FOLDS) s = s.replace(from, to);
  return s;
}

/** The distinct folded parts of a name (split on spaces, hyphens and punctuation). */
export function nameParts(name: string): string[] {
  const parts = name
    .split(/[\s\-‐,.;]+/u)
    .map(foldNamePart)
    .filter((p) => p.length > 0);
  return [...new Set(parts)];
}

/** A service number as matched: its letters and digits only, upper case (AB-123 456 = ab123456). */
export function normaliseNumber(value: string): string {
  return value
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}
