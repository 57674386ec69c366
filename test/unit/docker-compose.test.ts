import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { CONFIG_KEYS } from '../../src/config';
import { SERVER_DYNAMIC_CONFIG } from '../../src/temporal/server-settings';
import { ENTRY_POINTS, releaseOutputs, ROOT } from '../helpers/release-build';

/**
 * Checks docker-compose.yml as `docker-compose config` (Debian's v1 client) reads it: validated and
 * normalised (anchors, merges, ${VAR:-default}) without a daemon; then altered copies, each noticed.
 */

const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
const INSTALL = 'apt-get install -y --no-install-recommends docker-compose';

const SERVICES = ['postgresql', 'temporal', 'temporal-ui', 'temporal-search-attributes', 'migrate', 'api', 'worker'];
/** The services run from the app image, configured only through src/config.ts. */
const APP_SERVICES = ['api', 'worker', 'migrate', 'temporal-search-attributes'];
const LONG_RUNNING = ['api', 'worker'];
/** What `npm run build` produces from each source file (tsconfig.build.json). */
const BUILT = releaseOutputs();

type Port = string | number | { target: number | string; published?: number | string };
interface Service {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: Port[];
  volumes?: Array<string | { type?: string; source?: string; target?: string }>;
}
interface Compose {
  services?: Record<string, Service>;
}

interface ConfigRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** What an operator must set: the payload key (compose refuses to start without it). */
const OPERATOR_ENV = { PAYLOAD_KEYS: 'compose-test:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' };

