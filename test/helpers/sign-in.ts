import { createHash, randomBytes } from 'node:crypto';

/**
 * A person signs in at an OpenID Provider as a browser would: the
 * authorization code flow with PKCE, over HTTP, through the provider's own
 * login form (no hand-made tokens), then the code exchanged at its token
 * endpoint. Works against any provider whose login page is the embedded one's
 * (src/identity/pages.ts).
 */

export interface SignInRequest {
  issuer: string;
  clientId: string;
  redirectUri: string;
  username: string;
  password: string;
  scope?: string;
  /** OpenID Connect's prompt parameter, `none` for a sign-in that may show no page. */
  prompt?: string;
  /** The browser's cookies: a jar kept from an earlier sign-in carries its session at the provider. */
  jar?: CookieJar;
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  token_type: string;
  scope?: string;
}

/** The answer of a form or redirect the flow did not expect. */
export class SignInRefused extends Error {
  constructor(
    readonly status: number,
    readonly page: string,
  ) {
    super(`sign-in refused (${status}): ${/<p class="error"[^>]*>([^<]*)</.exec(page)?.[1] ?? page.slice(0, 200)}`);
    this.name = 'SignInRefused';
  }
}

const base64url = (b: Buffer) => b.toString('base64url');

/** Cookies of one browser, by name (the provider's are all on its one origin). */
export class CookieJar {
  private cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(pair.slice(0, at));
      else this.cookies.set(pair.slice(0, at), value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function discover(
  issuer: string,
): Promise<{ authorization_endpoint: string; token_endpoint: string; end_session_endpoint?: string }> {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`discovery of ${issuer} answered ${res.status}`);
  return (await res.json()) as never;
}

/** Follows redirects within the provider (keeping its cookies) until one leaves it or a page is shown. */
async function follow(jar: CookieJar, url: string, init: RequestInit = {}): Promise<{ res: Response; url: string }> {
  let next = url;
  let options = init;
  for (let hops = 0; hops < 10; hops++) {
    const res = await fetch(next, {
      ...options,
      redirect: 'manual',
      headers: { ...options.headers, cookie: jar.header() },
    });
    jar.take(res);
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return { res, url: next };
    const target = new URL(location, next).href;
    if (new URL(target).origin !== new URL(url).origin) return { res, url: target };
    next = target;
    options = {};
  }
  throw new Error('too many redirects');
}

export async function signIn(request: SignInRequest): Promise<Tokens> {
  const { issuer, clientId, redirectUri, username, password } = request;
  const endpoints = await discover(issuer);
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const authorize = new URL(endpoints.authorization_endpoint);
  for (const [k, v] of Object.entries({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: request.scope ?? 'openid profile offline_access api',
    state,
    nonce: base64url(randomBytes(16)),
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    ...(request.prompt ? { prompt: request.prompt } : {}),
  }))
    authorize.searchParams.set(k, v);
  const jar = request.jar ?? new CookieJar();
  const login = await follow(jar, authorize.href);
  if (login.url.startsWith(redirectUri)) return redeem(endpoints.token_endpoint, request, login.url, state, verifier);
  const page = await login.res.text();
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
  if (login.res.status !== 200 || !action) throw new SignInRefused(login.res.status, page);
  const submitted = await follow(jar, new URL(action, login.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  if (!submitted.url.startsWith(redirectUri)) throw new SignInRefused(submitted.res.status, await submitted.res.text());
  return redeem(endpoints.token_endpoint, request, submitted.url, state, verifier);
}

/** Back at the client: the code exchanged for tokens, or the provider's error as a refusal. */
async function redeem(
  tokenEndpoint: string,
  { clientId, redirectUri }: SignInRequest,
  answer: string,
  state: string,
  verifier: string,
): Promise<Tokens> {
  const back = new URL(answer);
  if (back.searchParams.get('state') !== state) throw new Error(`state mismatch: ${answer}`);
  const code = back.searchParams.get('code');
  if (!code)
    throw new SignInRefused(400, `${back.searchParams.get('error')}: ${back.searchParams.get('error_description')}`);
  return tokenRequest(tokenEndpoint, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: clientId,
    code_verifier: verifier,
  });
}

/** The token endpoint's answer, or an error naming its `error` and `error_description`. */
export async function tokenRequest(tokenEndpoint: string, form: Record<string, string>): Promise<Tokens> {
  const res = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const body = (await res.json()) as Tokens & { error?: string; error_description?: string };
  if (!res.ok) throw new Error(`token endpoint answered ${res.status}: ${body.error}: ${body.error_description}`);
  return body;
}

export async function refresh(issuer: string, clientId: string, refreshToken: string): Promise<Tokens> {
  const { token_endpoint } = await discover(issuer);
  return tokenRequest(token_endpoint, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: clientId,
  });
}
