/**
 * The text rules of workflows/shared/text.ts as JSON Schema patterns, so that
 * a client validates a field before sending it: the OpenAPI document states
 * what the server checks. ECMA-262 with the `u` flag (JSON Schema's reading),
 * and the same under Python's `re` and Rust's regex (outside testers'
 * validators and generators): classes of \uXXXX escapes only, no lookaround;
 * the noncharacters beyond the Basic Multilingual Plane are written as
 * themselves. Half a surrogate pair is no character to JSON Schema (I-JSON
 * refuses it, Rust's regex cannot name it), so no pattern names it: the
 * server refuses it all the same. test/unit/text-pattern.test.ts holds each
 * pattern to the rule it states, character by character.
 */

/** Refused in any text: controls (but tab and line breaks) and noncharacters. */
const NONCHARACTERS_BEYOND_BMP = Array.from({ length: 16 }, (_, i) => (i + 1) * 0x10000)
  .map((plane) => String.fromCodePoint(plane + 0xfffe, plane + 0xffff))
  .join('');
const REFUSED = `\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF\\uFFFE\\uFFFF${NONCHARACTERS_BEYOND_BMP}`;
/** Refused besides in a line: tab and line breaks, bidirectional embeddings, overrides and isolates. */
const REFUSED_IN_LINE = '\\t\\n\\r\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069';
/** What JavaScript's trim() takes off (WhiteSpace and LineTerminator): a field that is trimmed may start or end with it. */
const TRIMMED = '\\t\\n\\u000B\\u000C\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF';
/** The same, less the characters refused in any text: spaces a value may hold inside. */
const SPACES = '\\t\\n\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF';
const SPACES_IN_LINE = ' \\u00A0\\u1680\\u2000-\\u200A\\u202F\\u205F\\u3000\\uFEFF';

export interface TextShape {
  /** Line breaks and tabs allowed. */
  multiline: boolean;
  /**
   * What may stand around the value: `trimmed` (the server trims it, so any whitespace, even a tab in a line),
   * `kept` (taken as sent: spaces the value may hold), `none` (a tag: not even a space).
   */
  edges: 'trimmed' | 'kept' | 'none';
  /** No '@' and no run of more than 6 digits (free text that must not carry contacts or personal numbers). */
  noPersonalData?: boolean;
  /** Characters refused besides, as a pattern class's contents (a tag's quotes). */
  alsoRefused?: string;
}

/** The pattern of a text field: at least one character that is not a space, and none its rule refuses. */
export function textPattern({ multiline, edges, noPersonalData, alsoRefused = '' }: TextShape): string {
  const refused = REFUSED + (multiline ? '' : REFUSED_IN_LINE) + alsoRefused;
  const spaces = multiline ? SPACES : SPACES_IN_LINE;
  const around = edges === 'trimmed' ? TRIMMED : edges === 'kept' ? spaces : '';
  const edge = around ? `[${around}]*` : '';
  if (!noPersonalData) {
    // A first and a last character that are not spaces, anything allowed between.
    const solid = `[^${refused}${TRIMMED}]`;
    return `^${edge}${solid}(?:[^${refused}]*${solid})?${edge}$`;
  }
  // Runs of at most 6 digits between runs of other characters; the first character after the edge is not a space.
  const other = `[^${refused}@0-9]`;
  const solid = `[^${refused}${TRIMMED}@0-9]`;
  return `^${edge}(?:${solid}[0-9]{0,6}|[0-9]{1,6})(?:${other}+[0-9]{1,6})*${other}*${edge}$`;
}
