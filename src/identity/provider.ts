import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import helmet from 'helmet';
import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from '../logger';
import type { IdentityProviderConfig } from './config';
import { loadProviderKeys, providerKeysPath } from './keys';
import { errorPage, signedOutPage, signInPage, signOutPage } from './pages';
import { PeopleFile, passwordMatches, peopleFilePath, type Person } from './people';

/**
 * The embedded OpenID Provider: the certified `oidc-provider` with the people
 * of people.json as its users and one public client (field app, /docs, the Web
 * UI's sign-in proxy): authorization code with PKCE, refresh tokens bound to
 * the session (sign-out ends them), and short-lived JWT access tokens for the
 * API (the resource OIDC_AUDIENCE, issued for it whether or not the client
 * names it) carrying the person's roles, party and name. A disabled person
 * cannot sign in, and their refresh token is refused. Sessions and grants live
 * in memory: a restart signs everyone out (their access tokens stay valid until
 * they expire). Organisations use their own provider instead (docs/identity.md).
 */

const API_SCOPE = 'api';
const OIDC_SCOPES = ['openid', 'profile', 'offline_access'];

/** Why the sign-in page is shown when the session here belongs to a person since disabled (or removed). */
const ACCOUNT_DISABLED = 'account_disabled';

/**
 * The default prompts, and one more reason to ask for a sign-in: the session's person has no account any more.
 * Without it the provider would go on to the consent checks with no account and answer 500. A client asking
 * for no page (prompt=none) gets login_required; otherwise the sign-in page says so (./pages.ts).
 */
function prompts() {
  const policy = interactionPolicy.base();
  policy
    .get('login')!
    .checks.unshift(
      new interactionPolicy.Check(
        ACCOUNT_DISABLED,
        'The account signed in at the provider is disabled.',
        'login_required',
        (ctx) => Boolean(ctx.oidc.session?.accountId && !ctx.oidc.account),
      ),
    );
  return policy;
}

/** The claims the API reads (OIDC_ROLES_CLAIM, OIDC_PARTY_CLAIM, OIDC_NAME_CLAIM at their defaults). */
const personClaims = (p: Person) => ({ name: p.name, roles: p.roles, ...(p.party ? { party: p.party } : {}) });

function configuration(settings: IdentityProviderConfig, people: PeopleFile): Configuration {
  const { keys, cookieKeys } = loadProviderKeys(providerKeysPath(settings.dataDir));
  const live = (sub: string) => {
    const found = people.find(sub);
    return found && !found.disabled ? found : undefined;
  };
  return {
    clients: [
      {
        client_id: settings.clientId,
        client_name: 'Repatriation operations',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: settings.redirectUris,
        post_logout_redirect_uris: settings.postLogoutRedirectUris,
      },
    ],
    // The authorization code flow only: discovery names no implicit flow (Swagger UI would offer it).
    responseTypes: ['code'],
    jwks: { keys },
    cookies: { keys: cookieKeys },
    scopes: OIDC_SCOPES,
    claims: { openid: ['sub'], profile: ['name'] },
    // A disabled or removed person has no account: sign-in, session and refresh are all refused.
    findAccount: (_ctx, sub) => {
      const person = live(sub);
      if (!person) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...personClaims(person) }) };
    },
    extraTokenClaims: (_ctx, token) => {
      const person = token.kind === 'AccessToken' && token.accountId ? live(token.accountId) : undefined;
      return person ? personClaims(person) : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = signOutPage(form, ctx.host);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = signedOutPage();
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => settings.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== settings.audience) throw new errors.InvalidTarget();
          return {
            scope: API_SCOPE,
            audience: settings.audience,
            accessTokenTTL: settings.accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // Refresh tokens for the first-party client without asking for offline_access; they end with the session.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // The first-party client is granted what it asks of these scopes once the person has signed in: no consent page.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, provider } = ctx.oidc;
      const accountId = session?.accountId;
      if (!client || !accountId || client.clientId !== settings.clientId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const grant =
        (grantId && (await provider.Grant.find(grantId))) ||
        new provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope(OIDC_SCOPES.join(' '));
      grant.addOIDCClaims(['name']);
      grant.addResourceScope(settings.audience, API_SCOPE);
      await grant.save();
      return grant;
    },
    interactions: { policy: prompts(), url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    // Browsers call the token endpoint from the client's own pages.
    clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((u) => new URL(u).origin === origin) ?? false,
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(String(out.error), out.error_description ? String(out.error_description) : undefined);
    },
    ttl: {
      AccessToken: settings.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: settings.refreshTokenTtlSeconds,
      Session: settings.refreshTokenTtlSeconds,
      Grant: settings.refreshTokenTtlSeconds,
    },
  };
}

