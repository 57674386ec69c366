import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import request from 'supertest';
import { revokeToken, findLiveToken } from '../../src/api/tokens';
import { EncryptionCodec, generatePayloadKey, parsePayloadKeys } from '../../src/temporal/codec';
import { findTemporalCli } from '../../src/tools';
import { operationWorkflowId } from '../../workflows/shared/ids';
import { issueToken } from '../../src/api/tokens';
import { june2025Agreement } from '../helpers/fixtures';
import { spawnEntryPoint } from '../helpers/processes';
import { unique } from '../helpers/stack';
import { expectProblem, useApiWorld, type Who } from './support';

/**
 * The codec server as the Temporal Web UI and CLI use it: Temporal's remote
 * codec protocol, CORS for the UI, and only operators let in (here with the
 * API tokens scripts and the CLI hold; people's access tokens and the sign-in
 * page: codec-sign-in.test.ts).
 */

const w = useApiWorld();
let server: Server;
let base: string;
beforeAll(async () => {
  server = await new Promise<Server>((resolve) => {
    const s = w.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const UI_ORIGIN = 'http://127.0.0.1:8233';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
const jsonPayload = (value: unknown) => ({
  metadata: { encoding: b64('json/plain') },
  data: b64(JSON.stringify(value)),
});
const declared = { tag: 'UA-00017', declaredIdentity: { name: 'Mykola Hnatiuk', dateOfBirth: '1987-03-14' } };

const call = (op: 'encode' | 'decode', body: object, who: Who | null = 'operator') => {
  const r = request(w.app).post(`/codec/${op}`).set('x-namespace', 'default');
  if (who) r.auth(w.people[who], { type: 'bearer' });
  return r.send(body);
};
const decodeLogCount = () => w.stack.db.dataAccessLog.count({ where: { resource: { startsWith: 'codec:decode' } } });

describe('codec server protocol', () => {
  it('when an operator encodes and then decodes payloads, then the ciphertext hides them and decoding gives them back', async () => {
    const original = [jsonPayload(declared), jsonPayload('RU-00001')];
    const encoded = await call('encode', { payloads: original }).expect(200);
    expect(encoded.body.payloads).toHaveLength(2);
    for (const p of encoded.body.payloads) {
      expect(unb64(p.metadata.encoding)).toBe('binary/encrypted');
      expect(unb64(p.metadata['encryption-key-id'])).toBe('test-run');
      expect(Buffer.from(p.data, 'base64').toString('latin1')).not.toContain('Hnatiuk');
    }
    const decoded = await call('decode', { payloads: encoded.body.payloads }).expect(200);
    expect(decoded.body.payloads).toEqual(original);
  });

  it('when an operator decodes, then the release is recorded under their name', async () => {
    const [sealed] = await new EncryptionCodec(parsePayloadKeys(process.env.PAYLOAD_KEYS!)).encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(declared)) },
    ]);
    const before = await decodeLogCount();
    const sealedJson = {
      metadata: Object.fromEntries(
        Object.entries(sealed.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
      data: Buffer.from(sealed.data!).toString('base64'),
    };
    const res = await call('decode', { payloads: [sealedJson] }).expect(200);
    expect(JSON.parse(unb64(res.body.payloads[0].data))).toEqual(declared);
    expect(await decodeLogCount()).toBe(before + 1);
    const entry = await w.stack.db.dataAccessLog.findFirstOrThrow({ orderBy: { accessedAt: 'desc' } });
    expect(entry).toMatchObject({ principal: 'operator-1', role: 'OPERATOR', resource: 'codec:decode:1' });
  });

  it('when payloads were never encrypted, then decode returns them unchanged (histories older than the codec)', async () => {
    const plain = [jsonPayload({ tag: 'RU-1' })];
    const res = await call('decode', { payloads: plain }).expect(200);
    expect(res.body.payloads).toEqual(plain);
  });

  it.each([
    ['payloads not a list', { payloads: 'x' }, '/payloads'],
    ['data that is not base64', { payloads: [{ metadata: {}, data: '***' }] }, '/payloads/0/data'],
  ])('when the body has %s, then it is refused with 400 naming the field', async (_label, body, pointer) => {
    const before = await decodeLogCount();
    const res = await call('decode', body);
    expectProblem(res, 400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    expect(await decodeLogCount()).toBe(before);
  });

  it('when the payloads list is left out (the CLI encoding a query without arguments), then it is an empty list', async () => {
    const encoded = await call('encode', {}).expect(200);
    expect(encoded.body).toEqual({ payloads: [] });
    const decoded = await call('decode', {}).expect(200);
    expect(decoded.body).toEqual({ payloads: [] });
  });

  it('when a payload was sealed with a key this server does not hold, then decode answers 422 naming the key id only', async () => {
    const foreign = new EncryptionCodec(parsePayloadKeys(generatePayloadKey('retired-2024')));
    const [sealed] = await foreign.encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"x"') },
    ]);
    const res = await call('decode', {
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(sealed.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
          ),
          data: Buffer.from(sealed.data!).toString('base64'),
        },
      ],
    });
    expectProblem(res, 422);
    expect(res.body.detail).toContain('"retired-2024"');
  });

  it('when the Temporal CLI shows a history through the codec server, then it sees the decrypted payloads', async () => {
    // Started, not yet run: its start event holds the agreement, encrypted.
    const reference = unique('op');
    await w.post('coordinator', '/api/operations', june2025Agreement(reference)).expect(201);
    const cli = findTemporalCli(process.env.TEMPORAL_CLI);
    const show = (extra: string[]) =>
      promisify(execFile)(
        cli,
        [
          'workflow',
          'show',
          '--workflow-id',
          operationWorkflowId(reference),
          '--address',
          w.stack.config.temporal.address,
          '--detailed',
          ...extra,
        ],
        { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } },
      );
    const plain = await show([]);
    expect(plain.stdout).toContain('WorkflowExecutionStarted');
    expect(plain.stdout).not.toContain('Repatriation of June 2025');
    const decoded = await show(['--codec-endpoint', `${base}/codec`, '--codec-auth', `Bearer ${w.people.operator}`]);
    expect(decoded.stdout).toContain('Repatriation of June 2025');
  });
});