function composeConfig(file: string, env: Record<string, string> = OPERATOR_ENV): Promise<ConfigRun> {
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

function environment(service: Service | undefined): Record<string, string> {
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

// Each check lists what is wrong; an empty list means it holds.
type Check = (compose: Compose) => string[];

const checks: Record<string, Check> = {
  services: (c) => SERVICES.filter((name) => !c.services?.[name]).map((name) => `service ${name} is missing`),

  appEnvironment: (c) =>
    APP_SERVICES.flatMap((name) => {
      const env = environment(c.services?.[name]);
      return [
        ...Object.keys(env)
          .filter((key) => !(CONFIG_KEYS as string[]).includes(key))
          .map((key) => `${name}: ${key} is not one of src/config.ts CONFIG_KEYS`),
        ...['DATABASE_URL', 'TEMPORAL_ADDRESS'].filter((key) => !env[key]).map((key) => `${name}: ${key} is not set`),
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
    const apiPort = environment(c.services?.api).API_PORT;
    if (ui.TEMPORAL_CODEC_ENDPOINT !== `http://localhost:${apiPort}/codec`) {
      problems.push(`temporal-ui: TEMPORAL_CODEC_ENDPOINT ${ui.TEMPORAL_CODEC_ENDPOINT} is not the API's /codec`);
    }
    if (ui.TEMPORAL_CODEC_INCLUDE_CREDENTIALS !== 'true') {
      problems.push(
        'temporal-ui: the codec requests do not include the operator session (TEMPORAL_CODEC_INCLUDE_CREDENTIALS)',
      );
    }
    const uiUrl = environment(c.services?.api).TEMPORAL_UI_URL;
    if (!ui.TEMPORAL_CORS_ORIGINS?.split(',').includes(uiUrl)) {
      problems.push(`the API's TEMPORAL_UI_URL ${uiUrl} (the codec server's CORS origin) is not the UI's origin`);
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

async function problemsOf(file: string): Promise<string[]> {
  const run = await composeConfig(file);
  if (run.exitCode !== 0) return [`docker-compose config exited ${run.exitCode}: ${run.stderr.trim()}`];
  const compose = parse(run.stdout) as Compose;
  return Object.values(checks).flatMap((check) => check(compose));
}

describe('docker-compose.yml', () => {
  let run: ConfigRun;
  let compose: Compose;

  beforeAll(async () => {
    run = await composeConfig(COMPOSE_FILE);
    compose = (parse(run.stdout) ?? {}) as Compose;
  }, 30_000);

  it('when Temporal starts, then it has the server settings the dev server has (src/temporal/server-settings.ts)', () => {
    expect(checks.serverSettings(compose)).toEqual([]);
  });

  it('when docker-compose validates it, then it exits 0', () => {
    expect({ exitCode: run.exitCode, stderr: run.stderr.trim() }).toEqual({ exitCode: 0, stderr: '' });
  });

  it('when the stack starts, then PostgreSQL, Temporal, its UI, the one-shot jobs, API and worker are all there', () => {
    expect(checks.services(compose)).toEqual([]);
  });

  it('when the app services are configured, then only through CONFIG_KEYS, with DATABASE_URL and TEMPORAL_ADDRESS set', () => {
    expect(checks.appEnvironment(compose)).toEqual([]);
  });

  it("when the stack's worker polls, then it makes its Worker Deployment version current (one build per stack)", () => {
    expect(environment(compose.services?.worker).WORKER_MAKE_CURRENT).toBe('always');
    expect(environment(compose.services?.worker).WORKER_VERSIONING ?? 'on').toBe('on');
  });

  it('when the app services connect, then DATABASE_URL is on postgresql and TEMPORAL_ADDRESS on temporal', () => {
    expect(checks.appTargets(compose)).toEqual([]);
  });

  it('when the Temporal UI connects, then it reaches the temporal service', () => {
    expect(checks.uiTarget(compose)).toEqual([]);
  });

  it('when the stack starts, then API and worker wait for migrate to complete and for Temporal', () => {
    expect(checks.startOrder(compose)).toEqual([]);
  });

  it('when the Web UI shows a history, then it decrypts through the API codec server with the operator session, and API and worker share the key', () => {
    expect(checks.codec(compose)).toEqual([]);
  });

  it('when PAYLOAD_KEYS is not set, then docker-compose refuses the stack and says so', async () => {
    const bare = await composeConfig(COMPOSE_FILE, {});
    expect(bare.exitCode).not.toBe(0);
    expect(bare.stderr).toContain('PAYLOAD_KEYS');
  });

  it('when the API listens, then its API_PORT is published', () => {
    expect(checks.apiPort(compose)).toEqual([]);
  });

  it('when the app image is built, then the Dockerfile it names exists', () => {
    expect(checks.build(compose)).toEqual([]);
  });

  it('when the app services run, then each runs its entry point from the release build with plain node', () => {
    expect(checks.commands(compose)).toEqual([]);
  });

  describe('when a copy loses a service or a wiring', () => {
    type Mutation = [
      what: string,
      expected: RegExp,
      mutate: (c: Compose & { services: Record<string, Service> }) => void,
    ];
    const env = (c: Compose, name: string) => c.services![name].environment as Record<string, string>;
    const deps = (c: Compose, name: string) => c.services![name].depends_on as Record<string, { condition?: string }>;

    const mutations: Mutation[] = [
      // Either this test's check or docker-compose itself (a dangling depends_on) notices.
      ...SERVICES.map((name): Mutation => [
        `service ${name} is removed`,
        new RegExp(`service '?${name}'? (is missing|which is undefined)`),
        (c) => delete c.services[name],
      ]),
      ['worker loses DATABASE_URL', /worker: DATABASE_URL is not set/, (c) => delete env(c, 'worker').DATABASE_URL],
      ['api loses TEMPORAL_ADDRESS', /api: TEMPORAL_ADDRESS is not set/, (c) => delete env(c, 'api').TEMPORAL_ADDRESS],
      [
        'api gets a variable outside CONFIG_KEYS',
        /api: NODE_ENV is not one of/,
        (c) => void (env(c, 'api').NODE_ENV = 'production'),
      ],
      [
        'migrate points DATABASE_URL at localhost',
        /migrate: DATABASE_URL .* is not on the postgresql service/,
        (c) => void (env(c, 'migrate').DATABASE_URL = 'postgresql://u:p@localhost:5432/db'),
      ],
      [
        'worker points TEMPORAL_ADDRESS at localhost',
        /worker: TEMPORAL_ADDRESS 127.0.0.1:7233 is not temporal:7233/,
        (c) => void (env(c, 'worker').TEMPORAL_ADDRESS = '127.0.0.1:7233'),
      ],
      [
        'the Temporal UI points at localhost',
        /temporal-ui: TEMPORAL_ADDRESS/,
        (c) => void (env(c, 'temporal-ui').TEMPORAL_ADDRESS = '127.0.0.1:7233'),
      ],
      ['api no longer waits for migrate', /api does not wait for migrate/, (c) => delete deps(c, 'api').migrate],
      [
        'worker waits only for migrate to start',
        /worker does not wait for migrate \(service_completed_successfully\)/,
        (c) => void (deps(c, 'worker').migrate = { condition: 'service_started' }),
      ],
      [
        'worker no longer waits for temporal',
        /worker does not wait for temporal \(/,
        (c) => delete deps(c, 'worker').temporal,
      ],
      ['api publishes no port', /api does not publish its API_PORT/, (c) => delete c.services.api.ports],
      [
        'api publishes another port',
        /api does not publish its API_PORT/,
        (c) => void (c.services.api.ports = ['3000:8080']),
      ],
      ['worker has no build', /worker has no build/, (c) => delete c.services.worker.build],
      [
        'the build names a folder without a Dockerfile',
        /api: build's Dockerfile .* does not exist/,
        (c) => void (c.services.api.build = { context: os.tmpdir(), dockerfile: 'no-such.Dockerfile' }),
      ],
      [
        'the search-attribute job runs something else',
        /temporal-search-attributes: command node -e 0 is not `node <file of the build>`/,
        (c) => void (c.services['temporal-search-attributes'].command = ['node', '-e', '0']),
      ],
      [
        'the worker runs its source through tsx',
        /worker: command tsx src\/main\/worker.ts is not `node <file of the build>`/,
        (c) => void (c.services.worker.command = ['tsx', 'src/main/worker.ts']),
      ],
      [
        'the API runs a file the build does not write',
        /api: command runs dist\/src\/main\/server.js, which the release build does not produce/,
        (c) => void (c.services.api.command = ['node', 'dist/src/main/server.js']),
      ],
      [
        'the worker runs the API',
        /worker: command runs dist\/src\/main\/api.js, not dist\/src\/main\/worker.js/,
        (c) => void (c.services.worker.command = ['node', 'dist/src/main/api.js']),
      ],
    ];

    const found = new Map<string, string[]>();
    let dir: string;

    // All copies are checked at once: each docker-compose run is a Python start-up.
    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'compose-test-'));
      await Promise.all(
        mutations.map(async ([what, , mutate], i) => {
          const copy = structuredClone(compose) as Compose & { services: Record<string, Service> };
          mutate(copy);
          const file = path.join(dir, `copy-${i}.yml`);
          writeFileSync(file, stringify(copy));
          found.set(what, await problemsOf(file));
        }),
      );
    }, 120_000);

    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it.each(mutations)('when %s, then the checks report it', (what, expected) => {
      expect(found.get(what)!.join('\n')).toMatch(expected);
    });

    it('when nothing is changed in the copy, then the checks report nothing', async () => {
      const file = path.join(dir, 'unchanged.yml');
      writeFileSync(file, stringify(compose));
      expect(await problemsOf(file)).toEqual([]);
    }, 30_000);
  });
});
