import { assertText, characterProblem, TEXT, textProblem } from '../../workflows/shared/text';
import { InvalidInput } from '../../workflows/shared/refusal';
import { reason, tag, text } from '../../src/api/schemas';

/** The one rule for text fields, as the workflows apply it and as the API's schemas are built from it. */

const LINE = TEXT.title;
const FREE = TEXT.reason;

describe('the text rule', () => {
  it.each([
    ['plain words', 'Repatriation of June 2025'],
    ['letters of other scripts and accents', 'Обмін на кордоні — Şahin, Zoë, 張偉'],
    ['an emoji (a surrogate pair)', 'convoy 🚚 late'],
    ['a zero-width joiner inside a name', 'مریم\u200Cزاده'],
  ])('when a line holds %s, then it is accepted', (_what, value) => {
    expect(textProblem(value, LINE)).toBeUndefined();
  });

  it.each([
    ['a NUL character', 'a \u0000 b', /control characters \(U\+0000\)/],
    ['an escape character', 'a\u001B[31m', /control characters \(U\+001B\)/],
    ['DEL', 'a\u007F', /control characters \(U\+007F\)/],
    ['a C1 control', 'a\u0085b', /control characters \(U\+0085\)/],
    ['a lone high surrogate', 'a\uD800b', /surrogate pair, U\+D800/],
    ['a lone low surrogate', '\uDC00', /surrogate pair, U\+DC00/],
    ['a noncharacter', 'a\uFFFE', /noncharacters/],
    ['a noncharacter of a supplementary plane', 'a\uD83F\uDFFF', /noncharacters/],
    ['a line break', 'a\nb', /single line.*U\+000A/],
    ['a tab', 'a\tb', /single line.*U\+0009/],
    ['a line separator', 'a\u2028b', /single line.*U\+2028/],
    ['a right-to-left override', 'tag\u202Egpj', /bidirectional overrides \(U\+202E\)/],
    ['only spaces', '   ', /must not be empty/],
    ['one character too many', 'x'.repeat(201), /at most 200 characters/],
    ['a number', 42, /must be a string/],
  ])('when a line holds %s, then it is refused naming the character, not the value', (_what, value, why) => {
    expect(textProblem(value, LINE)).toMatch(why);
  });

  it('when free text holds line breaks and tabs, then it is accepted; control characters are still refused', () => {
    expect(textProblem('Convoy stopped.\r\n\tRoad closed.', FREE)).toBeUndefined();
    expect(textProblem('Convoy\u0000stopped', FREE)).toMatch(/U\+0000/);
    expect(characterProblem('bidi \u202E in a reason', FREE)).toBeUndefined();
  });

  it('when a workflow validator meets a bad field, then it throws InvalidInput with a JSON pointer to it', () => {
    const thrown = (() => {
      try {
        assertText('T\u00001', TEXT.tag, ['lines', 3, 'tag']);
      } catch (err) {
        return err;
      }
    })();
    expect(thrown).toBeInstanceOf(InvalidInput);
    expect(thrown).toMatchObject({
      pointer: '/lines/3/tag',
      message: '/lines/3/tag must not contain control characters (U+0000)',
    });
  });
});

describe('the API text schemas built from the rule', () => {
  it('when a title is padded with spaces, then it is trimmed; when it holds a NUL, then it is refused', () => {
    expect(text(LINE).parse('  June  ')).toBe('June');
    const refused = text(LINE).safeParse('a \u0000 b');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => i.message)).toEqual(['must not contain control characters (U+0000)']);
  });

  it('when a tag has spaces around it or a line break in it, then it is refused; a reason may span lines', () => {
    expect(tag.safeParse(' T1').error?.issues[0].message).toBe('must not start or end with spaces');
    expect(tag.safeParse('T\n1').error?.issues[0].message).toMatch(/single line/);
    expect(reason.parse('First line.\nSecond line.')).toBe('First line.\nSecond line.');
  });

  it('when a tag holds a quote, straight or curly, then it is refused naming it; an apostrophe passes', () => {
    for (const quoted of ['"UA-S3-0004', 'UA-S3-0004"', 'UA-\u201CS3', 'UA-\u201ES3\u201D']) {
      expect(tag.safeParse(quoted).error?.issues.map((i) => i.message)).toEqual([
        'must not hold a quote (a spreadsheet quote left open?)',
      ]);
    }
    expect(tag.parse("UA-O'BRIEN-1")).toBe("UA-O'BRIEN-1");
  });
});
