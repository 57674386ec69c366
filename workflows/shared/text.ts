/**
 * What a text field may hold, in one place: the API's schemas are built from
 * it, and the workflows' update validators apply it again, so that a client
 * talking to Temporal directly cannot hand a workflow a value PostgreSQL
 * refuses (a NUL byte) or a reader cannot show (control characters, half of
 * a surrogate pair). Pure, usable from workflows and src/ alike.
 *
 * Two kinds of text:
 * - a **line** (identifiers such as tags, and short labels such as titles,
 *   names, venues, exchange points): printable characters and spaces only;
 * - **free text** (reasons, notes): the same, plus line breaks and tabs.
 */

import { InvalidInput } from './refusal';

export interface TextRule {
  /** Line breaks and tabs allowed. */
  multiline: boolean;
  /** At most this many characters (Unicode code points, as JSON Schema's maxLength counts them). */
  max: number;
}

/**
 * Quotes no tag carries: one in a tag is a spreadsheet's quoting left over (`"UA-S3-0004`) or a scanner's
 * stray key. The API (src/api/schemas.ts) and the field app refuse them; the workflows, which took them
 * before 1.0, still do. Written as a regular expression class's contents, escapes and all.
 */
export const TAG_QUOTES = '"\\u201C\\u201D\\u201E';
const TAG_QUOTE = new RegExp(`[${TAG_QUOTES}]`);
export const holdsTagQuote = (tag: string) => TAG_QUOTE.test(tag);

/** The lengths the API has always accepted; the workflows enforce the same. */
export const TEXT = {
  tag: { multiline: false, max: 64 },
  reference: { multiline: false, max: 64 },
  title: { multiline: false, max: 200 },
  partyName: { multiline: false, max: 100 },
  venue: { multiline: false, max: 200 },
  exchangePoint: { multiline: false, max: 200 },
  affiliation: { multiline: false, max: 100 },
  declaredName: { multiline: false, max: 200 },
  principal: { multiline: false, max: 200 },
  reason: { multiline: true, max: 1000 },
  note: { multiline: true, max: 200 },
} as const satisfies Record<string, TextRule>;

// C0 controls except tab, line feed and carriage return; DEL; C1 controls.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK = /[\t\n\r\u2028\u2029\u0085]/;
// Bidirectional embeddings, overrides and isolates: they make a one-line value read as something else.
const BIDI_OVERRIDE = /[\u202A-\u202E\u2066-\u2069]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Unicode noncharacters: U+FDD0–U+FDEF and the last two code points of every plane.
const NONCHARACTER =
  /[\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/;

/** How many characters `value` holds: code points (a pair of surrogates is one, a lone half one too). */
export function codePoints(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why `value` is not acceptable text under `rule`, or undefined. The answer
 * names the offending character by its code point, never the value itself
 * (it may be personal data).
 */
export function textProblem(value: unknown, rule: TextRule): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (!value.trim()) return 'must not be empty';
  if (codePoints(value) > rule.max) return `must be at most ${rule.max} characters`;
  return characterProblem(value, rule);
}

/** Why `value` holds a character its rule refuses, or undefined (the API checks emptiness and length apart). */
export function characterProblem(value: string, rule: Pick<TextRule, 'multiline'>): string | undefined {
  const lone = LONE_SURROGATE.exec(value);
  if (lone) return `must be valid Unicode text (half of a surrogate pair, ${codePoint(lone[0])}, is not)`;
  const control = CONTROL.exec(value);
  if (control) return `must not contain control characters (${codePoint(control[0])})`;
  if (NONCHARACTER.test(value)) return 'must not contain Unicode noncharacters';
  if (!rule.multiline) {
    const brk = LINE_BREAK.exec(value);
    if (brk) return `must be a single line, without line breaks or tabs (${codePoint(brk[0])})`;
    const bidi = BIDI_OVERRIDE.exec(value);
    if (bidi) return `must not contain bidirectional overrides (${codePoint(bidi[0])})`;
  }
  return undefined;
}

/** A JSON pointer (RFC 6901) from a path: ['lines', 2, 'tag'] → "/lines/2/tag". */
export const pointerTo = (path: Array<string | number>): string =>
  '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** Throws InvalidInput when `value` at `path` breaks `rule`. */
export function assertText(value: unknown, rule: TextRule, path: Array<string | number>): void {
  const problem = textProblem(value, rule);
  if (problem) throw new InvalidInput(pointerTo(path), problem);
}

/** Like assertText, for a field that may be absent. */
export function assertOptionalText(value: unknown, rule: TextRule, path: Array<string | number>): void {
  if (value !== undefined) assertText(value, rule, path);
}
