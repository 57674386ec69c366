// The benchmarks' people: tokens of their own (issued straight into the
// stack's database, as the demo does), and the API's typed client, timing
// every request by endpoint class.
import http from 'node:http';
import { createDb } from '../../src/db';
import { issueToken } from '../../src/api/tokens';
import { answer, ApiCallError, apiClient, type ApiClient } from '../../src/client/api';
import type { Role } from '../../workflows/shared/domain';
import type { Latencies } from './report';

export interface Person {
  principal: string;
  token: string;
}

export interface People {
  coordinator: Person;
  observer: Person;
  field: Person[];
  liaison: Record<string, Person[]>;
  forensic: Record<string, Person>;
}

export async function issuePeople(databaseUrl: string, run: string, perSide: number, field: number): Promise<People> {
  const db = createDb(databaseUrl);
  const issue = async (principal: string, role: Role, party?: string): Promise<Person> => ({
    principal,
    token: (await issueToken(db, { principal, role, ...(party ? { party } : {}) })).token,
  });
  try {
    const people: People = {
      coordinator: await issue(`bench-${run}-coordinator`, 'COORDINATOR'),
      observer: await issue(`bench-${run}-observer`, 'OBSERVER'),
      field: [],
      liaison: { RU: [], UA: [] },
      forensic: {},
    };
    for (let i = 1; i <= field; i++) people.field.push(await issue(`bench-${run}-field-${i}`, 'FIELD_STAFF'));
    for (const party of ['RU', 'UA']) {
      for (let i = 1; i <= perSide; i++) {
        people.liaison[party].push(
          await issue(`bench-${run}-liaison-${party.toLowerCase()}-${i}`, 'PARTY_LIAISON', party),
        );
      }
      people.forensic[party] = await issue(`bench-${run}-forensic-${party.toLowerCase()}`, 'FORENSIC', party);
    }
    return people;
  } finally {
    await db.$disconnect();
  }
}

/** A call of the typed client: what `client.GET(...)` / `client.POST(...)` return. */
type Call<T> = Promise<{ data?: T; error?: unknown; response: Response }>;

/**
 * The API as the benchmarks call it: the typed client generated from the OpenAPI document
 * (src/client/api.ts), one per person, each request timed by endpoint class.
 */
export class Api {
  requests = 0;
  failures = 0;
  private readonly clients = new Map<string, ApiClient>();
  constructor(
    readonly base: string,
    readonly latencies: Latencies,
  ) {}

  /** The typed client acting as `who` (every POST with a fresh Idempotency-Key). */
  as(who: Person): ApiClient {
    let client = this.clients.get(who.token);
    if (!client) {
      client = apiClient({ baseUrl: this.base, token: who.token, fetch: agentFetch });
      this.clients.set(who.token, client);
    }
    return client;
  }

  /** One request, timed under `cls`; anything but 2xx throws (the benchmark stops on it). */
  async call<T>(who: Person, cls: string, request: (client: ApiClient) => Call<T>): Promise<T> {
    const started = performance.now();
    try {
      const answered = await answer(request(this.as(who)));
      this.latencies.record(cls, performance.now() - started);
      return answered;
    } catch (err) {
      this.failures += 1;
      const failure = err instanceof ApiCallError ? err : new ApiCallError(0, `${cls}: ${(err as Error).message}`);
      this.latencies.error(cls, failure.message);
      throw failure;
    } finally {
      this.requests += 1;
    }
  }
}

// No client-side timeout (fetch gives up after 300 s without headers): a slow answer is a figure, not a failure.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** `fetch` over node:http with the keep-alive agent above, for the typed client. */
async function agentFetch(request: Request): Promise<Response> {
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  const headers = Object.fromEntries(request.headers);
  if (body) headers['content-length'] = String(body.length);
  return new Promise<Response>((resolve, reject) => {
    const req = http.request(request.url, { method: request.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of ([] as string[]).concat(value ?? [])) answerHeaders.append(name, v);
        }
        const status = res.statusCode ?? 0;
        // A Response of 204 or 304 takes no body.
        const text = status === 204 || status === 304 ? null : Buffer.concat(chunks);
        const answered = new Response(text, { status, headers: answerHeaders });
        // openapi-fetch names the request in errors by the answer's URL.
        Object.defineProperty(answered, 'url', { value: request.url });
        resolve(answered);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** Runs `task` over `items` with at most `concurrency` at a time; the first failure stops the rest. */
export async function pool<T>(items: T[], concurrency: number, task: (item: T, worker: number) => Promise<void>) {
  let next = 0;
  let failed: unknown;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async (_, worker) => {
      while (failed === undefined && next < items.length) {
        const item = items[next++];
        try {
          await task(item, worker);
        } catch (err) {
          failed ??= err;
        }
      }
    }),
  );
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- the first task's own failure, rethrown as it came
  if (failed !== undefined) throw failed;
}
