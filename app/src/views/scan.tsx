import { useEffect, useRef, useState } from 'preact/hooks';
import { dayPath, type Session } from '../api';
import { formatDate, t } from '../i18n';
import { enqueue } from '../queue';
import type { DayView } from '../types';
import { Field, Loaded, QueuedList, arrow, useQueue, useRead } from '../ui';
import { MAX_TAG, tagProblem, type TagProblem } from '../tag-rule';

/**
 * Receipts by scanning: a keyboard-wedge scanner types the tag and Enter (or a
 * person types it); each tag joins the current batch and the app says at once
 * whether it is listed, extra, already received or already in the batch. The
 * batch is kept in this browser until it is sent, and sending queues it.
 */

type Verdict = 'listed' | 'extra' | 'alreadyReceived' | 'inBatch';
interface Scanned {
  tag: string;
  verdict: Verdict;
}

export function ScanPage(props: { session: Session; reference: string; date: string; from: string; to: string }) {
  const { session, reference, date, from, to } = props;
  const path = dayPath(reference, date);
  const state = useRead<DayView>(session, `${path}?include=tags`);
  const queue = useQueue();
  const batchKey = `field-app.batch.${session.principal}.${reference}.${date}.${from}-${to}`;
  const [batch, setBatch] = useState<Scanned[]>(() => JSON.parse(localStorage.getItem(batchKey) ?? '[]') as Scanned[]);
  const [last, setLast] = useState<Scanned>();
  const [refused, setRefused] = useState<TagProblem>();
  const [typed, setTyped] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => localStorage.setItem(batchKey, JSON.stringify(batch)), [batch, batchKey]);
  useEffect(() => input.current?.focus(), [state.read !== undefined]);

  const receipts = queue.items.filter(
    (a) => a.state === 'waiting' && a.scope === path && a.receipt?.from === from && a.receipt.to === to,
  );
  const onTheirWay = new Set(receipts.flatMap((a) => a.receipt!.tags));

  return (
    <section class="scan">
      <p>
        <a href={`#/operations/${encodeURIComponent(reference)}/days/${date}`}>{t('scan.back')}</a>
      </p>
      <Loaded state={state}>
        {(day) => {
          const d = day.directions.find((x) => x.from === from && x.to === to);
          if (!d) return <p class="notice error">{t('scan.noDirection')}</p>;
          const listed = new Set(d.tags?.manifest ?? []);
          const received = new Set([...(d.tags?.received ?? []), ...(d.tags?.extra ?? [])]);
          const receivedListed = [...listed].filter((x) => received.has(x) || onTheirWay.has(x)).length;

          function add(e: Event) {
            e.preventDefault();
            const tag = typed.trim();
            setTyped('');
            input.current?.focus();
            if (!tag) return;
            const problem = tagProblem(tag);
            setRefused(problem);
            if (problem) return;
            const verdict: Verdict = batch.some((b) => b.tag === tag)
              ? 'inBatch'
              : received.has(tag) || onTheirWay.has(tag)
                ? 'alreadyReceived'
                : listed.has(tag)
                  ? 'listed'
                  : 'extra';
            const scanned = { tag, verdict };
            setLast(scanned);
            if (verdict === 'listed' || verdict === 'extra') setBatch([...batch, scanned]);
          }

          async function send() {
            const tags = batch.map((b) => b.tag);
            if (tags.length === 0) return;
            await enqueue(session, {
              path: `${path}/receipts`,
              body: { from, to, tags },
              label: { key: 'action.receipt', params: { n: tags.length, direction: arrow({ from, to }) } },
              scope: path,
              receipt: { from, to, tags },
            });
            setBatch([]);
            setLast(undefined);
            input.current?.focus();
          }

          return (
            <>
              <h1>{t('scan.title', { direction: arrow(d) })}</h1>
              <p class="subtitle">{formatDate(day.date)}</p>
              <p class="progress" data-testid="scan-progress">
                {t('scan.progress', {
                  received: receivedListed,
                  listed: listed.size,
                  left: listed.size - receivedListed - batch.filter((b) => b.verdict === 'listed').length,
                })}
              </p>
              {day.status !== 'IN_PROGRESS' && <p class="notice warn">{t('scan.notOpen')}</p>}
              <form class="scan-form" onSubmit={add}>
                <Field label={t('scan.tag')} hint={t('scan.tagHint')}>
                  <input
                    ref={input}
                    name="tag"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck={false}
                    maxLength={MAX_TAG}
                    value={typed}
                    onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
                  />
                </Field>
                <button type="submit">{t('scan.add')}</button>
              </form>
              <VerdictLine refused={refused} last={last} />
              <h2>{t('scan.batch', { n: batch.length })}</h2>
              <BatchList batch={batch} onRemove={(tag) => setBatch(batch.filter((x) => x.tag !== tag))} />
              <button type="button" class="primary big" disabled={batch.length === 0} onClick={() => void send()}>
                {t('scan.send', { n: batch.length })}
              </button>
              <h2>{t('scan.sentBatches')}</h2>
              <p>{t('scan.receivedSoFar', { n: d.received, extra: d.extra })}</p>
              <QueuedList items={queue.items.filter((a) => a.scope === path && a.receipt)} />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

/** What the last tag typed was: refused (and why), listed, extra, already received or already in the batch. */
function VerdictLine({ refused, last }: { refused?: TagProblem; last?: Scanned }) {
  return (
    <p
      class={`verdict ${refused ? 'verdict-refused' : last ? `verdict-${last.verdict}` : ''}`}
      role="status"
      aria-live="assertive"
      data-testid="scan-verdict"
    >
      {refused
        ? t('verdict.refused', { reason: t(refused.key, refused.params) })
        : last
          ? t(`verdict.${last.verdict}`, { tag: last.tag })
          : t('scan.ready')}
    </p>
  );
}

/** The tags scanned and not yet sent, each removable. */
function BatchList({ batch, onRemove }: { batch: Scanned[]; onRemove: (tag: string) => void }) {
  return (
    <ul class="batch">
      {batch.map((b) => (
        <li key={b.tag} class={`verdict-${b.verdict}`}>
          <span class="tag" title={b.tag}>
            {b.tag}
          </span>
          <span>{b.verdict === 'listed' ? t('scan.listed') : t('scan.extra')}</span>
          <button
            type="button"
            class="secondary"
            aria-label={t('scan.removeTag', { tag: b.tag })}
            onClick={() => onRemove(b.tag)}
          >
            {t('scan.remove')}
          </button>
        </li>
      ))}
    </ul>
  );
}
