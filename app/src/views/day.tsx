import { useState } from 'preact/hooks';
import { dayPath, type Session } from '../api';
import { formatDate, formatDateTime, formatNumber, t, tCode } from '../i18n';
import { enqueue } from '../queue';
import { COUNT_SOURCES, type CountSource, type DayView, type DirectionView } from '../types';
import { Field, Loaded, QueuedList, arrow, useQueue, useRead } from '../ui';
import { DayActions, NOT_OPENED, OPEN_STATUSES } from './day-actions';

/**
 * A handover day at a glance — status, each direction's manifest, received /
 * missing / extra, the three counts, sign-offs, open discrepancies — and what
 * the signed-in person may do on it, by the API's own rules.
 */

/** Which count this person attests for a direction, if any. */
export function countSourceOf(session: Session, d: { from: string; to: string }): CountSource | undefined {
  if (session.role === 'FIELD_STAFF') return 'INTERMEDIARY';
  if (session.role !== 'PARTY_LIAISON') return undefined;
  if (session.party === d.from) return 'SENDER';
  if (session.party === d.to) return 'RECEIVER';
  return undefined;
}

export function DayPage({ session, reference, date }: { session: Session; reference: string; date: string }) {
  const path = dayPath(reference, date);
  const state = useRead<DayView>(session, `${path}?include=tags`);
  const queue = useQueue();
  const mine = queue.items.filter((a) => a.scope === path);
  return (
    <section>
      <p>
        <a href={`#/operations/${encodeURIComponent(reference)}`}>{t('day.backToOperation', { reference })}</a>
      </p>
      <Loaded state={state}>
        {(day) => (
          <>
            <h1>{t('day.title', { date: formatDate(day.date) })}</h1>
            <p class="subtitle">
              {day.exchangePoint} · <span class={`badge status-${day.status}`}>{tCode('status', day.status)}</span>
              {day.statusReason && <> · {day.statusReason}</>}
              {day.suspended && <span class="badge warn">{t('day.suspended')}</span>}
              {day.escalated && <span class="badge warn">{t('day.escalated')}</span>}
            </p>
            <div class="directions">
              {day.directions.map((d) => (
                <Direction key={arrow(d)} session={session} day={day} d={d} path={path} />
              ))}
            </div>
            <SignOffs session={session} day={day} path={path} />
            <Discrepancies day={day} />
            <section aria-labelledby="actions-heading">
              <h2 id="actions-heading">{t('day.yourActions')}</h2>
              <QueuedList items={mine} empty={t('day.noActions')} />
            </section>
            <DayActions session={session} day={day} path={path} />
          </>
        )}
      </Loaded>
    </section>
  );
}

function Direction({ session, day, d, path }: { session: Session; day: DayView; d: DirectionView; path: string }) {
  const party = session.role === 'PARTY_LIAISON' ? session.party : undefined;
  const base = `#/operations/${encodeURIComponent(day.operationReference)}/days/${day.dayKey}`;
  const manifest = d.manifest;
  const source = countSourceOf(session, d);
  return (
    <article class="direction" aria-labelledby={`dir-${d.from}-${d.to}`}>
      <h2 id={`dir-${d.from}-${d.to}`}>{arrow(d)}</h2>
      <dl class="figures">
        <div>
          <dt>{t('day.planned')}</dt>
          <dd>{formatNumber(d.plannedCount)}</dd>
        </div>
        <div>
          <dt>{t('day.received')}</dt>
          <dd data-testid={`received-${d.from}-${d.to}`}>{formatNumber(d.received)}</dd>
        </div>
        <div>
          <dt>{t('day.missing')}</dt>
          <dd>{formatNumber(d.missing)}</dd>
        </div>
        <div>
          <dt>{t('day.extra')}</dt>
          <dd>{formatNumber(d.extra)}</dd>
        </div>
      </dl>
      <p>
        <strong>{t('day.manifest')}: </strong>
        {manifest
          ? t('day.manifestState', {
              version: manifest.version,
              n: manifest.lines,
              status: tCode('manifest', manifest.status),
            })
          : t('day.noManifest')}
      </p>
      <CountsTable d={d} />
      <div class="actions">
        {party === d.from &&
          (NOT_OPENED.includes(day.status) || (day.status === 'IN_PROGRESS' && !d.received && !d.extra)) && (
            <a class="button" href={`${base}/manifest/${d.from}/${d.to}`}>
              {manifest ? t('day.correctManifest') : t('day.submitManifest')}
            </a>
          )}
        {party === d.to && manifest?.status === 'SUBMITTED' && (
          <button
            type="button"
            onClick={() =>
              void enqueue(session, {
                path: `${path}/manifests/${d.from}/${d.to}/${manifest.version}/acknowledgement`,
                body: {},
                label: { key: 'action.acknowledge', params: { direction: arrow(d), version: manifest.version } },
                scope: path,
              })
            }
          >
            {t('day.acknowledge', { version: manifest.version, n: manifest.lines })}
          </button>
        )}
        {party === d.to && day.status === 'IN_PROGRESS' && (
          <a class="button" href={`${base}/scan/${d.from}/${d.to}`}>
            {t('day.scan')}
          </a>
        )}
      </div>
      {source && OPEN_STATUSES.includes(day.status) && d.counts[source] === undefined && (
        <CountForm session={session} d={d} source={source} path={path} />
      )}
    </article>
  );
}

