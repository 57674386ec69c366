import { useState } from 'preact/hooks';
import { dayPath, type Session } from '../api';
import { formatDate, formatNumber, t } from '../i18n';
import { enqueue } from '../queue';
import { parseManifestCsv, type LineProblem, type ManifestLine } from '../csv';
import type { DayView } from '../types';
import { Field, Loaded, arrow, useRead } from '../ui';

/** The sender's manifest from a CSV file: a preview and every line's problem before anything is sent. */

const PREVIEW_LINES = 20;

export function ManifestPage(props: { session: Session; reference: string; date: string; from: string; to: string }) {
  const { session, reference, date, from, to } = props;
  const path = dayPath(reference, date);
  const state = useRead<DayView>(session, path);
  const [file, setFile] = useState<{ name: string; lines: ManifestLine[]; problems: LineProblem[] }>();
  const [queued, setQueued] = useState(false);
  const back = `#/operations/${encodeURIComponent(reference)}/days/${date}`;

  async function choose(e: Event) {
    const chosen = (e.target as HTMLInputElement).files?.[0];
    setQueued(false);
    if (!chosen) return setFile(undefined);
    setFile({ name: chosen.name, ...parseManifestCsv(await chosen.text()) });
  }
  async function submit() {
    if (!file || file.problems.length) return;
    await enqueue(session, {
      path: `${path}/manifests`,
      body: { from, to, lines: file.lines },
      label: { key: 'action.manifest', params: { direction: arrow({ from, to }), n: file.lines.length } },
      scope: path,
    });
    setQueued(true);
    location.hash = back;
  }

  return (
    <section>
      <p>
        <a href={back}>{t('scan.back')}</a>
      </p>
      <Loaded state={state}>
        {(day) => (
          <>
            <h1>{t('manifest.title', { direction: arrow({ from, to }) })}</h1>
            <p class="subtitle">{formatDate(day.date)}</p>
            <p>{t('manifest.format')}</p>
            <Field label={t('manifest.file')}>
              <input type="file" name="manifest" accept=".csv,text/csv,text/plain" onChange={(e) => void choose(e)} />
            </Field>
            {file && (
              <>
                <h2>{t('manifest.preview', { name: file.name, n: file.lines.length })}</h2>
                {file.problems.length > 0 && (
                  <div class="notice error" role="alert">
                    <p>{t('manifest.problems', { n: file.problems.length })}</p>
                    <ul data-testid="manifest-problems">
                      {file.problems.map((p) => (
                        <li key={`${p.line}-${p.key}`}>
                          {p.line > 0 ? `${t('manifest.line', { line: p.line })}: ` : ''}
                          {t(p.key, p.params)}
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
                <div class="scroll-x">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">#</th>
                        <th scope="col">{t('manifest.tag')}</th>
                        <th scope="col">{t('manifest.affiliation')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {file.lines.slice(0, PREVIEW_LINES).map((l, i) => (
                        <tr key={l.tag}>
                          <td>{formatNumber(i + 1)}</td>
                          <td class="tag">{l.tag}</td>
                          <td>{l.declaredAffiliation ?? ''}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {file.lines.length > PREVIEW_LINES && (
                  <p>{t('day.andMore', { n: file.lines.length - PREVIEW_LINES })}</p>
                )}
                <button
                  type="button"
                  class="primary big"
                  disabled={file.problems.length > 0 || queued}
                  onClick={() => void submit()}
                >
                  {t('manifest.submit', { n: file.lines.length })}
                </button>
              </>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
