import express, { Router, type Request, type RequestHandler } from 'express';
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import type { Db } from '../db';
import { TokenRefused } from '../identity/claims';
import { looksLikeJwt, ProviderUnreachable, type PeopleVerifier } from '../identity/verifier';
import { EncryptionCodec, PayloadDecryptionError, type PayloadKey } from '../temporal/codec';
import { forbidden, personId, unauthorized, type Principal } from './auth';
import { fromZod, ProblemError } from './errors';
import { findLiveToken, isApiToken } from './tokens';

/**
 * The codec server: Temporal's remote codec protocol (POST …/encode and
 * …/decode with a Payloads object as protobuf JSON), so the Web UI and the
 * CLI can show operators what the history holds. Only an OPERATOR opens it,
 * as a bearer token: an operator's access token from the OpenID Provider (the
 * Web UI forwards it with each request: the development start's sign-in proxy,
 * or a UI of its own with `codec.passAccessToken`), or a live OPERATOR API token
 * (CLI: --codec-auth). Where no provider is configured, the sign-in page below
 * also sets a session cookie with an API token (Web UI: sent along when the UI
 * and /codec share an origin, as `npm run dev` serves them, or with "include
 * cross-origin credentials").
 * Every decode is recorded in DataAccessLog: it releases personal data.
 */

export const SESSION_COOKIE = 'codec_session';
const SESSION_HOURS = 8;

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');
// Protobuf JSON leaves out an empty list: the CLI posts `{}` to encode a query without arguments.
const payloadsBody = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() }))
    .max(10_000)
    .default([]),
});
type JsonPayload = z.infer<typeof payloadsBody>['payloads'][number];

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

const notOperator = (role: string) => forbidden(`The codec server is for operators; your token has ${role}.`);

/** An operator signed in at the provider: their access token verified, their role read from it. */
async function personFrom(people: PeopleVerifier, token: string): Promise<Principal> {
  let person;
  try {
    person = await people.verify(token);
  } catch (err) {
    if (err instanceof ProviderUnreachable) {
      throw new ProblemError(503, 'identity-provider-unreachable', 'Identity provider unreachable', err.message);
    }
    if (err instanceof TokenRefused) throw err.status === 401 ? unauthorized(err.detail) : forbidden(err.detail);
    throw err;
  }
  if (person.role !== 'OPERATOR') throw notOperator(person.role);
  return { tokenId: personId(people.issuer, person.subject), kind: 'PERSON', principal: person.subject, role: person.role };
}

async function operatorFrom(db: Db, people: PeopleVerifier | undefined, token: string | undefined): Promise<Principal> {
  if (!token) {
    throw unauthorized(
      people
        ? 'Sign in as an operator: at the Temporal Web UI, or Authorization: Bearer <token>.'
        : 'Sign in as an operator: Authorization: Bearer <token>, or the sign-in page at /codec.',
    );
  }
  if (people && !isApiToken(token) && looksLikeJwt(token)) return personFrom(people, token);
  const row = await findLiveToken(db, token);
  if (!row) throw unauthorized('The token is unknown or revoked.');
  if (row.role !== 'OPERATOR') throw notOperator(row.role);
  return { tokenId: row.id, kind: 'SERVICE_ACCOUNT', principal: row.principal, role: row.role };
}

const bearer = (req: Request) => /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];

export interface CodecServerDeps {
  db: Db;
  keys: PayloadKey[];
  namespace: string;
  /** Web UI origins that may call from the browser, with credentials. */
  corsOrigins: string[];
  /** People's access tokens (the OpenID Provider's); with it, operators sign in at the Web UI, not here. */
  people?: PeopleVerifier;
}

