import { parseManifestCsv } from '../../app/src/csv';
import type { Plural } from '../../app/src/catalogue';
import en from '../../app/src/messages/en';
import ru from '../../app/src/messages/ru';
import uk from '../../app/src/messages/uk';

/** The field app's pure parts: reading a manifest file, and its message catalogues. */

describe('a manifest CSV', () => {
  it('when it has a header, blank lines, quotes, CRLF and a byte-order mark, then it reads the tags and declared affiliations', () => {
    const text = '\uFEFFtag,affiliation\r\nRU-1,"UA"\r\n\r\n RU-2 ;\r\nRU-3\r\n';
    expect(parseManifestCsv(text)).toEqual({
      lines: [{ tag: 'RU-1', declaredAffiliation: 'UA' }, { tag: 'RU-2' }, { tag: 'RU-3' }],
      problems: [],
    });
  });

  it('when a file uses semicolons, then they separate its columns', () => {
    expect(parseManifestCsv('RU-1;UA\nRU-2;UA').lines).toEqual([
      { tag: 'RU-1', declaredAffiliation: 'UA' },
      { tag: 'RU-2', declaredAffiliation: 'UA' },
    ]);
  });

  it('when lines are wrong, then each problem names its line, and the wrong lines are left out', () => {
    const long = 'X'.repeat(65);
    const { lines, problems } = parseManifestCsv(`RU-1\nRU-1\n,UA\n${long}\nRU-2,UA,Ivanov`);
    expect(problems).toEqual([
      { line: 2, key: 'csv.duplicate', params: { tag: 'RU-1', first: 1 } },
      { line: 3, key: 'csv.emptyTag' },
      { line: 4, key: 'csv.tagTooLong', params: { max: 64 } },
      { line: 5, key: 'csv.tooManyColumns' },
    ]);
    expect(lines.map((l) => l.tag)).toEqual(['RU-1', 'RU-2']);
  });

  it('when a file is empty, then it says so instead of sending an empty manifest', () => {
    expect(parseManifestCsv('\n\n')).toEqual({ lines: [], problems: [{ line: 0, key: 'csv.empty' }] });
  });
});

describe('the message catalogues', () => {
  const catalogues = { uk, ru } as Record<string, Record<string, string | Plural>>;

  it.each(Object.keys(catalogues))('when the app speaks %s, then every English message has its translation', (code) => {
    expect(Object.keys(catalogues[code]).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(catalogues))(
    'when a %s message changes with a number, then it has the one, few and many forms the language needs',
    (code) => {
      // A translation whose wording does not change with the number is a plain text.
      for (const [key, message] of Object.entries(catalogues[code])) {
        if (typeof message === 'string') continue;
        expect({ key, forms: Object.keys(message).sort() }).toEqual({
          key,
          forms: expect.arrayContaining(['few', 'many', 'one', 'other']),
        });
      }
    },
  );

  it('when a message names a value, then every translation names the same values', () => {
    const names = (m: string | Plural) =>
      [...new Set((typeof m === 'string' ? m : Object.values(m).join(' ')).match(/\{\w+\}/g) ?? [])].sort();
    for (const code of Object.keys(catalogues)) {
      for (const [key, message] of Object.entries(en)) {
        expect({ code, key, names: names(catalogues[code][key]) }).toEqual({ code, key, names: names(message) });
      }
    }
  });
});
