import { loadConfig } from '../../src/config';
import { ciphertextNotice, cliInvocation, flagValue } from '../../src/temporal/cli';

/** `npm run temporal`: which Temporal and which codec server the CLI is pointed at. */

const config = loadConfig({ API_PORT: '3100', DEV_TEMPORAL_PORT: '7300' });

describe('npm run temporal', () => {
  it('when nothing is set, then the CLI talks to the development start on 127.0.0.1, without a codec', () => {
    expect(cliInvocation(['workflow', 'list'], {}, config)).toEqual({
      env: { TEMPORAL_ADDRESS: '127.0.0.1:7300', TEMPORAL_NAMESPACE: 'default' },
    });
  });

  it('when OPERATOR_TOKEN is set, then the CLI goes through the API codec server with that bearer token', () => {
    const invocation = cliInvocation(['workflow', 'show', '-w', 'x'], { OPERATOR_TOKEN: 'rpt_abc' }, config);
    expect(invocation.env).toMatchObject({
      TEMPORAL_CODEC_ENDPOINT: 'http://127.0.0.1:3100/codec',
      TEMPORAL_CODEC_AUTH: 'Bearer rpt_abc',
    });
    expect(invocation.codec).toEqual({ endpoint: 'http://127.0.0.1:3100/codec', auth: 'Bearer rpt_abc' });
  });

  it('when TEMPORAL_ADDRESS or codec flags are given, then they win, and the token check uses the flags', () => {
    const invocation = cliInvocation(
      ['workflow', 'show', '--codec-endpoint=http://codec.example/codec/', '--codec-auth', 'Bearer rpt_flag'],
      { TEMPORAL_ADDRESS: 'temporal:7233', OPERATOR_TOKEN: 'rpt_env' },
      config,
    );
    expect(invocation.env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(invocation.codec).toEqual({ endpoint: 'http://codec.example/codec', auth: 'Bearer rpt_flag' });
  });

  it('when a flag is given twice or after --, then the last one before -- counts', () => {
    expect(flagValue(['--codec-auth', 'a', '--codec-auth=b', '--', '--codec-auth', 'c'], '--codec-auth')).toBe('b');
    expect(flagValue(['--codec-auth'], '--codec-auth')).toBeUndefined();
  });

  it('when a command that shows payloads runs without a codec server, then a notice says they are encrypted and how to decode them', () => {
    const args = ['workflow', 'describe', '-w', 'handover-x'];
    const notice = ciphertextNotice(args, cliInvocation(args, {}, config));
    expect(notice).toMatch(/payloads .* are encrypted/);
    expect(notice).toContain('OPERATOR_TOKEN=rpt_... npm run temporal -- workflow describe -w handover-x');
    expect(notice).toContain('--role OPERATOR');
    for (const shows of [['workflow', 'show'], ['workflow', 'query', '--type', 'x'], ['schedule', 'describe']]) {
      expect(ciphertextNotice(shows, cliInvocation(shows, {}, config))).toBeDefined();
    }
  });

  it('when a codec server is given, or the command shows no payloads, then there is no notice', () => {
    const describe = ['workflow', 'describe', '-w', 'x'];
    expect(ciphertextNotice(describe, cliInvocation(describe, { OPERATOR_TOKEN: 'rpt_abc' }, config))).toBeUndefined();
    const flagged = [...describe, '--codec-endpoint', 'http://codec.example/codec'];
    expect(ciphertextNotice(flagged, cliInvocation(flagged, {}, config))).toBeUndefined();
    for (const quiet of [['workflow', 'list'], ['operator', 'namespace', 'list'], ['--help'], []]) {
      expect(ciphertextNotice(quiet, cliInvocation(quiet, {}, config))).toBeUndefined();
    }
  });
});
