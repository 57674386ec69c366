import type { RequestHandler } from 'express';
import type { Endpoint } from './endpoint';
import { ProblemError } from './errors';

/**
 * A method a declared path does not take (TRACE, PUT, DELETE, or POST on a
 * read) is answered 405 with `Allow` naming the methods it does take (RFC
 * 9110), as problem+json; 404 stays for paths that name no route. Mounted
 * after the routers, so under /api only a caller with a token learns it.
 */
export function methodNotAllowed(endpoints: readonly Endpoint[]): RequestHandler {
  const byPath = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const e of endpoints) {
    const entry = byPath.get(e.path) ?? { pattern: pathPattern(e.path), methods: new Set<string>() };
    entry.methods.add(e.method.toUpperCase());
    // Express answers HEAD from a GET route.
    if (e.method === 'get') entry.methods.add('HEAD');
    byPath.set(e.path, entry);
  }
  return (req, res, next) => {
    const allowed = new Set<string>();
    for (const { pattern, methods } of byPath.values()) {
      if (pattern.test(req.path)) methods.forEach((m) => allowed.add(m));
    }
    if (allowed.size === 0 || allowed.has(req.method)) return next();
    const allow = ['GET', 'HEAD', 'POST'].filter((m) => allowed.has(m)).join(', ');
    res.setHeader('Allow', allow);
    next(
      new ProblemError(
        405,
        'method-not-allowed',
        'Method not allowed',
        `${req.method} is not allowed on this path; it takes ${allow}.`,
      ),
    );
  };
}

/** The paths Express matches for an OpenAPI path: any one segment for each {parameter}, any case, a trailing slash or not. */
function pathPattern(path: string): RegExp {
  const segments = path.split(/\{[^}]+\}/).map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${segments.join('[^/]+')}/?$`, 'i');
}
