import { useState } from 'preact/hooks';
import { ApiError, request, type Role, type Session } from '../api';
import { restoreLocaleOf, t } from '../i18n';
import { adoptToken } from '../queue';
import { Field, LanguagePicker } from '../ui';

/** Sign in with an API token: the same tokens and roles as the API, so the app shows what the token may do. */

const KEY = 'field-app.session';

export function loadSession(): Session | undefined {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
    return saved?.token && saved.principal && saved.role ? saved : undefined;
  } catch {
    return undefined;
  }
}

export function signOut(): void {
  localStorage.removeItem(KEY);
}

export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const { body } = await request<{ principal: string; role: Role; party?: string }>(token.trim(), 'GET', '/api/me');
      const session: Session = { token: token.trim(), ...body };
      localStorage.setItem(KEY, JSON.stringify(session));
      restoreLocaleOf(session.principal);
      await adoptToken(session);
      onSignedIn(session);
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
    <main class="sign-in">
      <h1>{t('app.title')}</h1>
      <LanguagePicker />
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
    </main>
  );
}
