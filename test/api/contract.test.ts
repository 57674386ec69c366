import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import { createLogger } from '../../src/logger';
import { DAYS, confirmedOperation, expectProblem, openedDay, useApiWorld, type Who } from './support';

/**
 * The API as an outside client finds it against its OpenAPI document: the
 * methods a path does not take, and Schemathesis (every check, stateful
 * included) as a coordinator and as a party's liaison.
 */

const w = useApiWorld({}, { workers: 'across' });
/** A request with any method supertest knows. */
const ask = (method: string, path: string) => request(w.app)[method.toLowerCase() as 'get'](path);

describe('a method a path does not take', () => {
  it.each([
    ['TRACE', '/api/me', 'GET, HEAD'],
    ['PUT', '/api/operations', 'GET, HEAD, POST'],
    ['DELETE', '/api/operations/RU-UA-2025-06', 'GET, HEAD'],
    ['POST', '/api/operations/RU-UA-2025-06/report', 'GET, HEAD'],
    ['GET', '/api/operations/RU-UA-2025-06/handovers/2025-06-07/incidents', 'POST'],
    ['PATCH', '/api/cases/PM-UA-2025-00417/steps/', 'POST'],
  ])(
    'when %s %s is asked with a token, then it is 405 with Allow: %s, as problem+json',
    async (method, path, allow) => {
      const res = await ask(method, path).auth(w.people.coordinator, { type: 'bearer' });
      expectProblem(res, 405);
      expect(res.headers.allow).toBe(allow);
      expect(res.body.type).toBe('/problems/method-not-allowed');
    },
  );

  it('when a public path is asked with TRACE, then it is 405 with its Allow', async () => {
    const res = await request(w.app).trace('/healthz');
    expectProblem(res, 405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('when it is asked without a token under /api, then it is 401: who may call what is not told to anyone', async () => {
    expectProblem(await request(w.app).put('/api/operations'), 401);
  });

  it('when a path names no route, then it stays 404', async () => {
    const res = await request(w.app).put('/api/nothing-here').auth(w.people.coordinator, { type: 'bearer' });
    expectProblem(res, 404);
    expect(res.headers.allow).toBeUndefined();
  });
});

const ROOT = path.join(__dirname, '..', '..');
/** Installed by `node scripts/setup.js --with-test-tools`, pinned, in the test tools' venv. */
const SCHEMATHESIS = path.join(ROOT, '.tools', 'venv', 'bin', 'schemathesis');
/**
 * A small budget for every run of the suite (about 30 s a person); CONTRACT_EXAMPLES, CONTRACT_PHASES
 * (e.g. examples,coverage,fuzzing,stateful: the coverage phase's boundary values take minutes) and
 * CONTRACT_SEED run it longer or again.
 */
const EXAMPLES = process.env.CONTRACT_EXAMPLES ?? '2';
const PHASES = process.env.CONTRACT_PHASES ?? 'examples,fuzzing,stateful';
/** A longer run is given the time it takes. */
const TIMEOUT = process.env.CONTRACT_PHASES || process.env.CONTRACT_EXAMPLES ? 3_600_000 : 240_000;

interface Run {
  code: number;
  output: string;
}

/** Schemathesis against `base` as `who`; its databases start empty (a temporary working folder). */
function schemathesis(base: string, who: Who): Promise<Run> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'contract-'));
  const args = [
    '--config-file',
    path.join(__dirname, 'schemathesis.toml'),
    '--no-color',
    'run',
    `${base}/openapi.json`,
  ];
  args.push('--checks', 'all', '--phases', PHASES, '--max-examples', EXAMPLES);
  if (process.env.CONTRACT_SEED) args.push('--seed', process.env.CONTRACT_SEED);
  const env = {
    ...process.env,
    CONTRACT_TOKEN: w.people[who],
    // A client that follows what the document says in words (test/api/schemathesis_hooks.py).
    SCHEMATHESIS_HOOKS: 'schemathesis_hooks',
    PYTHONPATH: __dirname,
  };
  return new Promise((resolve) => {
    execFile(SCHEMATHESIS, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      rmSync(cwd, { recursive: true, force: true });
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

/** What a failed run reports: its failures and errors, its summary and its seed (to run it again). */
const findings = (output: string) =>
  output.slice(Math.max(0, output.search(/^=+ (FAILURES|ERRORS|WARNINGS) =+$/m))).slice(0, 20_000);

describe('the API against its OpenAPI document, as Schemathesis tests it', () => {
  beforeAll(async () => {
    // Something to act on: an operation both parties confirmed, and a day under way.
    const reference = await confirmedOperation(w);
    await openedDay(w, reference, DAYS[0]);
  });

  it.each<Who>(['coordinator', 'ua'])(
    'when Schemathesis runs every check as %s, then it finds nothing',
    async (who) => {
      expect(existsSync(SCHEMATHESIS) || 'run: node scripts/setup.js --with-test-tools').toBe(true);
      // An app of the run's own, as a client from an address of its own: the limit on refused tokens (429 past
      // 20 from one address) counts the tokens this run's checks refuse, not those of the run before it.
      const app = createApp({
        config: w.stack.config,
        db: w.stack.db,
        temporal: w.stack.client,
        logger: createLogger('silent', 'test'),
      });
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const { code, output } = await schemathesis(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, who);
        expect({ code, findings: code === 0 ? '' : findings(output) }).toEqual({ code: 0, findings: '' });
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    },
    TIMEOUT,
  );
});
