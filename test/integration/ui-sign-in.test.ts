import { mkdtempSync, rmSync } from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/api/app';
import { PeopleFile, peopleFilePath } from '../../src/identity/people';
import { createLogger } from '../../src/logger';
import { EncryptionCodec } from '../../src/temporal/codec';
import { startUiProxy, type UiProxy } from '../../src/temporal/ui-proxy';
import { passwordOf, startTestProvider, TEST_PEOPLE, writeTestPeople, type TestProvider } from '../helpers/identity';
import { eventually, freePort } from '../helpers/processes';
import { openStack, testPayloadKeys, type TestStack } from '../helpers/stack';

/**
 * The Temporal Web UI's origin as `npm run dev` serves it, with the API naming
 * an OpenID Provider: the proxy signs operators in there (authorization code
 * with PKCE), keeps their session, lets only operators through, and hands the
 * codec server the operator's access token. A real provider (access tokens of
 * 10 s), the real API and codec server; a stand-in for Temporal's UI that says
 * what reached it. The Web UI itself in Chromium: test/e2e/dev-start.test.ts.
 */

let dataDir: string;
let provider: TestProvider;
let stack: TestStack;
let api: Server;
let ui: Server;
let proxy: UiProxy;
let origin: string;

/** Temporal's UI stand-in: what reached it, the cookies and Authorization included. */
function fakeUi(): Promise<Server> {
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        ui: true,
        url: req.url,
        cookie: req.headers.cookie ?? null,
        auth: req.headers.authorization ?? null,
      }),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const urlOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  dataDir = mkdtempSync(path.join(tmpdir(), 'ui-sign-in-'));
  // The people of the tests, and an operator of this file's own to disable.
  await writeTestPeople(path.join(dataDir, 'identity'), [
    ...TEST_PEOPLE,
    { username: 'operator-leaving', name: 'Test Operator Leaving', role: 'OPERATOR' },
  ]);
  provider = await startTestProvider(dataDir, {
    IDENTITY_REDIRECT_URIS: `${origin}/auth/callback`,
    IDENTITY_ACCESS_TOKEN_TTL: '10s',
  });
  stack = await openStack({ OIDC_ISSUER: provider.issuer, OIDC_CLOCK_TOLERANCE: '1s' });
  const app = createApp({
    config: stack.config,
    db: stack.db,
    temporal: stack.client,
    logger: createLogger('silent', 'test'),
  });
  api = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  ui = await fakeUi();
  proxy = await startUiProxy({ host: '127.0.0.1', port, ui: urlOf(ui), api: urlOf(api) });
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  for (const s of [ui, api]) if (s) await new Promise((resolve) => s.close(resolve));
  await stack?.close();
  await provider?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Visit {
  status: number;
  url: string;
  text: string;
  location?: string;
}

/** One browser: a cookie jar per host, redirects followed across origins as a browser does (GET after each). */
class Browser {
  private jar = new Map<string, Map<string, string>>();

