import type { ErrorRequestHandler, RequestHandler } from 'express';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { ZodError } from 'zod';
import { NOT_RECORDED, notRecorded } from '../../workflows/shared/not-recorded';
import type { Logger } from '../logger';
import { unavailableDependency } from '../unavailable';

export { unavailableDependency };

/**
 * RFC 9457 problem details. Every error the API returns goes through
 * `errorHandler`, so each failure class maps to one status and one shape.
 * Messages name the field and the rule, never the personal data submitted.
 */

export interface FieldError {
  /** JSON Pointer (RFC 6901) into the request body or query, e.g. "/agreement/window/end". */
  pointer: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}

const PROBLEM_BASE = '/problems/';

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }
}

export const notFound = (detail: string) => new ProblemError(404, 'not-found', 'Not found', detail);
/** The same words whether the operation does not exist or the caller's party is not in it: neutrality leaks nothing. */
export const operationNotFound = () => notFound('No such operation.');
export const conflict = (detail: string) =>
  new ProblemError(409, 'conflict', 'Conflict with the current state', detail);

export function toPointer(path: PropertyKey[]): string {
  return '/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

type Issue = { path: PropertyKey[]; message: string; code?: string; errors?: Issue[][] };

/**
 * A union's failure names the fields of the form the body came closest to
 * (the branch with the fewest issues), not "/" "Invalid input".
 */
function fieldIssues(issues: readonly Issue[], base: PropertyKey[] = []): Issue[] {
  return issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors?.length) {
      const closest = issue.errors.reduce((a, b) => (b.length < a.length ? b : a));
      if (closest.length) return fieldIssues(closest, path);
    }
    return [{ ...issue, path }];
  });
}

export function fromZod(err: ZodError, where: 'body' | 'query' | 'path' = 'body'): ProblemError {
  // A rule checked twice on one field (a schema and its refinement) is listed once.
  const seen = new Set<string>();
  const errors = fieldIssues(err.issues as readonly Issue[])
    .map((issue) => ({ pointer: toPointer(issue.path), message: issue.message }))
    .filter((e) => {
      const key = `${e.pointer}\u0000${e.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
  const detail = `The request ${where} is not valid: ${errors
    .slice(0, 5)
    .map((e) => `${e.pointer === '/' ? '(root)' : e.pointer} ${e.message}`)
    .join('; ')}${errors.length > 5 ? `; and ${errors.length - 5} more` : ''}.`;
  return new ProblemError(400, 'invalid-request', 'Invalid request', detail, errors);
}

/**
 * Why a workflow refused an update, as the person's answer: a field its
 * validator found unacceptable (400, with the pointer), a write PostgreSQL
 * refused for good (422: nothing was recorded, the state is as before), or a
 * rule of the lifecycle (409). Its reason is for the person.
 */
function updateRefusal(err: WorkflowUpdateFailedError): ProblemError {
  const cause = err.cause;
  const reason = cause?.message || 'The action was refused.';
  if (cause instanceof ApplicationFailure && cause.type === 'InvalidInput') {
    const [pointer, ...problem] = reason.split(' ');
    const errors = pointer.startsWith('/') ? [{ pointer, message: problem.join(' ') }] : undefined;
    return new ProblemError(400, 'invalid-request', 'Invalid request', `The request is not valid: ${reason}.`, errors);
  }
  const refusedWrite =
    cause instanceof ApplicationFailure && cause.type === NOT_RECORDED
      ? reason
      : cause instanceof ActivityFailure
        ? notRecorded(cause)
        : undefined;
  if (refusedWrite) return new ProblemError(422, 'not-recorded', 'Not recorded', refusedWrite);
  return new ProblemError(409, 'rejected', 'Rejected', reason);
}

function toProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  if (err instanceof ZodError) return fromZod(err);
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return conflict('An operation with this reference already exists.');
  }
  if (err instanceof WorkflowNotFoundError) return notFound('No such workflow.');
  if (err instanceof WorkflowUpdateFailedError) return updateRefusal(err);
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new ProblemError(
      503,
      'unavailable',
      'Try again',
      'The action was not confirmed in time; retry it with the same Idempotency-Key.',
    );
  }
  // PostgreSQL or Temporal is down or restarting: nothing was done that a retry would repeat.
  const dependency = unavailableDependency(err);
  if (dependency) {
    return new ProblemError(
      503,
      'unavailable',
      'Service unavailable',
      `${dependency} is not answering right now; retry shortly (with the same Idempotency-Key).`,
    );
  }
  if (/workflow execution already completed/i.test((err as Error)?.message ?? '')) {
    return conflict('This has already ended; nothing more can be recorded on it.');
  }
  // body-parser errors carry an HTTP status and a type.
  const e = err as { status?: number; type?: string; limit?: number };
  if (e?.type === 'entity.too.large') {
    return new ProblemError(
      413,
      'payload-too-large',
      'Payload too large',
      `The request body exceeds ${e.limit} bytes.`,
    );
  }
  if (e?.type === 'entity.parse.failed') {
    return new ProblemError(400, 'malformed-json', 'Malformed JSON', 'The request body is not valid JSON.');
  }
  // The router could not percent-decode a path segment (`%C0%AF`, a lone `%`): the address itself is malformed.
  if (err instanceof URIError) {
    return new ProblemError(
      400,
      'malformed-path',
      'Malformed path',
      'A path segment is not valid percent-encoded UTF-8.',
    );
  }
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new ProblemError(415, 'unsupported-encoding', 'Unsupported encoding', 'Send the body as UTF-8 JSON.');
  }
  return new ProblemError(
    500,
    'internal',
    'Internal error',
    'The request could not be completed; it is safe to retry.',
  );
}

export function sendProblem(res: Parameters<RequestHandler>[1], problem: ProblemError, instance?: string): void {
  const body: Problem = {
    type: PROBLEM_BASE + problem.kind,
    title: problem.title,
    status: problem.status,
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...(instance ? { instance } : {}),
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
  res
    .status(problem.status)
    .type('application/problem+json')
    .send(JSON.stringify(storable(body)));
}

/**
 * A problem may name what was sent (a field's name in a pointer): a NUL, another control character (but tab
 * and line breaks) or a lone surrogate there is written as `\uXXXX` text, so that the answer is well-formed Unicode
 * and PostgreSQL can keep it for its Idempotency-Key (jsonb takes no NUL and no lone surrogate; else the client
 * would get 503 on every retry, never its answer).
 */
const UNSTORABLE =
  // eslint-disable-next-line no-control-regex -- control characters are what this writes out as text
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
function storable<T>(value: T): T {
  if (typeof value === 'string') {
    return value.replace(UNSTORABLE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`) as T;
  }
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storable(v)])) as T;
  }
  return value;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const problem = toProblem(err);
    // Every 503 says when to come back (a dependency down, an update not confirmed in time, not ready).
    if (problem.status === 503 && !res.get('Retry-After')) res.setHeader('Retry-After', '2');
    if (problem.status >= 500) {
      // Log the class and message only: request bodies may hold personal data.
      logger.error(
        { requestId: req.id, err: { name: (err as Error)?.name, message: (err as Error)?.message } },
        'request failed',
      );
    }
    sendProblem(res, problem, req.originalUrl);
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(notFound(`No route for ${req.method} ${req.path}.`));
};
