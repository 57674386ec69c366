import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/api/app';
import { createLogger } from '../../src/logger';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { CODEC_PATH } from '../../src/temporal/ui-proxy';
import { findTemporalCli } from '../../src/tools';
import { runProvider } from '../helpers/identity';
import { eventually, freePort, spawnEntryPoint, type Spawned } from '../helpers/processes';
import { openStack, type TestStack } from '../helpers/stack';

/**
 * The Web UI's sign-in proxy as production runs it: its own process (src/main/ui-proxy.ts, the compose
 * stack's temporal-ui-proxy) configured only by its environment, in front of a Temporal dev server's real
 * Web UI and a real API. What the gate does once a visitor comes back from the provider is
 * test/integration/ui-sign-in.test.ts's; this file checks the entry point's wiring: its settings reach
 * the proxy and the gate, and wrong ones stop it at start naming the setting.
 */

const ENTRY = 'src/main/ui-proxy.ts';
let temporal: DevServer;
let stack: TestStack;
/** The API naming the run's OpenID Provider, and one naming none. */
let apiSignIn: Server;
let apiOpen: Server;
const running: Spawned[] = [];

const urlOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
const listen = (app: ReturnType<typeof createApp>) =>
  new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });

/** The entry point on a free port, once it answers; its settings are `env` on top of the upstreams'. */
async function startProxy(env: Record<string, string>): Promise<{ origin: string; proxy: Spawned }> {
  const port = await freePort();
  const proxy = spawnEntryPoint(ENTRY, {
    UI_PROXY_HOST: '127.0.0.1',
    UI_PROXY_PORT: String(port),
    UI_PROXY_UPSTREAM: temporal.uiUrl!,
    LOG_LEVEL: 'info',
    ...env,
  });
  running.push(proxy);
  const origin = `http://127.0.0.1:${port}`;
  await eventually(async () => (await fetch(`${origin}/auth/`).catch(() => null)) !== null, 'the UI proxy', 60_000);
  return { origin, proxy };
}

/** A person's page load, as a browser sends it. */
const navigate = (url: string) =>
  fetch(url, { redirect: 'manual', headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate' } });

beforeAll(async () => {
  const [server, opened] = await Promise.all([
    startDevServer({
      cli: findTemporalCli(process.env.TEMPORAL_CLI),
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
      uiCodecEndpoint: CODEC_PATH,
    }),
    openStack({ OIDC_ISSUER: runProvider().issuer }),
  ]);
  [temporal, stack] = [server, opened];
  const deps = { db: stack.db, temporal: stack.client, logger: createLogger('silent', 'test') };
  apiSignIn = await listen(createApp({ ...deps, config: stack.config }));
  apiOpen = await listen(createApp({ ...deps, config: { ...stack.config, oidc: undefined } }));
}, 120_000);

afterAll(async () => {
  for (const { child } of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const s of [apiSignIn, apiOpen]) if (s) await new Promise((resolve) => s.close(resolve));
  await stack?.close();
  await temporal?.stop();
});

describe('the Web UI sign-in proxy entry point', () => {
  it("when an anonymous visitor opens the Web UI, then they are sent to the provider's authorization endpoint, and on SIGTERM the proxy exits cleanly", async () => {
    const { origin, proxy } = await startProxy({ UI_PROXY_API_URL: urlOf(apiSignIn) });
    const discovery = (await (await fetch(`${runProvider().issuer}/.well-known/openid-configuration`)).json()) as {
      authorization_endpoint: string;
    };

    const res = await navigate(`${origin}/namespaces/default/workflows`);
    const location = new URL(res.headers.get('location') ?? 'http://none');
    expect(res.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(discovery.authorization_endpoint);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: stack.config.oidc!.clientId,
      redirect_uri: `${origin}/auth/callback`,
      response_type: 'code',
      code_challenge_method: 'S256',
    });
    // The UI's own fetches are refused, not redirected; the codec server is not reached either.
    expect((await fetch(`${origin}/api/v1/namespaces`)).status).toBe(401);
    expect((await fetch(`${origin}${CODEC_PATH}/decode`, { method: 'POST', body: '{}' })).status).toBe(401);

    await eventually(async () => /operators sign in at the OpenID Provider/.test(proxy.output()), 'the start log');
    expect(proxy.output()).toContain('Web UI proxy listening');
    proxy.child.kill('SIGTERM');
    expect(await proxy.exited).toEqual({ code: 0, signal: null });
  }, 90_000);

  it('when the API names no provider, then the proxy serves the real Temporal Web UI and warns that it is open', async () => {
    const { origin, proxy } = await startProxy({ UI_PROXY_API_URL: urlOf(apiOpen) });

    const res = await navigate(`${origin}/`);
    const page = await res.text();
    expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({
      status: 200,
      type: expect.stringMatching(/^text\/html/),
    });
    expect(page).toMatch(/<html/i);
    await eventually(
      async () => /the Web UI is open to whoever reaches this proxy/.test(proxy.output()),
      'the warning',
    );
  }, 90_000);

  it("when UI_PROXY_PROVIDER_URL names the provider's network address, then sign-in asks there (here nothing answers: 503)", async () => {
    const { origin } = await startProxy({
      UI_PROXY_API_URL: urlOf(apiSignIn),
      UI_PROXY_PROVIDER_URL: `http://127.0.0.1:${await freePort()}`,
    });

    const res = await navigate(`${origin}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain(runProvider().issuer);
  }, 90_000);

  it('when TLS ends in front of it (UI_PROXY_PUBLIC_URL https), then the provider sends browsers back there and its cookie is Secure', async () => {
    const { origin } = await startProxy({
      UI_PROXY_API_URL: urlOf(apiSignIn),
      UI_PROXY_PUBLIC_URL: 'https://ui.example.org',
    });

    const res = await navigate(`${origin}/`);
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!).searchParams.get('redirect_uri')).toBe(
      'https://ui.example.org/auth/callback',
    );
    expect(res.headers.getSetCookie()).toEqual([expect.stringMatching(/; Secure/)]);
  }, 90_000);

  it.each([
    ['UI_PROXY_UPSTREAM', { UI_PROXY_UPSTREAM: '' }, /UI_PROXY_UPSTREAM: required/],
    ['UI_PROXY_API_URL', {}, /UI_PROXY_API_URL: required/],
    ['UI_PROXY_API_URL', { UI_PROXY_API_URL: 'https://api:3000' }, /UI_PROXY_API_URL: must be http:\/\/host:port/],
    ['UI_PROXY_PORT', { UI_PROXY_API_URL: 'http://api:3000', UI_PROXY_PORT: 'eighty' }, /UI_PROXY_PORT: /],
    [
      'UI_PROXY_PUBLIC_URL',
      { UI_PROXY_API_URL: 'http://api:3000', UI_PROXY_PUBLIC_URL: 'https://ui.example.org/temporal' },
      /UI_PROXY_PUBLIC_URL: must be an origin/,
    ],
  ])(
    'when %s is missing or wrong, then the proxy does not start and says so',
    async (_name, env, message) => {
      const proxy = spawnEntryPoint(ENTRY, { UI_PROXY_UPSTREAM: temporal.uiUrl!, ...env });
      running.push(proxy);
      expect((await proxy.exited).code).toBe(1);
      expect(proxy.output()).toMatch(message);
      expect(proxy.output()).not.toContain('listening');
    },
    60_000,
  );
});
