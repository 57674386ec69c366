import { useState } from 'preact/hooks';
import { operationPath, type Session } from '../api';
import { formatDate, formatNumber, t, tCode } from '../i18n';
import { enqueue } from '../queue';
import type { OperationSummary, OperationView } from '../types';
import { Field, Loaded, QueuedList, arrow, useQueue, useRead } from '../ui';

/** The operations a person may see, and one operation's days (coordinators schedule them here). */

export function OperationsPage({ session }: { session: Session }) {
  const state = useRead<{ items: OperationSummary[]; total: number }>(session, '/api/operations?limit=100');
  return (
    <section>
      <h1>{t('operations.title')}</h1>
      <Loaded state={state}>
        {(list) =>
          list.items.length === 0 ? (
            <p>{t('operations.none')}</p>
          ) : (
            <ul class="cards">
              {list.items.map((op) => (
                <li key={op.reference}>
                  <a class="card-link" href={`#/operations/${encodeURIComponent(op.reference)}`}>
                    <strong>{op.title}</strong>
                    <span>{op.reference}</span>
                    <span class="badge">{tCode('phase', op.phase)}</span>
                  </a>
                </li>
              ))}
            </ul>
          )
        }
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
  const [date, setDate] = useState(agreement.window.start);
  const [exchangePoint, setExchangePoint] = useState(agreement.exchangePoints[0] ?? '');
  const [counts, setCounts] = useState<number[]>(agreement.plannedTransfers.map(() => 0));
  async function submit(e: Event) {
    e.preventDefault();
    await enqueue(session, {
      path: `${operationPath(op.reference)}/handovers`,
      body: {
        date,
        exchangePoint,
        transfers: agreement.plannedTransfers.map((p, i) => ({ from: p.from, to: p.to, plannedCount: counts[i] })),
      },
      label: { key: 'action.schedule', params: { date: formatDate(date) } },
      scope,
    });
  }
  return (
    <form class="panel" onSubmit={(e) => void submit(e)}>
      <h2>{t('schedule.title')}</h2>
      <Field label={t('schedule.date')}>
        <input
          type="date"
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
            min={0}
            required
            value={counts[i]}
            onInput={(e) => {
              const next = [...counts];
              next[i] = Number((e.target as HTMLInputElement).value);
              setCounts(next);
            }}
          />
        </Field>
      ))}
      <button type="submit">{t('schedule.submit')}</button>
    </form>
  );
}
