import request from 'supertest';
import { personId } from '../../src/api/auth';
import { PeopleFile, peopleFilePath } from '../../src/identity/people';
import { june2025Agreement } from '../helpers/fixtures';
import { passwordOf, runProvider, signInAs, TEST_CLIENT_ID, TEST_REDIRECT_URI } from '../helpers/identity';
import { CookieJar, refresh, signIn, SignInRefused } from '../helpers/sign-in';
import { unique } from '../helpers/stack';
import { eventually, expectProblem, useApiWorld } from './support';

/**
 * People sign in at the OpenID Provider (the run's embedded one, for real, through its login form) and
 * bring its access tokens: who they are, what is recorded of them, and what happens when they are disabled.
 */

const w = useApiWorld();

describe('people signed in at the OpenID Provider', () => {
  it('when a liaison brings the access token the provider gave them, then GET /api/me names their subject, role and party', async () => {
    const res = await w.get('ua', '/api/me').expect(200);
    expect(res.body).toEqual({ principal: 'liaison-ua-1', role: 'PARTY_LIAISON', party: 'UA' });
  });

  it('when the coordinator creates an operation, then the audit records the person: subject, display name, the id of issuer and subject', async () => {
    const body = june2025Agreement(unique('op'));
    const res = await w.post('coordinator', '/api/operations', body, unique('people-key')).expect(201);
    const audit = await eventually(
      () => w.stack.db.requestAudit.findFirst({ where: { requestId: res.headers['x-request-id'] } }),
      (row) => row !== null,
    );
    expect(audit).toMatchObject({
      kind: 'PERSON',
      principal: 'coordinator-1',
      displayName: 'Demo Coordinator',
      role: 'COORDINATOR',
      tokenId: personId(runProvider().issuer, 'coordinator-1'),
      status: 201,
    });
  });

  it('when a person repeats a request with the same Idempotency-Key under a refreshed access token, then it is answered once', async () => {
    const provider = runProvider();
    const first = await signInAs(provider, 'coordinator-1');
    const later = await refresh(provider.issuer, TEST_CLIENT_ID, first.refresh_token!);
    expect(later.access_token).not.toBe(first.access_token);
    const body = june2025Agreement(unique('op'));
    const key = unique('refreshed-key');
    const send = (token: string) =>
      request(w.app).post('/api/operations').auth(token, { type: 'bearer' }).set('idempotency-key', key).send(body);
    const a = await send(first.access_token).expect(201);
    const b = await send(later.access_token).expect(201);
    // Sent again, the create would be refused (the operation exists): the first answer was replayed.
    expect(b.body).toEqual(a.body);
  });

  it('when a machine token of the same role and name calls, then the audit records a service account', async () => {
    const res = await w.machine
      .post('coordinator', '/api/operations', june2025Agreement(unique('op')), unique('machine-key'))
      .expect(201);
    const audit = await eventually(
      () => w.stack.db.requestAudit.findFirst({ where: { requestId: res.headers['x-request-id'] } }),
      (row) => row !== null,
    );
    expect(audit).toMatchObject({ kind: 'SERVICE_ACCOUNT', principal: 'coordinator-1', displayName: null });
  });

  it('when a browser asks where to sign in, then GET /identity names the provider, the public client, the resource and the scopes', async () => {
    const res = await request(w.app).get('/identity').expect(200);
    expect(res.body).toEqual({
      issuer: runProvider().issuer,
      clientId: TEST_CLIENT_ID,
      resource: 'urn:repatriation:api',
      scope: 'openid profile offline_access api',
    });
  });

  it('when /openapi.json is read, then it declares both schemes: OpenID Connect at the provider, and the bearer API token', async () => {
    const doc = (await request(w.app).get('/openapi.json').expect(200)).body;
    expect(doc.security).toEqual([{ openIdConnect: ['api'] }, { apiToken: [] }]);
    expect(doc.components.securitySchemes).toMatchObject({
      openIdConnect: {
        type: 'openIdConnect',
        openIdConnectUrl: `${runProvider().issuer}/.well-known/openid-configuration`,
      },
      apiToken: { type: 'http', scheme: 'bearer' },
    });
  });

  it('when the provider answers, then /readyz says the identity check is ok', async () => {
    const res = await request(w.app).get('/readyz').expect(200);
    expect(res.body).toMatchObject({ status: 'ready', checks: { identity: 'ok' } });
  });
});

