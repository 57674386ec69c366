import path from 'node:path';
import express, { Router } from 'express';

const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Repatriation operations API</title>
  <link rel="stylesheet" href="./assets/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="./assets/swagger-ui-bundle.js"></script>
  <script src="./init.js"></script>
</body>
</html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '../openapi.json', dom_id: '#docs' });\n`;

/** Readable API docs at /docs, served from the swagger-ui-dist package (no network needed). */
export function docsRoutes(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    // Relative asset links need the trailing slash.
    if (!req.originalUrl.endsWith('/')) return res.redirect(301, `${req.originalUrl}/`);
    res.type('html').send(PAGE);
  });
  // A file, not an inline script: the Content-Security-Policy allows scripts from this origin only.
  router.get('/init.js', (_req, res) => {
    res.type('js').send(INIT);
  });
  router.use('/assets', express.static(SWAGGER_UI_DIR, { index: false }));
  return router;
}
