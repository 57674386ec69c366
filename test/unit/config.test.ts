import { CONFIG_KEYS, ConfigError, loadConfig, requireDatabaseUrl } from '../../src/config';

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
