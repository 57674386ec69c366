import { createPublicKey, generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import request from 'supertest';
import { SignJWT, importJWK, type JWTPayload } from 'jose';
import { createApp } from '../../src/api/app';
import { issueToken, revokeToken } from '../../src/api/tokens';
import { providerKeysPath } from '../../src/identity/keys';
import { june2025Agreement } from '../helpers/fixtures';
import { personToken, runProvider, signInAs, TEST_CLIENT_ID } from '../helpers/identity';
import { openStack, unique, type TestStack } from '../helpers/stack';
import { expectProblem } from './support';

/**
 * The bad-token corpus: tokens a person, a thief or a careless integrator might bring. Forged tokens are the
 * point here, most signed with the provider's own key so that only the one thing wrong with each is wrong.
 * None opens the API: each gets 401 or 403 as problem+json, the operation it tried to create does not
 * exist, no audit entry is written, and the log says why without the token.
 */

const AUDIENCE = 'urn:repatriation:api';
const now = () => Math.floor(Date.now() / 1000);

let stack: TestStack;
let app: ReturnType<typeof createApp>;
const logLines: string[] = [];
let providerKey: JsonWebKey;
let issuer: string;

beforeAll(async () => {
  stack = await openStack();
  const logger = pino({ level: 'info', name: 'api' }, { write: (line: string) => void logLines.push(line) });
  app = createApp({ config: stack.config, db: stack.db, temporal: stack.client, logger });
  ({ issuer } = runProvider());
  [providerKey] = (
    JSON.parse(readFileSync(providerKeysPath(runProvider().dir), 'utf8')) as { keys: JsonWebKey[] }
  ).keys;
});
afterAll(() => stack?.close());

/** What the provider would put in a coordinator's access token, for `over` to spoil. */
const claims = (over: JWTPayload = {}): JWTPayload => ({
  iss: issuer,
  aud: AUDIENCE,
  sub: 'coordinator-1',
  roles: ['COORDINATOR'],
  name: 'Forged Coordinator',
  client_id: TEST_CLIENT_ID,
  iat: now(),
  exp: now() + 600,
  ...over,
});
const without = (name: string) => Object.fromEntries(Object.entries(claims()).filter(([k]) => k !== name));

/** Signs with the provider's own key, unless told otherwise. */
async function signed(payload: JWTPayload, header: Record<string, unknown> = {}, key?: JsonWebKey, alg = 'RS256') {
  const jwk = key ?? providerKey;
  return new SignJWT(payload)
    .setProtectedHeader({ alg, typ: 'at+jwt', kid: providerKey.kid as string, ...header })
    .sign(await importJWK(jwk as Parameters<typeof importJWK>[0], alg));
}
const foreignRsa = () => ({
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
  kid: randomUUID(),
});
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const publicPem = () => {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = providerKey;
  return Buffer.from(createPublicKey({ key: pub, format: 'jwk' }).export({ type: 'spki', format: 'pem' }));
};
const hmac = async (secret: Uint8Array) =>
  new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: providerKey.kid as string }).sign(secret);
/** Swaps a real token's payload for another, keeping its header and signature. */
const respliced = (token: string, payload: JWTPayload) => {
  const [header, , signature] = token.split('.');
  return `${header}.${b64(payload)}.${signature}`;
};

