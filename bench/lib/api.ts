// The benchmarks' people: tokens of their own (issued straight into the
// stack's database, as the demo does), and an HTTP client that times every
// request by endpoint class.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createDb } from '../../src/db';
import { issueToken } from '../../src/api/tokens';
import type { Role } from '../../workflows/domain';
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

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class Api {
  requests = 0;
  failures = 0;
  constructor(
    readonly base: string,
    readonly latencies: Latencies,
  ) {}

  /** One request, timed under `cls`; anything but 2xx throws (the benchmark stops on it). */
  async call<T = Record<string, any>>(
    who: Person,
    cls: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const started = performance.now();
    let status = 0;
    try {
      const res = await send(
        `${this.base}${path}`,
        method,
        {
          authorization: `Bearer ${who.token}`,
          'content-type': 'application/json',
          ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
        },
        body === undefined ? undefined : JSON.stringify(body),
      );
      status = res.status;
      let answer: Record<string, any> = {};
      try {
        answer = JSON.parse(res.body) as Record<string, any>;
      } catch {
        /* not JSON */
      }
      if (status < 200 || status >= 300) {
        throw new ApiError(status, `${method} ${path} → ${status}: ${answer.detail ?? answer.title ?? 'error'}`);
      }
      this.latencies.record(cls, performance.now() - started);
      return answer as T;
    } catch (err) {
      this.failures += 1;
      const failure =
        err instanceof ApiError ? err : new ApiError(status, `${method} ${path}: ${(err as Error).message}`);
      this.latencies.error(cls, failure.message);
      throw failure;
    } finally {
      this.requests += 1;
    }
  }
}

// No client-side timeout (fetch gives up after 300 s without headers): a slow answer is a figure, not a failure.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function send(url: string, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) }, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
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
