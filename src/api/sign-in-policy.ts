import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The Content-Security-Policy of the pages that sign people in from the browser (the field app, /docs): the
 * API's own (scripts and connections to this origin only), plus connections to the OpenID Provider, whose
 * discovery document, token and revocation endpoints those pages call. Without a provider, nothing changes.
 */
export function signInPolicy(oidc: { issuer: string } | undefined): RequestHandler {
  if (!oidc) return (_req, _res, next) => next();
  return helmet.contentSecurityPolicy({
    directives: { connectSrc: ["'self'", new URL(oidc.issuer).origin], upgradeInsecureRequests: null },
  });
}
