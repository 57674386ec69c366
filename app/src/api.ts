import { accessToken, endSession, type Session } from './session';
import { db } from './store';

/** The service's HTTP API as the app uses it: the signed-in person's token on every request. */

export type { Role, Session } from './session';

/** An answer that is not a success: the RFC 9457 problem the API sent, or a lost connection (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly retryAfterSeconds?: number,
    readonly problemType?: string,
  ) {
    super(detail);
  }
}

export interface Answer<T> {
  status: number;
  body: T;
}

/** One request; a lost connection or an unanswered one throws ApiError with status 0. */
export async function request<T>(
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  idempotencyKey?: string,
): Promise<Answer<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
  } catch (err) {
    throw new ApiError(0, (err as Error).message);
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const problem = (parsed ?? {}) as { detail?: string; title?: string; type?: string };
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new ApiError(
      res.status,
      problem.detail ?? problem.title ?? res.statusText,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      problem.type,
    );
  }
  return { status: res.status, body: parsed as T };
}

/**
 * A request in the session's name, with a token renewed when due. A 401 has the token renewed once and the
 * request sent again; refused again, the session has ended (ApiError 401): nothing is sent under another name.
 */
export async function call<T>(
  session: Session,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  idempotencyKey?: string,
): Promise<Answer<T>> {
  const ended = () => new ApiError(401, 'signed out');
  const token = await accessToken(session);
  if (!token) throw ended();
  try {
    return await request<T>(token, method, path, body, idempotencyKey);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
  }
  const renewed = session.kind === 'person' ? await accessToken(session, { force: true }) : undefined;
  if (renewed) {
    try {
      return await request<T>(renewed, method, path, body, idempotencyKey);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
    }
  }
  endSession(session.owner);
  throw ended();
}

export interface Read<T> {
  data: T;
  /** When this answer came from the server; older than now when shown from the browser's copy. */
  at: string;
  stale: boolean;
}

/** A read; when the network is gone, the last answer this person got, marked stale. */
export async function read<T>(session: Session, path: string): Promise<Read<T>> {
  const key = `${session.owner} ${path}`;
  try {
    const { body } = await call<T>(session, 'GET', path);
    const at = new Date().toISOString();
    await (await db()).put('views', { key, data: body, at });
    return { data: body, at, stale: false };
  } catch (err) {
    if (err instanceof ApiError && (err.status === 0 || err.status >= 500)) {
      const copy = await (await db()).get('views', key);
      if (copy) return { data: copy.data as T, at: copy.at, stale: true };
    }
    throw err;
  }
}

export const operationPath = (reference: string) => `/api/operations/${encodeURIComponent(reference)}`;
export const dayPath = (reference: string, date: string) => `${operationPath(reference)}/handovers/${date}`;