describe('the Temporal CLI through the codec server', () => {
  const cliEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };

  it('when an operator queries a workflow with the CLI through the codec server, then the answer is decrypted', async () => {
    const reference = unique('op');
    await w.post('coordinator', '/api/operations', june2025Agreement(reference)).expect(201);
    const answer = await w.stack.withWorker(() =>
      promisify(execFile)(
        findTemporalCli(process.env.TEMPORAL_CLI),
        ['workflow', 'query', '--workflow-id', operationWorkflowId(reference), '--name', 'operationState']
          .concat(['--address', w.stack.config.temporal.address])
          .concat(['--codec-endpoint', `${base}/codec`, '--codec-auth', `Bearer ${w.people.operator}`]),
        { env: cliEnv },
      ),
    );
    expect(answer.stdout).toContain(`"reference":"${reference}"`);
    expect(answer.stdout).toContain('"phase":"PLANNED"');
  });

  /** `npm run temporal -- <args>` against this test's API and Temporal. */
  const npmRunTemporal = async (args: string[], operatorToken: string) => {
    const run = spawnEntryPoint(
      'src/main/temporal.ts',
      {
        API_PORT: new URL(base).port,
        TEMPORAL_ADDRESS: w.stack.config.temporal.address,
        OPERATOR_TOKEN: operatorToken,
        ...(process.env.TEMPORAL_CLI ? { TEMPORAL_CLI: process.env.TEMPORAL_CLI } : {}),
      },
      args,
    );
    const { code } = await run.exited;
    return { code, output: run.output() };
  };

  it('when `npm run temporal` is given an operator token, then it shows the history decrypted', async () => {
    const reference = unique('op');
    await w.post('coordinator', '/api/operations', june2025Agreement(reference)).expect(201);
    const shown = await npmRunTemporal(
      ['workflow', 'show', '--workflow-id', operationWorkflowId(reference), '--detailed'],
      w.people.operator,
    );
    expect(shown).toMatchObject({ code: 0, output: expect.stringContaining('Repatriation of June 2025') });
  });

  it.each([
    ['an unknown token', () => 'rpt_not-a-token', '401 Unauthorized', 'The token is unknown or revoked.'],
    [
      "a token that is not an operator's",
      () => w.people.observer,
      '403 Forbidden',
      'The codec server is for operators; your token has OBSERVER.',
    ],
  ])(
    'when `npm run temporal` is given %s, then it says the codec server refused it and why, and does not run the CLI',
    async (_what, token, status, reason) => {
      const shown = await npmRunTemporal(['workflow', 'show', '--workflow-id', 'operation:any'], token());
      expect(shown.code).toBe(1);
      expect(shown.output).toContain(`The codec server ${base}/codec refused the token (${status}): ${reason}`);
      expect(shown.output).not.toContain('context deadline exceeded');
    },
  );
});

describe('codec server access', () => {
  it.each(['coordinator', 'field', 'ua', 'forensic', 'observer'] as Who[])(
    'when %s (not an operator) asks to decode, then it is refused with 403',
    async (who) => {
      const res = await call('decode', { payloads: [] }, who);
      expectProblem(res, 403);
      expect(res.body.detail).toContain('operators');
    },
  );

  it('when no token, an unknown token or a revoked token is sent, then it is refused with 401', async () => {
    expectProblem(await call('decode', { payloads: [] }, null), 401);
    const unknown = await request(w.app)
      .post('/codec/decode')
      .auth('rpt_nope', { type: 'bearer' })
      .send({ payloads: [] });
    expectProblem(unknown, 401);
    const { token } = await issueToken(w.stack.db, { principal: 'operator-revoked', role: 'OPERATOR' });
    const row = await findLiveToken(w.stack.db, token);
    await revokeToken(w.stack.db, row!.id);
    const revoked = await request(w.app).post('/codec/decode').auth(token, { type: 'bearer' }).send({ payloads: [] });
    expectProblem(revoked, 401);
  });

  it('when the request names another namespace, then it is refused', async () => {
    const res = await request(w.app)
      .post('/codec/decode')
      .auth(w.people.operator, { type: 'bearer' })
      .set('x-namespace', 'other')
      .send({ payloads: [] });
    expectProblem(res, 403);
  });
});

describe('codec server CORS (the Web UI in a browser)', () => {
  it('when the Web UI preflights, then its origin is allowed with credentials and the headers the UI sends', async () => {
    const res = await request(w.app)
      .options('/codec/decode')
      .set('origin', UI_ORIGIN)
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'content-type,x-namespace')
      .expect(204);
    expect(res.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-allow-headers']).toMatch(/X-Namespace/i);
    expect(res.headers['access-control-allow-methods']).toMatch(/POST/);
  });

  it('when another origin preflights or posts, then it gets no CORS grant and is refused', async () => {
    const pre = await request(w.app)
      .options('/codec/decode')
      .set('origin', 'http://evil.example')
      .set('access-control-request-method', 'POST')
      .expect(403);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const post = await call('decode', { payloads: [] }).set('origin', 'http://evil.example');
    expectProblem(post, 403);
  });
});
