#!/usr/bin/env node
// The static checks `npm test` runs before Jest: the type-check of the service,
// of the field app, and ESLint's type-aware rules. Each is one single-threaded
// process, so they run side by side (one per core) rather than one after the
// other; each one's output is printed whole once it ends, and the run fails if
// any of them fails. Plain Node, like scripts/setup.js.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const CHECKS = [
  { name: 'tsc --noEmit', command: bin('tsc'), args: ['--noEmit'] },
  { name: 'tsc --noEmit -p app', command: bin('tsc'), args: ['--noEmit', '-p', 'app'] },
  { name: 'eslint .', command: bin('eslint'), args: ['.'] },
];

function run({ name, command, args }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', (err) => resolve({ name, ok: false, output: `${err.message}\n`, seconds: 0 }));
    child.on('close', (code, signal) => {
      const seconds = (Date.now() - started) / 1000;
      resolve({ name, ok: code === 0, output, seconds, status: signal ?? code });
    });
  });
}

Promise.all(CHECKS.map((check) => run(check).then(report))).then((results) => {
  process.exitCode = results.every((r) => r.ok) ? 0 : 1;
});

function report(r) {
  if (r.output) process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
  console.log(`${r.ok ? 'ok' : 'FAILED'}: ${r.name} (${r.seconds.toFixed(1)} s${r.ok ? '' : `, exit ${r.status}`})`);
  return r;
}
