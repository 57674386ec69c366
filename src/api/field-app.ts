import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { ProblemError } from './errors';

/**
 * The field app (app/, built by scripts/setup.js into app/dist), served at
 * /app/. Its hashed assets are cached for good; the page and the service
 * worker are always revalidated, so a new build reaches tablets on their next
 * visit online.
 */
export const FIELD_APP_DIR = path.resolve(__dirname, '..', '..', 'app', 'dist');

export function fieldAppRoutes(dir = FIELD_APP_DIR): Router {
  const router = Router();
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
  router.use(
    express.static(dir, {
      index: 'index.html',
      setHeaders(res, file) {
        const immutable = file.includes(`${path.sep}assets${path.sep}`);
        res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        if (file.endsWith('sw.js')) res.setHeader('Service-Worker-Allowed', '/app/');
      },
    }),
  );
  return router;
}