export function codecServer({ db, keys, namespace, corsOrigins, people }: CodecServerDeps): Router {
  const codec = new EncryptionCodec(keys);
  const router = Router();

  // CORS for the Web UI: only the configured origins, with credentials (the session cookie).
  router.use((req, res, next) => {
    const origin = req.get('origin');
    if (origin && corsOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.vary('Origin');
    if (req.method === 'OPTIONS') {
      res.status(origin && corsOrigins.includes(origin) ? 204 : 403).end();
      return;
    }
    // The sign-in page posts from the codec server's own origin.
    const ownOrigin = `${req.protocol}://${req.get('host')}`;
    if (origin && origin !== ownOrigin && !corsOrigins.includes(origin) && req.method === 'POST') {
      throw forbidden(`Origin ${origin} may not call the codec server; set CODEC_CORS_ORIGINS.`);
    }
    next();
  });

  router.get('/', (_req, res) => {
    res.type('html').send(people ? providerPage(people.issuer, corsOrigins) : SIGN_IN_PAGE);
  });

  router.post('/session', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const form = req.body as { token?: unknown } | undefined;
    const fromPage = req.is('application/x-www-form-urlencoded');
    // The separate sign-in remains only where there is no provider: operators sign in there, at the Web UI.
    if (people) {
      const problem = new ProblemError(404, 'not-found', 'Not found', `Operators sign in at the Web UI through ${people.issuer}.`);
      if (!fromPage) throw problem;
      res.status(404).type('html').send(providerPage(people.issuer, corsOrigins));
      return;
    }
    const given = bearer(req) ?? (typeof form?.token === 'string' ? form.token.trim() : undefined);
    let operator: Principal;
    try {
      operator = await operatorFrom(db, people, given);
    } catch (err) {
      // A person at the sign-in page reads a page, not problem+json.
      if (!fromPage || !(err instanceof ProblemError)) throw err;
      res.status(err.status).type('html').send(refusedPage(err));
      return;
    }
    res.cookie(SESSION_COOKIE, given, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/codec',
      maxAge: SESSION_HOURS * 3600_000,
    });
    req.log.info({ principal: operator.principal }, 'codec session opened');
    if (fromPage) {
      res.type('html').send(signedInPage(operator.principal, `${req.protocol}://${req.get('host')}`, corsOrigins));
    } else {
      res.json({ principal: operator.principal, expiresInHours: SESSION_HOURS });
    }
  });

  router.delete('/session', (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/codec' });
    res.status(204).end();
  });

  const convert = (direction: 'encode' | 'decode'): RequestHandler[] => [
    express.json({ limit: '8mb' }),
    async (req, res) => {
      // With a provider, only a bearer token: the cookie of the sign-in page is for where there is none.
      const operator = await operatorFrom(db, people, bearer(req) ?? (people ? undefined : cookie(req, SESSION_COOKIE)));
      const asked = req.get('x-namespace');
      if (asked && asked !== namespace) {
        throw forbidden(`This codec server serves namespace "${namespace}", not "${asked}".`);
      }
      const parsed = payloadsBody.safeParse(req.body);
      if (!parsed.success) throw fromZod(parsed.error);
      const payloads = parsed.data.payloads.map(fromJson);
      let converted: Payload[];
      try {
        converted = direction === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
      } catch (err) {
        if (err instanceof PayloadDecryptionError) {
          throw new ProblemError(422, 'undecryptable-payload', 'Payload cannot be decrypted', err.message);
        }
        throw err;
      }
      if (direction === 'decode') {
        await db.dataAccessLog.create({
          data: {
            principal: operator.principal,
            role: operator.role,
            // Decoded payloads may hold either party's data: recorded as a release of both.
            dataParty: '*',
            resource: `codec:decode:${payloads.length}`,
            requestId: req.id,
          },
        });
      }
      res.json({ payloads: converted.map(toJson) });
    },
  ];
  // Only the last part of the path names the operation (the protocol's rule).
  router.post('/encode', ...convert('encode'));
  router.post('/decode', ...convert('decode'));
  return router;
}

const PAGE_STYLE = `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2937}
input{width:100%;padding:.5rem;font:inherit;margin:.5rem 0}button{padding:.5rem 1rem;font:inherit}code{background:#f3f4f6;padding:0 .25rem}</style>`;

const SIGN_IN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Codec server: operator sign-in</title>${PAGE_STYLE}</head>
<body><h1>Operator sign-in</h1>
<p>Sign in with an <strong>OPERATOR</strong> token so the Temporal Web UI can show decrypted payloads in this browser.
Every decryption is recorded under your name.</p>
<form method="post" action="/codec/session"><label>Operator token <input name="token" type="password" autocomplete="off" required></label>
<button type="submit">Sign in</button></form></body></html>`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Where a provider is configured: no sign-in here; where operators sign in instead. */
function providerPage(issuer: string, uiOrigins: string[]): string {
  const ui = uiOrigins[0];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Codec server: operators sign in at the Web UI</title>${PAGE_STYLE}</head>
<body><h1>Operators sign in at the Web UI</h1>
<p>People sign in through ${escapeHtml(issuer)}. Open the Temporal Web UI${ui ? ` (<a href="${escapeHtml(ui)}/">${escapeHtml(ui)}</a>)` : ''}
and sign in there as an <strong>OPERATOR</strong>: it then reads decrypted payloads through this codec server with your access token.
Every decryption is recorded under your name.</p>
<p>Scripts and the Temporal CLI send a token instead: <code>--codec-auth "Bearer &lt;token&gt;"</code>.</p></body></html>`;
}

function signedInPage(principal: string, ownOrigin: string, uiOrigins: string[]): string {
  // Signed in at the Web UI's own address (npm run dev): the UI sends the session as it is.
  const sameOrigin = uiOrigins.includes(ownOrigin);
  const ui = sameOrigin ? ownOrigin : uiOrigins[0];
  const how = sameOrigin
    ? 'Nothing to set in the UI: it reads payloads through this address already.'
    : `If the UI still shows ciphertext, open its codec server settings (the glasses icon) and tick <em>Include cross-origin credentials</em>.`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Codec server: signed in</title>${PAGE_STYLE}</head>
<body><h1>Signed in as ${escapeHtml(principal)}</h1>
<p>For the next ${SESSION_HOURS} hours, the Temporal Web UI shows decrypted payloads in this browser. ${how}</p>
${ui ? `<p><a href="${escapeHtml(ui)}/">Open the Temporal Web UI</a></p>` : ''}</body></html>`;
}

/** What a person who was refused at the sign-in page can do about it. */
function refusedPage(err: ProblemError): string {
  const notOperator = err.status === 403;
  const why = notOperator
    ? `${escapeHtml(err.detail ?? err.title)} Decrypted payloads release personal data, so only an <strong>OPERATOR</strong> token opens them; observers see workflows and their ciphertext only.`
    : 'The token is unknown, revoked or mistyped (a token starts with <code>rpt_</code> and is shown once, when it is made).';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Codec server: not signed in</title>${PAGE_STYLE}</head>
<body><h1>Not signed in</h1>
<p>${why}</p>
<h2>What to do</h2>
<ul><li>Ask whoever runs the service for an operator token: <code>npm run tokens -- create --principal &lt;your name&gt; --role OPERATOR</code>.</li>
<li>Then <a href="/codec">sign in again</a> with it and reload the Temporal Web UI.</li>
<li>Until then the Web UI shows payloads as ciphertext and a banner that the codec server could not connect.</li></ul>
</body></html>`;
}
