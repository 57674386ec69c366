import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Where a port handed out by freePort is reserved, one file per port (per user: root's CI and a user's runs apart). */
const reservations = path.join(tmpdir(), `repatriation-ports-${process.getuid?.() ?? 'user'}`);
/** A reservation outlives the start of whatever asked for the port; after this it is cleared when met. */
const RESERVED_FOR_MS = 10 * 60_000;
const LOWEST = 20_000;

/**
 * A free TCP port on loopback for a server that starts a little later (tests,
 * benchmarks, the dev start's inner Web UI); nothing here uses fixed ports.
 *
 * It is chosen below the kernel's ephemeral range: ports the OS hands out for
 * bind(0) and outgoing connections (the Temporal dev server takes several of
 * its own as it starts) come from that range, and one of them took an API's
 * port in the seconds before the API listened. A file reserves the port
 * machine-wide, so two processes picking at the same moment never share one.
 */
export async function freePort(): Promise<number> {
  mkdirSync(reservations, { recursive: true });
  const highest = ephemeralRangeStart() - 1;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (highest - LOWEST + 1));
    if (reserve(port) && (await listenable(port))) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${highest} after 200 tries`);
}

/** The first port of the kernel's ephemeral range (Linux), or the IANA default elsewhere. */
function ephemeralRangeStart(): number {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (first > LOWEST + 1_000) return first;
  } catch {
    // Not Linux: fall through.
  }
  return 49_152;
}

/** Claims the port's reservation file; a stale one is cleared for a later pick, not taken. */
function reserve(port: number): boolean {
  const file = path.join(reservations, String(port));
  try {
    closeSync(openSync(file, 'wx'));
    return true;
  } catch {
    try {
      if (Date.now() - statSync(file).mtimeMs > RESERVED_FOR_MS) unlinkSync(file);
    } catch {
      // Another process cleared it first.
    }
    return false;
  }
}

function listenable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Whether a process with this id is running (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
