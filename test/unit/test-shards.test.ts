import path from 'node:path';

// The sequencer is the plain-JavaScript module Jest loads (test/setup/sequencer.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { assign } = require('../setup/sequencer.js') as {
  assign: (tests: { path: string }[], shardCount: number) => { total: number; tests: { path: string }[] }[];
};

const ROOT = path.resolve(__dirname, '..', '..');
const test = (file: string) => ({ path: path.join(ROOT, file) });

describe('the shards of npm test', () => {
  it('when the suite is split, then every file runs in exactly one shard', () => {
    const tests = ['test/e2e/faults.test.ts', 'test/api/access.test.ts', 'test/unit/csv.test.ts', 'test/x/new.test.ts'].map(test);
    const shards = assign(tests, 2);
    const placed = shards.flatMap((s) => s.tests.map((t) => t.path)).sort();
    expect(placed).toEqual(tests.map((t) => t.path).sort());
  });

  it('when files take unequal times, then the slowest ones go to different shards', () => {
    const shards = assign(['test/e2e/dev-start.test.ts', 'test/e2e/faults.test.ts', 'test/unit/csv.test.ts'].map(test), 2);
    const shardOf = (file: string) => shards.findIndex((s) => s.tests.some((t) => t.path.endsWith(file)));
    expect(shardOf('dev-start.test.ts')).not.toBe(shardOf('faults.test.ts'));
  });

  it('when there are more shards than files, then the extra shards are empty, not failing', () => {
    expect(assign([test('test/unit/csv.test.ts')], 3).map((s) => s.tests.length)).toEqual([1, 0, 0]);
  });
});