function CountsTable({ d }: { d: DirectionView }) {
  return (
    <table class="counts">
      <caption>{t('day.counts')}</caption>
      <tbody>
        {COUNT_SOURCES.map((s) => (
          <tr key={s}>
            <th scope="row">{tCode('source', s)}</th>
            <td>{d.counts[s] ? formatNumber(d.counts[s].count) : '—'}</td>
            <td class="by">{d.counts[s]?.recordedBy ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CountForm({
  session,
  d,
  source,
  path,
}: {
  session: Session;
  d: DirectionView;
  source: CountSource;
  path: string;
}) {
  const [count, setCount] = useState('');
  async function submit(e: Event) {
    e.preventDefault();
    const n = Number(count);
    await enqueue(session, {
      path: `${path}/counts`,
      body: { from: d.from, to: d.to, source, count: n },
      label: { key: 'action.count', params: { direction: arrow(d), source: tCode('source', source), n } },
      scope: path,
    });
    setCount('');
  }
  return (
    <form class="inline" onSubmit={(e) => void submit(e)}>
      <Field label={t('count.label', { source: tCode('source', source), direction: arrow(d) })}>
        <input
          type="number"
          inputMode="numeric"
          min={0}
          required
          value={count}
          onInput={(e) => setCount((e.target as HTMLInputElement).value)}
        />
      </Field>
      <button type="submit">{t('count.submit')}</button>
    </form>
  );
}

/** How a direction's counts differ, spelled out: what each person signs. */
export function differences(d: DirectionView): string[] {
  const sender = d.counts.SENDER?.count;
  const lines: string[] = [];
  const values = COUNT_SOURCES.map((s) => d.counts[s]?.count);
  if (values.some((v) => v === undefined)) return [t('diff.incomplete')];
  if (values.every((v) => v === sender)) return [t('diff.agree', { n: sender! })];
  for (const s of ['RECEIVER', 'INTERMEDIARY'] as const) {
    const n = d.counts[s]!.count;
    if (n === sender) continue;
    lines.push(
      t(n < sender! ? 'diff.fewer' : 'diff.more', {
        source: tCode('source', s),
        count: n,
        n: Math.abs(n - sender!),
        declared: sender!,
      }),
    );
  }
  return lines;
}

function SignOffs({ session, day, path }: { session: Session; day: DayView; path: string }) {
  const party = session.role === 'PARTY_LIAISON' ? session.party : undefined;
  const maySign = party && day.parties.includes(party) && !day.signOffs[party] && day.status === 'COUNTS_RECORDED';
  return (
    <section aria-labelledby="signoff-heading" class="panel">
      <h2 id="signoff-heading">{t('day.signOffs')}</h2>
      <ul>
        {day.parties.map((p) => (
          <li key={p}>
            <strong>{p}: </strong>
            {day.signOffs[p]
              ? t('day.signedBy', {
                  by: day.signOffs[p].signedBy,
                  at: day.signOffs[p].signedAt ? formatDateTime(day.signOffs[p].signedAt) : '',
                })
              : t('day.notSigned')}
          </li>
        ))}
      </ul>
      {maySign && (
        <div class="sign-off">
          <h3>{t('signOff.compare')}</h3>
          {day.directions.map((d) => (
            <div key={arrow(d)}>
              <h4>{arrow(d)}</h4>
              <ul class="differences">
                {differences(d).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </div>
          ))}
          <button
            type="button"
            onClick={() =>
              void enqueue(session, {
                path: `${path}/sign-offs`,
                body: { party },
                label: { key: 'action.signOff', params: { party } },
                scope: path,
              })
            }
          >
            {t('signOff.submit', { party })}
          </button>
        </div>
      )}
    </section>
  );
}

function Discrepancies({ day }: { day: DayView }) {
  // Escalated is still open: it waits on the coordinator instead of the parties.
  const open = (day.discrepancies ?? []).filter((x) => x.status !== 'RESOLVED');
  return (
    <section aria-labelledby="disc-heading" class="panel">
      <h2 id="disc-heading">{t('day.discrepancies')}</h2>
      {open.length === 0 ? (
        <p>{t('day.noDiscrepancies')}</p>
      ) : (
        <ul>
          {open.map((x) => {
            const direction = x.details.direction as { from: string; to: string } | undefined;
            const tags = (x.details.tags as string[] | undefined) ?? [];
            return (
              <li key={x.key}>
                <strong>{tCode('discrepancy', x.kind)}</strong>
                {x.status === 'ESCALATED' && <span class="badge warn">{t('discrepancy.escalated')}</span>}
                {direction && <> · {arrow(direction)}</>}
                {tags.length > 0 && <> · {tags.slice(0, 10).join(', ')}</>}
                {tags.length > 10 && <> {t('day.andMore', { n: tags.length - 10 })}</>}
                {typeof x.details.tag === 'string' && <> · {x.details.tag}</>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
