import pino from 'pino';
import { loadConfig } from '../../src/config';
import { safeLogMeta, temporalLogger, workerMetricsUrl, workerRuntimeOptions } from '../../src/temporal/runtime';

/**
 * The worker's SDK logs reach pino as JSON with the identifiers an operator
 * needs (workflow, activity, task queue, operation reference) and nothing
 * else: no names, family contacts, genetic data, payloads or task tokens.
 */

/** A pino logger writing JSON lines into an array, as the services' loggers write them to stdout. */
function capture(level = 'trace') {
  const lines: string[] = [];
  const logger = pino(
    { level, name: 'worker', base: { service: 'repatriation' } },
    { write: (s: string) => void lines.push(s) },
  );
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

// What the SDK hands its logger for an activity, with what a careless caller might add.
const PERSONAL = {
  declaredName: 'Ivan Petrenko',
  name: 'Olena Kovalenko',
  familyContact: '+380 44 000 0000, kovalenko@example.org',
  dnaProfile: 'D8S1179 13,14 D21S11 29,30',
  payload: { metadata: { encoding: 'json/plain' }, data: 'eyJuYW1lIjoiSXZhbiJ9' },
  args: [{ declaredName: 'Ivan Petrenko' }],
  activation: { jobs: [{ initializeWorkflow: { arguments: [{ name: 'Olena Kovalenko' }] } }] },
  taskToken: 'CiQ2ZjM5YjQ0Zi1hYTk2LTQxZTItOWY3Ny1mZGE0YTk4ZmI4YWES',
};
const IDENTIFIERS = {
  sdkComponent: 'activity',
  namespace: 'default',
  taskQueue: 'repatriation',
  workflowId: 'handover:RU-UA-2025-06:2025-06-16',
  workflowRunId: '0197a3c4-0000-7000-8000-000000000001',
  workflowType: 'handoverDay',
  activityId: '12',
  activityType: 'recordCounts',
  attempt: 2,
  isLocal: false,
  operationReference: 'RU-UA-2025-06',
  dayKey: '2025-06-16',
};

describe('worker log forwarding', () => {
  it('when SDK metadata carries identifiers and personal data, then only the identifiers are kept', () => {
    const safe = safeLogMeta({ ...IDENTIFIERS, ...PERSONAL });
    expect(safe).toEqual(IDENTIFIERS);
  });

  it('when an activity logs through the runtime logger, then one JSON line with its identifiers and no personal data is written', () => {
    const out = capture();
    temporalLogger(out.logger).warn('Activity failed', { ...IDENTIFIERS, ...PERSONAL, durationMs: 12 });
    expect(out.lines).toHaveLength(1);
    const [record] = out.records();
    expect(record).toMatchObject({
      level: 40,
      msg: 'Activity failed',
      name: 'worker',
      service: 'repatriation',
      component: 'temporal',
      ...IDENTIFIERS,
      durationMs: 12,
    });
    // `name` is pino's logger name; the personal name must not have replaced it.
    expect(record.name).toBe('worker');
    for (const key of Object.keys(PERSONAL).filter((k) => k !== 'name')) expect(record).not.toHaveProperty(key);
    for (const text of ['Petrenko', 'Kovalenko', '+380', 'D8S1179', 'eyJuYW1l', 'CiQ2ZjM5']) {
      expect(out.lines[0]).not.toContain(text);
    }
  });

  it('when an error is attached, then only its class and message are kept', () => {
    const out = capture();
    const error = Object.assign(new TypeError('count must be an integer'), { details: PERSONAL });
    temporalLogger(out.logger).error('Workflow failed', { workflowId: 'case:PM-2025-0001', error });
    const [record] = out.records();
    // Under `err`, as the API logs errors (pino's serializer adds its type and an empty stack).
    expect(record.err).toMatchObject({ name: 'TypeError', message: 'count must be an integer' });
    expect(record.err).not.toHaveProperty('details');
    expect((record.err as { stack?: string }).stack ?? '').toBe('');
    expect(out.lines[0]).not.toContain('Kovalenko');
  });

  it('when Core forwards a message with snake_case fields, then its identifiers are kept under the SDK names', () => {
    const out = capture();
    temporalLogger(out.logger).warn('Failed to poll', {
      sdkComponent: 'core',
      target: 'temporal_sdk_core::worker',
      task_queue: 'repatriation',
      workflow_id: 'operation:RU-UA-2025-06',
      spanContexts: ['poll'],
      payload_data: 'eyJuYW1lIjoiSXZhbiJ9',
    });
    expect(out.records()[0]).toMatchObject({
      sdkComponent: 'core',
      target: 'temporal_sdk_core::worker',
      taskQueue: 'repatriation',
      workflowId: 'operation:RU-UA-2025-06',
    });
    expect(out.lines[0]).not.toContain('spanContexts');
    expect(out.lines[0]).not.toContain('eyJuYW1l');
  });

  it('when a level floor is set, then SDK messages below it are dropped and the rest keep their level', () => {
    const out = capture();
    const logger = temporalLogger(out.logger, 'WARN');
    logger.info('Worker state changed', { state: 'RUNNING' });
    logger.debug('Workflow started');
    logger.log('ERROR', 'Worker failed', { taskQueue: 'repatriation' });
    expect(out.records().map((r) => [r.level, r.msg])).toEqual([[50, 'Worker failed']]);
  });
});

describe('worker runtime options', () => {
  const { logger } = capture();

  it('when a metrics address is set, then Core exports Prometheus there and forwards its logs to the logger', () => {
    const options = workerRuntimeOptions({ logger, metricsAddress: '0.0.0.0:9464', shutdownSignals: ['SIGTERM'] });
    expect(options.shutdownSignals).toEqual(['SIGTERM']);
    expect(options.telemetryOptions?.metrics).toEqual({ prometheus: { bindAddress: '0.0.0.0:9464' } });
    expect(options.telemetryOptions?.logging).toMatchObject({ forward: {} });
    expect(workerMetricsUrl('0.0.0.0:9464')).toBe('http://127.0.0.1:9464/metrics');
    expect(workerMetricsUrl('worker:9464')).toBe('http://worker:9464/metrics');
  });

  it('when WORKER_METRICS_ADDRESS is off, then no metrics exporter is configured', () => {
    const config = loadConfig({ WORKER_METRICS_ADDRESS: 'off' });
    expect(config.worker.metricsAddress).toBeUndefined();
    const options = workerRuntimeOptions({ logger, metricsAddress: config.worker.metricsAddress, shutdownSignals: [] });
    expect(options.telemetryOptions?.metrics).toBeUndefined();
  });

  it('when WORKER_METRICS_ADDRESS is unset or malformed, then the default applies or the start fails naming it', () => {
    expect(loadConfig({}).worker.metricsAddress).toBe('127.0.0.1:9464');
    expect(() => loadConfig({ WORKER_METRICS_ADDRESS: 'http://0.0.0.0:9464' })).toThrow(/WORKER_METRICS_ADDRESS/);
  });
});
