import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Db } from '../db';
import type { Logger } from '../logger';
import { registerDomainMetrics } from '../metrics/domain';
import { routeTemplate, trackRoute } from './route-context';

/**
 * Prometheus metrics of the API at GET /metrics: HTTP requests by method,
 * route template and status; the domain figures (src/metrics/domain.ts);
 * the Node.js process. One registry per app, so two apps in one process
 * (tests) never share or double-register a metric.
 *
 * /metrics needs no token: it is meant for the private network Prometheus
 * scrapes from, and holds nothing personal — its labels are route templates,
 * methods, status codes and enum values, never a concrete path or identifier.
 */

export interface ApiMetrics {
  registry: Registry;
  /** Mount before the routers: records the route template, then counts and times the request. */
  middleware: RequestHandler[];
  /** GET /metrics */
  handler: RequestHandler;
  /** Counts a missing person's or a relative's sealed personal data that did not open here, by reason. */
  countUnreadable(reason: 'KEY_NOT_HELD' | 'NOT_AUTHENTIC'): void;
}

export interface ApiMetricsOptions {
  db: Db;
  logger: Logger;
  /** Node.js process metrics (CPU, memory, event loop); default true. */
  processMetrics?: boolean;
}

export function createApiMetrics({ db, logger, processMetrics = true }: ApiMetricsOptions): ApiMetrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });

  const labelNames = ['method', 'route', 'status'] as const;
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status.',
    labelNames,
    registers: [registry],
  });
  const unreadable = new Counter({
    name: 'repatriation_personal_data_unreadable_total',
    help: 'Sealed personal data the API could not open, by reason: KEY_NOT_HELD (its key is not in PAYLOAD_KEYS) or NOT_AUTHENTIC.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  registerDomainMetrics(registry, db, logger);

  const measure: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // Express answers only the methods it knows; anything else is one label, not one per verb sent.
      const method = KNOWN_METHODS.has(req.method) ? req.method : 'OTHER';
      const labels = { method, route: routeTemplate(req), status: String(res.statusCode) };
      duration.observe(labels, seconds);
      requests.inc(labels);
    });
    next();
  };

  const handler: RequestHandler = async (_req, res, next) => {
    try {
      const text = await registry.metrics();
      res.type(registry.contentType).send(text);
    } catch (err) {
      next(err);
    }
  };

  return {
    registry,
    middleware: [trackRoute, measure],
    handler,
    countUnreadable: (reason) => unreadable.inc({ reason }),
  };
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
