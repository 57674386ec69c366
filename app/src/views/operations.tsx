import { useState } from 'preact/hooks';
import { operationPath, type Session } from '../api';
import { formatDate, formatNumber, t, tCode } from '../i18n';
import { enqueue } from '../queue';
import type { OperationSummary, OperationView } from '../types';
import { Field, Loaded, QueuedList, arrow, useQueue, useRead } from '../ui';

/** The operations a person may see, and one operation's days (coordinators schedule them here). */

const PHASES = ['PLANNED', 'PREPARING', 'IN_PROGRESS', 'SUSPENDED', 'FOLLOW_UP', 'CLOSED', 'ABORTED'];
const FINISHED = new Set(['CLOSED', 'ABORTED']);

/** Those still under way first, then the newest: the one a person needs is near the top. */
export function orderOperations(items: OperationSummary[], search: string, phase: string): OperationSummary[] {
  const needle = search.trim().toLocaleLowerCase();
  return items
    .filter((op) => !phase || op.phase === phase)
    .filter((op) => !needle || `${op.reference} ${op.title}`.toLocaleLowerCase().includes(needle))
    .sort(
      (a, b) =>
        Number(FINISHED.has(a.phase)) - Number(FINISHED.has(b.phase)) ||
        b.createdAt.localeCompare(a.createdAt) ||
        a.reference.localeCompare(b.reference),
    );
}

