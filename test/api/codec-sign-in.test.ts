import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { EncryptionCodec, parsePayloadKeys } from '../../src/temporal/codec';
import { runProvider } from '../helpers/identity';
import { expectProblem, useApiWorld, type Who } from './support';

/**
 * How an operator gets into the codec server. With an OpenID Provider (the
 * run's): the operator's access token, as the Web UI forwards it with each
 * request (the development start's sign-in proxy, or a UI with
 * `codec.passAccessToken`); the codec sign-in page then only says where to
 * sign in. Without one: the sign-in page and its session cookie, as before.
 */

const UI_ORIGIN = 'http://127.0.0.1:8233';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const jsonPayload = (value: unknown) => ({
  metadata: { encoding: b64('json/plain') },
  data: b64(JSON.stringify(value)),
});

async function sealed(value: unknown) {
  const [p] = await new EncryptionCodec(parsePayloadKeys(process.env.PAYLOAD_KEYS!)).encode([
    { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value)) },
  ]);
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data!).toString('base64'),
  };
}

describe("with an OpenID Provider: the operator's access token, as the Web UI forwards it", () => {
  const w = useApiWorld();
  const decode = (token: string | undefined, payloads: unknown[] = []) => {
    const r = request(w.app).post('/codec/decode').set('x-namespace', 'default');
    if (token) r.auth(token, { type: 'bearer' });
    return r.send({ payloads });
  };

  it("when an operator's access token asks to decode, then the payloads are decrypted and the release is recorded under the person", async () => {
    const declared = { tag: 'UA-00017', declaredIdentity: { name: 'Mykola Hnatiuk' } };
    const res = await decode(w.people.operator, [await sealed(declared)]).expect(200);
    expect(JSON.parse(Buffer.from(res.body.payloads[0].data, 'base64').toString('utf8'))).toEqual(declared);
    const entry = await w.stack.db.dataAccessLog.findFirstOrThrow({
      where: { resource: 'codec:decode:1' },
      orderBy: { accessedAt: 'desc' },
    });
    expect(entry).toMatchObject({ principal: 'operator-1', role: 'OPERATOR' });
  });

  it.each(['coordinator', 'field', 'ua', 'observer', 'tracing'] as Who[])(
    "when %s's access token (not an operator's) asks to decode, then it is refused with 403 naming the role",
    async (who) => {
      const res = await decode(w.people[who]);
      expectProblem(res, 403);
      expect(res.body.detail).toContain('operators');
    },
  );

  it('when a token signed by another key, or one that is no token at all, asks to decode, then it is refused with 401', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ roles: ['OPERATOR'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'not-the-providers' })
      .setIssuer(runProvider().issuer)
      .setAudience(w.stack.config.oidc!.audience)
      .setSubject('operator-1')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    for (const token of [forged, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJvcGVyYXRvci0xIn0.'])
      expectProblem(await decode(token), 401);
    expectProblem(await decode(undefined), 401);
  });

  it('when someone opens the sign-in page, then it says operators sign in at the Web UI, and no session is opened there', async () => {
    const page = await request(w.app).get('/codec').expect(200);
    expect(page.text).toContain('Operators sign in at the Web UI');
    expect(page.text).toContain(runProvider().issuer);
    expect(page.text).not.toContain('<form');
    const fromPage = await request(w.app)
      .post('/codec/session')
      .type('form')
      .send({ token: w.apiTokens.operator })
      .expect(404);
    expect(fromPage.headers['content-type']).toMatch(/^text\/html/);
    const fromScript = await request(w.app).post('/codec/session').auth(w.apiTokens.operator, { type: 'bearer' });
    expectProblem(fromScript, 404);
    for (const res of [fromPage, fromScript]) expect(res.headers['set-cookie']).toBeUndefined();
  });

  it("when a codec session cookie holds an operator's API token, then it opens nothing: only a bearer token does", async () => {
    const res = await request(w.app)
      .post('/codec/decode')
      .set('cookie', `codec_session=${w.apiTokens.operator}`)
      .send({ payloads: [] });
    expectProblem(res, 401);
    await decode(w.apiTokens.operator).expect(200);
  });
});

describe('without an OpenID Provider: the codec sign-in page', () => {
  const w = useApiWorld({ OIDC_ISSUER: '' });
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

  it('when an operator signs in on the page, then the session cookie alone opens decode, until they sign out', async () => {
    const page = await request(w.app).get('/codec').expect(200);
    expect(page.text).toContain('<form method="post" action="/codec/session">');

    const signIn = await request(w.app)
      .post('/codec/session')
      .type('form')
      .send({ token: w.apiTokens.operator })
      .expect(200);
    expect(signIn.text).toContain('Signed in as operator-1');
    const cookie = signIn.headers['set-cookie'][0];
    expect(cookie).toMatch(/^codec_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/codec/);

    const session = cookie.split(';')[0];
    await request(w.app).post('/codec/decode').set('cookie', session).send({ payloads: [] }).expect(200);
    const signOut = await request(w.app).delete('/codec/session').set('cookie', session).expect(204);
    expect(signOut.headers['set-cookie'][0]).toMatch(/codec_session=;/);
  });

  it('when the sign-in page posts from the codec server origin itself, then it is not taken for a foreign origin', async () => {
    const res = await request(base)
      .post('/codec/session')
      .set('origin', base)
      .type('form')
      .send({ token: w.apiTokens.operator })
      .expect(200);
    expect(res.text).toContain('Signed in as operator-1');
  });

  it('when someone who is not an operator signs in, then no session is opened', async () => {
    const res = await request(w.app).post('/codec/session').auth(w.apiTokens.observer, { type: 'bearer' });
    expectProblem(res, 403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it.each([
    ['an observer', () => w.apiTokens.observer, 403, /OBSERVER/],
    ['a wrong token', () => 'rpt_mistyped', 401, /unknown, revoked or mistyped/],
  ])('when %s signs in on the page, then a readable page says why and what to do', async (_who, token, status, why) => {
    const res = await request(w.app).post('/codec/session').type('form').send({ token: token() }).expect(status);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).toMatch(why);
    expect(res.text).toContain('--role OPERATOR');
    expect(res.text).toContain('<a href="/codec">sign in again</a>');
  });

  it('when the Web UI posts with the operator session, then the answer carries its origin', async () => {
    const signIn = await request(w.app).post('/codec/session').auth(w.apiTokens.operator, { type: 'bearer' }).expect(200);
    const session = signIn.headers['set-cookie'][0].split(';')[0];
    const res = await request(w.app)
      .post('/codec/decode')
      .set('origin', UI_ORIGIN)
      .set('cookie', session)
      .set('x-namespace', 'default')
      .send({ payloads: [jsonPayload('x')] })
      .expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
  });
});
