import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../db';
import { endpoint, serve } from '../api/endpoint';
import { notFound } from '../api/errors';
import type { OidcConfig } from './config';

/**
 * How a browser signs a person in here: the OpenID Provider the API trusts,
 * the public client to use (authorization code with PKCE), the resource its
 * access tokens must be for and the scopes to ask. The field app and /docs read
 * it, so pointing the service at another provider changes them too.
 */

const signInSettings = z.object({
  issuer: z
    .url()
    .meta({
      description: 'The OpenID Provider; its discovery document is at {issuer}/.well-known/openid-configuration',
    }),
  clientId: z.string().meta({ description: 'The public client browsers use: authorization code with PKCE (S256)' }),
  resource: z
    .string()
    .meta({ description: 'The resource indicator (RFC 8707) of this API: the `aud` of its access tokens' }),
  scope: z.string().meta({ description: 'The scopes to ask for' }),
});

export const identitySettings = endpoint({
  method: 'get',
  path: '/identity',
  operationId: 'signInSettings',
  summary: 'Where people sign in: the OpenID Provider, client id, resource and scopes',
  description:
    'People sign in at the OpenID Provider with the authorization code flow and PKCE, and send its access token as ' +
    '`Authorization: Bearer <token>`. Machines use API tokens instead. 404 when no provider is configured.',
  roles: 'public',
  party: 'none',
  response: signInSettings,
  errors: [400, 404],
});

export function identityRoutes({ db, temporal, oidc }: { db: Db; temporal: Client; oidc: OidcConfig | undefined }) {
  const router = Router();
  serve(router, { db, temporal })(identitySettings, ({ res }) => {
    if (!oidc) throw notFound('No OpenID Provider is configured (OIDC_ISSUER): only API tokens open this API.');
    res.json({
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      resource: oidc.audience,
      scope: 'openid profile offline_access api',
    });
  });
  return router;
}
