import { CONFIG_KEYS, ConfigError, loadConfig, requireDatabaseUrl, requireUiProxyUpstreams } from '../../src/config';

describe('config', () => {
  it('when nothing is set, then the embedded development defaults apply', () => {
    const config = loadConfig({});
    expect(config.temporal).toMatchObject({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'repatriation',
    });
    expect(config.api).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir.endsWith('.data')).toBe(true);
  });

  it('when settings are given, then they are used and empty ones count as unset', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://app@db:5432/repatriation',
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'repatriation',
      TEMPORAL_UI_URL: 'http://ui.example:8080/',
      API_PORT: '8080',
      TEMPORAL_TASK_QUEUE: '',
    });
    expect(config.databaseUrl).toBe('postgresql://app@db:5432/repatriation');
    expect(config.temporal).toMatchObject({
      address: 'temporal:7233',
      namespace: 'repatriation',
      taskQueue: 'repatriation',
      uiUrl: 'http://ui.example:8080',
    });
    expect(config.api.port).toBe(8080);
  });

  it('when settings are wrong, then start fails with a message naming each of them', () => {
    let error: unknown;
    try {
      loadConfig({ API_PORT: 'eighty', TEMPORAL_ADDRESS: 'no-port', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['API_PORT', 'TEMPORAL_ADDRESS', 'DATABASE_URL', 'LOG_LEVEL']) expect(message).toContain(name);
    expect(message).toContain('must be host:port');
  });

  it('when a production entry point has no DATABASE_URL, then it fails naming DATABASE_URL', () => {
    expect(() => requireDatabaseUrl(loadConfig({}))).toThrow(/DATABASE_URL: required/);
  });

  it("when the Web UI's sign-in proxy has no upstreams, then it fails naming UI_PROXY_UPSTREAM and UI_PROXY_API_URL", () => {
    expect(() => requireUiProxyUpstreams(loadConfig({}))).toThrow(
      /UI_PROXY_UPSTREAM: required[\s\S]*UI_PROXY_API_URL: required/,
    );
  });

  it("when the Web UI's sign-in proxy is given its upstreams, then it stands in front of them where it is told", () => {
    const config = loadConfig({
      UI_PROXY_HOST: '0.0.0.0',
      UI_PROXY_PORT: '8233',
      UI_PROXY_UPSTREAM: 'http://temporal-ui:8080',
      UI_PROXY_API_URL: 'http://api:3000',
      UI_PROXY_PROVIDER_URL: 'http://identity:3001',
    });
    expect(requireUiProxyUpstreams(config)).toEqual({ upstream: 'http://temporal-ui:8080', apiUrl: 'http://api:3000' });
    expect(config.uiProxy).toMatchObject({ host: '0.0.0.0', port: 8233, providerUrl: 'http://identity:3001' });
  });

  it.each([
    ['UI_PROXY_UPSTREAM', 'https://temporal-ui:8080'],
    ['UI_PROXY_UPSTREAM', 'http://temporal-ui:8080/ui'],
    ['UI_PROXY_API_URL', 'api:3000'],
    ['UI_PROXY_PORT', '70000'],
    ['UI_PROXY_PROVIDER_URL', 'identity'],
    ['UI_PROXY_PUBLIC_URL', 'ui.example.org'],
  ])("when the Web UI's sign-in proxy's %s is %s, then start fails naming it", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}: `));
  });

  it('lists every variable it reads, for checking deployment files against', () => {
    expect(CONFIG_KEYS).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'TEMPORAL_ADDRESS',
        'TEMPORAL_NAMESPACE',
        'TEMPORAL_TASK_QUEUE',
        'API_PORT',
      ]),
    );
  });
});
