// `npm run dev`: the whole stack on its embedded defaults, in one command.
// Temporal dev server (with Web UI) and PostgreSQL run as child processes with
// their data under DATA_DIR (default .data), so a restart keeps every operation;
// the OpenID Provider people sign in at (unless OIDC_ISSUER names another), the
// worker and the API run in this process. Ctrl-C stops all of it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, uiOrigins, type Config } from '../config';
import { freePort, isAlive as alive } from '../processes';
import { issueDemoTokensOnce } from '../api/tokens';
import { createDemoPeopleOnce, peopleFilePath } from '../identity/people';
import { startIdentityProvider } from '../identity/provider';
import { createDb } from '../db';
import { migrate } from '../db/migrate';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { createLogger, type Logger } from '../logger';
import { generatePayloadKey, parsePayloadKeys, type PayloadKey } from '../temporal/codec';
import { startDevServer } from '../temporal/dev-server';
import { CODEC_PATH, startUiProxy } from '../temporal/ui-proxy';
import { installWorkerRuntime, workerMetricsUrl } from '../temporal/runtime';
import { caseTaskQueue } from '../temporal/worker';
import { findTemporalCli } from '../tools';
import { startApi } from './api';
import { passwordLines } from './identity';
import { failStart, onShutdownSignal } from './lifecycle';
import { startWorker } from './worker';

/** A Temporal server left behind by a start that was killed outright would hold the ports. */
async function stopLeftoverTemporal(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  if (!cmdline.includes('start-dev')) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
}

/**
 * Without PAYLOAD_KEYS, the development start makes a key once and keeps it in
 * its data folder (readable by its owner only): a restart must decrypt the
 * histories it wrote before.
 */
function devPayloadKeys(dataDir: string): PayloadKey[] {
  const file = path.join(dataDir, 'payload-keys');
  if (!existsSync(file)) writeFileSync(file, generatePayloadKey('dev-1'), { mode: 0o600, flag: 'wx' });
  return parsePayloadKeys(readFileSync(file, 'utf8'));
}

/**
 * People sign in at the embedded OpenID Provider, unless OIDC_ISSUER points the API at an organisation's own.
 * The provider sends operators back to the Web UI at the address this start serves it (`uiUrl`).
 */
async function startSignIn(base: Config, uiUrl: string, logger: Logger, stops: Array<() => Promise<void>>) {
  if (base.oidc) return { oidc: base.oidc, demoPeople: [] };
  const demoPeople = await createDemoPeopleOnce(peopleFilePath(base.identity.dataDir));
  const settings = loadConfig({ ...process.env, TEMPORAL_UI_URL: uiUrl }).identity;
  const identity = await startIdentityProvider(settings, logger);
  stops.push(identity.stop);
  return { oidc: loadConfig({ ...process.env, OIDC_ISSUER: identity.issuer }).oidc, demoPeople };
}