export function OperationsPage({ session }: { session: Session }) {
  const [search, setSearch] = useState('');
  const [phase, setPhase] = useState('');
  // The phase is asked of the API too, so that a phase's operations are all there beyond the first 100.
  const state = useRead<{ items: OperationSummary[]; total: number }>(
    session,
    `/api/operations?limit=100${phase ? `&phase=${phase}` : ''}`,
  );
  return (
    <section>
      <h1>{t('operations.title')}</h1>
      <div class="filters" role="search">
        <Field label={t('operations.search')}>
          <input
            type="search"
            name="search"
            value={search}
            onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
          />
        </Field>
        <Field label={t('operations.phase')}>
          <select name="phase" value={phase} onChange={(e) => setPhase((e.target as HTMLSelectElement).value)}>
            <option value="">{t('operations.anyPhase')}</option>
            {PHASES.map((p) => (
              <option key={p} value={p}>
                {tCode('phase', p)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <p class="hint">{t('operations.order')}</p>
      <Loaded state={state}>
        {(list) => {
          const shown = orderOperations(list.items, search, phase);
          if (list.items.length === 0 && !phase) return <p>{t('operations.none')}</p>;
          if (shown.length === 0) return <p>{t('operations.noMatch')}</p>;
          return (
            <ul class="cards">
              {shown.map((op) => (
                <li key={op.reference}>
                  <a class="card-link" href={`#/operations/${encodeURIComponent(op.reference)}`}>
                    <strong>{op.title}</strong>
                    <span>{op.reference}</span>
                    <span class="badge">{tCode('phase', op.phase)}</span>
                  </a>
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </section>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

export function OperationPage({ session, reference }: { session: Session; reference: string }) {
  const path = operationPath(reference);
  const state = useRead<OperationView>(session, path);
  const queue = useQueue();
  return (
    <section>
      <Loaded state={state}>
        {(op) => (
          <>
            <h1>{op.title}</h1>
            <p>
              {op.reference} · <span class="badge">{tCode('phase', op.phase)}</span>
            </p>
            <h2>{t('operation.days')}</h2>
            {!op.progress?.handovers.length ? (
              <p>{t('operation.noDays')}</p>
            ) : (
              <ul class="cards">
                {op.progress.handovers.map((d) => (
                  <li key={d.dayKey}>
                    <a
                      class={`card-link ${d.date === today() ? 'today' : ''}`}
                      href={`#/operations/${encodeURIComponent(op.reference)}/days/${d.dayKey}`}
                    >
                      <strong>{formatDate(d.date)}</strong>
                      {d.date === today() && <span class="badge">{t('operation.today')}</span>}
                      <span>{d.exchangePoint}</span>
                      <span class="badge">{tCode('status', d.status)}</span>
                    </a>
                  </li>
                ))}
              </ul>
            )}
            {op.progress && Object.keys(op.progress.totals).length > 0 && (
              <>
                <h2>{t('operation.totals')}</h2>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('day.direction')}</th>
                      <th scope="col">{t('source.SENDER')}</th>
                      <th scope="col">{t('source.RECEIVER')}</th>
                      <th scope="col">{t('source.INTERMEDIARY')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {Object.entries(op.progress.totals).map(([key, sources]) => (
                      <tr key={key}>
                        <th scope="row">{key.replace('>', ' → ')}</th>
                        {(['SENDER', 'RECEIVER', 'INTERMEDIARY'] as const).map((s) => (
                          <td key={s}>{sources[s] === undefined ? '—' : formatNumber(sources[s])}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p>{t('operation.openDiscrepancies', { n: op.progress.discrepancies.open })}</p>
              </>
            )}
            {session.role === 'COORDINATOR' && op.agreement && <ScheduleForm session={session} op={op} scope={path} />}
            <QueuedList items={queue.items.filter((a) => a.scope === path)} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function ScheduleForm({ session, op, scope }: { session: Session; op: OperationView; scope: string }) {
  const agreement = op.agreement!;
  // Nothing prefilled but the exchange point: a day and its counts are chosen, never taken by default.
  const [date, setDate] = useState('');
  const [exchangePoint, setExchangePoint] = useState(agreement.exchangePoints[0] ?? '');
  const [counts, setCounts] = useState<string[]>(agreement.plannedTransfers.map(() => ''));
  const [emptyConfirmed, setEmptyConfirmed] = useState(false);
  const planned = counts.map((c) => (c.trim() === '' ? NaN : Number(c)));
  const empty = planned.every((n) => n === 0);
  async function submit(e: Event) {
    e.preventDefault();
    if (empty && !emptyConfirmed) return;
    await enqueue(session, {
      path: `${operationPath(op.reference)}/handovers`,
      body: {
        date,
        exchangePoint,
        transfers: agreement.plannedTransfers.map((p, i) => ({ from: p.from, to: p.to, plannedCount: planned[i] })),
      },
      label: { key: 'action.schedule', params: { date: formatDate(date) } },
      scope,
    });
    setDate('');
    setCounts(agreement.plannedTransfers.map(() => ''));
    setEmptyConfirmed(false);
  }
  return (
    <form class="panel" onSubmit={(e) => void submit(e)}>
      <h2>{t('schedule.title')}</h2>
      <Field
        label={t('schedule.date')}
        hint={t('schedule.window', {
          start: formatDate(agreement.window.start),
          end: formatDate(agreement.window.end),
        })}
      >
        <input
          type="date"
          name="date"
          required
          min={agreement.window.start}
          max={agreement.window.end}
          value={date}
          onInput={(e) => setDate((e.target as HTMLInputElement).value)}
        />
      </Field>
      <Field label={t('schedule.exchangePoint')}>
        <select value={exchangePoint} onChange={(e) => setExchangePoint((e.target as HTMLSelectElement).value)}>
          {agreement.exchangePoints.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </Field>
      {agreement.plannedTransfers.map((p, i) => (
        <Field key={arrow(p)} label={t('schedule.planned', { direction: arrow(p) })}>
          <input
            type="number"
            inputMode="numeric"
            name={`planned-${p.from}-${p.to}`}
            min={0}
            step={1}
            required
            value={counts[i]}
            onInput={(e) => {
              const next = [...counts];
              next[i] = (e.target as HTMLInputElement).value;
              setCounts(next);
            }}
          />
        </Field>
      ))}
      {empty && (
        <label class="confirm">
          <input
            type="checkbox"
            name="confirm-empty"
            required
            checked={emptyConfirmed}
            onChange={(e) => setEmptyConfirmed((e.target as HTMLInputElement).checked)}
          />{' '}
          {t('schedule.confirmEmpty')}
        </label>
      )}
      <button type="submit">{t('schedule.submit')}</button>
    </form>
  );
}
