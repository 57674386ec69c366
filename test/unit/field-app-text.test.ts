import { tag as apiTag } from '../../src/api/schemas';
import { parseManifestCsv } from '../../app/src/csv';
import { MAX_TAG, tagProblem } from '../../app/src/tag-rule';
import en from '../../app/src/messages/en';
import ru from '../../app/src/messages/ru';
import uk from '../../app/src/messages/uk';

/** The field app's words and its tag rule, checked against the API's. */

const TAGS = [
  'RU-2025-000417',
  'UA-S3-0004',
  'UA/7 слот 3',
  'x'.repeat(MAX_TAG),
  'x'.repeat(MAX_TAG + 1),
  '',
  ' UA-1',
  'UA-1 ',
  'UA-\u0000-1',
  'UA-\u0007-1',
  'UA-\u007F-1',
  'UA-\u0085-1',
  'UA\t1',
  'UA\n1',
  'UA-\u2028-1',
  'UA-\u202E-1',
  'UA-\u2066-1',
  'UA-\uD800-1',
  'UA-\uDC00-1',
  'UA-\uD83D\uDE00-1',
  'UA-\uFDD0-1',
  'UA-\uFFFE-1',
  'RU-Ω-ж-1',
  '"UA-S3-0004',
  'UA-\u201CS3\u201D-4',
  "UA-O'BRIEN-1",
];

/** A test name without the characters under test: anything but printable ASCII as \uXXXX. */
const named = (tag: string) =>
  tag.length > 20
    ? `${tag.length} × ${tag[0]}`
    : tag.replace(/[^\x20-\x7E]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

describe('the field app tag rule', () => {
  it.each(TAGS.map((t) => [`"${named(t)}"`, t]))('when the tag is %s, then the app and the API agree', (_, tag) => {
    expect(tagProblem(tag) === undefined).toBe(apiTag.safeParse(tag).success);
  });

  it('when a tag holds a quote, then the app refuses it naming the quote, as the API refuses it (no tag carries one)', () => {
    for (const tag of ['"UA-S3-0004', 'UA-S3-0004"', 'UA-“S3”-4', 'UA-„S3“-4']) {
      expect(apiTag.safeParse(tag).success).toBe(false);
      expect(tagProblem(tag)?.key).toBe('tag.quote');
    }
  });

  it('when a manifest line has a quote left open, then the line is refused, not taken as a tag', () => {
    const { lines, problems } = parseManifestCsv('tag,affiliation\nUA-S3-0003,UA\n"UA-S3-0004,UA\n"UA-S3-0005",UA\n');
    expect(lines.map((l) => l.tag)).toEqual(['UA-S3-0003', 'UA-S3-0005']);
    expect(problems).toEqual([{ line: 3, key: 'tag.quote' }]);
  });
});

describe('the field app words', () => {
  const CATALOGUES = { uk, ru };

  it.each(Object.entries(CATALOGUES))('when the catalogue is %s, then it has every message', (_, catalogue) => {
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.entries(CATALOGUES))(
    'when the catalogue is %s, then what a person reads is translated and what a file must hold is named as such',
    (_, catalogue) => {
      const texts = Object.values(catalogue).flatMap((m) => (typeof m === 'string' ? [m] : Object.values(m)));
      // The key's name (Enter) only beside its translation, in brackets; no "API".
      expect(texts.filter((t) => /\bAPI\b/.test(t))).toEqual([]);
      expect(texts.filter((t) => /\bEnter\b/.test(t) && !/\(Enter\)/.test(t))).toEqual([]);
      // The column names a file must hold are kept, said to be kept, and translated beside them.
      const format = catalogue['manifest.format'] as string;
      expect(format).toMatch(/tag,affiliation \(\S+, \S+\)$/);
      expect(catalogue['app.title']).not.toBe(en['app.title']);
    },
  );
});
