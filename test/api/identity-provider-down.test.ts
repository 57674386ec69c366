import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { SignJWT, importJWK } from 'jose';
import { createApp } from '../../src/api/app';
import { issueToken } from '../../src/api/tokens';
import { providerKeysPath, rotateSigningKey } from '../../src/identity/keys';
import { createPeopleVerifier } from '../../src/identity/verifier';
import { createLogger } from '../../src/logger';
import { signInAs, startTestProvider, type TestProvider } from '../helpers/identity';
import { openStack, type TestStack } from '../helpers/stack';
import { expectProblem } from './support';

/**
 * The OpenID Provider goes away, and comes back with a new signing key: people already signed in keep
 * working until their tokens expire (the API verifies with the keys it fetched last), /readyz says the
 * provider is unreachable, and a key the provider rotated in is picked up. A provider of this file's own.
 */

let dataDir: string;
let provider: TestProvider;
let port: string;
let stack: TestStack;
let app: ReturnType<typeof createApp>;
const newApp = () =>
  createApp({ config: stack.config, db: stack.db, temporal: stack.client, logger: createLogger('silent', 'test') });
const me = (on: typeof app, token: string) => request(on).get('/api/me').auth(token, { type: 'bearer' });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'identity-down-'));
  provider = await startTestProvider(dataDir);
  port = new URL(provider.issuer).port;
  stack = await openStack({ OIDC_ISSUER: provider.issuer });
  app = newApp();
});
afterAll(async () => {
  await provider?.stop();
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the identity provider unreachable', () => {
  it('when it stops, then a person signed in keeps working, /readyz says so, and an unknown key is still refused', async () => {
    const { access_token: token } = await signInAs(provider, 'liaison-ua-1');
    await me(app, token).expect(200);
    await provider.stop();

    const still = await me(app, token).expect(200);
    expect(still.body).toEqual({ principal: 'liaison-ua-1', role: 'PARTY_LIAISON', party: 'UA' });
    const ready = await request(app).get('/readyz').expect(200);
    expect(ready.body).toMatchObject({
      status: 'degraded',
      checks: { postgres: 'ok', temporal: 'ok', identity: 'unreachable' },
      detail: expect.stringContaining('people signed in keep working until their tokens expire'),
    });

    const key = {
      ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
      kid: randomUUID(),
    };
    const [, payload] = token.split('.');
    const forged = await new SignJWT(
      JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
    )
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .sign(await importJWK(key as Parameters<typeof importJWK>[0], 'RS256'));
    expectProblem(await me(app, forged), 401);
  });

  it('when an API started since cannot fetch the keys, then people are answered 503 problem+json, machines still 200', async () => {
    const { access_token: token } = await signInAsAfterRestart();
    await provider.stop();
    const fresh = newApp();
    const res = await me(fresh, token);
    expectProblem(res, 503);
    expect(res.body.detail).toContain(`The identity provider ${provider.issuer} cannot be reached`);
    const machine = await issueToken(stack.db, { principal: 'ua-registry', role: 'PARTY_LIAISON', party: 'UA' });
    await me(fresh, machine.token).expect(200);
  });
});

describe('a signing key rotated at the provider', () => {
  it('when the provider comes back signing with a new key, then the API fetches its keys again and accepts both old and new tokens', async () => {
    provider = await startTestProvider(dataDir, { IDENTITY_PORT: port });
    const verifier = createPeopleVerifier(stack.config.oidc!, { refetchPauseMs: 0 });
    const before = await signInAs(provider, 'field-1');
    await expect(verifier.verify(before.access_token)).resolves.toMatchObject({
      subject: 'field-1',
      role: 'FIELD_STAFF',
    });

    const kid = rotateSigningKey(providerKeysPath(provider.dir));
    await provider.stop();
    provider = await startTestProvider(dataDir, { IDENTITY_PORT: port });
    const after = await signInAs(provider, 'field-1');
    expect(JSON.parse(Buffer.from(after.access_token.split('.')[0], 'base64url').toString())).toMatchObject({ kid });

    await expect(verifier.verify(after.access_token)).resolves.toMatchObject({ subject: 'field-1' });
    await expect(verifier.verify(before.access_token)).resolves.toMatchObject({ subject: 'field-1' });
  });
});

/** The provider again on its port (its people and keys kept), and someone signed in there. */
async function signInAsAfterRestart() {
  provider = await startTestProvider(dataDir, { IDENTITY_PORT: port });
  return signInAs(provider, 'coordinator-1');
}
