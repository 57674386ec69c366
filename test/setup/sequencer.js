// How `npm test` splits the suite between its shards (scripts/test.js runs one
// Jest per shard, each with a stack of its own). Jest's default shards by a
// hash of the path, which on this suite put most of the slow files in one
// shard; here each file goes, longest first, to the shard with the least time
// so far, by the durations of a whole run recorded in test/durations.json
// (`npm run test:durations` records them again). A file not yet recorded
// counts as the median. Within a shard the longest run first, so that a short
// file never waits alone at the end.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

const ROOT = path.resolve(__dirname, '..', '..');
const DURATIONS = path.join(__dirname, '..', 'durations.json');

function recorded() {
  try {
    return JSON.parse(fs.readFileSync(DURATIONS, 'utf8'));
  } catch {
    return {};
  }
}

function median(values) {
  if (values.length === 0) return 1;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Each test's expected seconds, by its path relative to the repository. */
function expectedSeconds(tests) {
  const durations = recorded();
  const fallback = median(Object.values(durations));
  const key = (test) => path.relative(ROOT, test.path).split(path.sep).join('/');
  return new Map(tests.map((test) => [test, durations[key(test)] ?? fallback]));
}

/** The files of one shard: greedy longest-first onto the least-loaded shard. */
function assign(tests, shardCount) {
  const seconds = expectedSeconds(tests);
  const byLength = [...tests].sort(
    (a, b) => seconds.get(b) - seconds.get(a) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  const shards = Array.from({ length: shardCount }, () => ({ total: 0, tests: [] }));
  for (const test of byLength) {
    const lightest = shards.reduce((min, s) => (s.total < min.total ? s : min));
    lightest.total += seconds.get(test);
    lightest.tests.push(test);
  }
  return shards;
}

class BalancedSequencer extends Sequencer {
  shard(tests, { shardIndex, shardCount }) {
    return assign(tests, shardCount)[shardIndex - 1].tests;
  }

  sort(tests) {
    const seconds = expectedSeconds(tests);
    return [...tests].sort((a, b) => seconds.get(b) - seconds.get(a));
  }
}

module.exports = BalancedSequencer;
module.exports.assign = assign;
