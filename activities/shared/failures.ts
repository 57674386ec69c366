import { ApplicationFailure } from '@temporalio/common';
import { unavailableDependency } from '../../src/unavailable';

/**
 * Tells a write that can never succeed from one that may succeed later.
 *
 * Permanent: PostgreSQL refused the data itself (SQLSTATE class 22, data
 * exceptions such as a NUL byte; class 23, integrity constraints), or Prisma
 * refused it before sending (a value of the wrong type or too long). Retrying
 * would fail the same way for ever and hold up every later update of the
 * workflow, so it becomes a non-retryable ApplicationFailure at once: the
 * workflow rejects the update that caused it and goes on serving.
 *
 * Transient: everything else, notably connections lost or refused, PostgreSQL
 * shutting down or starting, serialization failures (40001), deadlocks
 * (40P01), lock and statement timeouts. Those keep retrying until they succeed.
 *
 * The "already written" path of an idempotent write (a duplicate key) never
 * reaches here: the writes skip duplicates (ON CONFLICT DO NOTHING).
 *
 * The failure's message names the reason (SQLSTATE, constraint) and never the
 * value: it may be personal data.
 */

export type PermanentKind = 'InvalidData' | 'ConstraintViolation';

export interface Permanent {
  kind: PermanentKind;
  /** What PostgreSQL or Prisma refused, without the value. */
  reason: string;
}

// Prisma's codes for a value the database can never take (the query engine's own checks and mapped SQLSTATEs).
const PRISMA_PERMANENT: Record<string, Permanent> = {
  P2000: { kind: 'InvalidData', reason: 'a value is too long for its column' },
  P2002: { kind: 'ConstraintViolation', reason: 'a unique constraint' },
  P2003: { kind: 'ConstraintViolation', reason: 'a foreign key constraint' },
  P2004: { kind: 'ConstraintViolation', reason: 'a constraint' },
  P2005: { kind: 'InvalidData', reason: 'a value of the wrong type for its column' },
  P2006: { kind: 'InvalidData', reason: 'a value not valid for its column' },
  P2007: { kind: 'InvalidData', reason: 'a value that fails data validation' },
  P2011: { kind: 'ConstraintViolation', reason: 'a not-null constraint' },
  P2012: { kind: 'InvalidData', reason: 'a required value is missing' },
  P2013: { kind: 'InvalidData', reason: 'a required argument is missing' },
  P2019: { kind: 'InvalidData', reason: 'an input error' },
  P2020: { kind: 'InvalidData', reason: 'a value out of range for its type' },
  P2023: { kind: 'InvalidData', reason: 'inconsistent column data' },
};

// The SQLSTATEs of data and integrity errors worth naming; the rest of classes 22 and 23 are named by class.
const SQLSTATE_REASON: Record<string, string> = {
  '22001': 'a value is too long',
  '22003': 'a number out of range',
  '22007': 'an invalid date or time',
  '22008': 'a date or time out of range',
  '22021': 'a character not valid in UTF-8 text (such as NUL)',
  '22P02': 'a value of the wrong form for its type',
  '22P05': 'a character PostgreSQL cannot store in text (such as \\u0000)',
  '23502': 'a not-null constraint',
  '23503': 'a foreign key constraint',
  '23505': 'a unique constraint',
  '23514': 'a check constraint',
  '23P01': 'an exclusion constraint',
};

interface DriverCause {
  kind?: string;
  code?: string;
  originalCode?: string;
  constraint?: { index?: string; fields?: string[] };
}

/** The permanent refusal `err` carries, or undefined when retrying may help. */
export function permanentFailure(err: unknown): Permanent | undefined {
  if (unavailableDependency(err)) return undefined;
  // An error from Prisma or pg, of any shape: every field is tested before it is trusted.
  /* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access */
  for (let e = err as Record<string, any> | undefined, depth = 0; e && depth < 6; e = e.cause, depth++) {
    if (typeof e !== 'object') break;
    const name = String(e.name ?? '');
    // Prisma refuses a value of the wrong shape before sending anything: no retry changes the arguments.
    if (name === 'PrismaClientValidationError') {
      return { kind: 'InvalidData', reason: 'Prisma refused an argument of the wrong shape' };
    }
    const driver = e.meta?.driverAdapterError?.cause as DriverCause | undefined;
    const sqlstate = driver?.originalCode ?? driver?.code ?? (e.severity ? e.code : undefined);
    if (typeof sqlstate === 'string') {
      const permanent = fromSqlstate(sqlstate, driver?.constraint?.index);
      if (permanent) return permanent;
      if (name.startsWith('PrismaClient')) return undefined;
    }
    if (name === 'PrismaClientKnownRequestError' && typeof e.code === 'string' && PRISMA_PERMANENT[e.code]) {
      return PRISMA_PERMANENT[e.code];
    }
  }
  /* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access */
  return undefined;
}

function fromSqlstate(sqlstate: string, constraint: string | undefined): Permanent | undefined {
  const cls = sqlstate.slice(0, 2);
  if (cls !== '22' && cls !== '23') return undefined;
  const what = SQLSTATE_REASON[sqlstate] ?? (cls === '22' ? 'a data exception' : 'an integrity constraint');
  const on = constraint ? ` (${constraint})` : '';
  return cls === '22'
    ? { kind: 'InvalidData', reason: `PostgreSQL refused the data: ${what}, SQLSTATE ${sqlstate}` }
    : { kind: 'ConstraintViolation', reason: `PostgreSQL refused the record: ${what}${on}, SQLSTATE ${sqlstate}` };
}

/** A permanent refusal as the non-retryable failure the workflow sees; other errors unchanged. */
export function classified(err: unknown, activity: string): unknown {
  const permanent = permanentFailure(err);
  if (!permanent) return err;
  const reason = permanent.reason.startsWith('PostgreSQL')
    ? permanent.reason
    : `PostgreSQL refused ${permanent.reason}`;
  return ApplicationFailure.create({
    type: permanent.kind,
    message: `${activity}: ${reason}; retrying cannot change that.`,
    nonRetryable: true,
    // The write refused, for a caller that ran several (a handover day's batch of changes).
    details: [activity],
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any activity, whatever its arguments
type AnyActivity = (...args: any[]) => Promise<unknown>;

/** Every activity of `activities`, its failures classified: the worker registers these. */
export function classifyingFailures<A extends Record<string, AnyActivity>>(activities: A): A {
  const wrapped: Record<string, AnyActivity> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        throw classified(err, name);
      }
    };
  }
  return wrapped as A;
}
