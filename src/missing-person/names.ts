/**
 * Normalisation of names and numbers for the blind index: two spellings of
 * the same name, in Cyrillic or Latin letters, with or without diacritics,
 * give the same key. What is matched (documented in the README):
 * - case and diacritics are ignored (Šewčenko = sevcenko);
 * - Cyrillic is transliterated (Ukrainian and Russian letters), then the
 *   spellings that differ between transliteration systems are folded:
 *   kh/h/g → g, zh/z → z, ch/c/ts → c, sh/shch → s, y/j/i → i, w → v,
 *   doubled letters → one, and the soft and hard signs and apostrophes vanish;
 * - so Олексій Марчук = Oleksii Marchuk = OLEKSIY MARCHUK, and Григорий = Hryhorii.
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

const FOLDS: Array<[RegExp, string]> = [
  [/shch/g, 's'],
  [/kh/g, 'g'],
  [/zh/g, 'z'],
  [/ch|ts/g, 'c'],
  [/sh/g, 's'],
  [/h/g, 'g'],
  [/[yj]/g, 'i'],
  [/w/g, 'v'],
  [/(.)\1+/g, '$1'],
];

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