  private cookies(url: string): string {
    return [...(this.jar.get(new URL(url).host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(url: string, res: Response): void {
    const host = new URL(url).host;
    const jar = this.jar.get(host) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1)];
      if (value === '' || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    this.jar.set(host, jar);
  }

  has(url: string, cookie: string): boolean {
    return this.jar.get(new URL(url).host)?.has(cookie) ?? false;
  }

  /** One request, no redirect followed. */
  async fetch(url: string, init: RequestInit = {}): Promise<Visit> {
    const headers = new Headers(init.headers);
    const cookie = this.cookies(url);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.keep(url, res);
    const location = res.headers.get('location') ?? undefined;
    return { status: res.status, url, text: await res.text(), location: location && new URL(location, url).href };
  }

  /** A page load: redirects followed until a page answers. */
  async open(url: string, init: RequestInit = {}): Promise<Visit> {
    let visit = await this.fetch(url, { ...init, headers: { accept: 'text/html', ...init.headers } });
    for (let hops = 0; visit.location && visit.status >= 300 && visit.status < 400; hops++) {
      if (hops > 15) throw new Error('too many redirects');
      visit = await this.fetch(visit.location, { headers: { accept: 'text/html' } });
    }
    return visit;
  }

  /** Submits the page's form (its hidden fields, and these), as its button would. */
  async submit(page: Visit, fields: Record<string, string>, formId?: string): Promise<Visit> {
    const form = formId
      ? new RegExp(`<form[^>]*id="${formId.replace('.', '\\.')}"[^>]*>[\\s\\S]*?</form>`).exec(page.text)?.[0]
      : /<form method="post"[^>]*>[\s\S]*?<\/form>/.exec(page.text)?.[0];
    const action = form && /action="([^"]+)"/.exec(form)?.[1];
    if (!form || !action) throw new Error(`no form on ${page.url}: ${page.text.slice(0, 300)}`);
    const hidden = Object.fromEntries(
      [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    return this.open(new URL(action.replace(/&amp;/g, '&'), page.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...hidden, ...fields }).toString(),
    });
  }
}

/** Opens the Web UI at `where` and signs in at the provider's page as `username`: what the browser ends on. */
async function signIn(
  browser: Browser,
  username: string,
  where = '/namespaces/default/workflows?query=x',
): Promise<Visit> {
  const login = await browser.open(`${origin}${where}`);
  expect(login.url.startsWith(provider.issuer)).toBe(true);
  return browser.submit(login, { username, password: passwordOf(provider.dir, username) });
}

const uiSaw = (visit: Visit) =>
  JSON.parse(visit.text) as { ui: boolean; url: string; cookie: string | null; auth: string | null };
/** The UI's own fetches: no page load, so never sent to sign in. */
const uiFetch = (browser: Browser, p = '/api/v1/namespaces') =>
  browser.fetch(`${origin}${p}`, { headers: { accept: 'application/json' } });

async function sealedPayloads(value: unknown) {
  const [p] = await new EncryptionCodec(testPayloadKeys()).encode([
    { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value)) },
  ]);
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  return {
    payloads: [
      { metadata: Object.fromEntries(Object.entries(p.metadata!).map(([k, v]) => [k, b64(v)])), data: b64(p.data!) },
    ],
  };
}
const decode = async (browser: Browser, body: object) =>
  browser.fetch(`${origin}/codec/decode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default' },
    body: JSON.stringify(body),
  });

describe('the Web UI behind sign-in at the OpenID Provider', () => {
  it('when someone without a session opens the UI, then they are sent to the provider, and the UI itself refuses its fetches', async () => {
    const browser = new Browser();
    const visit = await browser.fetch(`${origin}/namespaces/default/workflows`, { headers: { accept: 'text/html' } });
    expect(visit.status).toBe(302);
    const to = new URL(visit.location!);
    expect(`${to.origin}${to.pathname}`).toBe(`${provider.issuer}/auth`);
    expect(to.searchParams.get('redirect_uri')).toBe(`${origin}/auth/callback`);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect((await uiFetch(browser)).status).toBe(401);
    expect((await decode(browser, { payloads: [] })).status).toBe(401);
  });

  it('when an operator signs in, then they get the page they asked for, the UI never sees the session, and the codec server decodes with their access token', async () => {
    const browser = new Browser();
    const landed = await signIn(browser, 'operator-1');
    expect(uiSaw(landed)).toMatchObject({
      ui: true,
      url: '/namespaces/default/workflows?query=x',
      cookie: null,
      auth: null,
    });
    expect(browser.has(origin, 'ui_session')).toBe(true);
    expect(uiSaw(await uiFetch(browser))).toMatchObject({ ui: true, cookie: null });

    const declared = { declaredIdentity: { name: 'Mykola Hnatiuk' } };
    const decoded = await decode(browser, await sealedPayloads(declared));
    expect(decoded.status).toBe(200);
    const { payloads } = JSON.parse(decoded.text) as { payloads: Array<{ data: string }> };
    expect(JSON.parse(Buffer.from(payloads[0].data, 'base64').toString('utf8'))).toEqual(declared);
    const entry = await stack.db.dataAccessLog.findFirstOrThrow({ orderBy: { accessedAt: 'desc' } });
    expect(entry).toMatchObject({ principal: 'operator-1', role: 'OPERATOR', resource: 'codec:decode:1' });
  });

  it('when someone who is not an operator signs in, then a page says the UI is for operators, and nothing gets through', async () => {
    const browser = new Browser();
    const refused = await signIn(browser, 'observer-1');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Operators only');
    expect(refused.text).toContain('observer-1 (OBSERVER)');
    expect(browser.has(origin, 'ui_session')).toBe(false);
    expect((await uiFetch(browser)).status).toBe(401);
    expect((await decode(browser, { payloads: [] })).status).toBe(401);
  });
});

describe('the Web UI session ends', () => {
  it('when the operator signs out, then the provider session ends too and the next visit asks for the password again', async () => {
    const browser = new Browser();
    await signIn(browser, 'operator-1');
    const confirm = await browser.open(`${origin}/auth/sign-out`);
    expect(confirm.url.startsWith(`${provider.issuer}/session/end`)).toBe(true);
    const out = await browser.submit(confirm, { logout: 'yes' }, 'op.logoutForm');
    expect(out.url).toBe(`${origin}/auth/`);
    expect(out.text).toContain('You are signed out of the Temporal Web UI.');
    expect((await uiFetch(browser)).status).toBe(401);
    const again = await browser.open(`${origin}/`);
    expect(again.url.startsWith(provider.issuer)).toBe(true);
    expect(again.text).toContain('name="password"');
  });

  it('when an operator is disabled at the provider, then their session ends at the latest when their access token expires, and they cannot sign in again', async () => {
    const browser = new Browser();
    await signIn(browser, 'operator-leaving');
    expect((await decode(browser, { payloads: [] })).status).toBe(200);
    new PeopleFile(peopleFilePath(provider.dir)).setDisabled('operator-leaving', true);
    // Renewed a few seconds before its 10 s are up: the provider refuses, and the session is over.
    await eventually(
      async () => (await uiFetch(browser)).status === 401,
      'the proxy to refuse the disabled operator',
      30_000,
      500,
    );
    expect((await decode(browser, { payloads: [] })).status).toBe(401);
    expect(browser.has(origin, 'ui_session')).toBe(false);
    // Signing in again in this browser, which still holds their session at the provider: its sign-in page says
    // the account is disabled (not a server error), and lets someone else sign in.
    const here = await browser.open(`${origin}/`);
    expect({ status: here.status, url: here.url.startsWith(provider.issuer) }).toEqual({ status: 403, url: true });
    expect(here.text).toContain('operator-leaving is disabled');
    expect(here.text).toContain('name="password"');
    // Signing in again on another computer: the provider refuses the account.
    const elsewhere = new Browser();
    const login = await elsewhere.open(`${origin}/`);
    const password = passwordOf(provider.dir, 'operator-leaving');
    const refused = await elsewhere.submit(login, { username: 'operator-leaving', password });
    expect({ status: refused.status, url: refused.url.startsWith(provider.issuer) }).toEqual({
      status: 403,
      url: true,
    });
    expect(refused.text).toContain('This account is disabled');
    expect(elsewhere.has(origin, 'ui_session')).toBe(false);
  });
});
