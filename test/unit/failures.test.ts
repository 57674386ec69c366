import { ApplicationFailure } from '@temporalio/common';
import { classified, classifyingFailures, permanentFailure } from '../../activities/shared/failures';

/**
 * Permanent or transient: errors shaped as Prisma 7 with the pg driver adapter
 * reports them (copied from real failures against PostgreSQL 15; the
 * integration test provokes the real ones).
 */

const prismaError = (code: string, cause: Record<string, unknown>) =>
  Object.assign(new Error(`Invalid invocation … Database error. Code: \`${String(cause.originalCode)}\``), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta: { modelName: 'Party', driverAdapterError: { name: 'DriverAdapterError', cause } },
  });

const nul = prismaError('P2039', {
  originalCode: '22021',
  originalMessage: 'invalid byte sequence for encoding "UTF8": 0x00',
  kind: 'postgres',
  code: '22021',
});
const jsonNul = prismaError('P2039', { originalCode: '22P05', kind: 'postgres', code: '22P05' });
const foreignKey = prismaError('P2003', {
  originalCode: '23503',
  kind: 'ForeignKeyConstraintViolation',
  constraint: { index: 'Discrepancy_operationId_fkey' },
});
const check = prismaError('P2039', { originalCode: '23514', kind: 'postgres', code: '23514' });
const serialization = prismaError('P2034', { originalCode: '40001', kind: 'TransactionWriteConflict' });
const deadlock = prismaError('P2039', { originalCode: '40P01', kind: 'postgres', code: '40P01' });
const down = prismaError('P2039', { originalCode: '57P01', kind: 'postgres', code: '57P01' });
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const closed = prismaError('P1017', { kind: 'ConnectionClosed' });

describe('a failed write', () => {
  it.each([
    ['a NUL byte in text (22021)', nul, 'InvalidData', /SQLSTATE 22021/],
    ['a NUL escape in JSON (22P05)', jsonNul, 'InvalidData', /SQLSTATE 22P05/],
    ['a foreign key violated (23503)', foreignKey, 'ConstraintViolation', /Discrepancy_operationId_fkey.*23503/],
    ['a check constraint violated (23514)', check, 'ConstraintViolation', /check constraint.*23514/],
    [
      'a value too long (P2000, no SQLSTATE)',
      Object.assign(new Error('too long'), { name: 'PrismaClientKnownRequestError', code: 'P2000', meta: {} }),
      'InvalidData',
      /too long/,
    ],
    [
      'an argument Prisma refuses before sending',
      Object.assign(new Error('Argument `tag`: Invalid value provided. Expected String, provided Int.'), {
        name: 'PrismaClientValidationError',
      }),
      'InvalidData',
      /wrong shape/,
    ],
  ])('when PostgreSQL or Prisma refuses %s, then it is permanent', (_what, err, kind, reason) => {
    const permanent = permanentFailure(err);
    expect(permanent?.kind).toBe(kind);
    expect(permanent?.reason).toMatch(reason);
  });

  it.each([
    ['a serialization failure (40001)', serialization],
    ['a deadlock (40P01)', deadlock],
    ['PostgreSQL shutting down (57P01)', down],
    ['a connection refused', refused],
    ['a connection closed (P1017)', closed],
    [
      'a record not found yet (P2025)',
      Object.assign(new Error('No record'), { name: 'PrismaClientKnownRequestError', code: 'P2025' }),
    ],
    ['a plain error', new Error('boom')],
  ])('when it fails with %s, then it is transient (retried)', (_what, err) => {
    expect(permanentFailure(err)).toBeUndefined();
    expect(classified(err, 'recordManifest')).toBe(err);
  });

  it('when it is permanent, then the activity fails non-retryably, naming the activity and reason but not the value', async () => {
    const secret = 'Ivanov Ivan, born 1990-01-01';
    const withValue = prismaError('P2039', {
      originalCode: '22021',
      originalMessage: `invalid byte sequence in "${secret}"`,
      kind: 'postgres',
    });
    const activities = classifyingFailures({
      recordManifest: async () => {
        throw withValue;
      },
      recordCount: async () => 'written',
    });
    const failure = await activities.recordManifest().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'InvalidData', nonRetryable: true, details: ['recordManifest'] });
    expect((failure as Error).message).toBe(
      'recordManifest: PostgreSQL refused the data: a character not valid in UTF-8 text (such as NUL), SQLSTATE 22021; retrying cannot change that.',
    );
    expect((failure as Error).message).not.toContain('Ivanov');
    await expect(activities.recordCount()).resolves.toBe('written');
  });

  it('when an activity already fails non-retryably on its own, then its failure passes unchanged', () => {
    const own = ApplicationFailure.nonRetryable('intake numbers already taken', 'IntakeNumberTaken');
    expect(classified(own, 'recordReceipts')).toBe(own);
  });
});
