import { useState } from 'preact/hooks';
import type { Session } from '../api';
import { formatDate, t, tCode } from '../i18n';
import { enqueue, type QueuedAction } from '../queue';
import { INCIDENT_KINDS, type DayView } from '../types';
import { Field, arrow } from '../ui';

/** The statuses of a day, as the API names them, that decide what may be done on it. */
export const OPEN_STATUSES = ['IN_PROGRESS', 'COUNTS_RECORDED'];
/** A postponed day is still to come: it is opened, postponed again or refused like a scheduled one. */
export const NOT_OPENED = ['SCHEDULED', 'POSTPONED'];
export const FINAL_STATUSES = ['SIGNED_OFF', 'REFUSED', 'ABORTED'];

/** What a field officer or the coordinator may do on a day not yet final: open it, spot-check, report an incident, postpone it. */
export function DayActions({ session, day, path }: { session: Session; day: DayView; path: string }) {
  const { role } = session;
  if (FINAL_STATUSES.includes(day.status)) return null;
  return (
    <>
      {(role === 'FIELD_STAFF' || role === 'COORDINATOR') && NOT_OPENED.includes(day.status) && (
        <section class="panel">
          <h2>{t('open.title')}</h2>
          <p>{t('open.hint')}</p>
          <button
            type="button"
            onClick={() =>
              void enqueue(session, { path: `${path}/opening`, body: {}, label: { key: 'action.open' }, scope: path })
            }
          >
            {t('open.submit')}
          </button>
        </section>
      )}
      {role === 'FIELD_STAFF' && OPEN_STATUSES.includes(day.status) && (
        <SpotCheckForm session={session} day={day} path={path} />
      )}
      {(role === 'FIELD_STAFF' || role === 'COORDINATOR') && <IncidentForm session={session} path={path} />}
      {role === 'COORDINATOR' && NOT_OPENED.includes(day.status) && <PostponeForm session={session} path={path} />}
    </>
  );
}

function SpotCheckForm({ session, day, path }: { session: Session; day: DayView; path: string }) {
  const [direction, setDirection] = useState(0);
  const [tag, setTag] = useState('');
  const [sealIntact, setSealIntact] = useState(true);
  const [note, setNote] = useState('');
  async function submit(e: Event) {
    e.preventDefault();
    const d = day.directions[direction];
    const action: Pick<QueuedAction, 'path' | 'body' | 'label' | 'scope'> = {
      path: `${path}/spot-checks`,
      body: {
        direction: { from: d.from, to: d.to },
        tag: tag.trim(),
        sealIntact,
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      label: { key: sealIntact ? 'action.spotCheckIntact' : 'action.spotCheckBroken', params: { tag: tag.trim() } },
      scope: path,
    };
    // Cleared at once, not once queued: the next tag may already be on its way in (a scanner is fast).
    setTag('');
    setNote('');
    setSealIntact(true);
    await enqueue(session, action);
  }
  return (
    <form class="panel" onSubmit={(e) => void submit(e)}>
      <h2>{t('spotCheck.title')}</h2>
      <Field label={t('day.direction')}>
        <select value={direction} onChange={(e) => setDirection(Number((e.target as HTMLSelectElement).value))}>
          {day.directions.map((d, i) => (
            <option key={arrow(d)} value={i}>
              {arrow(d)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('spotCheck.tag')}>
        <input required maxLength={64} value={tag} onInput={(e) => setTag((e.target as HTMLInputElement).value)} />
      </Field>
      <fieldset>
        <legend>{t('spotCheck.seal')}</legend>
        <label class="choice">
          <input type="radio" name="seal" checked={sealIntact} onChange={() => setSealIntact(true)} />
          {t('spotCheck.intact')}
        </label>
        <label class="choice">
          <input type="radio" name="seal" checked={!sealIntact} onChange={() => setSealIntact(false)} />
          {t('spotCheck.broken')}
        </label>
      </fieldset>
      <Field label={t('field.note')} hint={t('field.noteHint')}>
        <input maxLength={200} value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      </Field>
      <button type="submit">{t('spotCheck.submit')}</button>
    </form>
  );
}

function IncidentForm({ session, path }: { session: Session; path: string }) {
  const [kind, setKind] = useState<(typeof INCIDENT_KINDS)[number]>('DELAY');
  const [note, setNote] = useState('');
  async function submit(e: Event) {
    e.preventDefault();
    const action: Pick<QueuedAction, 'path' | 'body' | 'label' | 'scope'> = {
      path: `${path}/incidents`,
      body: { kind, note: note.trim() },
      label: { key: 'action.incident', params: { kind: tCode('incident', kind) } },
      scope: path,
    };
    setNote('');
    await enqueue(session, action);
  }
  return (
    <form class="panel" onSubmit={(e) => void submit(e)}>
      <h2>{t('incident.title')}</h2>
      <Field label={t('incident.kind')}>
        <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as typeof kind)}>
          {INCIDENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {tCode('incident', k)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('field.note')} hint={t('field.noteHint')}>
        <input required maxLength={200} value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      </Field>
      <button type="submit">{t('incident.submit')}</button>
    </form>
  );
}

function PostponeForm({ session, path }: { session: Session; path: string }) {
  const [newDate, setNewDate] = useState('');
  const [reason, setReason] = useState('');
  async function submit(e: Event) {
    e.preventDefault();
    await enqueue(session, {
      path: `${path}/postponement`,
      body: { newDate, reason: reason.trim() },
      label: { key: 'action.postpone', params: { date: formatDate(newDate) } },
      scope: path,
    });
    setReason('');
  }
  return (
    <form class="panel" onSubmit={(e) => void submit(e)}>
      <h2>{t('postpone.title')}</h2>
      <Field label={t('postpone.newDate')}>
        <input type="date" required value={newDate} onInput={(e) => setNewDate((e.target as HTMLInputElement).value)} />
      </Field>
      <Field label={t('postpone.reason')}>
        <input
          required
          maxLength={1000}
          value={reason}
          onInput={(e) => setReason((e.target as HTMLInputElement).value)}
        />
      </Field>
      <button type="submit">{t('postpone.submit')}</button>
    </form>
  );
}
