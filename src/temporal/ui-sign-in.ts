import { randomBytes } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import * as oauth from 'oauth4webapi';
import { notOperatorPage, signedOutPage, signInFailedPage, unreachablePage } from './ui-sign-in-pages';

/**
 * Sign-in in front of the Temporal Web UI, as an auth proxy does: the dev
 * server's UI has none of its own. When the API names an OpenID Provider
 * (GET /identity), a visitor without a session is sent to the provider
 * (authorization code flow with PKCE, oauth4webapi), and comes back to
 * /auth/callback; the API then says who the access token is (GET /api/me), and
 * only an OPERATOR gets a session (an HttpOnly cookie naming it; the tokens stay
 * here). Every request of the session goes on to the UI; those for the codec
 * server carry the operator's access token (Authorization: Bearer), renewed
 * with the refresh token before it expires, so the operator signs in once and
 * reads decoded payloads. A renewal the provider refuses (signed out, disabled)
 * ends the session. Without a provider the gate stays open, as before: the
 * codec server's own sign-in page guards the payloads.
 */

export const SESSION_COOKIE = 'ui_session';
const PENDING_COOKIE = 'ui_sign_in';
const SETTINGS_FOR_MS = 60_000;
const PENDING_FOR_MS = 10 * 60_000;
/** A session nobody used for this long is forgotten (its refresh token has expired by then anyway). */
const IDLE_FOR_MS = 12 * 3600_000;
const HTTP_TIMEOUT_MS = 10_000;

interface Settings {
  issuer: string;
  clientId: string;
  resource: string;
  scope: string;
}

interface Tokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  issuedAt: number;
  expiresAt: number;
}

interface UiSession {
  settings: Settings;
  principal: string;
  tokens: Tokens;
  lastUsed: number;
  /** One renewal at a time: a refresh token is used once. */
  renewing?: Promise<boolean>;
}

interface Pending {
  settings: Settings;
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
  createdAt: number;
}

/** What the gate decided: the request goes on (with these headers), or the gate answered it itself. */
export type Admission = { headers: OutgoingHttpHeaders } | undefined;

export interface UiGate {
  admit(req: IncomingMessage, res: ServerResponse, isCodec: boolean): Promise<Admission>;
}

function cookies(req: IncomingMessage): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) found.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return found;
}

/** The browser's cookies minus the gate's own: the UI and the API never see the session's name. */
function withoutGateCookies(req: IncomingMessage): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { ...req.headers };
  const kept = [...cookies(req)].filter(([k]) => k !== SESSION_COOKIE && k !== PENDING_COOKIE);
  if (kept.length) headers.cookie = kept.map(([k, v]) => `${k}=${v}`).join('; ');
  else delete headers.cookie;
  return headers;
}

/**
 * How the gate talks to the provider: plain HTTP only on loopback, and where the provider is reached at
 * another address than its issuer (a container network: issuer http://localhost:3001, reached at
 * http://identity:3001), requests under the issuer go there instead.
 */
const httpOptions = (gate: Gate, issuer: string) => {
  const url = new URL(issuer);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  const from = issuer.replace(/\/$/, '');
  const to = gate.provider?.replace(/\/$/, '');
  const via = (u: string) =>
    u.startsWith(from) && ['/', '?', undefined].includes(u[from.length]) ? to + u.slice(from.length) : u;
  const rewrite = (u: string, init: oauth.CustomFetchOptions<string, unknown>) => fetch(via(u), init as RequestInit);
  return {
    ...(loopback && url.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {}),
    ...(to ? { [oauth.customFetch]: rewrite } : {}),
  };
};

const send = (res: ServerResponse, status: number, html: string, headers: OutgoingHttpHeaders = {}) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(html);
};
const redirect = (res: ServerResponse, location: string, headers: OutgoingHttpHeaders = {}) => {
  res.writeHead(302, { location, 'cache-control': 'no-store', ...headers });
  res.end();
};
const newId = () => randomBytes(32).toString('base64url');

