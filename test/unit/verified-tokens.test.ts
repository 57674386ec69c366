import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { loadConfig } from '../../src/config';
import type { OidcConfig } from '../../src/identity/config';
import { TokenRefused } from '../../src/identity/claims';
import { createPeopleVerifier } from '../../src/identity/verifier';

/**
 * A person's access token, once verified, is taken as verified for a while
 * (src/identity/verifier.ts), so that each report does not check a signature
 * again: never past the token's own expiry, and only for that very token.
 * The provider's keys come from a JWKS served on the loopback.
 */

const ISSUER = 'https://login.example.org/realms/intermediary';
let privateKey: CryptoKey;
let server: http.Server;
let config: OidcConfig;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  config = { ...loadConfig({ OIDC_ISSUER: ISSUER }).oidc!, jwksUrl, clockToleranceSeconds: 0 };
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const tokenFor = (subject: string, expiresInSeconds: number) =>
  new SignJWT({ roles: ['PARTY_LIAISON'], party: 'UA', name: 'A. Person' })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience(config.audience)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
    .sign(privateKey);

const refusedFor = async (verify: Promise<unknown>) => {
  try {
    await verify;
  } catch (err) {
    if (err instanceof TokenRefused) return err.reason;
    throw err;
  }
  return 'accepted';
};

describe('people’s access tokens taken as verified', () => {
  it('when a token verified a moment ago reaches its expiry, then it is refused as expired, though it was kept', async () => {
    const verifier = createPeopleVerifier(config);
    const token = await tokenFor('liaison-ua-1', 2);
    expect((await verifier.verify(token)).subject).toBe('liaison-ua-1');
    expect((await verifier.verify(token)).subject).toBe('liaison-ua-1');
    // Its exp is a whole second: wait until it is past for certain.
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    expect(await refusedFor(verifier.verify(token))).toBe('expired');
  });

  it('when a kept token is altered by one character of its signature, then the altered one is checked and refused', async () => {
    const verifier = createPeopleVerifier(config);
    const token = await tokenFor('liaison-ua-1', 300);
    await verifier.verify(token);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const altered = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    expect(await refusedFor(verifier.verify(altered))).toBe('bad signature');
    expect((await verifier.verify(token)).subject).toBe('liaison-ua-1');
  });
});
