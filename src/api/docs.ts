import path from 'node:path';
import express, { Router } from 'express';
import { REDIRECT_PAGE, REDIRECT_SCRIPT, SIGN_IN_SCRIPT } from './docs-sign-in';
import { signInPolicy } from './sign-in-policy';

const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));
/** oauth4webapi's one file, an ES module with no imports, served to the page's sign-in. */
const OAUTH4WEBAPI = require.resolve('oauth4webapi');

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Repatriation operations API</title>
  <link rel="stylesheet" href="./assets/swagger-ui.css">
  <link rel="stylesheet" href="./docs.css">
</head>
<body>
  <div id="sign-in-bar" hidden>
    <button type="button" id="sign-in">Sign in</button>
    <button type="button" id="sign-out" hidden>Sign out</button>
    <span id="signed-in" role="status" aria-live="polite"></span>
    <span id="sign-in-problem" role="alert"></span>
  </div>
  <div id="docs"></div>
  <script src="./assets/swagger-ui-bundle.js"></script>
  <script src="./init.js"></script>
  <script type="module" src="./sign-in.js"></script>
</body>
</html>`;

/**
 * People sign in with the page's own "Sign in" (./docs-sign-in.ts), or with Swagger UI's "Authorize" (the
 * authorization code flow with PKCE, in a popup that comes back to ./oauth2-redirect.html), with the provider
 * and client GET /identity names. Once Swagger UI holds a token, the line above the page says who it is
 * (GET /api/me), so "Try it out" is known to act in that name.
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
  // The page's own sign-in (sign-in.js) says whose token Swagger UI now holds.
  window.showSignedIn = show;
  var ui = SwaggerUIBundle({
    url: '../openapi.json',
    dom_id: '#docs',
    oauth2RedirectUrl: new URL('oauth2-redirect.html', location.href).href,
    plugins: [SignedInLine],
    onComplete: function () {
      window.docsReady = true;
      window.dispatchEvent(new Event('docs-ready'));
    },
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

const CSS = `#sign-in-bar{font:14px/1.4 sans-serif;padding:.5rem 1.25rem;background:#eef6ee;color:#1b4d1b;display:flex;gap:1rem;align-items:center}
#sign-in-bar[hidden]{display:none}#sign-in-bar button[hidden]{display:none}#sign-in-problem{color:#b91c1c}
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
    // Relative asset links need the trailing slash (on the path: a query, such as the provider's answer, stays).
    const [pathPart, query] = req.originalUrl.split(/\?(.*)/s);
    if (!pathPart.endsWith('/')) return res.redirect(301, `${pathPart}/${query ? `?${query}` : ''}`);
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
  router.get('/sign-in.js', (_req, res) => {
    res.type('js').send(SIGN_IN_SCRIPT);
  });
  router.get('/oauth4webapi.js', (_req, res, next) => {
    res.type('js').sendFile(OAUTH4WEBAPI, (err) => err && next(err));
  });
  // The provider's way back, for the page's own sign-in and for Swagger UI's popup (which keeps its opener).
  const redirect = (send: (res: express.Response) => void) => (_req: express.Request, res: express.Response) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'unsafe-none');
    send(res);
  };
  router.get(
    '/oauth2-redirect.html',
    redirect((res) => res.type('html').send(REDIRECT_PAGE)),
  );
  router.get(
    '/oauth2-redirect.js',
    redirect((res) => res.type('js').send(REDIRECT_SCRIPT)),
  );
  router.get(
    '/oauth2-swagger-redirect.js',
    redirect((res) => res.sendFile(path.join(SWAGGER_UI_DIR, 'oauth2-redirect.js'))),
  );
  router.use('/assets', express.static(SWAGGER_UI_DIR, { index: false }));
  return router;
}
