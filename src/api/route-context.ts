import type { Request, RequestHandler } from 'express';

/**
 * The route template a request matched (`/api/operations/:reference/handovers/:date`),
 * for metric labels of bounded cardinality and for the logs.
 *
 * Express sets `req.route` when a route matches, while `req.baseUrl` is still
 * the mount path of its router; by the time the response is finished an error
 * may have left the router and reset `baseUrl`. So the template is taken at
 * the moment the route is set, through an accessor on `req.route`.
 */

const TEMPLATE = Symbol('routeTemplate');

interface Tracked {
  [TEMPLATE]?: string;
}

/** The concrete value of each `:param` of `template` in `path`, when they have the same shape. */
export function paramsOf(template: string, path: string): Record<string, string> {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return {};
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    if (!t[i].startsWith(':')) continue;
    try {
      params[t[i].slice(1)] = decodeURIComponent(p[i]);
    } catch {
      params[t[i].slice(1)] = p[i];
    }
  }
  return params;
}

/**
 * The route template of a finished request. Without a matched route, the mount
 * path of the router that answered (`/docs/*`) or `unmatched` (404s, a refused
 * token): never the concrete path, whatever was asked for.
 */
export function routeTemplate(req: Request): string {
  const template = (req as Tracked)[TEMPLATE];
  if (template) return template;
  return req.baseUrl ? `${req.baseUrl}/*` : 'unmatched';
}

/**
 * Records the route template as soon as a route matches, and adds the
 * operation reference of operation routes to the request's logger.
 * Mount it before the routers.
 */
export const trackRoute: RequestHandler = (req, _res, next) => {
  let current: unknown;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set(route: { path?: unknown } | undefined) {
      current = route;
      const tracked = req as Tracked;
      if (tracked[TEMPLATE] || typeof route?.path !== 'string') return;
      const template = (req.baseUrl ?? '') + (route.path === '/' && req.baseUrl ? '' : route.path);
      tracked[TEMPLATE] = template;
      if (template.startsWith('/api/operations/:reference')) {
        const reference = paramsOf(template, req.originalUrl.split('?')[0]).reference;
        if (reference) req.log = req.log.child({ operationReference: reference });
      }
    },
  });
  next();
};
