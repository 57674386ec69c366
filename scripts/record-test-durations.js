#!/usr/bin/env node
// Records each test file's seconds from a whole run's Jest report into
// test/durations.json, which test/setup/sequencer.js uses to balance the
// shards of `npm test`. Run after a full run on a quiet machine:
//   npm test -- --json --outputFile=reports/jest.json && npm run test:durations
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const reportFile = path.resolve(root, process.argv[2] ?? 'reports/jest.json');
const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
const durations = {};
for (const r of report.testResults) {
  const file = path.relative(root, r.name).split(path.sep).join('/');
  // Jest's --json report gives each file's startTime and endTime (ms).
  const seconds = (r.endTime - r.startTime) / 1000;
  if (seconds > 0) durations[file] = Math.round(seconds * 10) / 10;
}
const sorted = Object.fromEntries(Object.entries(durations).sort(([a], [b]) => (a < b ? -1 : 1)));
fs.writeFileSync(path.join(root, 'test', 'durations.json'), `${JSON.stringify(sorted, null, 2)}\n`);
console.log(`${Object.keys(sorted).length} files recorded in test/durations.json from ${path.relative(root, reportFile)}`);
