import { cloneElement, type ComponentChildren, type VNode } from 'preact';
import { useCallback, useEffect, useId, useState } from 'preact/hooks';
import { ApiError, read, type Read, type Session } from './api';
import { LOCALES, formatDateTime, locale, setLocale, t, type Locale } from './i18n';
import { dismiss, isMine, onQueueChange, onSent, type QueueStatus, type QueuedAction } from './queue';
import { currentSession } from './session';

/** Small pieces every page uses. */

/** Reads a path, again after every action the service accepts and every 15 s while shown. */
export function useRead<T>(session: Session, path: string) {
  const [state, setState] = useState<{ read?: Read<T>; error?: ApiError }>({});
  const load = useCallback(async () => {
    try {
      const r = await read<T>(session, path);
      setState({ read: r });
    } catch (err) {
      setState((s) => ({ ...s, error: err instanceof ApiError ? err : new ApiError(0, String(err)) }));
    }
  }, [session.owner, path]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 15_000);
    const off = onSent(() => void load());
    return () => {
      clearInterval(timer);
      off();
    };
  }, [load]);
  return { ...state, reload: load };
}

export function useQueue(): QueueStatus {
  const [status, setStatus] = useState<QueueStatus>({ items: [], sending: false });
  useEffect(() => onQueueChange(setStatus), []);
  return status;
}

/** Loading, a failed read, or the page itself; a copy from the browser says how old it is. */
export function Loaded<T>({
  state,
  children,
}: {
  state: { read?: Read<T>; error?: ApiError };
  children: (data: T) => ComponentChildren;
}) {
  if (!state.read) {
    if (state.error) {
      return (
        <p class="notice error" role="alert">
          {state.error.status === 0 ? t('read.offlineNoCopy') : t('read.failed', { detail: state.error.detail })}
        </p>
      );
    }
    return <p aria-busy="true">{t('read.loading')}</p>;
  }
  return (
    <>
      {state.read.stale && (
        <p class="notice warn" role="status">
          {t('read.stale', { at: formatDateTime(state.read.at) })}
        </p>
      )}
      {children(state.read.data)}
    </>
  );
}

export function QueuedList({ items, empty }: { items: QueuedAction[]; empty?: string }) {
  if (items.length === 0) return empty ? <p>{empty}</p> : null;
  return (
    <ul class="queued">
      {items.map((a) => (
        <li key={a.id} class={a.state}>
          <span class="what">{t(a.label.key, a.label.params)}</span>
          {a.state === 'waiting' ? (
            <span class="state">
              {isMine(a, currentSession()) ? t('queue.waiting') : t('queue.keptFor', { principal: a.principal })}
            </span>
          ) : (
            <>
              <span class="state" role="alert">
                {t('queue.refused', { detail: a.refusal?.detail ?? '' })}
              </span>
              <button type="button" class="secondary" onClick={() => void dismiss(a.id!)}>
                {t('queue.dismiss')}
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** A labelled input; its hint is read out as the input's description, not as part of its name. */
export function Field({ label, children, hint }: { label: string; children: VNode; hint?: string }) {
  const hintId = useId();
  return (
    <div class="field">
      <label>
        <span class="label">{label}</span>
        {hint ? cloneElement(children, { 'aria-describedby': hintId }) : children}
      </label>
      {hint && (
        <span class="hint" id={hintId}>
          {hint}
        </span>
      )}
    </div>
  );
}

export const arrow = (d: { from: string; to: string }) => `${d.from} → ${d.to}`;

export function LanguagePicker({ principal }: { principal?: string }) {
  return (
    <label class="language">
      <span class="label">{t('app.language')}</span>
      <select value={locale()} onChange={(e) => setLocale((e.target as HTMLSelectElement).value as Locale, principal)}>
        {LOCALES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
