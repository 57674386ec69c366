import { renew, SessionEnded, type PersonTokens } from './oidc';

/**
 * Who is signed in on this tablet, kept in the browser (localStorage) so the
 * app opens offline: a person signed in at the OpenID Provider (short-lived
 * access token, renewed with the refresh token), or, where the service has no
 * provider, the holder of an API token. `owner` names whose actions are
 * queued: the same person signing in again gets them back, nobody else.
 */

export type Role = 'COORDINATOR' | 'PARTY_LIAISON' | 'FIELD_STAFF' | 'FORENSIC' | 'OBSERVER' | 'OPERATOR';

export interface Session {
  kind: 'person' | 'token';
  /** Whose actions: "<issuer> <subject>" for a person, "token <principal>" for an API token. */
  owner: string;
  principal: string;
  role: Role;
  party?: string;
  /** A person's name, when the service says it. */
  name?: string;
  /** The API token (kind token). */
  token?: string;
  /** The provider's tokens (kind person). */
  person?: PersonTokens;
  /** The provider no longer renews it, or the service refuses it: sign in again; its actions stay queued. */
  ended?: boolean;
}

const KEY = 'field-app.session';

/** The owner of an action queued before owners were recorded: the API token's principal. */
export const tokenOwner = (principal: string) => `token ${principal}`;
export const personOwner = (issuer: string, subject: string) => `${issuer} ${subject}`;

function read(): Session | undefined {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as (Partial<Session> & { token?: string }) | null;
    if (!saved?.principal || !saved.role) return undefined;
    // Saved by the app before people signed in at a provider: an API token.
    if (!saved.kind)
      return saved.token ? ({ ...saved, kind: 'token', owner: tokenOwner(saved.principal) } as Session) : undefined;
    return saved as Session;
  } catch {
    return undefined;
  }
}

let current = read();
const listeners = new Set<(s: Session | undefined) => void>();

function publish(): void {
  for (const l of listeners) l(current);
}

// Another tab signed in, renewed or signed out.
window.addEventListener('storage', (e) => {
  if (e.key !== KEY) return;
  current = read();
  publish();
});

export const currentSession = (): Session | undefined => current;

export function onSessionChange(listener: (s: Session | undefined) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function saveSession(session: Session | undefined): void {
  current = session;
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
  publish();
}

/** The session can no longer be used: kept (whose queue it was, who should sign in), marked ended. */
export function endSession(owner: string): void {
  if (current && current.owner === owner && !current.ended) saveSession({ ...current, ended: true });
}

/** Renewed this long before the access token expires: a minute, or half its life when it is shorter. */
const renewalMargin = (t: PersonTokens) => Math.min(60_000, (t.expiresAt - t.issuedAt) / 2);

/**
 * A renewal at a time for all tabs (Web Locks): a refresh token is used once, and a provider that sees one
 * used twice ends the whole session. The tab that waited finds the tokens another tab renewed.
 */
async function renewOnce(stale: PersonTokens): Promise<void> {
  const run = async () => {
    const now = read();
    if (!now?.person || now.owner !== current?.owner || now.ended) {
      current = now;
      return;
    }
    if (now.person.accessToken !== stale.accessToken) {
      current = now;
      return;
    }
    try {
      saveSession({ ...now, person: await renew(now.person) });
    } catch (err) {
      if (err instanceof SessionEnded) endSession(now.owner);
      // Anything else (no network): the tokens stay as they are, and the next request tries again.
    }
  };
  await (navigator.locks ? navigator.locks.request('field-app-renewal', run) : run());
}

/**
 * The token to send now for this session: the API token, or the person's access token, renewed first when it
 * is about to expire (or `force`d, after the API refused it). Undefined once the session has ended.
 */
export async function accessToken(session: Session, { force = false } = {}): Promise<string | undefined> {
  if (session.kind === 'token') return session.ended ? undefined : session.token;
  const live = current?.owner === session.owner ? current : session;
  if (live.ended || !live.person) return undefined;
  if (force || Date.now() > live.person.expiresAt - renewalMargin(live.person)) {
    await renewOnce(live.person);
    const renewed = current?.owner === session.owner ? current : undefined;
    if (!renewed || renewed.ended || !renewed.person) return undefined;
    // Still the old one: no network; the API will say whether it still takes it.
    return renewed.person.accessToken;
  }
  return live.person.accessToken;
}
