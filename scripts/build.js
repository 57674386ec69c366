#!/usr/bin/env node
// The release build (`npm run build`), run with plain Node after `npm ci` (dev
// dependencies included). dist/ then holds everything the API, the worker and
// the operator tools need besides node_modules, and runs with plain `node`:
//  1. the Prisma client (generated offline) and the field app, as scripts/setup.js makes them;
//  2. src/, workflows/ and activities/ compiled to CommonJS (tsconfig.build.json), in the
//     repository's layout, so that paths resolved from __dirname keep their meaning;
//  3. the files those paths name, copied beside the code: app/dist and prisma/migrations;
//  4. the workflow bundle, built once here with the worker's own BUNDLE_OPTIONS and
//     loaded by the worker at start (src/temporal/worker.ts: defaultWorkflowBundle);
//  5. dist/build-info.json: the release and its commit (BUILD_COMMIT, else git's HEAD), which
//     the worker's build ID is made of where git is absent (src/temporal/deployment.ts).
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureFieldApp, ensurePrismaClient } = require('./setup');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
/** Files and folders the compiled code reads at run time, relative to the root (and so to dist/). */
const RUNTIME_FILES = [path.join('app', 'dist'), path.join('prisma', 'migrations')];

function step(what, fn) {
  const started = Date.now();
  const result = fn();
  return Promise.resolve(result).then((value) => {
    console.log(`build: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return value;
  });
}

async function buildWorkflowBundle() {
  // The compiled worker module: its BUNDLE_OPTIONS name the compiled workflows/ and failure converter.
  const { BUNDLE_OPTIONS, BUILT_WORKFLOW_BUNDLE } = require(path.join(dist, 'src', 'temporal', 'worker.js'));
  if (path.dirname(BUILT_WORKFLOW_BUNDLE) !== dist) {
    throw new Error(`the worker looks for its bundle at ${BUILT_WORKFLOW_BUNDLE}, outside ${dist}`);
  }
  const { bundleWorkflowCode } = require('@temporalio/worker');
  const quiet = {
    log: () => undefined,
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => console.warn(message),
    error: (message) => console.error(message),
  };
  const { code } = await bundleWorkflowCode({ ...BUNDLE_OPTIONS, logger: quiet });
  fs.writeFileSync(BUILT_WORKFLOW_BUNDLE, code);
}

function buildInfo() {
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  let commit = process.env.BUILD_COMMIT || undefined;
  if (!commit) {
    try {
      commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    } catch {
      console.warn('build: no BUILD_COMMIT and no git: the build ID will be the version alone');
    }
  }
  if (commit && !/^[0-9a-f]{7,40}$/.test(commit)) throw new Error(`BUILD_COMMIT ${commit} is not a commit hash`);
  fs.writeFileSync(path.join(dist, 'build-info.json'), `${JSON.stringify({ version, commit }, null, 2)}\n`);
}

async function main() {
  await step('Prisma client and field app ready', () => {
    ensurePrismaClient();
    ensureFieldApp();
  });
  fs.rmSync(dist, { recursive: true, force: true });
  await step('compiled to dist/ (tsconfig.build.json)', () =>
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'inherit',
    }),
  );
  await step(`copied ${RUNTIME_FILES.join(', ')}`, () => {
    for (const rel of RUNTIME_FILES) fs.cpSync(path.join(root, rel), path.join(dist, rel), { recursive: true });
  });
  await step('workflow bundle written to dist/workflow-bundle.js', buildWorkflowBundle);
  await step('dist/build-info.json written', buildInfo);
}

// test/unit/release-build.test.ts holds RUNTIME_FILES to the paths the code reads.
module.exports = { RUNTIME_FILES };

if (require.main === module) {
  main().catch((err) => {
    console.error(`build failed: ${err.message}`);
    process.exit(1);
  });
}