/** `me`: what GET /api/me answers it, when not the same refusal (a limited machine may always ask who it is). */
type Case = [what: string, status: 401 | 403, token: () => Promise<string>, reason: RegExp, me?: 200];
const CORPUS: Case[] = [
  [
    'signed by the provider for another issuer',
    401,
    () => signed(claims({ iss: 'http://127.0.0.1:1' })),
    /another issuer/,
  ],
  ['for another audience', 401, () => signed(claims({ aud: 'urn:another:api' })), /another audience/],
  [
    "a real ID token (its audience the client's)",
    401,
    async () => (await signInAs(runProvider(), 'coordinator-1')).id_token!,
    /another audience/,
  ],
  ['expired an hour ago', 401, () => signed(claims({ exp: now() - 3600, iat: now() - 4200 })), /expired/],
  ['expired past the clock tolerance', 401, () => signed(claims({ exp: now() - 60 })), /expired/],
  ['not valid for another hour', 401, () => signed(claims({ nbf: now() + 3600 })), /nbf in the future/],
  ['with alg none', 401, async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`, /algorithm|malformed/],
  ["HS256 keyed with the provider's public key", 401, () => hmac(publicPem()), /algorithm not allowed/],
  [
    'HS256 with a secret of its own',
    401,
    () => hmac(new TextEncoder().encode('x'.repeat(32))),
    /algorithm not allowed/,
  ],
  ['a key id the JWKS does not hold', 401, () => signed(claims(), { kid: randomUUID() }, foreignRsa()), /unknown key/],
  ["the provider's key id, signed by another key", 401, () => signed(claims(), {}, foreignRsa()), /bad signature/],
  [
    'no key id, signed by another key',
    401,
    () => signed(claims(), { kid: undefined }, foreignRsa()),
    /bad signature|unknown key/,
  ],
  [
    'its own key embedded in the header (jwk)',
    401,
    async () => {
      const key = foreignRsa();
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = key;
      return signed(claims(), { kid: key.kid, jwk: pub }, key);
    },
    /unknown key/,
  ],
  [
    'keys named elsewhere (jku)',
    401,
    () => signed(claims(), { kid: randomUUID(), jku: 'http://127.0.0.1:1/jwks' }, foreignRsa()),
    /unknown key/,
  ],
  [
    "a liaison's real token with its payload changed to a coordinator's",
    401,
    async () => respliced(await personToken('liaison-ua-1'), claims()),
    /bad signature/,
  ],
  [
    'a real token without its signature',
    401,
    async () => `${(await personToken('coordinator-1')).split('.').slice(0, 2).join('.')}.`,
    /bad signature|malformed/,
  ],
  ['without exp', 401, () => signed(without('exp')), /claim exp/],
  ['without a subject', 401, () => signed(without('sub')), /claim sub/],
  ['three parts of nothing', 401, async () => 'a.b.c', /malformed/],
  ['not a JWT nor an API token', 401, async () => randomUUID(), /not a token of this service/],
  ['roles the service does not know', 403, () => signed(claims({ roles: ['SUPERVISOR'] })), /unknown roles/],
  [
    'a real token of a person whose role the service does not know',
    403,
    () => personToken('supervisor-1'),
    /unknown roles/,
  ],
  ['several roles', 403, () => signed(claims({ roles: ['COORDINATOR', 'OBSERVER'] })), /several roles/],
  ['no roles', 403, () => signed(claims({ roles: [] })), /no role/],
  ['roles that are not names', 403, () => signed(claims({ roles: 42 })), /not a list/],
  ['a liaison without a party', 403, () => signed(claims({ roles: ['PARTY_LIAISON'] })), /acts for a party/],
  ['a coordinator with a party', 403, () => signed(claims({ party: 'UA' })), /acts for the intermediary/],
  [
    'an expired API token',
    401,
    async () =>
      (await issueToken(stack.db, { principal: 'expired-machine', role: 'COORDINATOR', expiresInMs: 1 })).token,
    /API token expired/,
  ],
  [
    'a revoked API token',
    401,
    async () => {
      const issued = await issueToken(stack.db, { principal: 'revoked-machine', role: 'COORDINATOR' });
      await revokeToken(stack.db, issued.id);
      return issued.token;
    },
    /unknown API token/,
  ],
  [
    'an API token limited to other routes',
    403,
    async () =>
      (await issueToken(stack.db, { principal: 'limited-machine', role: 'COORDINATOR', routes: ['listOperations'] }))
        .token,
    /not among the token's/,
    200,
  ],
];

describe('the bad-token corpus: none is accepted', () => {
  it.each(CORPUS.map(([what, status, make, reason, me], i) => [what, status, make, reason, me ?? null, i] as const))(
    'when a request brings a token %s, then it gets %d problem+json, nothing changes, and the reason is logged without the token',
    async (_what, status, make, reason, meStatus, i) => {
      const token = await make();
      const body = june2025Agreement(unique('op'));
      // Each case from an address of its own: the refused-token limit is per address.
      const from = `198.51.100.${i + 1}`;
      const linesBefore = logLines.length;
      const res = await request(app)
        .post('/api/operations')
        .set('x-forwarded-for', from)
        .set('idempotency-key', unique('bad-token'))
        .auth(token, { type: 'bearer' })
        .send(body);
      expectProblem(res, status);
      if (status === 401) expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      const me = await request(app).get('/api/me').set('x-forwarded-for', from).auth(token, { type: 'bearer' });
      if (meStatus) expect(me.status).toBe(meStatus);
      else expectProblem(me, status);

      expect(await stack.db.repatriationOperation.findUnique({ where: { reference: body.reference } })).toBeNull();
      expect(await stack.db.requestAudit.count({ where: { requestId: res.headers['x-request-id'] } })).toBe(0);
      const logged = logLines.slice(linesBefore).join('');
      const refusals = logLines
        .slice(linesBefore)
        .map((l) => JSON.parse(l) as { msg: string; reason?: string; refused?: number })
        .filter((l) => l.msg === 'token refused');
      expect(refusals.length).toBeGreaterThan(0);
      expect(refusals[0]).toMatchObject({ refused: status, reason: expect.stringMatching(reason) });
      // Neither the token nor its signature is in the log.
      const signature = token.split('.')[2];
      expect(logged).not.toContain(token);
      if (signature && signature.length > 10) expect(logged).not.toContain(signature);
    },
  );
});
