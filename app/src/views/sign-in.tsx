import { useEffect, useState } from 'preact/hooks';
import { ApiError, request, type Role } from '../api';
import { restoreLocaleOf, t } from '../i18n';
import { beginSignIn, completeSignIn, isSignInReturn, signInSettings, type SignInSettings } from '../oidc';
import { isMine, type QueuedAction } from '../queue';
import { personOwner, saveSession, tokenOwner, type Session } from '../session';
import { Field, LanguagePicker, useQueue } from '../ui';

/**
 * Signing in: at the OpenID Provider the service names (GET /identity), or, where it names none, with an API
 * token. Either way GET /api/me says who that is here, so the app shows what they may do.
 */

interface Me {
  principal: string;
  role: Role;
  party?: string;
  displayName?: string;
}

const who = (me: Me) => ({
  principal: me.principal,
  role: me.role,
  ...(me.party ? { party: me.party } : {}),
  ...(me.displayName ? { name: me.displayName } : {}),
});

function signedIn(session: Session): Session {
  saveSession(session);
  restoreLocaleOf(session.principal);
  return session;
}

/** The provider sent the browser back: the code exchanged for tokens, and the service asked who this is. */
async function finishPersonSignIn(): Promise<Session> {
  const tokens = await completeSignIn();
  const { body } = await request<Me>(tokens.accessToken, 'GET', '/api/me');
  return signedIn({ kind: 'person', owner: personOwner(tokens.issuer, body.principal), ...who(body), person: tokens });
}

const problemText = (err: unknown) => {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('signIn.offline');
    if (err.status === 401 || err.status === 403) return t('signIn.notAllowed', { detail: err.detail });
    return t('signIn.failed', { detail: err.detail });
  }
  if (err instanceof TypeError) return t('signIn.providerDown');
  return t('signIn.failed', { detail: (err as Error).message });
};

/** Whose actions wait on this tablet for someone other than the one signing in now. */
function KeptActions({ items }: { items: QueuedAction[] }) {
  const byPrincipal = new Map<string, number>();
  for (const a of items)
    if (a.state === 'waiting' && !isMine(a, undefined))
      byPrincipal.set(a.principal, (byPrincipal.get(a.principal) ?? 0) + 1);
  if (byPrincipal.size === 0) return null;
  return (
    <ul class="kept notice warn" data-testid="kept-actions">
      {[...byPrincipal].map(([principal, n]) => (
        <li key={principal}>{t('signIn.kept', { n, principal })}</li>
      ))}
    </ul>
  );
}

export function SignIn({ ended, onSignedIn }: { ended?: Session; onSignedIn: (s: Session) => void }) {
  const [settings, setSettings] = useState<SignInSettings | null | 'offline'>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(isSignInReturn());
  const queue = useQueue();
  useEffect(() => {
    if (isSignInReturn()) {
      finishPersonSignIn()
        .then(onSignedIn)
        .catch((err: unknown) => {
          setProblem(problemText(err));
          setBusy(false);
        });
    }
    void signInSettings().then(setSettings);
  }, []);

  async function toProvider(s: SignInSettings) {
    setBusy(true);
    setProblem(undefined);
    try {
      await beginSignIn(s, ended?.principal);
    } catch (err) {
      setProblem(problemText(err));
      setBusy(false);
    }
  }

  return (
    <main class="sign-in">
      <h1>{t('app.title')}</h1>
      <LanguagePicker />
      {ended && (
        <p class="notice warn" role="alert">
          {t('signIn.ended', { principal: ended.principal })}
        </p>
      )}
      <KeptActions items={queue.items} />
      {busy && !problem && <p aria-busy="true">{t('signIn.completing')}</p>}
      {problem && (
        <p class="notice error" role="alert">
          {problem}
        </p>
      )}
      {settings === 'offline' && <p class="notice error">{t('signIn.offline')}</p>}
      {settings === null && <TokenForm onSignedIn={onSignedIn} />}
      {settings && settings !== 'offline' && (
        <>
          <p class="hint">{t('signIn.providerHint')}</p>
          <button type="button" disabled={busy} onClick={() => void toProvider(settings)}>
            {t('signIn.provider')}
          </button>
        </>
      )}
    </main>
  );
}

/** Where the service has no provider: the API token the person was given. */
function TokenForm({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const given = token.trim();
      const { body } = await request<Me>(given, 'GET', '/api/me');
      onSignedIn(signedIn({ kind: 'token', owner: tokenOwner(body.principal), ...who(body), token: given }));
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      setProblem(
        status === 401 ? t('signIn.refused') : status === 0 ? t('signIn.offline') : String((err as Error).message),
      );
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      <Field label={t('signIn.token')} hint={t('signIn.tokenHint')}>
        <input
          type="password"
          name="token"
          autocomplete="current-password"
          required
          value={token}
          onInput={(e) => setToken((e.target as HTMLInputElement).value)}
        />
      </Field>
      {problem && (
        <p class="notice error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('signIn.submit')}
      </button>
    </form>
  );
}
