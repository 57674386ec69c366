import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import { requirePayloadKeys, type Config } from '../../src/config';
import { createDb, type Db } from '../../src/db';
import { createLogger } from '../../src/logger';
import { dataConverter } from '../../src/temporal/data-converter';
import { createWorkers, runWorkersUntil } from '../../src/temporal/worker';
import { TEST_ENV } from '../setup/state';
import { ownDatabase } from './own-database';
import { spawnEntryPoint } from './processes';
import { testConfig, unique } from './stack';
import { personTokens, type TestTokens } from './tokens';

/**
 * The world of a key-rotation rehearsal: a database of its own (its cases are
 * sealed under keys the run's API does not hold), the run's Temporal on a
 * task queue of its own, and the service as it runs after each restart with
 * other keys: the API's app, its Temporal client and its workers, all
 * configured with that restart's PAYLOAD_KEYS and SEARCH_INDEX_KEY.
 */

export type Keys = { PAYLOAD_KEYS: string; SEARCH_INDEX_KEY?: string };
type Who = keyof TestTokens;

export interface RotatedService {
  config: Config;
  client: Client;
  app: Express;
  get(who: Who, path: string): request.Test;
  post(who: Who, path: string, body: object): request.Test;
  /** Runs `fn` while the service's two workers poll its task queues (a worker started afresh: no cache). */
  withWorkers<T>(fn: () => Promise<T>): Promise<T>;
  /** The API listening on a port of its own (for the Temporal CLI's codec endpoint); closed with the world. */
  listen(): Promise<string>;
}

export interface RotationWorld {
  db: Db;
  databaseUrl: string;
  /** People's access tokens from the run's OpenID Provider, one per kind of person (the API here trusts it). */
  people: TestTokens;
  /** The service restarted with these keys. */
  service(keys: Keys): RotatedService;
  /** An operator tool (src/main/<entry>.ts) run as a process on this world's database with these keys. */
  tool(entry: string, keys: Keys, args?: string[]): ReturnType<typeof spawnEntryPoint>;
  close(): Promise<void>;
}

export async function openRotationWorld(): Promise<RotationWorld> {
  const database = await ownDatabase();
  const db = createDb(database.url);
  const people = await personTokens();
  const taskQueue = unique('rotation');
  const connection = await Connection.connect({ address: process.env[TEST_ENV.temporalAddress]! });
  const bundle = { code: readFileSync(process.env[TEST_ENV.workflowBundle]!, 'utf8') };
  const servers: Server[] = [];

  function service(keys: Keys): RotatedService {
    const config = testConfig({ DATABASE_URL: database.url, TEMPORAL_TASK_QUEUE: taskQueue, ...keys });
    const client = new Client({
      connection,
      namespace: config.temporal.namespace,
      dataConverter: dataConverter(requirePayloadKeys(config)),
    });
    const app = createApp({ config, db, temporal: client, logger: createLogger('silent', 'test') });
    return {
      config,
      client,
      app,
      get: (who, path) => request(app).get(path).auth(people[who], { type: 'bearer' }),
      post: (who, path, body) => request(app).post(path).auth(people[who], { type: 'bearer' }).send(body),
      async withWorkers(fn) {
        const native = await NativeConnection.connect({ address: config.temporal.address });
        try {
          const workers = await createWorkers({ config, db, connection: native, client, workflowBundle: bundle });
          return await runWorkersUntil(workers, fn());
        } finally {
          await native.close();
        }
      },
      async listen() {
        const server = createServer(app);
        servers.push(server);
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      },
    };
  }

  return {
    db,
    databaseUrl: database.url,
    people,
    service,
    tool: (entry, keys, args = []) =>
      spawnEntryPoint(
        `src/main/${entry}.ts`,
        {
          DATABASE_URL: database.url,
          LOG_LEVEL: 'silent',
          PAYLOAD_KEYS: keys.PAYLOAD_KEYS,
          ...(keys.SEARCH_INDEX_KEY ? { SEARCH_INDEX_KEY: keys.SEARCH_INDEX_KEY } : {}),
        },
        args,
      ),
    async close() {
      for (const server of servers) await new Promise((resolve) => server.close(resolve));
      await connection.close();
      await db.$disconnect();
      await database.drop();
    },
  };
}
