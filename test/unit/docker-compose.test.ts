import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import {
  checks,
  COMPOSE_FILE,
  composeConfig,
  environment,
  problemsOf,
  SERVICES,
  type Compose,
  type ConfigRun,
  type Service,
} from '../helpers/compose-checks';

/**
 * Checks docker-compose.yml as `docker-compose config` (Debian's v1 client) reads it: validated and
 * normalised (anchors, merges, ${VAR:-default}) without a daemon; then altered copies, each noticed.
 */

// docker-compose.yml as docker-compose reads it, for the checks of the file and for its altered copies.
let run: ConfigRun;
let compose: Compose;
beforeAll(async () => {
  run = await composeConfig(COMPOSE_FILE);
  compose = (parse(run.stdout) ?? {}) as Compose;
}, 30_000);

describe('docker-compose.yml', () => {
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

  it("when the Web UI shows a history, then it decrypts through the API's codec server at the proxy's /codec, and API and worker share the key", () => {
    expect(checks.codec(compose)).toEqual([]);
  });

  it('when PAYLOAD_KEYS is not set, then docker-compose refuses the stack and says so', async () => {
    const bare = await composeConfig(COMPOSE_FILE, {});
    expect(bare.exitCode).not.toBe(0);
    expect(bare.stderr).toContain('PAYLOAD_KEYS');
  });

  it('when people sign in, then the API trusts the identity service, fetches its keys on the network, and browsers reach it', () => {
    expect(checks.identity(compose)).toEqual([]);
  });

  it('when a browser opens the Web UI, then only its sign-in proxy is published, naming the UI, the API and the provider on the network', () => {
    expect(checks.uiProxy(compose)).toEqual([]);
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
});

type Copy = Compose & { services: Record<string, Service> };
const apiEnv = (c: Copy) => c.services.api.environment as Record<string, string>;
/** The identity service's wiring, spoilt in a copy. */
const IDENTITY_MUTATIONS: Array<[what: string, expected: RegExp, mutate: (c: Copy) => void]> = [
  [
    'the API trusts another issuer',
    /api: OIDC_ISSUER https:\/\/elsewhere.example is not the identity service's issuer/,
    (c) => void (apiEnv(c).OIDC_ISSUER = 'https://elsewhere.example'),
  ],
  [
    'the API fetches the keys from localhost',
    /api: OIDC_JWKS_URL http:\/\/localhost:3001\/jwks is not on the identity service's port/,
    (c) => void (apiEnv(c).OIDC_JWKS_URL = 'http://localhost:3001/jwks'),
  ],
  [
    'identity publishes no port',
    /identity does not publish its IDENTITY_PORT/,
    (c) => delete c.services.identity.ports,
  ],
];

const proxyEnv = (c: Copy) => c.services['temporal-ui-proxy'].environment as Record<string, string>;
/** The Web UI's sign-in proxy's wiring, spoilt in a copy. */
const UI_PROXY_MUTATIONS: Array<[what: string, expected: RegExp, mutate: (c: Copy) => void]> = [
  [
    'temporal-ui publishes its port again',
    /temporal-ui publishes a port: the Web UI would be open/,
    (c) => void (c.services['temporal-ui'].ports = ['8234:8080']),
  ],
  [
    'the proxy publishes no port',
    /temporal-ui-proxy does not publish its UI_PROXY_PORT 8233/,
    (c) => delete c.services['temporal-ui-proxy'].ports,
  ],
  [
    'the proxy is published elsewhere than TEMPORAL_UI_URL',
    /temporal-ui-proxy does not publish .* on the host's port 8233/,
    (c) => void (c.services['temporal-ui-proxy'].ports = ['9233:8233']),
  ],
  [
    "the proxy's UI upstream is localhost",
    /UI_PROXY_UPSTREAM http:\/\/localhost:8080 is not the temporal-ui service/,
    (c) => void (proxyEnv(c).UI_PROXY_UPSTREAM = 'http://localhost:8080'),
  ],
  [
    "the proxy's API is on another port",
    /UI_PROXY_API_URL http:\/\/api:8080 is not the api service/,
    (c) => void (proxyEnv(c).UI_PROXY_API_URL = 'http://api:8080'),
  ],
  [
    'the proxy reaches the provider at its browser address',
    /UI_PROXY_PROVIDER_URL http:\/\/localhost:3001 is not the identity service/,
    (c) => void (proxyEnv(c).UI_PROXY_PROVIDER_URL = 'http://localhost:3001'),
  ],
  [
    'the UI decrypts at the API directly',
    /TEMPORAL_CODEC_ENDPOINT http:\/\/localhost:3000\/codec is not the proxy's \/codec/,
    (c) =>
      void ((c.services['temporal-ui'].environment as Record<string, string>).TEMPORAL_CODEC_ENDPOINT =
        'http://localhost:3000/codec'),
  ],
  [
    'the proxy runs the API',
    /temporal-ui-proxy: command runs dist\/src\/main\/api.js, not dist\/src\/main\/ui-proxy.js/,
    (c) => void (c.services['temporal-ui-proxy'].command = ['node', 'dist/src/main/api.js']),
  ],
  [
    'the proxy gets a variable outside CONFIG_KEYS',
    /temporal-ui-proxy: UPSTREAM is not one of/,
    (c) => void (proxyEnv(c).UPSTREAM = 'http://temporal-ui:8080'),
  ],
];

describe('docker-compose.yml, when a copy loses a service or a wiring', () => {
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
    ...IDENTITY_MUTATIONS,
    ...UI_PROXY_MUTATIONS,
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
