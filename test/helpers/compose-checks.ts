import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_KEYS } from '../../src/config';
import { SERVER_DYNAMIC_CONFIG } from '../../src/temporal/server-settings';
import { CODEC_PATH } from '../../src/temporal/ui-proxy';
import { ENTRY_POINTS, releaseOutputs, ROOT } from './release-build';

/**
 * docker-compose.yml as `docker-compose config` (Debian's v1 client) reads it, validated and normalised
 * without a daemon, and the checks test/unit/docker-compose.test.ts holds it and its altered copies to.
 */

export const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
const INSTALL = 'apt-get install -y --no-install-recommends docker-compose';

export const SERVICES = [
  'postgresql',
  'temporal',
  'temporal-ui',
  'temporal-ui-proxy',
  'temporal-search-attributes',
  'migrate',
  'identity',
  'api',
  'worker',
];
/** The services run from the app image, configured only through src/config.ts. */
const APP_SERVICES = ['api', 'worker', 'migrate', 'temporal-search-attributes', 'identity', 'temporal-ui-proxy'];
/** The Web UI's sign-in proxy needs neither the database nor Temporal (nor the payload key). */
const ON_THE_STACK = APP_SERVICES.filter((name) => name !== 'temporal-ui-proxy');
/** Where temporalio/ui listens in its container unless TEMPORAL_UI_PORT says otherwise. */
const UI_CONTAINER_PORT = '8080';
const LONG_RUNNING = ['api', 'worker'];
/** What `npm run build` produces from each source file (tsconfig.build.json). */
const BUILT = releaseOutputs();

type Port = string | number | { target: number | string; published?: number | string };
export interface Service {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: Port[];
  volumes?: Array<string | { type?: string; source?: string; target?: string }>;
}
export interface Compose {
  services?: Record<string, Service>;
}

export interface ConfigRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** What an operator must set: the payload key (compose refuses to start without it). */
const OPERATOR_ENV = { PAYLOAD_KEYS: 'compose-test:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' };

/** `docker-compose config` on `file`, with only `env` (and PATH) set. */
export function composeConfig(file: string, env: Record<string, string> = OPERATOR_ENV): Promise<ConfigRun> {
  return new Promise((resolve, reject) => {
    // PATH only: variables of the calling shell (TEMPORAL_NAMESPACE, ...) must not change what is checked.
    execFile(
      'docker-compose',
      ['-f', file, 'config'],
      { env: { PATH: process.env.PATH, ...env } },
      (err, stdout, stderr) => {
        if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
          reject(new Error(`docker-compose is not on PATH; install Debian's client with: ${INSTALL}`));
          return;
        }
        resolve({ exitCode: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** A service's environment as a map, whichever form (list or map) the file gives it in. */
export function environment(service: Service | undefined): Record<string, string> {
  const env = service?.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => [entry.split('=')[0], entry.split('=').slice(1).join('=')]));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v == null ? '' : String(v)]));
}

/** Each dependency with its condition (a bare list means service_started). */
function dependencies(service: Service | undefined): Record<string, string> {
  const deps = service?.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d?.condition ?? 'service_started']));
}

/** host:port of a gRPC address such as TEMPORAL_ADDRESS. */
function hostPort(address: string | undefined): { host?: string; port?: string } {
  const match = /^([^\s:]+):(\d+)$/.exec(address ?? '');
  return match ? { host: match[1], port: match[2] } : {};
}

function urlHost(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '').hostname;
  } catch {
    return undefined;
  }
}

function portTarget(port: Port): string {
  if (typeof port === 'object') return String(port.target);
  return String(port).split('/')[0].split(':').pop()!;
}

/** The host's port of a published one (as `docker-compose config` writes it: { published, target }). */
function portPublished(port: Port): string | undefined {
  if (typeof port === 'object') return port.published === undefined ? undefined : String(port.published);
  const parts = String(port).split('/')[0].split(':');
  return parts.length > 1 ? parts[parts.length - 2] : undefined;
}

