#!/usr/bin/env node
// The suite's runner behind `npm test`: one Jest per shard, side by side, each
// with a Temporal dev server and a PostgreSQL database of its own (Jest's
// global set-up runs once per process), so shards share nothing a test could
// trip over. Most of a stack test's time is spent waiting on workflows, timers
// and other processes, so two shards on two cores finish in well under the
// time of one. test/setup/sequencer.js decides which file runs in which shard.
//
//   node scripts/test.js [jest arguments]      TEST_SHARDS=n (default 2; 1 runs Jest as is)
//
// Each shard's lines are printed as they come, marked [i/n]; with
// --json --outputFile=<file>, the shards' reports are merged into <file>.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const jest = path.join(root, 'node_modules', '.bin', 'jest');

function shardCount() {
  const raw = process.env.TEST_SHARDS ?? '2';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 8) {
    console.error(`TEST_SHARDS must be a whole number from 1 to 8 (got "${raw}")`);
    process.exit(2);
  }
  return n;
}

/** The arguments without --json/--outputFile, and the report file asked for (if any). */
function splitReportArgs(args) {
  const rest = [];
  let outputFile;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') continue;
    if (a.startsWith('--outputFile=')) outputFile = a.slice('--outputFile='.length);
    else if (a === '--outputFile') outputFile = args[++i];
    else rest.push(a);
  }
  return { rest, outputFile };
}

function relay(stream, into, mark) {
  let pending = '';
  stream.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) into.write(`${mark}${line}\n`);
  });
  stream.on('end', () => pending && into.write(`${mark}${pending}\n`));
}

function runShard(index, count, args, reportFile, children) {
  return new Promise((resolve) => {
    const child = spawn(
      jest,
      [`--shard=${index}/${count}`, '--passWithNoTests', ...args, '--json', `--outputFile=${reportFile}`],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TEST_SHARD: `${index}/${count}` } },
    );
    children.push(child);
    const mark = `[${index}/${count}] `;
    relay(child.stdout, process.stdout, mark);
    relay(child.stderr, process.stderr, mark);
    child.on('error', (err) => {
      console.error(`${mark}${err.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

const SUMMED = [
  'numTotalTests',
  'numPassedTests',
  'numFailedTests',
  'numPendingTests',
  'numTodoTests',
  'numTotalTestSuites',
  'numPassedTestSuites',
  'numFailedTestSuites',
  'numPendingTestSuites',
  'numRuntimeErrorTestSuites',
];

/** One report as Jest would have written it for the whole run. */
function merge(reports) {
  const merged = { ...reports[0], testResults: [] };
  for (const key of SUMMED) merged[key] = reports.reduce((sum, r) => sum + (r[key] ?? 0), 0);
  merged.success = reports.every((r) => r.success);
  merged.startTime = Math.min(...reports.map((r) => r.startTime));
  merged.wasInterrupted = reports.some((r) => r.wasInterrupted);
  merged.testResults = reports.flatMap((r) => r.testResults);
  return merged;
}

function readReport(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function main() {
  const count = shardCount();
  const args = process.argv.slice(2);
  if (count === 1) {
    const child = spawn(jest, args, { cwd: root, stdio: 'inherit' });
    child.on('close', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
    return;
  }
  const { rest, outputFile } = splitReportArgs(args);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repatriation-shards-'));
  const files = Array.from({ length: count }, (_, i) => path.join(dir, `shard-${i + 1}.json`));
  const children = [];
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => children.forEach((c) => c.kill(signal)));
  }
  const started = Date.now();
  const codes = await Promise.all(files.map((file, i) => runShard(i + 1, count, rest, file, children)));

  const reports = files.map(readReport);
  const missing = reports.flatMap((r, i) => (r ? [] : [`${i + 1}/${count}`]));
  const present = reports.filter(Boolean);
  if (present.length > 0) {
    const merged = merge(present);
    if (outputFile) {
      fs.mkdirSync(path.dirname(path.resolve(root, outputFile)), { recursive: true });
      fs.writeFileSync(path.resolve(root, outputFile), JSON.stringify(merged));
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(
      `\nAll ${count} shards: ${merged.numPassedTests} passed, ${merged.numFailedTests} failed, ` +
        `${merged.numRuntimeErrorTestSuites} files that could not run, in ${seconds} s`,
    );
  }
  if (missing.length > 0) console.error(`No report from shard ${missing.join(', ')}: it ended before Jest wrote one.`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(codes.every((c) => c === 0) && missing.length === 0 ? 0 : 1);
}

main();