describe('a person disabled at the provider', () => {
  const people = () => new PeopleFile(peopleFilePath(runProvider().dir));
  afterAll(() => people().setDisabled('leaver-1', false));

  it('when they are disabled, then their refresh and a new sign-in are refused, and their access token only lives until it expires', async () => {
    const provider = runProvider();
    const signedIn = await signInAs(provider, 'leaver-1');
    await request(w.app).get('/api/me').auth(signedIn.access_token, { type: 'bearer' }).expect(200);

    expect(people().setDisabled('leaver-1', true)).toBe(true);
    await expect(refresh(provider.issuer, TEST_CLIENT_ID, signedIn.refresh_token!)).rejects.toThrow(/invalid_grant/);
    const again = await signInAs(provider, 'leaver-1').catch((err: unknown) => err);
    expect(again).toBeInstanceOf(SignInRefused);
    expect(again).toMatchObject({ status: 403, message: expect.stringContaining('This account is disabled') });

    // A JWT is not looked up: what was issued stays valid until it expires (IDENTITY_ACCESS_TOKEN_TTL, minutes
    // in production). The bad-token corpus shows an expired one refused.
    const payload = JSON.parse(Buffer.from(signedIn.access_token.split('.')[1], 'base64url').toString()) as {
      exp: number;
    };
    expect(payload.exp * 1000).toBeGreaterThan(Date.now());
    await request(w.app).get('/api/me').auth(signedIn.access_token, { type: 'bearer' }).expect(200);
  });

  it('when a disabled person still has a session at the provider, then signing in again in that browser is refused plainly (the page says so; without a page, login_required), not a server error', async () => {
    const provider = runProvider();
    people().setDisabled('leaver-1', false);
    const jar = new CookieJar();
    const credentials = { issuer: provider.issuer, clientId: TEST_CLIENT_ID, redirectUri: TEST_REDIRECT_URI, jar };
    await signIn({ ...credentials, username: 'leaver-1', password: passwordOf(provider.dir, 'leaver-1') });
    // The session at the provider signs them in again without a page.
    await signIn({ ...credentials, username: '', password: '', prompt: 'none' });

    expect(people().setDisabled('leaver-1', true)).toBe(true);
    const silent = await signIn({ ...credentials, username: '', password: '', prompt: 'none' }).catch((e: unknown) => e);
    expect(silent).toBeInstanceOf(SignInRefused);
    expect(silent).toMatchObject({ status: 400, message: expect.stringMatching(/login_required: .*disabled/) });
    // With a page: the provider's sign-in page, saying the account signed in here is disabled, and no code.
    const again = await signIn({ ...credentials, username: 'leaver-1', password: passwordOf(provider.dir, 'leaver-1') })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(SignInRefused);
    expect(again).toMatchObject({ status: 403, message: expect.stringContaining('leaver-1 is disabled') });
  });

  it('when a wrong password is given, then the provider refuses the sign-in and no code is issued', async () => {
    const refused = await signIn({
      issuer: runProvider().issuer,
      clientId: TEST_CLIENT_ID,
      redirectUri: TEST_REDIRECT_URI,
      username: 'coordinator-1',
      password: 'not-the-password',
    }).catch((err: unknown) => err);
    expect(refused).toMatchObject({ status: 401, message: expect.stringContaining('Wrong user name or password') });
  });
});

describe("tokens that are not people's", () => {
  it('when a request brings something that is neither a JWT of the provider nor an API token, then 401', async () => {
    expectProblem(await request(w.app).get('/api/me').auth('not-a-token', { type: 'bearer' }), 401);
  });
});
