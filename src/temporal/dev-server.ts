import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { searchAttributeKeys } from '../../workflows/shared/search-attributes';
import { dynamicConfigFlags } from './server-settings';

/**
 * Runs `temporal server start-dev`: a real Temporal server with its Web UI,
 * persisting to a SQLite file, with the project's search attributes registered.
 */

const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** `--search-attribute Name=Type` flags for every attribute the project defines. */
export function searchAttributeFlags(): string[] {
  return searchAttributeKeys.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`]);
}

export interface DevServerOptions {
  cli: string;
  /** SQLite file for persistence; omitted = in memory (tests). */
  dbFile?: string;
  ip?: string;
  port: number;
  /** Web UI port; omitted = no UI (tests). */
  uiPort?: number;
  namespace: string;
  /** Codec server URL the Web UI uses to decode payloads. */
  uiCodecEndpoint?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  startTimeoutMs?: number;
  onOutput?: (line: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function devServerArgs(options: DevServerOptions): string[] {
  const ip = options.ip ?? '127.0.0.1';
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(options.port), '--namespace', options.namespace];
  args.push('--log-level', options.logLevel ?? 'warn');
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (options.uiPort) {
    args.push('--ui-port', String(options.uiPort));
    // No network here or in many deployments: the UI must not fetch its news feed.
    args.push('--ui-disable-news-fetch');
    if (options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  } else {
    args.push('--headless');
  }
  return [...args, ...searchAttributeFlags(), ...dynamicConfigFlags()];
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  if (options.dbFile) mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const ip = options.ip ?? '127.0.0.1';
  const address = `${ip}:${options.port}`;
  const child = spawn(options.cli, devServerArgs(options), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-4000);
    for (const line of text.split('\n')) if (line.trim()) options.onOutput?.(line);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };

  try {
    await waitUntilServing(address, options.namespace, options.startTimeoutMs ?? 60_000, () => child.exitCode);
  } catch (err) {
    await stop();
    throw new Error(`Temporal dev server did not start (${(err as Error).message}). Its last output:\n${output}`, {
      cause: err,
    });
  }
  return {
    address,
    uiUrl: options.uiPort ? `http://${ip}:${options.uiPort}` : undefined,
    process: child,
    stop,
  };
}

/** Waits until the server answers and the namespace has every project search attribute. */
async function waitUntilServing(
  address: string,
  namespace: string,
  timeoutMs: number,
  exitCode: () => number | null,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode() !== null) throw new Error(`the process exited with code ${exitCode()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
        const missing = searchAttributeKeys.filter((k) => !(k.name in (customAttributes ?? {})));
        if (missing.length === 0) return;
        lastError = `search attributes not yet registered: ${missing.map((k) => k.name).join(', ')}`;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = (err as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`not serving on ${address} after ${timeoutMs} ms: ${lastError}`);
}
