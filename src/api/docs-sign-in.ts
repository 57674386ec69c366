/**
 * Signing in on the API documentation page (/docs), as the field app does: the
 * page asks the API where people sign in (GET /identity), sends the browser to
 * the provider (authorization code flow with PKCE, by oauth4webapi, served
 * from this origin as an ES module), and back at the page hands Swagger UI the
 * access token for "Try it out" (the bearer scheme). The token lives in this
 * tab only (sessionStorage); "Sign out" ends the provider's session too.
 * Swagger UI's own "Authorize" (OpenID Connect, in a popup) returns to the
 * same page, ./oauth2-redirect.html: it hands a popup's answer to Swagger UI,
 * and a whole page's to this script.
 */

export const SIGN_IN_SCRIPT = `import * as oauth from './oauth4webapi.js';

const TOKEN = 'docs.access-token';
const ID_TOKEN = 'docs.id-token';
const PENDING = 'docs.sign-in';
const bar = document.getElementById('sign-in-bar');
const signIn = document.getElementById('sign-in');
const signOut = document.getElementById('sign-out');
const problem = (text) => {
  document.getElementById('sign-in-problem').textContent = text;
};
const redirectUri = new URL('oauth2-redirect.html', location.href).href;

/** Swagger UI, once it has read the API's document (init.js says so). */
const swagger = () =>
  new Promise((resolve) => (window.docsReady ? resolve(window.ui) : addEventListener('docs-ready', () => resolve(window.ui))));

async function provider(settings) {
  const issuer = new URL(settings.issuer);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname) && issuer.protocol === 'http:';
  const options = loopback ? { [oauth.allowInsecureRequests]: true } : {};
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options));
  return { as, client: { client_id: settings.clientId }, options };
}

async function begin(settings) {
  const { as } = await provider(settings);
  const pending = {
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: settings.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: settings.scope,
    resource: settings.resource,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/** Back from the provider: the code exchanged for tokens, and the address cleared of it. */
async function complete(settings) {
  const answer = new URL(location.href);
  const pending = JSON.parse(sessionStorage.getItem(PENDING));
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', location.pathname);
  const { as, client, options } = await provider(settings);
  const params = oauth.validateAuthResponse(as, client, answer, pending.state);
  const res = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, pending.verifier, options);
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, res, { expectedNonce: pending.nonce });
  sessionStorage.setItem(TOKEN, tokens.access_token);
  if (tokens.id_token) sessionStorage.setItem(ID_TOKEN, tokens.id_token);
}

/** The document's bearer scheme (HTTP, bearer), whatever its name. */
async function bearerScheme() {
  const ui = await swagger();
  const schemes = ui.specSelectors.specJson().getIn(['components', 'securitySchemes']);
  const name = schemes && schemes.findKey((s) => s.get('type') === 'http' && String(s.get('scheme')).toLowerCase() === 'bearer');
  return { ui, name };
}

async function end(settings) {
  const idToken = sessionStorage.getItem(ID_TOKEN);
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(ID_TOKEN);
  const { ui, name } = await bearerScheme();
  if (name) ui.authActions.logout([name]);
  const { as } = await provider(settings);
  if (!as.end_session_endpoint) return location.reload();
  const url = new URL(as.end_session_endpoint);
  url.search = new URLSearchParams({
    client_id: settings.clientId,
    post_logout_redirect_uri: new URL('./', location.href).href,
    ...(idToken ? { id_token_hint: idToken } : {}),
  }).toString();
  location.assign(url.href);
}

const res = await fetch('../identity', { headers: { accept: 'application/json' } });
const settings = res.ok ? await res.json() : null;
if (settings) {
  bar.hidden = false;
  signIn.onclick = () => begin(settings).catch((err) => problem('Sign-in failed: ' + err.message));
  signOut.onclick = () => end(settings).catch((err) => problem('Sign-out failed: ' + err.message));
  try {
    if (/[?&](code|error)=/.test(location.search)) {
      if (sessionStorage.getItem(PENDING)) await complete(settings);
      else {
        // Swagger UI's popup, cut off from its page by the provider (its Cross-Origin-Opener-Policy).
        history.replaceState(null, '', location.pathname);
        problem('This window lost the page that opened it at the provider: close it, and use Sign in on the page.');
      }
    }
  } catch (err) {
    problem('Sign-in failed: ' + (err.error_description || err.message));
  }
  const token = sessionStorage.getItem(TOKEN);
  signIn.hidden = Boolean(token);
  signOut.hidden = !token;
  // "Try it out" sends it; the line above the page says whose it is.
  if (token) {
    const { ui, name } = await bearerScheme();
    if (name) ui.preauthorizeApiKey(name, token);
    window.showSignedIn(token);
  }
}
`;

/** The provider's way back: a popup's answer goes to Swagger UI, a whole page's to the page's sign-in. */
export const REDIRECT_SCRIPT = `if (window.opener && window.opener.swaggerUIRedirectOauth2) {
  const swagger = document.createElement('script');
  swagger.src = 'oauth2-swagger-redirect.js';
  document.body.appendChild(swagger);
} else {
  location.replace('./' + location.search);
}
`;

export const REDIRECT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Signing in…</title></head>
<body>
  <script src="oauth2-redirect.js"></script>
</body>
</html>`;