export interface IdentityProvider {
  provider: Provider;
  app: express.Express;
}

export function createIdentityProvider(settings: IdentityProviderConfig, logger?: Logger): IdentityProvider {
  const people = new PeopleFile(peopleFilePath(settings.dataDir));
  const provider = new Provider(settings.issuer, configuration(settings, people));
  provider.on('server_error', (_ctx, err) =>
    logger?.error({ err: { name: err.name, message: err.message } }, 'identity provider error'),
  );
  const app = express();
  app.disable('x-powered-by');
  // Forms post here and are then redirected to the client's pages, so those origins are allowed as form targets.
  const clientOrigins = [
    ...new Set([...settings.redirectUris, ...settings.postLogoutRedirectUris].map((u) => new URL(u).origin)),
  ];
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { formAction: ["'self'", ...clientOrigins], upgradeInsecureRequests: null },
      },
    }),
  );
  // Swagger UI's "Authorize" on /docs signs in in a popup that hands the code back to its opener: the pages of
  // a sign-in (authorization, its redirects and the sign-in page) let a window of another origin keep it.
  app.use(['/auth', '/interaction'], (_req, res, next) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'unsafe-none');
    next();
  });
  const form = express.urlencoded({ extended: false, limit: '4kb' });

  const showSignIn = async (req: Request, res: Response, status = 200, error?: string, username?: string) => {
    const details = await provider.interactionDetails(req, res);
    // The browser still holds the session of a person disabled since: they are told, someone else may sign in.
    if (!error && details.prompt.reasons.includes(ACCOUNT_DISABLED) && details.session?.accountId) {
      logger?.info({ subject: details.session.accountId, reason: 'disabled' }, 'session refused');
      status = 403;
      error = `${details.session.accountId} is disabled: ask your coordinator to enable the account again, or sign in as someone else.`;
    }
    res
      .status(status)
      .type('html')
      .send(signInPage({ uid: details.uid, client: 'Repatriation operations', error, username }));
  };
  app.get('/interaction/:uid', async (req, res) => showSignIn(req, res));
  app.post('/interaction/:uid/login', form, async (req, res) => {
    await provider.interactionDetails(req, res);
    const { username, password } = (req.body ?? {}) as { username?: unknown; password?: unknown };
    const person = typeof username === 'string' ? people.find(username.trim()) : undefined;
    const matches = person && typeof password === 'string' && (await passwordMatches(password, person.passwordHash));
    if (!person || !matches) {
      logger?.info({ reason: 'wrong user name or password' }, 'sign-in refused');
      return showSignIn(req, res, 401, 'Wrong user name or password.', typeof username === 'string' ? username : '');
    }
    if (person.disabled) {
      logger?.info({ subject: person.username, reason: 'disabled' }, 'sign-in refused');
      return showSignIn(
        req,
        res,
        403,
        'This account is disabled. Ask your coordinator to enable it again.',
        person.username,
      );
    }
    logger?.info({ subject: person.username }, 'signed in');
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: person.username } },
      { mergeWithLastSubmission: false },
    );
  });
  app.get('/interaction/:uid/abort', async (req, res) => {
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The person cancelled the sign-in.' },
      { mergeWithLastSubmission: false },
    );
  });
  app.use(provider.callback());
  return { provider, app };
}

export interface RunningIdentityProvider {
  issuer: string;
  stop(): Promise<void>;
}

/** Listens on the configured host and port; the issuer is the address browsers and the API use. */
export async function startIdentityProvider(
  settings: IdentityProviderConfig,
  logger?: Logger,
): Promise<RunningIdentityProvider> {
  const { app } = createIdentityProvider(settings, logger);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(settings.port, settings.host, () => resolve(s));
    s.once('error', reject);
  });
  return {
    issuer: settings.issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
