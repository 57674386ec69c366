import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DirectionRow, OperationReport } from '../../src/report/operation-report';
import { reportPdf } from '../../src/report/report-pdf';

/** The report's PDF read back with pdftotext: no word printed over another, and a chart with a readable scale. */

const row = (dayKey: string, from: string, to: string, declared: number, received: number): DirectionRow => ({
  dayKey,
  status: 'SIGNED_OFF',
  from,
  to,
  planned: declared,
  sender: declared,
  receiver: received,
  intermediary: received,
  manifestLines: declared,
  received,
  extra: 0,
  missing: declared - received,
  missingTags: [],
  extraTags: [],
});

const long =
  'Both parties agreed after the joint inspection that the container was transferred under the wrong tag and the manifest was corrected by the sending party';
const report: OperationReport = {
  reference: 'OP-PDF-1',
  title: 'June exchange',
  phase: 'CLOSED',
  generatedAt: '2025-06-20T10:00:00.000Z',
  rows: [
    row('2025-06-16', 'RU', 'UA', 1200, 1180),
    row('2025-06-16', 'UA', 'RU', 90, 90),
    row('2025-06-17', 'RU', 'UA', 400, 396),
    row('2025-06-17', 'UA', 'RU', 60, 55),
  ],
  discrepancies: [
    { dayKey: '2025-06-16', kind: 'MISSING_CONTAINER', status: 'RESOLVED', resolution: long },
    { dayKey: '2025-06-16', kind: 'COUNT_MISMATCH', status: 'RESOLVED', resolution: `${long} (second)` },
    { dayKey: '2025-06-17', kind: 'COUNT_MISMATCH', status: 'OPEN', resolution: null },
  ],
  custody: { containers: 1726, withCustodyChain: 1726, holds: true, events: 3452 },
  cases: [{ status: 'CLOSED', count: 1721 }],
};

interface Word {
  page: number;
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

let dir: string;
let file: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'report-pdf-'));
  file = path.join(dir, 'report.pdf');
  writeFileSync(file, await reportPdf(report));
});
afterAll(() => (process.env.KEEP_REPORT_PDF ? undefined : rmSync(dir, { recursive: true, force: true })));

function words(): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const found: Word[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page += 1;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) found.push({ page, text: m[5], x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4] });
  }
  return found;
}

describe('the operation report as PDF', () => {
  it('when resolutions are long, then they wrap inside their cell and no word is printed over another', () => {
    const all = words();
    const overlaps: string[] = [];
    for (const [i, a] of all.entries()) {
      for (const b of all.slice(i + 1)) {
        const apart =
          a.page !== b.page || a.x1 <= b.x0 + 0.5 || b.x1 <= a.x0 + 0.5 || a.y1 <= b.y0 + 0.5 || b.y1 <= a.y0 + 0.5;
        if (!apart) overlaps.push(`${a.text} / ${b.text}`);
      }
    }
    expect(overlaps).toEqual([]);
    const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('manifest was corrected by the sending party (second)');
  });

  it('when the chart is drawn, then it shows declared, received and missing per day and direction on a scale with steps', () => {
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const legend of ['declared', 'received', 'missing']) expect(text).toMatch(new RegExp(`RU→UA ${legend}`));
    const ticks = words()
      .filter((w) => /^\d+$/.test(w.text) && w.x1 < 75)
      .map((w) => Number(w.text));
    expect(ticks).toEqual(expect.arrayContaining([0, 300, 600, 900, 1200]));
  });
});
