import { ServiceError } from '@temporalio/client';
import { Prisma } from '../../src/generated/prisma/client';
import { unavailableDependency } from '../../src/api/errors';

/** Which failures the API answers with 503 + Retry-After (the dependency is down), rather than 500. */
describe('unavailableDependency', () => {
  const prisma = (code: string, meta?: Record<string, unknown>) =>
    new Prisma.PrismaClientKnownRequestError('failed', { code, clientVersion: '7', meta });
  const grpc = (code: number) => Object.assign(new Error(`${code} status`), { code, details: 'status', metadata: {} });

  it.each([
    ['Prisma cannot reach the server (P1001)', prisma('P1001')],
    ['Prisma lost the connection (P1017)', prisma('P1017')],
    ['a raw query on an unreachable server', prisma('P2010', { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } })],
    ['a server shutting down (57P01)', prisma('P2010', { driverAdapterError: { cause: { kind: 'postgres', originalCode: '57P01' } } })],
    ['node-postgres lost the server, passed on as a bare object', { name: 'Error', message: 'Connection terminated unexpectedly' }],
    ['node-postgres could not connect in time', new Error('timeout exceeded when trying to connect')],
  ])('when %s, then it is PostgreSQL', (_what, err) => {
    expect(unavailableDependency(err)).toBe('PostgreSQL');
  });

  it('when Temporal answers UNAVAILABLE or DEADLINE_EXCEEDED, then it is Temporal', () => {
    expect(unavailableDependency(new ServiceError('down', { cause: grpc(14) }))).toBe('Temporal');
    expect(unavailableDependency(new ServiceError('slow', { cause: grpc(4) }))).toBe('Temporal');
  });

  it('when the failure is the request or a rule (unique violation, NOT_FOUND, a plain error), then it is none', () => {
    expect(unavailableDependency(prisma('P2002'))).toBeUndefined();
    expect(unavailableDependency(new ServiceError('missing', { cause: grpc(5) }))).toBeUndefined();
    expect(unavailableDependency(new Error('boom'))).toBeUndefined();
    expect(unavailableDependency(undefined)).toBeUndefined();
  });
});
