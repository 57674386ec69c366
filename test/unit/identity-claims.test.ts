import { ConfigError, loadConfig } from '../../src/config';
import { personFromClaims, TokenRefused } from '../../src/identity/claims';
import type { OidcConfig } from '../../src/identity/config';

/** From a verified token's claims to a person here, and the settings that say how (src/identity). */

const ISSUER = 'https://login.example.org/realms/intermediary';
const oidc = (env: Record<string, string> = {}): OidcConfig => loadConfig({ OIDC_ISSUER: ISSUER, ...env }).oidc!;
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof TokenRefused) return { status: err.status, detail: err.detail };
    throw err;
  }
  throw new Error('not refused');
};

describe('claims mapped to a role, a party and a name', () => {
  it('when the roles and party claims hold the service’s names, then they are the person’s', () => {
    expect(personFromClaims({ sub: 'u-1', roles: ['PARTY_LIAISON'], party: 'UA', name: 'A. Person' }, oidc())).toEqual({
      subject: 'u-1',
      name: 'A. Person',
      role: 'PARTY_LIAISON',
      party: 'UA',
    });
  });

  it('when the roles claim is nested (Keycloak realm_access.roles) or a space-separated string, then it is read there', () => {
    const keycloak = oidc({ OIDC_ROLES_CLAIM: 'realm_access.roles', OIDC_NAME_CLAIM: 'preferred_username' });
    expect(
      personFromClaims({ sub: 'k', realm_access: { roles: ['COORDINATOR'] }, preferred_username: 'kc' }, keycloak),
    ).toMatchObject({ role: 'COORDINATOR', name: 'kc' });
    expect(personFromClaims({ sub: 's', roles: 'OBSERVER' }, oidc())).toMatchObject({
      role: 'OBSERVER',
      party: undefined,
    });
  });

  it('when groups are mapped, then groups the map does not name are ignored and a mapped party is the person’s', () => {
    const mapped = oidc({
      OIDC_ROLES_CLAIM: 'groups',
      OIDC_ROLE_MAP: 'sg-all-staff=OBSERVER, sg-ua-liaisons=PARTY_LIAISON/UA',
    });
    expect(personFromClaims({ sub: 'g', groups: ['Domain Users', 'sg-ua-liaisons'] }, mapped)).toMatchObject({
      role: 'PARTY_LIAISON',
      party: 'UA',
    });
    expect(refusal(() => personFromClaims({ sub: 'g', groups: ['Domain Users'] }, mapped))).toEqual({
      status: 403,
      detail: 'The token grants no role of this service (claim groups).',
    });
    expect(
      refusal(() => personFromClaims({ sub: 'g', groups: ['sg-ua-liaisons'], party: 'RU' }, mapped)).detail,
    ).toMatch(/several parties/);
  });

  it('when the claims do not fit, then 403 naming why; without a subject, 401', () => {
    expect(refusal(() => personFromClaims({ sub: 'x', roles: ['ADMIN'] }, oidc()))).toEqual({
      status: 403,
      detail: 'The token\'s roles claim names roles this service does not know: "ADMIN".',
    });
    expect(refusal(() => personFromClaims({ sub: 'x', roles: ['FORENSIC'] }, oidc())).detail).toMatch(
      /acts for a party/,
    );
    expect(refusal(() => personFromClaims({ sub: 'x', roles: ['PARTY_LIAISON'], party: 'ua' }, oidc())).detail).toMatch(
      /a party is a code of 2 or 3 capital letters/,
    );
    expect(refusal(() => personFromClaims({ roles: ['OBSERVER'] }, oidc())).status).toBe(401);
    expect(personFromClaims({ sub: 'x', roles: ['OBSERVER'], name: 'bad\u0007name' }, oidc()).name).toBeUndefined();
  });
});

describe('people’s sign-in settings', () => {
  it('when nothing is set, then no provider is trusted and the embedded one listens on 127.0.0.1:3001 for the field app, /docs and the Web UI', () => {
    const config = loadConfig({});
    expect(config.oidc).toBeUndefined();
    expect(config.identity).toMatchObject({
      issuer: 'http://127.0.0.1:3001',
      clientId: 'repatriation-web',
      audience: 'urn:repatriation:api',
      accessTokenTtlSeconds: 600,
    });
    expect(config.identity.redirectUris).toEqual(
      expect.arrayContaining([
        'http://127.0.0.1:3000/app/',
        'http://localhost:3000/docs/oauth2-redirect.html',
        'http://127.0.0.1:8233/auth/callback',
      ]),
    );
    expect(config.identity.postLogoutRedirectUris).toEqual(
      expect.arrayContaining(['http://127.0.0.1:3000/docs/', 'http://127.0.0.1:8233/']),
    );
  });

  it.each([
    ['OIDC_ALGORITHMS', 'RS256,HS256', /OIDC_ALGORITHMS: only RS256/],
    ['OIDC_ALGORITHMS', 'none', /OIDC_ALGORITHMS/],
    ['OIDC_ROLE_MAP', 'admins=ADMIN', /OIDC_ROLE_MAP: "admins=ADMIN" is not value=ROLE/],
    ['OIDC_CLOCK_TOLERANCE', '1 hour', /OIDC_CLOCK_TOLERANCE: must be at most 300s/],
    ['OIDC_ISSUER', 'not a url', /OIDC_ISSUER/],
    ['IDENTITY_ACCESS_TOKEN_TTL', 'soon', /IDENTITY_ACCESS_TOKEN_TTL: must be a duration/],
  ])('when %s is %s, then the start is refused naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
