import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { bundleWorkflowCode } from '@temporalio/worker';
import { migrate } from '../../src/db/migrate';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { startDevServer } from '../../src/temporal/dev-server';
import { generatePayloadKey } from '../../src/temporal/codec';
import { BUNDLE_OPTIONS } from '../../src/temporal/worker';
import { findTemporalCli } from '../../src/tools';
import { startTestProvider } from '../helpers/identity';
import { freePort } from '../helpers/processes';
import { TEST_ENV, type TestState } from './state';

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The real parts every integration test uses: a Temporal dev server (in
 * memory, on a free port, with the project's search attributes), a fresh
 * PostgreSQL database with the migrations applied, on the server named by
 * TEST_DATABASE_URL (default: the machine's PostgreSQL), or an embedded
 * PostgreSQL when none answers, and the embedded OpenID Provider (its own
 * process, on a free port) people sign in at. Workflow code is bundled once per run.
 */
export default async function globalSetup(): Promise<void> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'repatriation-test-'));
  const state: TestState = { workDir, databaseName: '', adminUrl: '', temporalPid: 0 };

  let adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  if (!(await canConnect(adminUrl))) {
    const pg = await startEmbeddedPostgres(path.join(workDir, 'postgres'), await freePort());
    adminUrl = pg.url;
    state.embeddedPostgres = true;
    (globalThis as { __stopPostgres?: () => Promise<void> }).__stopPostgres = pg.stop;
  }
  const databaseName = `repatriation_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();
  await migrate(databaseUrl);
  Object.assign(state, { databaseName, adminUrl });

  const [server, bundle, identity] = await Promise.all([
    startDevServer({ cli: findTemporalCli(process.env.TEMPORAL_CLI), port: await freePort(), namespace: 'default' }),
    bundleWorkflowCode({ ...BUNDLE_OPTIONS, logger: quietLogger }),
    // People's tokens come from a real OpenID Provider, as in production.
    startTestProvider(workDir),
  ]);
  state.temporalPid = server.process.pid!;
  state.identityPid = identity.process.child.pid;
  (globalThis as { __stopTemporal?: () => Promise<void> }).__stopTemporal = server.stop;
  (globalThis as { __stopIdentity?: () => Promise<void> }).__stopIdentity = identity.stop;
  process.env[TEST_ENV.oidcIssuer] = identity.issuer;
  process.env[TEST_ENV.identityDir] = identity.dir;
  const bundlePath = path.join(workDir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);

  process.env[TEST_ENV.databaseUrl] = databaseUrl;
  process.env[TEST_ENV.temporalAddress] = server.address;
  process.env[TEST_ENV.workflowBundle] = bundlePath;
  // A key of the run's own: histories the tests write are encrypted like production's.
  process.env[TEST_ENV.payloadKeys] ??= generatePayloadKey('test-run');
  writeFileSync(path.join(workDir, 'state.json'), JSON.stringify(state));
  (globalThis as { __testState?: TestState }).__testState = state;
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
