import fc from 'fast-check';
import { z } from 'zod';
import { reason, tag, text } from '../../src/api/schemas';
import { codePoints, TEXT, textProblem } from '../../workflows/shared/text';
import '../../src/api/app'; // the routes declare their schemas (a field note, a discrepancy statement)
import { declaredEndpoints } from '../../src/api/endpoint';

/**
 * The OpenAPI document states each text field's rule as minLength, maxLength
 * and pattern (src/api/text-pattern.ts): a value is within them exactly when
 * the server accepts it, so a client that validates against the document is
 * never refused for a character, and never stopped before sending what the
 * server would take.
 */

/** A request body field's schema, as the route declares it. */
function field(operationId: string, name: string): z.ZodType {
  const e = declaredEndpoints().find((d) => d.operationId === operationId)!;
  return (e.body as z.ZodObject).shape[name] as z.ZodType;
}

const FIELDS: [string, () => z.ZodType][] = [
  ['a title (a line, trimmed)', () => text(TEXT.title)],
  ['a reason (free text, trimmed)', () => reason],
  ['a tag (exactly as written)', () => tag],
  ['an incident note (free text, no personal data)', () => field('recordIncident', 'note')],
  ['a discrepancy statement (free text, trimmed, no personal data)', () => field('reportDiscrepancy', 'statement')],
];

/** What the document says of a value: within minLength and maxLength (code points) and matching the pattern. */
function documentRule(schema: z.ZodType): (value: string) => boolean {
  const s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    minLength?: number;
    maxLength?: number;
    pattern?: string;
  };
  // The `u` flag: JSON Schema reads a pattern over code points.
  const pattern = new RegExp(s.pattern ?? '', 'u');
  return (value) => {
    const length = codePoints(value);
    return length >= (s.minLength ?? 0) && length <= (s.maxLength ?? Infinity) && pattern.test(value);
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Every character a rule names (controls, spaces JavaScript trims, breaks, bidi controls, noncharacters, halves
// of surrogate pairs, digits and '@'), ordinary letters of several planes, and any code unit at all.
const NAMED = [
  ...'\u0000\u0008\t\n\u000B\u000C\r\u000E\u001F \u007F\u0080\u0085\u009F\u00A0\u1680\u2000\u200A\u200C\u2028\u2029',
  ...'\u202A\u202E\u202F\u205F\u2066\u2069\u3000\uFDD0\uFDEF\uFEFF\uFFFD\uFFFE\uFFFF\uD800\uDBFF\uDC00\uDFFF',
  '\uD83F\uDFFE',
  '\uDBFF\uDFFF',
  '\uD83D\uDE9A',
  '\uD840\uDC00',
  ...'0123456789@"\'-. aZяß張\u201C\u201D\u201E',
];
const character = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NAMED) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const value = fc.oneof(
  fc.array(character, { maxLength: 12 }).map((cs) => cs.join('')),
  // Near the length limits: long runs, with spaces or digits around them.
  fc
    .tuple(
      fc.constantFrom('', ' ', '\t', '1234567', '\uD83D\uDE9A'),
      fc.nat(1_010),
      fc.constantFrom('x', '7', '\uD83D\uDE9A'),
    )
    .map(([edge, n, c]) => edge + c.repeat(n) + edge),
);

describe('the text patterns of the OpenAPI document', () => {
  it.each(FIELDS)('when %s is generated, then the document takes it exactly when the server does', (_what, of) => {
    const schema = of();
    const documentTakes = documentRule(schema);
    fc.assert(
      fc.property(value, (v) => {
        // Half a surrogate pair makes no JSON Schema string (I-JSON refuses it): the server refuses it, below.
        fc.pre(!LONE_SURROGATE.test(v));
        expect({ v, takes: documentTakes(v) }).toEqual({ v, takes: schema.safeParse(v).success });
      }),
      { numRuns: 2_000 },
    );
  });

  it.each(FIELDS)('when %s holds half a surrogate pair, then the server refuses it', (_what, of) => {
    for (const v of ['a\uD800b', '\uDFFFx', 'x\uDBFF']) expect(of().safeParse(v).success).toBe(false);
  });

  it.each([
    ['an emoji, which JavaScript counts as 2', '\uD83D\uDE9A'.repeat(64), true],
    ['one character too many', '\uD83D\uDE9A'.repeat(65), false],
  ])(
    'when a tag holds %s, then its length is counted in characters (code points), as maxLength counts',
    (_w, v, ok) => {
      expect(tag.safeParse(v).success).toBe(ok);
      expect(textProblem(v, TEXT.tag) === undefined).toBe(ok);
      expect(documentRule(tag)(v)).toBe(ok);
    },
  );
});