/** A person's page load (a link, the address bar), not the UI's own fetches: only those are sent to sign in. */
const isNavigation = (req: IncomingMessage) =>
  req.method === 'GET' && (req.headers['sec-fetch-mode'] === 'navigate' || /text\/html/.test(req.headers.accept ?? ''));

/** What the gate keeps: the API's address, the sessions it opened and the sign-ins under way. */
interface Gate {
  api: string;
  /** The provider's address when not its issuer's (see httpOptions). */
  provider: string | undefined;
  /** The origin browsers use when not the Host header over http (TLS ended in front of the proxy). */
  publicUrl: string | undefined;
  sessions: Map<string, UiSession>;
  pending: Map<string, Pending>;
}

const servers = new Map<string, Promise<oauth.AuthorizationServer>>();

/** The provider's endpoints, from its discovery document (asked again only after a failure). */
function server(gate: Gate, issuer: string): Promise<oauth.AuthorizationServer> {
  const key = `${issuer} ${gate.provider ?? ''}`;
  let found = servers.get(key);
  if (!found) {
    const url = new URL(issuer);
    found = oauth
      .discoveryRequest(url, { ...httpOptions(gate, issuer), signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) })
      .then((res) => oauth.processDiscoveryResponse(url, res));
    found.catch(() => servers.delete(key));
    servers.set(key, found);
  }
  return found;
}