async function main() {
  const base = loadConfig();
  const logger = createLogger(base.logLevel, 'dev');
  const cli = findTemporalCli(base.temporal.cli);
  const temporalDir = path.join(base.dataDir, 'temporal');
  mkdirSync(temporalDir, { recursive: true });

  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  onShutdownSignal(logger, stopAll);

  let databaseUrl = base.databaseUrl;
  let postgresData = '';
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres(path.join(base.dataDir, 'postgres'), base.dev.postgresPort);
    stops.push(pg.stop);
    databaseUrl = pg.url;
    // As root in a private folder, PostgreSQL's data lives where its own user can reach it.
    if (pg.dataDir !== path.join(base.dataDir, 'postgres')) postgresData = ` (data in ${pg.dataDir})`;
  }
  const applied = await migrate(databaseUrl);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const tokenDb = createDb(databaseUrl);
  const demoTokens = await issueDemoTokensOnce(tokenDb).finally(() => tokenDb.$disconnect());

  const pidFile = path.join(temporalDir, 'server.pid');
  await stopLeftoverTemporal(pidFile);
  const temporal = await startDevServer({
    cli,
    dbFile: path.join(temporalDir, 'dev.sqlite'),
    port: base.dev.temporalPort,
    // Temporal's own UI listens on a port of its own; operators use it through the proxy below.
    uiPort: await freePort(),
    namespace: base.temporal.namespace,
    // The Web UI decrypts payloads through the API's codec server at a path of its own origin (the proxy),
    // which signs operators in and hands the codec server their access token.
    uiCodecEndpoint: CODEC_PATH,
  });
  writeFileSync(pidFile, String(temporal.process.pid));
  stops.push(temporal.stop);
  // The advertised UI address: the Web UI with the codec server under the same origin.
  const ui = await startUiProxy({
    host: '127.0.0.1',
    port: base.dev.temporalUiPort,
    ui: temporal.uiUrl!,
    api: `http://${base.api.host === '0.0.0.0' ? '127.0.0.1' : base.api.host}:${base.api.port}`,
  });
  stops.push(ui.close);

  const { oidc, demoPeople } = await startSignIn(base, ui.url, logger, stops);

  const config: Config = {
    ...base,
    oidc,
    temporal: { ...base.temporal, address: temporal.address, uiUrl: ui.url },
    payloadKeys: base.payloadKeys ?? devPayloadKeys(base.dataDir),
    // The Web UI this start runs, unless CODEC_CORS_ORIGINS names others.
    codec: { corsOrigins: process.env.CODEC_CORS_ORIGINS ? base.codec.corsOrigins : uiOrigins(ui.url) },
    // The code this start runs is the code that serves: its version is made current once it polls.
    worker: {
      ...base.worker,
      deployment: base.worker.deployment && {
        ...base.worker.deployment,
        makeCurrent: process.env.WORKER_MAKE_CURRENT ? base.worker.deployment.makeCurrent : 'always',
      },
    },
  };
  // This process owns shutdown; the SDK must not act on signals by itself.
  // Once, before the worker: SDK warnings to pino as JSON, Core metrics to Prometheus.
  installWorkerRuntime({ logger, metricsAddress: config.worker.metricsAddress, shutdownSignals: [], minLevel: 'WARN' });
  const worker = await startWorker(config, databaseUrl, logger);
  stops.push(worker.stop);
  const api = await startApi(config, databaseUrl, logger);
  stops.push(api.stop);

  const redacted = databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  console.log(`
  Repatriation operations orchestrator is running.

    API               ${api.url}
    API docs          ${api.url}/docs
    Field app         ${api.url}/app/  (liaisons and field staff)
    Sign-in (OpenID)  ${config.oidc!.issuer}  (${base.oidc ? 'OIDC_ISSUER' : `embedded provider; npm run identity -- list`})
    Readiness         ${api.url}/readyz
    API metrics       ${api.url}/metrics
    Worker metrics    ${config.worker.metricsAddress ? workerMetricsUrl(config.worker.metricsAddress) : 'off (WORKER_METRICS_ADDRESS=off)'}
    Temporal Web UI   ${ui.url}  (operators sign in through the OpenID provider; ${ui.url}/auth/sign-out)
    Codec server      ${ui.url}${CODEC_PATH}  (the Web UI decrypts through it with the operator's sign-in; the CLI with OPERATOR_TOKEN)
    Worker version    ${worker.version ?? 'unversioned (WORKER_VERSIONING=off)'}  (npm run versions)
    Temporal gRPC     ${temporal.address} (namespace ${config.temporal.namespace}, task queues ${config.temporal.taskQueue} and ${caseTaskQueue(config.temporal.taskQueue)})
    PostgreSQL        ${redacted}${postgresData}
    Data folder       ${config.dataDir}

  Press Ctrl-C to stop; starting again keeps every operation.
`);
  // Shown this once: only their hashes are stored. `npm run identity` and `npm run tokens` make more.
  if (demoPeople.length) console.log(passwordLines(config.oidc!.issuer, demoPeople).join('\n'));
  if (demoTokens.length) {
    console.log('  API tokens (service accounts: scripts, curl, the codec CLI; shown once, keep them):\n');
    for (const t of demoTokens) {
      console.log(`    ${`${t.principal} (${t.role}${t.party ? ` ${t.party}` : ''})`.padEnd(36)} ${t.token}`);
    }
    console.log('');
  }
  // A worker that dies on its own takes the stack down rather than leaving a silent API.
  worker.done.catch(async (err: Error) => {
    logger.error({ err: { message: err.message } }, 'worker failed');
    await stopAll();
    process.exit(1);
  });
}

main().catch(failStart);
