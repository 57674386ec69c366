import fc from 'fast-check';

/**
 * Generated input for the API's property tests (test/api/write-routes.property.test.ts): strings, numbers and
 * JSON shapes near a valid body, spoilt path segments, content types, Idempotency-Keys and raw text.
 */

// Strings PostgreSQL or a reader cannot take, and the edges of every rule.
const NASTY = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\u202Egnp.exe',
  '\u0085',
  '\u001B[31m',
  'tab\there',
  'line\nbreak',
  ' ',
  '',
  '\uFFFE',
  '%00',
  '../../etc/passwd',
  'null',
  '😀'.repeat(40),
  'x'.repeat(1_001),
  'y'.repeat(70_000),
];
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
export const weirdString = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: codeUnit, maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
);
const weirdNumber = fc.oneof(
  fc.integer(),
  fc.constantFrom(-1, 0, 1.5, 1_000_001, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
export const weird: fc.Arbitrary<unknown> = fc.oneof(
  weirdString,
  weirdNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(weirdString, { maxLength: 3 }),
  fc.dictionary(weirdString, weirdString, { maxKeys: 3 }),
);

type Path = Array<string | number>;
/** Every position in a JSON value: the root, each member and element. */
function positions(value: unknown, at: Path = []): Path[] {
  const inner =
    value && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) => positions(v, [...at, Array.isArray(value) ? Number(k) : k]))
      : [];
  return [at, ...inner];
}
function replaced(value: unknown, at: Path, by: unknown, remove = false): unknown {
  if (at.length === 0) return remove ? undefined : by;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [head, ...rest] = at;
  if (remove && rest.length === 0) {
    if (Array.isArray(copy)) copy.splice(Number(head), 1);
    else delete copy[head];
  } else copy[head] = replaced(copy[head], rest, by, remove);
  return copy;
}

/** Bodies near the valid one (one place changed, added or removed), and anything at all. */
export function bodies(valid: unknown): fc.Arbitrary<unknown> {
  const at = positions(valid);
  const members = at.filter((p) => p.length > 0);
  const place = fc.nat().map((i) => at[i % at.length]);
  return fc.oneof(
    { weight: 5, arbitrary: fc.tuple(place, weird).map(([p, v]) => replaced(valid, p, v)) },
    { weight: 1, arbitrary: fc.tuple(weirdString, weird).map(([k, v]) => ({ ...(valid as object), [k]: v })) },
    ...(members.length
      ? [{ weight: 1, arbitrary: fc.nat().map((i) => replaced(valid, members[i % members.length], undefined, true)) }]
      : []),
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

/** A path parameter spoilt: a generated string percent-encoded, or raw text a client may send undecoded. */
const RAW_SEGMENTS = ['%', '%FF', '%ED%A0%80', '%00', '%2F', '..', '%E2%80%AE', '%C0%AF'];
export const spoiltSegment = fc.oneof(
  { weight: 3, arbitrary: weirdString.map(percentEncoded) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
);

/** Percent-encoding as a client does it, byte by byte of the UTF-8 (a lone surrogate goes as U+FFFD). */
export function percentEncoded(v: string): string {
  return [...Buffer.from(v, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');
}

/** What goes on the wire besides the body: a content type (mostly JSON) and, sometimes, an Idempotency-Key. */
export const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
      'application/merge-patch+json',
    ),
  },
);
const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
export const idempotencyKey = fc.option(fc.oneof(fc.string({ unit: printable, minLength: 0, maxLength: 140 }), fc.uuid()), {
  freq: 4,
});
/** Bytes that are not JSON, or not a whole JSON text, sent as JSON. */
export const rawText = fc.oneof(
  fc.constantFrom('{', '{"a":', '\u0000', '[1,]', "{'a':1}", '{"a":1}{"b":2}', 'NaN', '"\\ud800"', ''),
  fc.string({ unit: codeUnit, maxLength: 40 }),
);
