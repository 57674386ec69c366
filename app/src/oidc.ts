import * as oauth from 'oauth4webapi';

/**
 * A person signs in at the OpenID Provider the service trusts, with the
 * authorization code flow and PKCE (oauth4webapi does the protocol): the API
 * says which provider and client (GET /identity, 404 when none is configured:
 * then API tokens only), the provider's discovery document says where its
 * endpoints are. The tokens come back to this page (/app/), are renewed with
 * the refresh token before the short-lived access token expires, and sign-out
 * ends the provider's session too.
 */

export interface SignInSettings {
  issuer: string;
  clientId: string;
  resource: string;
  scope: string;
}

export interface PersonTokens {
  issuer: string;
  clientId: string;
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Milliseconds since the epoch, by this browser's clock. */
  issuedAt: number;
  expiresAt: number;
}

/** The provider refused to renew the session (signed out, disabled, expired): the person must sign in again. */
export class SessionEnded extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'SessionEnded';
  }
}

const SETTINGS_KEY = 'field-app.sign-in-settings';
const PENDING_KEY = 'field-app.sign-in-pending';

/** Where the provider sends the browser back: this app's page, as registered with the provider. */
export const redirectUri = () => `${location.origin}${import.meta.env.BASE_URL}`;

/**
 * How people sign in here: the provider's settings, null when the service has none (API tokens), or
 * 'offline' when the service cannot be asked and this browser never asked it before.
 */
export async function signInSettings(): Promise<SignInSettings | null | 'offline'> {
  try {
    const res = await fetch('/identity', {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status === 404) {
      localStorage.setItem(SETTINGS_KEY, 'null');
      return null;
    }
    if (!res.ok) throw new Error(`GET /identity answered ${res.status}`);
    const settings = (await res.json()) as SignInSettings;
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
    return settings;
  } catch {
    const saved = localStorage.getItem(SETTINGS_KEY);
    return saved === null ? 'offline' : (JSON.parse(saved) as SignInSettings | null);
  }
}

/** Plain HTTP only to a provider on this machine (development); anywhere else HTTPS, as oauth4webapi demands. */
function httpOptions(issuer: URL) {
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  return loopback && issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
}

const servers = new Map<string, Promise<oauth.AuthorizationServer>>();

/** The provider's endpoints, from its discovery document (once per page). */
function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  let found = servers.get(issuer);
  if (!found) {
    const url = new URL(issuer);
    found = oauth
      .discoveryRequest(url, { ...httpOptions(url), signal: AbortSignal.timeout(10_000) })
      .then((res) => oauth.processDiscoveryResponse(url, res));
    found.catch(() => servers.delete(issuer));
    servers.set(issuer, found);
  }
  return found;
}

interface Pending {
  settings: SignInSettings;
  verifier: string;
  state: string;
  nonce: string;
  /** The page (hash route) the person was on. */
  hash: string;
}

/** Sends the browser to the provider's sign-in page; it comes back here with a code (completeSignIn). */
export async function beginSignIn(settings: SignInSettings, loginHint?: string): Promise<void> {
  const as = await discover(settings.issuer);
  const pending: Pending = {
    settings,
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    hash: location.hash,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: settings.scope,
    resource: settings.resource,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    // A tablet changes hands: whoever signs in types their password, never slips in on the last person's
    // session at the provider (one that ended here, by expiry, may still be alive there).
    prompt: 'login',
    ...(loginHint ? { login_hint: loginHint } : {}),
  }).toString();
  location.assign(url.href);
}

const tokensOf = (
  { issuer, clientId }: Pick<PersonTokens, 'issuer' | 'clientId'>,
  answer: oauth.TokenEndpointResponse,
  previous?: PersonTokens,
): PersonTokens => {
  const now = Date.now();
  return {
    issuer,
    clientId,
    accessToken: answer.access_token,
    // A provider that does not rotate refresh tokens answers without one: the old one stays.
    refreshToken: answer.refresh_token ?? previous?.refreshToken,
    idToken: answer.id_token ?? previous?.idToken,
    issuedAt: now,
    expiresAt: now + (answer.expires_in ?? 300) * 1000,
  };
};

/** Whether this page load is the provider sending the browser back. */
export const isSignInReturn = () =>
  sessionStorage.getItem(PENDING_KEY) !== null && /[?&](code|error)=/.test(location.search);

/**
 * Takes the provider's answer from the address (code, or an error), exchanges the code for tokens and
 * clears the address. Throws what went wrong, to be shown.
 */
export async function completeSignIn(): Promise<PersonTokens> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY)!) as Pending;
  sessionStorage.removeItem(PENDING_KEY);
  const answer = new URL(location.href);
  // The code is used once: it leaves the address (and the browser's history) at once; the page the person
  // was on comes back (replaceState fires no hashchange: the router is told).
  history.replaceState(null, '', `${import.meta.env.BASE_URL}${pending.hash}`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  const { settings } = pending;
  const as = await discover(settings.issuer);
  const client: oauth.Client = { client_id: settings.clientId };
  const params = oauth.validateAuthResponse(as, client, answer, pending.state);
  const res = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    redirectUri(),
    pending.verifier,
    httpOptions(new URL(settings.issuer)),
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, res, { expectedNonce: pending.nonce });
  return tokensOf(settings, result);
}

/**
 * New tokens for old: SessionEnded when the provider refuses (the person signed out elsewhere, was disabled,
 * or the session is over); any other error (no network) leaves the session as it is.
 */
export async function renew(tokens: PersonTokens): Promise<PersonTokens> {
  if (!tokens.refreshToken) throw new SessionEnded('no refresh token');
  const as = await discover(tokens.issuer);
  const client: oauth.Client = { client_id: tokens.clientId };
  const res = await oauth.refreshTokenGrantRequest(
    as,
    client,
    oauth.None(),
    tokens.refreshToken,
    httpOptions(new URL(tokens.issuer)),
  );
  try {
    return tokensOf(tokens, await oauth.processRefreshTokenResponse(as, client, res), tokens);
  } catch (err) {
    if (err instanceof oauth.ResponseBodyError) throw new SessionEnded(err.error_description ?? err.error);
    throw err;
  }
}

/**
 * Ends the session at the provider: its refresh token revoked, then the browser sent to the provider's
 * sign-out, which comes back to this app. Without a network, nothing to do there: the tokens are forgotten.
 */
export async function endProviderSession(tokens: PersonTokens): Promise<void> {
  const as = await discover(tokens.issuer);
  const client: oauth.Client = { client_id: tokens.clientId };
  if (tokens.refreshToken && as.revocation_endpoint) {
    await oauth
      .revocationRequest(as, client, oauth.None(), tokens.refreshToken, httpOptions(new URL(tokens.issuer)))
      .catch(() => undefined);
  }
  if (!as.end_session_endpoint) return;
  const url = new URL(as.end_session_endpoint);
  url.search = new URLSearchParams({
    client_id: tokens.clientId,
    post_logout_redirect_uri: redirectUri(),
    ...(tokens.idToken ? { id_token_hint: tokens.idToken } : {}),
  }).toString();
  location.assign(url.href);
}
