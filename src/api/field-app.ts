import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { ProblemError } from './errors';
import { signInPolicy } from './sign-in-policy';

/**
 * The field app (app/, built by scripts/setup.js into app/dist), served at
 * /app/. Its hashed assets are cached for good; the page and the service
 * worker are always revalidated, so a new build reaches tablets on their next
 * visit online. The build writes each text file compressed beside it (.br,
 * .gz): a browser that offers brotli or gzip gets those, without compressing
 * on every request. People sign in at the OpenID Provider from its pages, so
 * their policy lets them call it.
 */
export const FIELD_APP_DIR = path.resolve(__dirname, '..', '..', 'app', 'dist');

const ENCODINGS = { br: '.br', gzip: '.gz' } as const;

function cacheHeaders(res: Response, file: string): void {
  const immutable = file.includes(`${path.sep}assets${path.sep}`);
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (file.endsWith('sw.js')) res.setHeader('Service-Worker-Allowed', '/app/');
}

/** The build's compressed copy of the file asked for, when the browser takes its encoding. */
function precompressed(dir: string): RequestHandler {
  return (req: Request, res: Response, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.vary('Accept-Encoding');
    const encoding = req.acceptsEncodings('br', 'gzip');
    if (encoding !== 'br' && encoding !== 'gzip') return next();
    let asked: string;
    try {
      asked = decodeURIComponent(req.path.endsWith('/') ? `${req.path}index.html` : req.path);
    } catch {
      return next();
    }
    const file = path.join(dir, asked);
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file + ENCODINGS[encoding])) return next();
    res.setHeader('Content-Encoding', encoding);
    res.type(path.extname(file));
    cacheHeaders(res, file);
    res.sendFile(file + ENCODINGS[encoding], { dotfiles: 'deny' }, (err) => err && next(err));
  };
}

export interface FieldAppOptions {
  dir?: string;
  /** The OpenID Provider people sign in at (GET /identity tells the app the rest). */
  oidc?: { issuer: string };
}

export function fieldAppRoutes({ dir = FIELD_APP_DIR, oidc }: FieldAppOptions = {}): Router {
  const router = Router();
  router.use(signInPolicy(oidc));
  router.use((req, res, next) => {
    if (req.originalUrl === '/app') return res.redirect(301, '/app/');
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
      throw new ProblemError(
        503,
        'app-not-built',
        'Field app not built',
        'Run `npm run setup` to build the field app.',
      );
    }
    next();
  });
  router.use(precompressed(dir));
  router.use(express.static(dir, { index: 'index.html', setHeaders: cacheHeaders }));
  return router;
}

/** /favicon.ico, which browsers ask for at the root whatever the page says: the app's icon (SVG). */
export function fieldAppIcon(dir = FIELD_APP_DIR): RequestHandler {
  return (_req, res, next) => {
    const file = path.join(dir, 'favicon.svg');
    if (!fs.existsSync(file)) return next();
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('image/svg+xml').sendFile(file, (err) => err && next(err));
  };
}
