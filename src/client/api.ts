import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './api-types';

/**
 * A typed client of the API for scripts (the demo, the benchmarks): paths,
 * parameters, bodies and answers come from the OpenAPI document
 * (./api-types.ts, generated), so a script cannot send what the API does not take.
 */

export type ApiClient = Client<paths>;
export type { paths } from './api-types';

/** The JSON body a POST route takes, as the document declares it. */
export type RequestBody<P extends keyof paths> = paths[P] extends {
  post: { requestBody?: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

export interface ApiClientOptions {
  baseUrl: string;
  token: string;
  /** Another fetch (e.g. one without a client-side timeout, for the benchmarks). */
  fetch?: (request: Request) => Promise<Response>;
}

/** A client acting as one token's principal; every POST carries a fresh Idempotency-Key. */
export function apiClient({ baseUrl, token, fetch }: ApiClientOptions): ApiClient {
  const client = createClient<paths>({
    baseUrl,
    headers: { authorization: `Bearer ${token}` },
    ...(fetch ? { fetch } : {}),
  });
  client.use({
    onRequest({ request }) {
      if (request.method === 'POST' && !request.headers.has('idempotency-key')) {
        request.headers.set('idempotency-key', crypto.randomUUID());
      }
      return request;
    },
  });
  return client;
}

/** The answer of a call, or an error naming the request and the problem's detail. */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const problem = (error ?? {}) as { detail?: string; title?: string };
  throw new ApiCallError(
    response.status,
    `${response.url ? new URL(response.url).pathname : 'request'} → ${response.status}: ${problem.detail ?? problem.title ?? 'error'}`,
  );
}

export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}