/** The API's sign-in settings, null when it names no provider; asked again every minute. */
function apiSettings(api: string): () => Promise<Settings | null> {
  let known: { settings: Settings | null; at: number } | undefined;
  return async () => {
    if (known && Date.now() - known.at < SETTINGS_FOR_MS) return known.settings;
    try {
      const res = await fetch(`${api}/identity`, { signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
      if (res.status !== 404 && !res.ok) throw new Error(`GET /identity answered ${res.status}`);
      const found = res.status === 404 ? null : ((await res.json()) as Settings);
      if (found && (typeof found.issuer !== 'string' || typeof found.clientId !== 'string')) {
        throw new Error('GET /identity answered without an issuer and client');
      }
      known = { settings: found, at: Date.now() };
    } catch (err) {
      // The API restarting: the last answer holds; none yet, nobody can be let in or sent anywhere.
      if (!known) throw err;
    }
    return known.settings;
  };
}

const origin = (gate: Gate, req: IncomingMessage) => gate.publicUrl ?? `http://${req.headers.host}`;
const callbackUrl = (gate: Gate, req: IncomingMessage) => `${origin(gate, req)}/auth/callback`;
/** The gate's cookies: never read by scripts, sent only over https when browsers use https. */
const flags = (gate: Gate) => `HttpOnly; SameSite=Lax${gate.publicUrl?.startsWith('https:') ? '; Secure' : ''}`;
const tokensOf = (answer: oauth.TokenEndpointResponse, previous?: Tokens): Tokens => ({
  accessToken: answer.access_token,
  refreshToken: answer.refresh_token ?? previous?.refreshToken,
  idToken: answer.id_token ?? previous?.idToken,
  issuedAt: Date.now(),
  expiresAt: Date.now() + (answer.expires_in ?? 300) * 1000,
});

/** Who the API says the access token is. */
async function whoIs(
  api: string,
  accessToken: string,
): Promise<{ status: number; principal?: string; role?: string; detail?: string }> {
  const res = await fetch(`${api}/api/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
    signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
  });
  const body = (await res.json().catch(() => ({}))) as { principal?: string; role?: string; detail?: string };
  return { status: res.status, ...body };
}

/** The provider's sign-out, coming back to /auth/ (the signed-out page). */
function signOutUrl(
  gate: Gate,
  req: IncomingMessage,
  as: oauth.AuthorizationServer,
  s: Settings,
  idToken?: string,
): string {
  const url = new URL(as.end_session_endpoint ?? '/', s.issuer);
  url.search = new URLSearchParams({
    client_id: s.clientId,
    post_logout_redirect_uri: `${origin(gate, req)}/auth/`,
    ...(idToken ? { id_token_hint: idToken } : {}),
  }).toString();
  return url.href;
}

const clearSession = (gate: Gate) => `${SESSION_COOKIE}=; ${flags(gate)}; Path=/; Max-Age=0`;

async function beginSignIn(
  gate: Gate,
  req: IncomingMessage,
  res: ServerResponse,
  s: Settings,
  ended: boolean,
): Promise<void> {
  const as = await server(gate, s.issuer);
  const id = newId();
  const p: Pending = {
    settings: s,
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    returnTo: req.url?.startsWith('/') && !req.url.startsWith('/auth/') ? req.url : '/',
    createdAt: Date.now(),
  };
  for (const [k, old] of gate.pending) if (Date.now() - old.createdAt > PENDING_FOR_MS) gate.pending.delete(k);
  gate.pending.set(id, p);
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: s.clientId,
    redirect_uri: callbackUrl(gate, req),
    response_type: 'code',
    scope: s.scope,
    resource: s.resource,
    state: p.state,
    nonce: p.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(p.verifier),
    code_challenge_method: 'S256',
  }).toString();
  const cookie = `${PENDING_COOKIE}=${id}; ${flags(gate)}; Path=/auth/; Max-Age=${PENDING_FOR_MS / 1000}`;
  redirect(res, url.href, { 'set-cookie': ended ? [cookie, clearSession(gate)] : cookie });
}

async function completeSignIn(gate: Gate, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const id = cookies(req).get(PENDING_COOKIE);
  const p = id ? gate.pending.get(id) : undefined;
  if (id) gate.pending.delete(id);
  if (!p) return redirect(res, '/');
  const as = await server(gate, p.settings.issuer);
  const client: oauth.Client = { client_id: p.settings.clientId };
  let tokens: Tokens;
  try {
    const params = oauth.validateAuthResponse(as, client, new URL(req.url!, origin(gate, req)), p.state);
    const answer = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      callbackUrl(gate, req),
      p.verifier,
      httpOptions(gate, p.settings.issuer),
    );
    tokens = tokensOf(await oauth.processAuthorizationCodeResponse(as, client, answer, { expectedNonce: p.nonce }));
  } catch (err) {
    const detail =
      err instanceof oauth.AuthorizationResponseError || err instanceof oauth.ResponseBodyError
        ? (err.error_description ?? err.error)
        : (err as Error).message;
    return send(res, 400, signInFailedPage(detail));
  }
  const me = await whoIs(gate.api, tokens.accessToken);
  if (me.status !== 200 || me.role !== 'OPERATOR') {
    const who = { principal: me.principal ?? 'someone', role: me.role, detail: me.detail };
    return send(res, 403, notOperatorPage(who, signOutUrl(gate, req, as, p.settings, tokens.idToken)));
  }
  const sid = newId();
  for (const [k, old] of gate.sessions) if (Date.now() - old.lastUsed > IDLE_FOR_MS) gate.sessions.delete(k);
  gate.sessions.set(sid, { settings: p.settings, principal: me.principal!, tokens, lastUsed: Date.now() });
  redirect(res, p.returnTo, {
    // A browser session's cookie; the tokens it names stay in this process.
    'set-cookie': [
      `${SESSION_COOKIE}=${sid}; ${flags(gate)}; Path=/`,
      `${PENDING_COOKIE}=; HttpOnly; Path=/auth/; Max-Age=0`,
    ],
  });
}

/** Renews the session's tokens when due (a minute before expiry, or half their life); false: it has ended. */
async function fresh(gate: Gate, session: UiSession): Promise<boolean> {
  const { tokens } = session;
  const margin = Math.min(60_000, (tokens.expiresAt - tokens.issuedAt) / 2);
  if (Date.now() < tokens.expiresAt - margin) return true;
  session.renewing ??= renew(gate, session).finally(() => (session.renewing = undefined));
  return session.renewing;
}

async function renew(gate: Gate, session: UiSession): Promise<boolean> {
  if (!session.tokens.refreshToken) return false;
  const as = await server(gate, session.settings.issuer);
  const client: oauth.Client = { client_id: session.settings.clientId };
  try {
    const answer = await oauth.refreshTokenGrantRequest(
      as,
      client,
      oauth.None(),
      session.tokens.refreshToken,
      httpOptions(gate, session.settings.issuer),
    );
    session.tokens = tokensOf(await oauth.processRefreshTokenResponse(as, client, answer), session.tokens);
  } catch (err) {
    if (err instanceof oauth.ResponseBodyError) return false;
    // The provider not answering: the access token it has may still be good until it expires.
    return Date.now() < session.tokens.expiresAt;
  }
  // Still an operator? The renewed token says what the provider says now.
  const me = await whoIs(gate.api, session.tokens.accessToken).catch(() => ({ status: 0, role: undefined }));
  return me.status === 0 || me.role === 'OPERATOR';
}

/** Ends the session here and at the provider (its refresh token revoked), then the signed-out page. */
async function signOut(gate: Gate, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const sid = cookies(req).get(SESSION_COOKIE);
  const session = sid ? gate.sessions.get(sid) : undefined;
  if (sid) gate.sessions.delete(sid);
  const clear = clearSession(gate);
  const as = session && (await server(gate, session.settings.issuer).catch(() => undefined));
  if (!session || !as) return redirect(res, '/auth/', { 'set-cookie': clear });
  if (as.revocation_endpoint && session.tokens.refreshToken) {
    const client: oauth.Client = { client_id: session.settings.clientId };
    await oauth
      .revocationRequest(
        as,
        client,
        oauth.None(),
        session.tokens.refreshToken,
        httpOptions(gate, session.settings.issuer),
      )
      .catch(() => undefined);
  }
  if (!as.end_session_endpoint) return redirect(res, '/auth/', { 'set-cookie': clear });
  redirect(res, signOutUrl(gate, req, as, session.settings, session.tokens.idToken), { 'set-cookie': clear });
}

/** The gate in front of the Web UI, for the API at `api` (its /identity says whether to sign people in). */
export function uiGate({ api, provider, publicUrl }: { api: string; provider?: string; publicUrl?: string }): UiGate {
  const gate: Gate = {
    api,
    provider,
    publicUrl: publicUrl?.replace(/\/$/, ''),
    sessions: new Map(),
    pending: new Map(),
  };
  const settings = apiSettings(api);
  return {
    async admit(req, res, isCodec) {
      let s: Settings | null;
      try {
        s = await settings();
      } catch (err) {
        send(res, 503, unreachablePage(`The API at ${api}`, (err as Error).message));
        return undefined;
      }
      // No provider: as before, the UI is open and the codec server guards the payloads.
      if (!s) return { headers: req.headers };
      const path = (req.url ?? '/').split('?')[0];
      try {
        if (path === '/auth/callback') return void (await completeSignIn(gate, req, res));
        if (path === '/auth/sign-out') return void (await signOut(gate, req, res));
        if (path === '/auth/') return void send(res, 200, signedOutPage());
        const sid = cookies(req).get(SESSION_COOKIE);
        const session = sid ? gate.sessions.get(sid) : undefined;
        if (session && (await fresh(gate, session))) {
          session.lastUsed = Date.now();
          const headers = withoutGateCookies(req);
          if (isCodec) headers.authorization = `Bearer ${session.tokens.accessToken}`;
          return { headers };
        }
        // A session that ended (signed out elsewhere, disabled, forgotten): its cookie goes too.
        if (sid) gate.sessions.delete(sid);
        if (isNavigation(req)) return void (await beginSignIn(gate, req, res, s, sid !== undefined));
        res.writeHead(401, {
          'content-type': 'text/plain; charset=utf-8',
          'cache-control': 'no-store',
          ...(sid ? { 'set-cookie': clearSession(gate) } : {}),
        });
        res.end('Not signed in: reload the page to sign in as an operator.\n');
        return undefined;
      } catch (err) {
        // The provider unreachable while signing someone in.
        send(res, 503, unreachablePage(`The sign-in service ${s.issuer}`, (err as Error).message));
        return undefined;
      }
    },
  };
}
