// The Temporal SDK runtime of a worker process: its logs go to pino as JSON,
// and its Core metrics (task latency, slots, sticky cache) to a Prometheus
// endpoint of its own. Runtime.install may run once per process, before any
// worker or native connection is made.
import { Runtime, type RuntimeOptions } from '@temporalio/worker';
import type { Logger as SdkLogger, LogLevel as SdkLogLevel, LogMetadata } from '@temporalio/common';
import type { Logger } from '../logger';

/**
 * The SDK's log metadata that may reach the logs: identifiers of the worker,
 * workflow and activity, and the project's own identifiers (operation
 * reference, handover day, case number, notification event). Anything else —
 * activations, payloads, arguments, task tokens, fields a future SDK adds — is
 * dropped, so names, genetic data and family contacts cannot pass through.
 */
const SAFE_FIELDS = [
  // SDK: where the message comes from.
  'sdkComponent',
  'namespace',
  'taskQueue',
  'workflowId',
  'runId',
  'workflowRunId',
  'workflowType',
  'activityId',
  'activityType',
  'attempt',
  'isLocal',
  'updateId',
  'updateName',
  'durationMs',
  'state',
  'size',
  // Core (Rust) messages, when forwarded: the module that logged.
  'target',
  // The project's own workflow and activity log fields (identifiers and codes only).
  'operationReference',
  'dayKey',
  'caseNumber',
  'into',
  'event',
  'eventId',
  'unaddressed',
] as const;

/** Core names its fields in snake_case (workflow_id); compared without case or underscores. */
const normalise = (key: string) => key.replace(/_/g, '').toLowerCase();
const SAFE_BY_NORMALISED = new Map<string, string>(SAFE_FIELDS.map((f) => [normalise(f), f]));
const ERROR_FIELDS = new Set(['error', 'err', 'failure']);
const MAX_MESSAGE = 1_000;

function isSafeValue(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string' || typeof v === 'number');
  return ['string', 'number', 'boolean', 'bigint'].includes(typeof value);
}

/** The error's class and message (as src/api/errors.ts logs them); never its payload or details. */
function safeError(value: unknown): { name?: string; message?: string } {
  if (value instanceof Error) return { name: value.name, message: value.message.slice(0, MAX_MESSAGE) };
  if (typeof value === 'string') return { message: value.slice(0, MAX_MESSAGE) };
  if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') {
    const e = value as { name?: unknown; message: string };
    return { ...(typeof e.name === 'string' ? { name: e.name } : {}), message: e.message.slice(0, MAX_MESSAGE) };
  }
  return {};
}

/** Keeps only the identifier fields of an SDK log's metadata (see SAFE_FIELDS). */
export function safeLogMeta(meta: LogMetadata | undefined): Record<string, unknown> {
  const safe: Record<string, unknown> = {};
  if (!meta) return safe;
  for (const [key, value] of Object.entries(meta)) {
    if (ERROR_FIELDS.has(key)) {
      if (!safe.err && value != null) safe.err = safeError(value);
      continue;
    }
    const name = SAFE_BY_NORMALISED.get(normalise(key));
    if (!name || !isSafeValue(value)) continue;
    safe[name] = typeof value === 'bigint' ? value.toString() : value;
  }
  return safe;
}

const LEVELS: SdkLogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
const PINO_METHOD = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * An SDK logger that writes to pino (under `component: "temporal"`), with only
 * the safe metadata. `minLevel` drops SDK messages below it, whatever pino's level.
 */
export function temporalLogger(logger: Logger, minLevel: SdkLogLevel = 'TRACE'): SdkLogger {
  const target = logger.child({ component: 'temporal' });
  const floor = LEVELS.indexOf(minLevel);
  const log = (level: SdkLogLevel, message: string, meta?: LogMetadata) => {
    if (LEVELS.indexOf(level) < floor) return;
    target[PINO_METHOD[level] ?? 'info'](safeLogMeta(meta), message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

export interface WorkerRuntimeOptions {
  logger: Logger;
  /** host:port of the Core Prometheus endpoint (/metrics); undefined: no worker metrics. */
  metricsAddress: string | undefined;
  shutdownSignals: NodeJS.Signals[];
  /** SDK messages below this level are dropped (default: INFO). */
  minLevel?: SdkLogLevel;
}

/** The runtime options: SDK and Core logs to pino, Core metrics to Prometheus. */
export function workerRuntimeOptions(options: WorkerRuntimeOptions): RuntimeOptions {
  const minLevel = options.minLevel ?? 'INFO';
  return {
    logger: temporalLogger(options.logger, minLevel),
    shutdownSignals: options.shutdownSignals,
    telemetryOptions: {
      // Core's own messages go through the same logger (and filter) instead of straight to the console.
      logging: {
        filter: { core: minLevel === 'TRACE' || minLevel === 'DEBUG' ? minLevel : 'WARN', other: 'ERROR' },
        forward: {},
      },
      ...(options.metricsAddress ? { metrics: { prometheus: { bindAddress: options.metricsAddress } } } : {}),
    },
  };
}

/** Installs the process's Temporal runtime; call once, before any worker or NativeConnection. */
export function installWorkerRuntime(options: WorkerRuntimeOptions): Runtime {
  return Runtime.install(workerRuntimeOptions(options));
}

/** Where Prometheus scrapes the worker's Core metrics; a wildcard host is shown as loopback. */
export function workerMetricsUrl(address: string): string {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), address.slice(address.lastIndexOf(':') + 1)];
  const shown = host === '0.0.0.0' || host === '[::]' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown}:${port}/metrics`;
}
