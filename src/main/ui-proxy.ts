// The Temporal Web UI's sign-in proxy as production runs it (the compose stack's `temporal-ui-proxy`;
// `npm run dev` starts the same proxy in its own process): `node dist/src/main/ui-proxy.js`. The Web UI has no
// sign-in of its own, so it is published only through this proxy, which lets only operators signed in at the
// API's OpenID Provider through and serves the API's codec server at /codec of the same origin.
import { loadConfig, requireUiProxyUpstreams } from '../config';
import { createLogger, type Logger } from '../logger';
import { startUiProxy } from '../temporal/ui-proxy';
import { failStart, onShutdownSignal } from './lifecycle';

/** Says once whether operators sign in or the UI is open (the API names no provider); never waits for the API. */
async function announce(apiUrl: string, logger: Logger): Promise<void> {
  try {
    const res = await fetch(`${apiUrl}/identity`, { signal: AbortSignal.timeout(10_000) });
    if (res.status === 404) {
      logger.warn(
        'the API names no OpenID Provider (OIDC_ISSUER): the Web UI is open to whoever reaches this proxy; only the codec server guards payloads',
      );
    } else if (res.ok) {
      const { issuer } = (await res.json()) as { issuer?: string };
      logger.info({ issuer }, 'operators sign in at the OpenID Provider');
    } else logger.warn({ status: res.status }, 'the API did not say where operators sign in (GET /identity)');
  } catch (err) {
    logger.warn({ api: apiUrl, err: { message: (err as Error).message } }, 'the API does not answer yet');
  }
}

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'ui-proxy');
  const { upstream, apiUrl } = requireUiProxyUpstreams(config);
  const proxy = await startUiProxy({
    host: config.uiProxy.host,
    port: config.uiProxy.port,
    ui: upstream,
    api: apiUrl,
    provider: config.uiProxy.providerUrl,
    publicUrl: config.uiProxy.publicUrl,
    logger,
  });
  logger.info({ url: proxy.url, ui: upstream, api: apiUrl }, 'Web UI proxy listening');
  void announce(apiUrl, logger);
  onShutdownSignal(logger, () => proxy.close());
}

if (require.main === module) main().catch(failStart);
