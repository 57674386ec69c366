import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestTokens } from './tokens';

/**
 * The API as field staff, liaisons and coordinators use it during a fault:
 * every state change carries an Idempotency-Key, and a request that got no
 * answer (connection lost, timeout) or a retryable one (503, 502, 504, 409
 * "request in progress") is sent again with the same key until it gets a
 * final answer. Every attempt is kept, so a test can say what people saw.
 */

export type Who = keyof TestTokens;

export interface Attempt {
  method: string;
  path: string;
  key?: string;
  /** HTTP status, or the kind of failure when no answer came. */
  status: number | 'connection-error' | 'timeout';
  /** problem+json `type`, when the answer is a problem. */
  problem?: string;
  contentType?: string;
  retryAfter?: string;
  /** The answer was a replay of the first one (Idempotent-Replayed). */
  replayed?: boolean;
  ms: number;
}

export interface Answer<T = Record<string, any>> {
  status: number;
  body: T;
  attempts: Attempt[];
}

export class FinalError extends Error {
  constructor(
    readonly answer: Answer,
    what: string,
  ) {
    super(`${what} → ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
  }
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);

export interface FieldClientOptions {
  /** Per attempt; a request unanswered this long is abandoned and sent again. */
  attemptTimeoutMs?: number;
  /** Overall, per call. */
  deadlineMs?: number;
}

export class FieldClient {
  /** Every attempt of every call, in order. */
  readonly attempts: Attempt[] = [];
  /** What was sent under each Idempotency-Key, to repeat it. */
  readonly sent = new Map<string, { who: Who; method: 'GET' | 'POST'; path: string; body: unknown }>();

  constructor(
    private readonly api: string,
    private readonly tokens: TestTokens,
    private readonly options: FieldClientOptions = {},
  ) {}

  /** One attempt, never retried. */
  async once(who: Who, method: 'GET' | 'POST', path: string, body?: unknown, key?: string): Promise<Answer> {
    const started = Date.now();
    const base = { method, path, ...(key ? { key } : {}) };
    if (key) this.sent.set(key, { who, method, path, body });
    try {
      const res = await fetch(`${this.api}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.tokens[who]}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.attemptTimeoutMs ?? 30_000),
      });
      const text = await res.text();
      let parsed: any = {};
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        parsed = { text };
      }
      const contentType = res.headers.get('content-type') ?? undefined;
      const attempt: Attempt = {
        ...base,
        status: res.status,
        ...(contentType ? { contentType } : {}),
        ...(contentType?.includes('problem+json') ? { problem: String(parsed.type) } : {}),
        ...(res.headers.get('retry-after') ? { retryAfter: res.headers.get('retry-after')! } : {}),
        ...(res.headers.get('idempotent-replayed') === 'true' ? { replayed: true } : {}),
        ms: Date.now() - started,
      };
      this.attempts.push(attempt);
      return { status: res.status, body: parsed, attempts: [attempt] };
    } catch (err) {
      const e = err as Error;
      const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
      const attempt: Attempt = { ...base, status: timedOut ? 'timeout' : 'connection-error', ms: Date.now() - started };
      this.attempts.push(attempt);
      return { status: 0, body: { error: e.message }, attempts: [attempt] };
    }
  }

  /**
   * Sends until a final answer: state changes with one Idempotency-Key for
   * every attempt. Returns the final answer (2xx or a final 4xx).
   */
  async call(who: Who, method: 'GET' | 'POST', path: string, body?: unknown, key?: string): Promise<Answer> {
    const idempotencyKey = method === 'POST' ? (key ?? `field-${randomUUID()}`) : undefined;
    const deadline = Date.now() + (this.options.deadlineMs ?? 120_000);
    const attempts: Attempt[] = [];
    for (;;) {
      const answer = await this.once(who, method, path, body, idempotencyKey);
      attempts.push(...answer.attempts);
      const retryable =
        answer.status === 0 ||
        RETRYABLE_STATUS.has(answer.status) ||
        (answer.status === 409 && answer.attempts[0].problem === '/problems/request-in-progress');
      if (!retryable) return { ...answer, attempts };
      if (Date.now() > deadline) {
        throw new Error(
          `${method} ${path}: no final answer after ${attempts.length} attempts: ${JSON.stringify(attempts.slice(-3))}`,
        );
      }
      const hinted = Number(answer.attempts[0].retryAfter);
      await sleep(Number.isFinite(hinted) && hinted > 0 ? Math.min(hinted * 1000, 2_000) : 300);
    }
  }

  /** `call`, expecting success. */
  async ok(who: Who, method: 'GET' | 'POST', path: string, body?: unknown, key?: string): Promise<Answer> {
    const answer = await this.call(who, method, path, body, key);
    if (answer.status < 200 || answer.status >= 300) throw new FinalError(answer, `${method} ${path}`);
    return answer;
  }
}
