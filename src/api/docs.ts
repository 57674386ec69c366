import path from 'node:path';
import express, { Router } from 'express';
import { signInPolicy } from './sign-in-policy';

const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Repatriation operations API</title>
  <link rel="stylesheet" href="./assets/swagger-ui.css">
  <link rel="stylesheet" href="./docs.css">
</head>
<body>
  <p id="signed-in" role="status" aria-live="polite"></p>
  <div id="docs"></div>
  <script src="./assets/swagger-ui-bundle.js"></script>
  <script src="./init.js"></script>
</body>
</html>`;

/**
 * People sign in with Swagger UI's own "Authorize" (the authorization code flow with PKCE, in a popup that
 * comes back to ./oauth2-redirect.html), with the provider and client GET /identity names. Once they have a
 * token, the line above the page says who it is (GET /api/me), so "Try it out" is known to act in that name.
 */
const INIT = `(function () {
  var line = document.getElementById('signed-in');
  function show(token) {
    if (!token) {
      line.textContent = '';
      return;
    }
    fetch('../api/me', { headers: { authorization: 'Bearer ' + token } })
      .then(function (res) { return res.json().then(function (body) { return { ok: res.ok, body: body }; }); })
      .then(function (me) {
        var b = me.body;
        var role = b.role + (b.party ? ' ' + b.party : '');
        line.textContent = me.ok
          ? 'Signed in as ' + (b.displayName ? b.displayName + ' (' + b.principal + ', ' + role + ')' : b.principal + ' (' + role + ')') +
            ': "Try it out" acts in this name.'
          : 'This token opens nothing here: ' + (b.detail || b.title);
      });
  }
  function SignedInLine() {
    return {
      statePlugins: {
        auth: {
          wrapActions: {
            authorizeOauth2: function (original) {
              return function (payload) {
                show(payload && payload.token && payload.token.access_token);
                return original(payload);
              };
            },
            authorize: function (original) {
              return function (payload) {
                var bearer = payload && payload.bearer;
                if (bearer && bearer.value) show(bearer.value);
                return original(payload);
              };
            },
            logout: function (original) {
              return function (names) {
                show(undefined);
                return original(names);
              };
            },
          },
        },
      },
    };
  }
  var ui = SwaggerUIBundle({
    url: '../openapi.json',
    dom_id: '#docs',
    oauth2RedirectUrl: new URL('oauth2-redirect.html', location.href).href,
    plugins: [SignedInLine],
  });
  window.ui = ui;
  fetch('../identity', { headers: { accept: 'application/json' } })
    .then(function (res) { return res.ok ? res.json() : null; })
    .then(function (settings) {
      if (!settings) return;
      ui.initOAuth({
        clientId: settings.clientId,
        scopes: settings.scope,
        usePkceWithAuthorizationCodeGrant: true,
        additionalQueryStringParams: { resource: settings.resource },
      });
    });
})();
`;

const CSS = `#signed-in{font:14px/1.4 sans-serif;margin:0;padding:.5rem 1.25rem;background:#eef6ee;color:#1b4d1b}
#signed-in:empty{display:none}
`;

/**
 * Readable API docs at /docs, served from the swagger-ui-dist package (no network needed). With an OpenID
 * Provider, its policy lets the page call the provider, and the page keeps a hold on the sign-in popup
 * (Cross-Origin-Opener-Policy same-origin-allow-popups; the popup's return page opts out of isolation), as
 * Swagger UI's OAuth flow needs.
 */
export function docsRoutes({ oidc }: { oidc?: { issuer: string } } = {}): Router {
  const router = Router();
  router.use(signInPolicy(oidc));
  router.get('/', (req, res) => {
    // Relative asset links need the trailing slash.
    if (!req.originalUrl.endsWith('/')) return res.redirect(301, `${req.originalUrl}/`);
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin-allow-popups');
    res.type('html').send(PAGE);
  });
  // Files, not inline scripts: the Content-Security-Policy allows scripts from this origin only.
  router.get('/init.js', (_req, res) => {
    res.type('js').send(INIT);
  });
  router.get('/docs.css', (_req, res) => {
    res.type('css').send(CSS);
  });
  for (const file of ['oauth2-redirect.html', 'oauth2-redirect.js']) {
    router.get(`/${file}`, (_req, res, next) => {
      res.setHeader('Cross-Origin-Opener-Policy', 'unsafe-none');
      res.sendFile(path.join(SWAGGER_UI_DIR, file), (err) => err && next(err));
    });
  }
  router.use('/assets', express.static(SWAGGER_UI_DIR, { index: false }));
  return router;
}
