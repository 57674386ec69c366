/**
 * Whether an error says PostgreSQL or Temporal cannot be reached right now.
 * Asked by the API (503, retry shortly) and by the activities (a transient
 * failure, retried), so it lives below both.
 */

// Prisma's codes for a database it cannot reach or that dropped the connection (P1xxx), and a pool exhausted.
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// Driver-adapter kinds and PostgreSQL SQLSTATEs of the same: connection exceptions (08), shutdown/startup (57P0x), too many connections.
const ADAPTER_UNAVAILABLE = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
const PG_UNAVAILABLE = /^(08|57P0[1-3]|53300)/;
const SOCKET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
const PG_MESSAGES =
  /Can't reach database server|Connection terminated|connection error|Connection is closed|database system is (shutting down|starting up|in recovery)|terminating connection due to administrator command|Server has closed the connection/i;
// node-postgres's own words for a lost server; the driver adapter may pass them on as a bare { name, message }.
const NODE_PG_MESSAGES =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect)$/;
// gRPC: UNAVAILABLE (14) and DEADLINE_EXCEEDED (4), as Temporal's client reports a server that is down or restarting.
const GRPC_UNAVAILABLE = new Set([4, 14]);

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access --
   an error from Prisma, pg, gRPC or a socket, of any shape: every field is tested before it is trusted. */
/** "PostgreSQL" or "Temporal" when `err` (or a cause of it) says that dependency cannot be reached now. */
export function unavailableDependency(err: unknown): 'PostgreSQL' | 'Temporal' | undefined {
  for (let e = err as Record<string, any> | undefined, depth = 0; e && depth < 6; e = e.cause, depth++) {
    if (typeof e !== 'object') break;
    const name = String(e.name ?? e.constructor?.name ?? '');
    if (name.startsWith('PrismaClient')) {
      const adapter = e.meta?.driverAdapterError?.cause as { kind?: string; originalCode?: string } | undefined;
      if (
        name === 'PrismaClientInitializationError' ||
        PRISMA_UNAVAILABLE.has(e.code) ||
        (adapter?.kind && ADAPTER_UNAVAILABLE.has(adapter.kind)) ||
        (adapter?.originalCode && PG_UNAVAILABLE.test(adapter.originalCode)) ||
        PG_MESSAGES.test(String(e.message ?? ''))
      ) {
        return 'PostgreSQL';
      }
      return undefined;
    }
    if (name === 'ServiceError' || typeof e.details === 'string') {
      const grpc = name === 'ServiceError' ? e.cause : e;
      if (typeof grpc?.code === 'number' && GRPC_UNAVAILABLE.has(grpc.code)) return 'Temporal';
    }
    if (NODE_PG_MESSAGES.test(String(e.message ?? ''))) return 'PostgreSQL';
    if (typeof e.code === 'string' && (SOCKET_UNAVAILABLE.has(e.code) || (e.severity && PG_UNAVAILABLE.test(e.code)))) {
      return 'PostgreSQL';
    }
  }
  return undefined;
}
/* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access */
