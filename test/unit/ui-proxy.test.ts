import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startUiProxy, type UiProxy } from '../../src/temporal/ui-proxy';

/**
 * The Web UI's origin as `npm run dev` serves it, with an API that names no
 * OpenID Provider (GET /identity 404: the gate stays open): /codec to the API,
 * the rest to Temporal's UI, with the browser's Host and every cookie passed
 * along. Sign-in through a provider: test/integration/ui-sign-in.test.ts.
 */

function upstream(name: string): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer((req, res) => {
    if (name === 'api' && req.url === '/identity') {
      res.writeHead(404, { 'content-type': 'application/problem+json' });
      res.end('{"status":404}');
      return;
    }
    res.setHeader('set-cookie', [`a=${name}`, `b=${name}`]);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ name, url: req.url, host: req.headers.host, cookie: req.headers.cookie ?? null }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

let ui: { server: http.Server; url: string };
let api: { server: http.Server; url: string };
let proxy: UiProxy;
beforeAll(async () => {
  [ui, api] = await Promise.all([upstream('ui'), upstream('api')]);
  proxy = await startUiProxy({ host: '127.0.0.1', port: 0, ui: ui.url, api: api.url });
});
afterAll(async () => {
  await proxy.close();
  await Promise.all([ui, api].map((u) => new Promise((resolve) => u.server.close(resolve))));
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${proxy.url}${path}`, { headers });
  return { body: (await res.json()) as Record<string, unknown>, cookies: res.headers.getSetCookie() };
};

describe('the Web UI origin of the development start', () => {
  it.each(['/codec', '/codec/', '/codec/decode?preserveStorageRefs=true', '/codec/session'])(
    'when the browser asks for %s, then the API answers',
    async (path) => {
      expect((await get(path)).body).toMatchObject({ name: 'api', url: path });
    },
  );

  it.each(['/', '/namespaces/default/workflows', '/codecs', '/api/v1/settings'])(
    'when the browser asks for %s, then the Temporal Web UI answers',
    async (path) => {
      expect((await get(path)).body).toMatchObject({ name: 'ui', url: path });
    },
  );

  it('when the browser sends its session cookie, then the codec server gets it with the Host the browser used, and every Set-Cookie comes back', async () => {
    const { body, cookies } = await get('/codec/decode', { cookie: 'codec_session=rpt_x' });
    expect(body).toMatchObject({ cookie: 'codec_session=rpt_x', host: new URL(proxy.url).host });
    expect(cookies).toEqual(['a=api', 'b=api']);
  });

  it('when the API does not answer, then the browser gets 503 naming it: nobody can tell whether sign-in is needed', async () => {
    const dead = await startUiProxy({ host: '127.0.0.1', port: 0, ui: ui.url, api: 'http://127.0.0.1:1' });
    try {
      for (const path of ['/codec/decode', '/namespaces/default/workflows']) {
        const res = await fetch(`${dead.url}${path}`);
        expect(res.status).toBe(503);
        expect(await res.text()).toContain('The API at http://127.0.0.1:1 does not answer');
      }
    } finally {
      await dead.close();
    }
  });
});

describe("the Web UI origin, when browsers know the provider by another address than the proxy's (compose)", () => {
  // Browsers know the provider as http://localhost:1 (its issuer, where nothing answers here); the proxy
  // reaches it at its network address (UI_PROXY_PROVIDER_URL), a stand-in serving its discovery document.
  const issuer = 'http://localhost:1';
  let provider: http.Server;
  let signInApi: http.Server;
  let behind: UiProxy;
  const served: string[] = [];
  const listen = (handler: http.RequestListener) =>
    new Promise<http.Server>((resolve) => {
      const s = http.createServer(handler);
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
  const urlOf = (s: http.Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

  beforeAll(async () => {
    provider = await listen((req, res) => {
      served.push(req.url!);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token` }));
    });
    signInApi = await listen((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer, clientId: 'repatriation-web', resource: 'urn:test', scope: 'openid' }));
    });
    behind = await startUiProxy({
      host: '127.0.0.1',
      port: 0,
      ui: ui.url,
      api: urlOf(signInApi),
      provider: urlOf(provider),
    });
  });
  afterAll(async () => {
    await behind.close();
    await Promise.all([provider, signInApi].map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it("when a visitor is sent to sign in, then the proxy asked the provider's network address and the browser goes to the issuer's", async () => {
    const res = await fetch(`${behind.url}/`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^http:\/\/localhost:1\/auth\?/);
    expect(served).toEqual(['/.well-known/openid-configuration']);
  });
});
