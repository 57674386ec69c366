import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Session } from './api';
import { onLocaleChange, t, tCode } from './i18n';
import { kick, startQueue } from './queue';
import { LanguagePicker, QueuedList, useQueue } from './ui';
import { SignIn, loadSession, signOut } from './views/sign-in';
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
  const waiting = queue.items.filter((a) => a.state === 'waiting').length;
  const refused = queue.items.filter((a) => a.state === 'refused').length;
  const summary =
    waiting === 0 && refused === 0
      ? t('queue.allSent')
      : [waiting ? t('queue.waitingCount', { n: waiting }) : '', refused ? t('queue.refusedCount', { n: refused }) : '']
          .filter(Boolean)
          .join(' · ');
  return (
    <details class={`queue-bar ${refused ? 'has-refused' : waiting ? 'has-waiting' : ''}`}>
      <summary>
        <span role="status" aria-live="polite" data-testid="queue-status">
          {summary}
        </span>
      </summary>
      {queue.signInNeeded && (
        <p class="notice error" role="alert">
          {t('queue.signInNeeded')}
        </p>
      )}
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

function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession());
  const [, setRender] = useState(0);
  const hash = useHash();
  useEffect(() => onLocaleChange(() => setRender((n) => n + 1)), []);
  if (!session) return <SignIn onSignedIn={setSession} />;
  const who = [session.principal, tCode('role', session.role), session.party].filter(Boolean).join(' · ');
  return (
    <>
      <header class="top">
        <a href="#/" class="home">
          {t('app.title')}
        </a>
        <span class="who">{who}</span>
        <LanguagePicker principal={session.principal} />
        <button
          type="button"
          class="secondary"
          onClick={() => {
            signOut();
            setSession(undefined);
          }}
        >
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
