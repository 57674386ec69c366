import path from 'node:path';
import { msToNumber, type Duration } from '@temporalio/common';
import { z } from 'zod';
import { parsePayloadKeys, type PayloadKey } from './temporal/codec';
import {
  identityEnv,
  identityProviderConfig,
  oidcConfig,
  type IdentityProviderConfig,
  type OidcConfig,
} from './identity/config';

/**
 * The one place where settings are read from the environment. Every process
 * (API, worker, development start, tests) builds its settings here, so a
 * wrong or missing value fails at start with a message naming the variable.
 */

const port = z.coerce.number().int().min(1).max(65535);
/** A duration as Temporal reads it: '3 days', '12 hours', '90s', '500ms'. */
const duration = z.string().refine(
  (value) => {
    try {
      return msToNumber(value as Duration) > 0;
    } catch {
      return false;
    }
  },
  { message: "must be a duration such as '3 days', '12 hours' or '90s'" },
);
/** An upstream on the private network: the proxy speaks plain HTTP to it (TLS ends in front of the proxy). */
const httpUrl = z
  .string()
  .regex(/^http:\/\/[^\s/?#]+\/?$/, 'must be http://host:port, no path (e.g. http://temporal-ui:8080)');
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const schema = z.object({
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection string')
    .optional(),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'must be host:port')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('repatriation'),
  TEMPORAL_UI_URL: z.url().default('http://127.0.0.1:8233'),
  TEMPORAL_CLI: z.string().min(1).optional(),
  // Payload encryption: id:base64key[,id:base64key...], current key first (see src/temporal/codec.ts).
  PAYLOAD_KEYS: z
    .string()
    .transform((value, ctx) => {
      try {
        return parsePayloadKeys(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  // Keys the blind index of missing persons' names (base64 of 32 random bytes); to move the index to a
  // new key, put it first and keep the old one after it (comma-separated) until `npm run reindex:names` ran.
  SEARCH_INDEX_KEY: z
    .string()
    .transform((value, ctx) => {
      const keys = value.split(',').map((k) => Buffer.from(k.trim(), 'base64'));
      const wrong = keys.findIndex((k) => k.length !== 32);
      if (wrong < 0) return keys;
      ctx.addIssue({ code: 'custom', message: `key ${wrong + 1}: must be 32 bytes, base64-encoded` });
      return z.NEVER;
    })
    .optional(),
  // Web UI origins allowed to call the codec server from the browser (comma-separated).
  CODEC_CORS_ORIGINS: z.string().min(1).optional(),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  LOG_LEVEL: logLevel.default('info'),
  // The worker's Temporal SDK metrics (Prometheus, /metrics) listen here; `off` for none.
  WORKER_METRICS_ADDRESS: z
    .string()
    .regex(/^(off|[^\s:]+:\d+)$/, 'must be host:port (e.g. 0.0.0.0:9464) or off')
    .default('127.0.0.1:9464'),
  // Notifications by email: without SMTP_URL, email notifications wait in the outbox.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s/]+/, 'must be smtp://host:port or smtps://host:port')
    .optional(),
  NOTIFY_FROM: z.email().default('notifications@repatriation.invalid'),
  // A discrepancy still open this long after it is opened is escalated to the coordinator;
  // before that, the parties awaited are reminded after each DISCREPANCY_REMINDER_EVERY.
  DISCREPANCY_DEADLINE: duration.default('3 days'),
  DISCREPANCY_REMINDER_EVERY: duration.default('1 day'),
  // A party's authority has this long to tell a family of an identification; it is reminded after each period.
  FAMILY_NOTICE_DEADLINE: duration.default('14 days'),
  FAMILY_NOTICE_REMINDER_EVERY: duration.default('3 days'),
  // Worker Versioning (docs/versioning.md): the worker polls as version <deployment>.<build ID>.
  // The build ID defaults to the release (package.json version and commit); `off` runs unversioned.
  WORKER_VERSIONING: z.enum(['on', 'off']).default('on'),
  WORKER_DEPLOYMENT_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only (the server joins it to the build ID with a dot)')
    .default('repatriation'),
  WORKER_BUILD_ID: z
    .string()
    .regex(/^[A-Za-z0-9._+-]{1,200}$/, 'letters, digits and . _ + - only')
    .optional(),
  // Whether the worker makes its own version current once it polls: `always` (development start,
  // compose), `if-none` (only when the deployment has no current version yet: a first deploy), `never`.
  WORKER_MAKE_CURRENT: z.enum(['always', 'if-none', 'never']).default('if-none'),
  // Development start only: the embedded PostgreSQL and Temporal dev server ports.
  DEV_POSTGRES_PORT: port.default(54329),
  DEV_TEMPORAL_PORT: port.default(7233),
  DEV_TEMPORAL_UI_PORT: port.default(8233),
  // The Web UI's sign-in proxy (src/main/ui-proxy.ts): where it listens, the Temporal Web UI and the API it
  // stands in front of, and the OpenID Provider's address when it reaches it elsewhere than at its issuer.
  UI_PROXY_HOST: z.string().min(1).default('127.0.0.1'),
  UI_PROXY_PORT: port.default(8233),
  UI_PROXY_UPSTREAM: httpUrl.optional(),
  UI_PROXY_API_URL: httpUrl.optional(),
  UI_PROXY_PROVIDER_URL: z.url().optional(),
  // The origin browsers use when it is not http://<Host> (TLS ended in front of the proxy): https://ui.example.org.
  UI_PROXY_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+\/?$/, 'must be an origin, https://host[:port], no path')
    .optional(),
  // People's sign-in: the OpenID Provider the API trusts (OIDC_*) and the embedded one (IDENTITY_*).
  ...identityEnv,
});

export type Env = z.input<typeof schema>;

/** Every environment variable the services read (docker-compose is checked against it). */
export const CONFIG_KEYS = Object.keys(schema.shape) as Array<keyof Env>;

export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    uiUrl: string;
    cli: string | undefined;
  };
  /** Payload encryption keys, current first; absent only until the development start provides them. */
  payloadKeys: PayloadKey[] | undefined;
  codec: { corsOrigins: string[] };
  /**
   * Keys of the blind index (src/missing-person/personal-data.ts), current first, the others still searched;
   * empty: derived from the oldest payload key.
   */
  searchIndexKeys: Buffer[];
  api: { host: string; port: number };
  logLevel: z.infer<typeof logLevel>;
  /** host:port of the worker's Prometheus endpoint; undefined when WORKER_METRICS_ADDRESS=off. */
  worker: { metricsAddress: string | undefined; deployment: WorkerDeploymentConfig | undefined };
  notify: { smtpUrl: string | undefined; from: string };
  /** Deadline and reminder period of each discrepancy's life. */
  discrepancies: { deadline: string; reminderEvery: string };
  /** Deadline and reminder period of the task of telling a family of an identification. */
  familyNotice: { deadline: string; reminderEvery: string };
  dev: { postgresPort: number; temporalPort: number; temporalUiPort: number };
  /** The OpenID Provider whose access tokens people bring (src/identity/verifier.ts); undefined: API tokens only. */
  oidc: OidcConfig | undefined;
  /** The embedded OpenID Provider (src/identity/provider.ts), run by `npm run dev` and the compose stack. */
  identity: IdentityProviderConfig;
  /** The Web UI's sign-in proxy (src/main/ui-proxy.ts); its upstreams are required by it alone. */
  uiProxy: {
    host: string;
    port: number;
    upstream: string | undefined;
    apiUrl: string | undefined;
    providerUrl: string | undefined;
    publicUrl: string | undefined;
  };
}

/** The worker's Worker Deployment version; undefined when WORKER_VERSIONING=off. */
export interface WorkerDeploymentConfig {
  name: string;
  /** Given by WORKER_BUILD_ID; otherwise derived from the release (src/temporal/versioning.ts). */
  buildId: string | undefined;
  makeCurrent: 'always' | 'if-none' | 'never';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the settings; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Treat empty strings as unset, as shells and compose files often pass them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  return {
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL.replace(/\/$/, ''),
      cli: e.TEMPORAL_CLI,
    },
    payloadKeys: e.PAYLOAD_KEYS,
    codec: { corsOrigins: corsOrigins(e.CODEC_CORS_ORIGINS, e.TEMPORAL_UI_URL) },
    searchIndexKeys: e.SEARCH_INDEX_KEY ?? [],
    api: { host: e.API_HOST, port: e.API_PORT },
    logLevel: e.LOG_LEVEL,
    worker: {
      metricsAddress: e.WORKER_METRICS_ADDRESS === 'off' ? undefined : e.WORKER_METRICS_ADDRESS,
      deployment:
        e.WORKER_VERSIONING === 'off'
          ? undefined
          : { name: e.WORKER_DEPLOYMENT_NAME, buildId: e.WORKER_BUILD_ID, makeCurrent: e.WORKER_MAKE_CURRENT },
    },
    notify: { smtpUrl: e.SMTP_URL, from: e.NOTIFY_FROM },
    discrepancies: { deadline: e.DISCREPANCY_DEADLINE, reminderEvery: e.DISCREPANCY_REMINDER_EVERY },
    familyNotice: { deadline: e.FAMILY_NOTICE_DEADLINE, reminderEvery: e.FAMILY_NOTICE_REMINDER_EVERY },
    dev: {
      postgresPort: e.DEV_POSTGRES_PORT,
      temporalPort: e.DEV_TEMPORAL_PORT,
      temporalUiPort: e.DEV_TEMPORAL_UI_PORT,
    },
    oidc: oidcConfig(e),
    identity: identityProviderConfig(e, {
      dataDir: path.resolve(e.DATA_DIR),
      apiPort: e.API_PORT,
      uiUrl: e.TEMPORAL_UI_URL,
    }),
    uiProxy: {
      host: e.UI_PROXY_HOST,
      port: e.UI_PROXY_PORT,
      upstream: e.UI_PROXY_UPSTREAM,
      apiUrl: e.UI_PROXY_API_URL,
      providerUrl: e.UI_PROXY_PROVIDER_URL,
      publicUrl: e.UI_PROXY_PUBLIC_URL,
    },
  };
}

/** By default the configured Web UI, under both loopback names when it is local. */
function corsOrigins(given: string | undefined, uiUrl: string): string[] {
  if (given)
    return given
      .split(',')
      .map((o) => o.trim().replace(/\/$/, ''))
      .filter(Boolean);
  return uiOrigins(uiUrl);
}

export function uiOrigins(uiUrl: string): string[] {
  const ui = new URL(uiUrl);
  const origins = [ui.origin];
  if (ui.hostname === '127.0.0.1') origins.push(`${ui.protocol}//localhost:${ui.port}`);
  if (ui.hostname === 'localhost') origins.push(`${ui.protocol}//127.0.0.1:${ui.port}`);
  return origins;
}

/** The payload keys, required by every process that talks to Temporal. */
export function requirePayloadKeys(config: Config): PayloadKey[] {
  if (!config.payloadKeys) {
    throw new ConfigError([
      'PAYLOAD_KEYS: required (id:base64 of 32 random bytes, e.g. `k1:$(openssl rand -base64 32)`); the same value for API and worker; `npm run dev` makes one in its data folder',
    ]);
  }
  return config.payloadKeys;
}

/** The database URL, required by the production entry points. */
export function requireDatabaseUrl(config: Config): string {
  if (!config.databaseUrl) {
    throw new ConfigError([
      'DATABASE_URL: required (postgresql://user@host:port/db); `npm run dev` provides an embedded database instead',
    ]);
  }
  return config.databaseUrl;
}

/** The Web UI's sign-in proxy's upstreams, required by its entry point: it guesses no address. */
export function requireUiProxyUpstreams(config: Config): { upstream: string; apiUrl: string } {
  const { upstream, apiUrl } = config.uiProxy;
  const problems = [
    ...(upstream
      ? []
      : ['UI_PROXY_UPSTREAM: required (the Temporal Web UI as this proxy reaches it, e.g. http://temporal-ui:8080)']),
    ...(apiUrl
      ? []
      : ['UI_PROXY_API_URL: required (the API whose /identity, /api/me and /codec it uses, e.g. http://api:3000)']),
  ];
  if (problems.length) throw new ConfigError(problems);
  return { upstream: upstream!, apiUrl: apiUrl! };
}
