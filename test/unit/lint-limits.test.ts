import { lintTexts, lines, sizeLimitFindings, type Finding } from '../helpers/lint-text';

/**
 * Issue 21's limits, kept by eslint.config.mjs and so by `npm run lint` (as
 * errors): no file over 400 lines, no function over 120, counted as real lines
 * (blanks and comments too), in every part of the source but generated code.
 * Each text is linted as if it were the file it is keyed by; then the whole
 * tree is, and nothing in it is over either limit.
 */

/** A file of `count` lines, each a statement the other rules accept. */
const fileOf = (count: number) =>
  lines(...Array.from({ length: count }, (_, i) => (i % 10 === 9 ? '' : `export const line${i} = ${i};`)));

/** A function of `count` lines from its signature to its closing brace, with a comment and a blank line inside. */
const functionOf = (count: number) =>
  lines(
    'export function tally(): number {',
    '  // a comment counts',
    '',
    '  let sum = 0;',
    ...Array.from({ length: count - 6 }, (_, i) => `  sum += ${i};`),
    '  return sum;',
    '}',
  );

let found: Record<string, Finding[]>;
beforeAll(() => {
  found = lintTexts({
    'src/api/lint-limits-401.ts': fileOf(401),
    'test/helpers/lint-limits-400.ts': fileOf(400),
    'bench/lib/lint-limits-121.ts': functionOf(121),
    'workflows/shared/lint-limits-120.ts': functionOf(120),
    'src/client/api-types.ts': fileOf(401) + functionOf(121),
  });
}, 180_000);

const flagged = (file: string, rule: string) => found[file].filter((f) => f.rule === rule);

describe('lint: the size limits of issue 21', () => {
  it('when a file has 401 lines, then max-lines flags it as an error, and at 400 it passes', () => {
    expect(flagged('src/api/lint-limits-401.ts', 'max-lines')).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/too many lines \(401\)\. Maximum allowed is 400/),
        severity: 2,
      }),
    ]);
    expect(found['test/helpers/lint-limits-400.ts']).toEqual([]);
  });

  it('when a function has 121 lines, counting its comment and blank line, then it is flagged as an error, and at 120 it passes', () => {
    expect(functionOf(121).split('\n')).toHaveLength(122);
    expect(flagged('bench/lib/lint-limits-121.ts', 'max-lines-per-function')).toEqual([
      expect.objectContaining({
        line: 1,
        message: expect.stringMatching(/'tally' has too many lines \(121\)\. Maximum allowed is 120/),
        severity: 2,
      }),
    ]);
    expect(found['workflows/shared/lint-limits-120.ts']).toEqual([]);
  });

  it('when the file is generated (the typed client), then neither limit applies', () => {
    expect(found['src/client/api-types.ts'].filter((f) => f.rule.startsWith('max-lines'))).toEqual([]);
  });
});

// The tree itself is held to the limits by `npm run lint` (scripts/check.js in `npm test`), where they are errors.
describe('lint: the size limits across the tree', () => {
  it('when a file over both limits is linted with the tree, then the scan names the file, the line and the limit', () => {
    const { files, findings } = sizeLimitFindings([], {
      'src/api/size-scan-401.ts': fileOf(401),
      'bench/lib/size-scan-121.ts': functionOf(121),
    });
    expect(files).toEqual(['src/api/size-scan-401.ts', 'bench/lib/size-scan-121.ts']);
    expect(findings.map((f) => [f.file, f.line, f.rule, f.severity])).toEqual([
      ['src/api/size-scan-401.ts', 401, 'max-lines', 2],
      ['bench/lib/size-scan-121.ts', 1, 'max-lines-per-function', 2],
    ]);
  }, 60_000);
});