/** Whether `url` is http://<service>:<port> on the compose network. */
function onService(url: string | undefined, service: string, port: string | undefined): boolean {
  try {
    const u = new URL(url ?? '');
    return u.protocol === 'http:' && u.hostname === service && u.port === port;
  } catch {
    return false;
  }
}

// Each check lists what is wrong; an empty list means it holds.
type Check = (compose: Compose) => string[];

export const checks: Record<string, Check> = {
  services: (c) => SERVICES.filter((name) => !c.services?.[name]).map((name) => `service ${name} is missing`),

  appEnvironment: (c) =>
    APP_SERVICES.flatMap((name) => {
      const env = environment(c.services?.[name]);
      return [
        ...Object.keys(env)
          .filter((key) => !(CONFIG_KEYS as string[]).includes(key))
          .map((key) => `${name}: ${key} is not one of src/config.ts CONFIG_KEYS`),
        ...['DATABASE_URL', 'TEMPORAL_ADDRESS']
          .filter((key) => ON_THE_STACK.includes(name) && !env[key])
          .map((key) => `${name}: ${key} is not set`),
      ];
    }),

  appTargets: (c) =>
    APP_SERVICES.flatMap((name) => {
      const env = environment(c.services?.[name]);
      const problems: string[] = [];
      if (env.DATABASE_URL && urlHost(env.DATABASE_URL) !== 'postgresql') {
        problems.push(`${name}: DATABASE_URL ${env.DATABASE_URL} is not on the postgresql service`);
      }
      const temporal = hostPort(env.TEMPORAL_ADDRESS);
      if (env.TEMPORAL_ADDRESS && (temporal.host !== 'temporal' || temporal.port !== '7233')) {
        problems.push(`${name}: TEMPORAL_ADDRESS ${env.TEMPORAL_ADDRESS} is not temporal:7233`);
      }
      return problems;
    }),

  uiTarget: (c) => {
    const address = environment(c.services?.['temporal-ui']).TEMPORAL_ADDRESS;
    return hostPort(address).host === 'temporal'
      ? []
      : [`temporal-ui: TEMPORAL_ADDRESS ${address} is not the temporal service`];
  },

  startOrder: (c) => {
    const wanted: Array<[string, string, string]> = [
      ['migrate', 'postgresql', 'service_healthy'],
      ['temporal', 'postgresql', 'service_healthy'],
      ['temporal-search-attributes', 'temporal', 'service_healthy'],
      ...LONG_RUNNING.flatMap((name): Array<[string, string, string]> => [
        [name, 'migrate', 'service_completed_successfully'],
        [name, 'temporal', 'service_healthy'],
        [name, 'temporal-search-attributes', 'service_completed_successfully'],
      ]),
    ];
    return wanted
      .filter(([name, dep, condition]) => dependencies(c.services?.[name])[dep] !== condition)
      .map(([name, dep, condition]) => `${name} does not wait for ${dep} (${condition})`);
  },

  codec: (c) => {
    const ui = environment(c.services?.['temporal-ui']);
    const problems = APP_SERVICES.filter((name) => LONG_RUNNING.includes(name))
      .filter((name) => environment(c.services?.[name]).PAYLOAD_KEYS !== OPERATOR_ENV.PAYLOAD_KEYS)
      .map((name) => `${name}: PAYLOAD_KEYS is not the operator's key`);
    // The codec server at /codec of the UI's own origin: the proxy's, which adds the operator's access token.
    const uiUrl = environment(c.services?.api).TEMPORAL_UI_URL;
    if (![CODEC_PATH, `${uiUrl}${CODEC_PATH}`].includes(ui.TEMPORAL_CODEC_ENDPOINT)) {
      problems.push(
        `temporal-ui: TEMPORAL_CODEC_ENDPOINT ${ui.TEMPORAL_CODEC_ENDPOINT} is not the proxy's ${CODEC_PATH} (on the UI's origin)`,
      );
    }
    if (ui.TEMPORAL_CODEC_INCLUDE_CREDENTIALS !== 'true') {
      problems.push(
        'temporal-ui: the codec requests do not include the operator session (TEMPORAL_CODEC_INCLUDE_CREDENTIALS)',
      );
    }
    if (!ui.TEMPORAL_CORS_ORIGINS?.split(',').includes(uiUrl)) {
      problems.push(`the API's TEMPORAL_UI_URL ${uiUrl} (the codec server's CORS origin) is not the UI's origin`);
    }
    return problems;
  },

  // People sign in at the identity service: the API trusts its issuer (as browsers on the host know it) and
  // fetches its keys on the compose network; it publishes its port and sends browsers back to the API's pages.
  identity: (c) => {
    const idp = environment(c.services?.identity);
    const api = environment(c.services?.api);
    const problems: string[] = [];
    if (!idp.IDENTITY_ISSUER || api.OIDC_ISSUER !== idp.IDENTITY_ISSUER) {
      problems.push(`api: OIDC_ISSUER ${api.OIDC_ISSUER} is not the identity service's issuer ${idp.IDENTITY_ISSUER}`);
    }
    const jwks = api.OIDC_JWKS_URL ? new URL(api.OIDC_JWKS_URL) : undefined;
    if (jwks?.hostname !== 'identity' || jwks.port !== idp.IDENTITY_PORT) {
      problems.push(
        `api: OIDC_JWKS_URL ${api.OIDC_JWKS_URL} is not on the identity service's port ${idp.IDENTITY_PORT}`,
      );
    }
    if (!(c.services?.identity?.ports ?? []).some((p) => portTarget(p) === idp.IDENTITY_PORT)) {
      problems.push(`identity does not publish its IDENTITY_PORT ${idp.IDENTITY_PORT}`);
    }
    if (!(idp.IDENTITY_REDIRECT_URIS ?? '').split(',').includes(`http://localhost:${api.API_PORT}/app/`)) {
      problems.push("identity: IDENTITY_REDIRECT_URIS does not send browsers back to the API's field app");
    }
    return problems;
  },

  // The Web UI has no sign-in: only its proxy is published, where the API's links (TEMPORAL_UI_URL) point, and
  // it names the UI, the API and the provider by their services on the compose network.
  uiProxy: (c) => {
    const proxy = c.services?.['temporal-ui-proxy'];
    const env = environment(proxy);
    const api = environment(c.services?.api);
    const idp = environment(c.services?.identity);
    const problems: string[] = [];
    if ((c.services?.['temporal-ui']?.ports ?? []).length) {
      problems.push('temporal-ui publishes a port: the Web UI would be open to anyone without signing in');
    }
    const uiPort = new URL(api.TEMPORAL_UI_URL ?? 'http://invalid').port;
    const published = (proxy?.ports ?? []).some(
      (p) => portTarget(p) === env.UI_PROXY_PORT && portPublished(p) === uiPort,
    );
    if (!published) {
      problems.push(
        `temporal-ui-proxy does not publish its UI_PROXY_PORT ${env.UI_PROXY_PORT} on the host's port ${uiPort} (TEMPORAL_UI_URL)`,
      );
    }
    const uiContainerPort = environment(c.services?.['temporal-ui']).TEMPORAL_UI_PORT || UI_CONTAINER_PORT;
    if (!onService(env.UI_PROXY_UPSTREAM, 'temporal-ui', uiContainerPort)) {
      problems.push(
        `temporal-ui-proxy: UI_PROXY_UPSTREAM ${env.UI_PROXY_UPSTREAM} is not the temporal-ui service (http://temporal-ui:${uiContainerPort})`,
      );
    }
    if (!onService(env.UI_PROXY_API_URL, 'api', api.API_PORT)) {
      problems.push(
        `temporal-ui-proxy: UI_PROXY_API_URL ${env.UI_PROXY_API_URL} is not the api service (http://api:${api.API_PORT})`,
      );
    }
    // The embedded provider: browsers know it by its issuer, the proxy reaches it on the network.
    if (
      api.OIDC_ISSUER === idp.IDENTITY_ISSUER &&
      !onService(env.UI_PROXY_PROVIDER_URL, 'identity', idp.IDENTITY_PORT)
    ) {
      problems.push(
        `temporal-ui-proxy: UI_PROXY_PROVIDER_URL ${env.UI_PROXY_PROVIDER_URL} is not the identity service (http://identity:${idp.IDENTITY_PORT})`,
      );
    }
    if (!(idp.IDENTITY_REDIRECT_URIS ?? '').split(',').includes(`${api.TEMPORAL_UI_URL}/auth/callback`)) {
      problems.push(
        "identity: IDENTITY_REDIRECT_URIS does not send operators back to the Web UI proxy's /auth/callback",
      );
    }
    return problems;
  },

  apiPort: (c) => {
    const api = c.services?.api;
    const port = environment(api).API_PORT;
    return (api?.ports ?? []).some((p) => portTarget(p) === port) ? [] : [`api does not publish its API_PORT ${port}`];
  },

  build: (c) =>
    APP_SERVICES.flatMap((name) => {
      const build = c.services?.[name]?.build;
      if (!build) return [`${name} has no build (the app image)`];
      const { context, dockerfile = 'Dockerfile' } = typeof build === 'string' ? { context: build } : build;
      const file = path.resolve(context, dockerfile);
      return existsSync(file) ? [] : [`${name}: build's Dockerfile ${file} does not exist`];
    }),

  serverSettings: (c) => {
    const temporal = c.services?.temporal;
    const target = environment(temporal).DYNAMIC_CONFIG_FILE_PATH;
    if (!target) return ['temporal: no DYNAMIC_CONFIG_FILE_PATH (the server settings the service relies on)'];
    const mount = (temporal?.volumes ?? [])
      .map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v))
      .find((v) => v.target === target);
    if (!mount?.source) return [`temporal: nothing is mounted at ${target}`];
    const file = path.resolve(ROOT, mount.source);
    if (!existsSync(file)) return [`temporal: ${file} does not exist`];
    const settings = parse(readFileSync(file, 'utf8')) as Record<string, Array<{ value: unknown }>>;
    return Object.entries(SERVER_DYNAMIC_CONFIG)
      .filter(([key, value]) => settings?.[key]?.[0]?.value !== value)
      .map(([key, value]) => `temporal: ${key} is not ${value} in ${mount.source}`);
  },

  // Plain node on a file the release build writes: no tsx, no npm (whose `sh -c` would not pass SIGTERM on).
  commands: (c) =>
    APP_SERVICES.flatMap((name) => {
      const command = [c.services?.[name]?.command ?? []].flat().join(' ').split(/\s+/);
      const [runner, file] = command;
      const wanted = BUILT.get(ENTRY_POINTS[name]) ?? `the build of ${ENTRY_POINTS[name]}`;
      if (runner !== 'node' || command.length !== 2)
        return [`${name}: command ${command.join(' ')} is not \`node <file of the build>\``];
      if (![...BUILT.values()].includes(file))
        return [`${name}: command runs ${file}, which the release build does not produce`];
      return file === wanted ? [] : [`${name}: command runs ${file}, not ${wanted}`];
    }),
};

/** Every problem the checks find in a compose file as `docker-compose config` reads it. */
export async function problemsOf(file: string): Promise<string[]> {
  const run = await composeConfig(file);
  if (run.exitCode !== 0) return [`docker-compose config exited ${run.exitCode}: ${run.stderr.trim()}`];
  const compose = parse(run.stdout) as Compose;
  return Object.values(checks).flatMap((check) => check(compose));
}
