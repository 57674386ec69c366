import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db';
import type { Logger } from '../logger';
import { auditChanges } from './audit';
import { authenticate } from './auth';
import { identityRoutes } from '../identity/routes';
import { createPeopleVerifier } from '../identity/verifier';
import { codecServer } from './codec-server';
import { requirePayloadKeys } from '../config';
import { docsRoutes } from './docs';
import { jsonObjectBody } from './json-body';
import { declaredEndpoints } from './endpoint';
import { methodNotAllowed } from './methods';
import { createApiMetrics } from './metrics';
import { routeTemplate } from './route-context';
import { errorHandler, notFoundHandler } from './errors';
import { openApiDocument } from './openapi';
import { healthRoutes } from './routes/health';
import { caseRoutes } from '../remains-case/routes';
import { operationRoutes } from '../operation/routes';
import { operationActionRoutes } from '../operation/action-routes';
import { handoverRoutes } from '../handover-day/routes';
import { fieldReportRoutes } from '../handover-day/field-report-routes';
import { custodyRoutes } from '../custody/routes';
import { reportRoutes } from '../report/routes';
import { meRoutes } from './routes/me';
import { fieldAppIcon, fieldAppRoutes } from './field-app';
import { missingPersonRoutes, referenceSampleRoutes } from '../missing-person/routes';
import { discrepancyRoutes } from '../discrepancy/routes';
import { familyRoutes } from '../missing-person/family-routes';
import { notificationRoutes } from '../notification/routes';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
  }
}

export interface AppDeps {
  config: Config;
  db: Db;
  temporal: Client;
  logger: Logger;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

export function createApp(deps: AppDeps): Express {
  const { config, db, temporal, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  // Security headers on every answer. Pages load scripts and styles from this origin only (Swagger UI's
  // inline styles are allowed by helmet's default); plain HTTP is not upgraded, the API may be served without TLS.
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
      // Not no-referrer: with it a browser posts forms with Origin: null, and the codec sign-in is refused.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.use((req, res, next) => {
    const given = req.get('x-request-id');
    req.id = given && REQUEST_ID.test(given) ? given : randomUUID();
    req.log = logger.child({ requestId: req.id });
    res.setHeader('x-request-id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The path carries identifiers only (operation references); query strings are left out.
      const path = req.originalUrl.split('?')[0];
      // The route template (`/api/operations/:reference`) too; operation routes add operationReference to req.log.
      const route = routeTemplate(req);
      // Prometheus scrapes every few seconds: its requests are logged at debug only.
      req.log[route === '/metrics' ? 'debug' : 'info'](
        { method: req.method, path, route, status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    next();
  });
  // Route templates for logs and metrics, and GET /metrics for Prometheus (no token: see ./metrics.ts).
  const metrics = createApiMetrics({ db, logger });
  app.use(metrics.middleware);
  app.get('/metrics', metrics.handler);
  // People's access tokens, verified against the OpenID Provider's keys (none configured: API tokens only).
  const people = config.oidc ? createPeopleVerifier(config.oidc) : undefined;
  // Before the API's body parser: a page of history can be larger than any API request.
  app.use(
    '/codec',
    // The Temporal Web UI, on another origin, reads the codec server's answers (CORS allows it per origin).
    helmet.crossOriginResourcePolicy({ policy: 'cross-origin' }),
    codecServer({
      db,
      keys: requirePayloadKeys(config),
      namespace: config.temporal.namespace,
      corsOrigins: config.codec.corsOrigins,
      // Operators' access tokens, as the Web UI forwards them.
      people,
    }),
  );
  // Any JSON value parses, so that a body which is not an object is told so (jsonObjectBody), not called malformed.
  app.use(express.json({ limit: '1mb', strict: false }));

  app.use(healthRoutes({ db, temporal, namespace: config.temporal.namespace, people }));
  app.use(identityRoutes({ db, temporal, oidc: config.oidc }));
  // Pages that sign people in at the provider from the browser (their policy lets them call it).
  app.use('/docs', docsRoutes({ oidc: config.oidc }));
  app.use('/app', fieldAppRoutes({ oidc: config.oidc }));
  app.get('/favicon.ico', fieldAppIcon());
  // Everything under /api needs a token. A state change's Idempotency-Key is checked by its route, once authorised.
  app.use('/api', authenticate(db, { people, routes: declaredEndpoints }), jsonObjectBody, auditChanges(db, logger));
  // Each router declares its routes with their full paths (./endpoint.ts).
  app.use(meRoutes({ db, temporal }));
  app.use(operationRoutes({ config, db, temporal }));
  app.use(operationActionRoutes({ config, db, temporal }));
  app.use(handoverRoutes({ config, db, temporal }));
  app.use(fieldReportRoutes({ config, db, temporal }));
  app.use(custodyRoutes({ db, temporal }));
  app.use(caseRoutes({ config, db, temporal }));
  app.use(reportRoutes({ db, temporal }));
  app.use(discrepancyRoutes({ config, db, temporal }));
  app.use(familyRoutes({ db, temporal }));
  app.use(missingPersonRoutes({ config, db, temporal, countUnreadable: metrics.countUnreadable }));
  app.use(referenceSampleRoutes({ db, temporal }));
  app.use(notificationRoutes({ db, temporal }));
  // Built after the routes have declared themselves.
  const openapi = openApiDocument({ oidc: config.oidc });
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  // A declared path asked with a method it does not take: 405 with Allow (./methods.ts), not 404.
  app.use(methodNotAllowed(declaredEndpoints()));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
