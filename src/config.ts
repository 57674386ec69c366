import path from 'node:path';
import { z } from 'zod';

/**
 * The one place where settings are read from the environment. Every process
 * (API, worker, development start, tests) builds its settings here, so a
 * wrong or missing value fails at start with a message naming the variable.
 */

const port = z.coerce.number().int().min(1).max(65535);
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
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  LOG_LEVEL: logLevel.default('info'),
  // Notifications by email: without SMTP_URL, email notifications wait in the outbox.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s/]+/, 'must be smtp://host:port or smtps://host:port')
    .optional(),
  NOTIFY_FROM: z.email().default('notifications@repatriation.invalid'),
  // Development start only: the embedded PostgreSQL and Temporal dev server ports.
  DEV_POSTGRES_PORT: port.default(54329),
  DEV_TEMPORAL_PORT: port.default(7233),
  DEV_TEMPORAL_UI_PORT: port.default(8233),
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
  api: { host: string; port: number };
  logLevel: z.infer<typeof logLevel>;
  notify: { smtpUrl: string | undefined; from: string };
  dev: { postgresPort: number; temporalPort: number; temporalUiPort: number };
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
    api: { host: e.API_HOST, port: e.API_PORT },
    logLevel: e.LOG_LEVEL,
    notify: { smtpUrl: e.SMTP_URL, from: e.NOTIFY_FROM },
    dev: {
      postgresPort: e.DEV_POSTGRES_PORT,
      temporalPort: e.DEV_TEMPORAL_PORT,
      temporalUiPort: e.DEV_TEMPORAL_UI_PORT,
    },
  };
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
