import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { onLocaleChange, t, tCode } from './i18n';
import { endProviderSession, isSignInReturn } from './oidc';
import { isMine, kick, startQueue } from './queue';
import { currentSession, onSessionChange, saveSession, type Session } from './session';
import { LanguagePicker, QueuedList, useQueue } from './ui';
import { SignIn } from './views/sign-in';
import { OperationPage, OperationsPage } from './views/operations';
import { DayPage } from './views/day';
import { ScanPage } from './views/scan';
import { ManifestPage } from './views/manifest';
import './styles.css';
import './lists.css';

/** The field app: one page, its routes in the URL's hash so that the service worker serves every one offline. */

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    window.addEventListener('hashchange', on);
    // The address may have changed before this listened (the return from the provider puts the page back).
    on();
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}

function Route({ session, hash }: { session: Session; hash: string }) {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'operations' && parts[1]) {
    const reference = parts[1];
    if (parts[2] === 'days' && parts[3]) {
      const date = parts[3];
      if (parts[4] === 'scan' && parts[5] && parts[6])
        return <ScanPage session={session} reference={reference} date={date} from={parts[5]} to={parts[6]} />;
      if (parts[4] === 'manifest' && parts[5] && parts[6])
        return <ManifestPage session={session} reference={reference} date={date} from={parts[5]} to={parts[6]} />;
      return <DayPage session={session} reference={reference} date={date} />;
    }
    return <OperationPage session={session} reference={reference} />;
  }
  return <OperationsPage session={session} />;
}

function QueueBar({ session }: { session: Session }) {
  const queue = useQueue();
  const mine = queue.items.filter((a) => isMine(a, session));
  const waiting = mine.filter((a) => a.state === 'waiting').length;
  const refused = mine.filter((a) => a.state === 'refused').length;
  // Another person's actions, kept until they sign in again: said apart, never sent in this one's name.
  const others = queue.items.filter((a) => a.state === 'waiting' && !isMine(a, session)).length;
  const summary = [
    waiting === 0 && refused === 0 ? t('queue.allSent') : '',
    waiting ? t('queue.waitingCount', { n: waiting }) : '',
    refused ? t('queue.refusedCount', { n: refused }) : '',
    others ? t('queue.othersCount', { n: others }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <details class={`queue-bar ${refused ? 'has-refused' : waiting ? 'has-waiting' : ''}`}>
      <summary>
        <span role="status" aria-live="polite" data-testid="queue-status">
          {summary}
        </span>
      </summary>
      <QueuedList items={queue.items} empty={t('queue.nothing')} />
      {waiting > 0 && (
        <button type="button" class="secondary" onClick={kick}>
          {t('queue.sendNow')}
        </button>
      )}
      <p class="hint">{t('queue.who', { principal: session.principal })}</p>
    </details>
  );
}

/**
 * Signs out here, and at the provider too when the network allows (its page comes back to the app). Queued
 * actions stay: they go out when their owner signs in again.
 */
async function signOut(session: Session): Promise<void> {
  saveSession(undefined);
  if (session.kind === 'person' && session.person && navigator.onLine) {
    await endProviderSession(session.person).catch(() => undefined);
  }
}

function App() {
  const [session, setSession] = useState<Session | undefined>(currentSession());
  const [, setRender] = useState(0);
  const hash = useHash();
  useEffect(() => onLocaleChange(() => setRender((n) => n + 1)), []);
  useEffect(() => onSessionChange(setSession), []);
  if (!session || session.ended || isSignInReturn()) {
    return <SignIn ended={session?.ended ? session : undefined} onSignedIn={setSession} />;
  }
  const who = [session.name ?? session.principal, tCode('role', session.role), session.party]
    .filter(Boolean)
    .join(' · ');
  return (
    <>
      <header class="top">
        <a href="#/" class="home">
          {t('app.title')}
        </a>
        <span class="who">{who}</span>
        <LanguagePicker principal={session.principal} />
        <button type="button" class="secondary" onClick={() => void signOut(session)}>
          {t('app.signOut')}
        </button>
      </header>
      <QueueBar session={session} />
      <main>
        <Route session={session} hash={hash} />
      </main>
    </>
  );
}

startQueue();
if ('serviceWorker' in navigator) {
  void navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
}
render(<App />, document.getElementById('root')!);
