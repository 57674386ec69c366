import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { OperationReport } from './operation-report';

/**
 * The report as PDF (pdfkit), in DejaVu Sans from the dejavu-fonts-ttf
 * package, which shows Latin and Cyrillic alike; the chart of the days'
 * progress (declared, received, missing) is drawn as vector graphics.
 */

const FONTS = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = path.join(FONTS, 'DejaVuSans.ttf');
const BOLD = path.join(FONTS, 'DejaVuSans-Bold.ttf');
const show = (n: number | null) => (n === null ? '—' : String(n));

export function reportPdf(r: OperationReport): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `Operation report ${r.reference}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);

  doc.font('bold').fontSize(16).text(`Operation report ${r.reference}`);
  doc.font('regular').fontSize(9);
  doc.text(`${r.title} · phase ${r.phase} · report for ${r.party ?? 'the intermediary'} · generated ${r.generatedAt}`);
  doc.moveDown();

  heading(doc, 'Counts by day and direction');
  const columns = [
    'Day',
    'From→to',
    'Planned',
    'Sender',
    'Receiver',
    'Interm.',
    'Manifest',
    'Received',
    'Extra',
    'Missing',
  ];
  table(
    doc,
    columns,
    r.rows.map((x) => [
      x.dayKey,
      `${x.from}→${x.to}`,
      String(x.planned),
      show(x.sender),
      show(x.receiver),
      show(x.intermediary),
      String(x.manifestLines),
      String(x.received),
      String(x.extra),
      String(x.missing),
    ]),
  );
  const listed = r.rows.filter((x) => x.missingTags.length || x.extraTags.length);
  for (const x of listed) {
    if (x.missingTags.length) doc.text(`${x.dayKey} ${x.from}→${x.to} missing: ${x.missingTags.join(', ')}`);
    if (x.extraTags.length) doc.text(`${x.dayKey} ${x.from}→${x.to} extra: ${x.extraTags.join(', ')}`);
  }
  doc.moveDown();

  heading(doc, 'Progress of the days (containers declared, received and missing per direction)');
  chart(doc, r);

  heading(doc, 'Discrepancies');
  if (r.discrepancies.length === 0) doc.text('None.');
  table(
    doc,
    ['Day', 'Kind', 'Status', 'How it ended'],
    r.discrepancies.map((d) => [
      d.dayKey ?? '',
      d.kind,
      d.status,
      d.resolution ?? (d.status === 'OPEN' ? 'still open' : ''),
    ]),
    [80, 110, 70, 255],
  );
  doc.moveDown();

  heading(doc, 'Custody');
  doc.text(
    `Containers taken over: ${r.custody.containers}; with a custody chain: ${r.custody.withCustodyChain}; ` +
      `custody events: ${r.custody.events}; chains hold: ${r.custody.holds ? 'yes' : 'NO'}`,
  );
  doc.moveDown();

  heading(doc, r.party ? `Remains cases of ${r.party} by status` : 'Remains cases by status');
  if (r.cases.length === 0) doc.text('None yet.');
  table(
    doc,
    ['Status', 'Cases'],
    r.cases.map((c) => [c.status, String(c.count)]),
  );
  doc.end();
  return done;
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  doc.font('bold').fontSize(11).text(text, doc.page.margins.left);
  doc.font('regular').fontSize(9).moveDown(0.3);
}

/** Columns share the width; the first (a day, or a status) gets a wider share so it never wraps. Long cells wrap and push the row down. */
function table(doc: PDFKit.PDFDocument, header: string[], rows: string[][], widths?: number[]): void {
  if (rows.length === 0) return;
  const left = doc.page.margins.left;
  const total = doc.page.width - left - doc.page.margins.right;
  const first = Math.max(80, total / header.length);
  const shares = widths ?? header.map((_, i) => (i === 0 ? first : (total - first) / Math.max(1, header.length - 1)));
  const scale = total / shares.reduce((a, b) => a + b, 0);
  const cellWidths = shares.map((w) => w * scale);
  const xOf = (i: number) => left + cellWidths.slice(0, i).reduce((a, b) => a + b, 0);
  const row = (cells: string[], font: string) => {
    doc.font(font).fontSize(8);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: cellWidths[i] - 4 })));
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    cells.forEach((c, i) => doc.text(c, xOf(i), y, { width: cellWidths[i] - 4 }));
    doc.x = left;
    doc.y = y + height + 4;
  };
  row(header, 'bold');
  for (const cells of rows) row(cells, 'regular');
  doc.font('regular').fontSize(9);
}

const METRICS = [
  { name: 'declared', value: (x: OperationReport['rows'][number]) => x.manifestLines },
  { name: 'received', value: (x: OperationReport['rows'][number]) => x.received + x.extra },
  { name: 'missing', value: (x: OperationReport['rows'][number]) => x.missing },
] as const;
// One hue per direction, a shade per metric (declared, received, missing).
const SHADES = [
  ['#9dbde3', '#1f5fa8', '#c0392b'],
  ['#f2c79b', '#d9822b', '#7b241c'],
  ['#a9d8b2', '#3a9a4b', '#e74c3c'],
  ['#cdb4de', '#8a4fb0', '#922b21'],
];

/** A step of 1, 2, 2.5, 3 or 5 times a power of ten, so that about four steps reach `max`. */
export function scaleStep(max: number): number {
  const raw = Math.max(1, max) / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 3, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
}

/** Bars per day and direction: declared (manifest lines), received (extra included) and missing, on a scale with gridlines. */
function chart(doc: PDFKit.PDFDocument, r: OperationReport): void {
  const days = [...new Set(r.rows.map((x) => x.dayKey))];
  const directions = [...new Set(r.rows.map((x) => `${x.from}→${x.to}`))];
  const left = doc.page.margins.left + 30;
  if (doc.y + 200 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const top = doc.y + 5;
  const height = 120;
  const width = doc.page.width - left - doc.page.margins.right;
  const step = scaleStep(Math.max(1, ...r.rows.flatMap((x) => METRICS.map((m) => m.value(x)))));
  const max = Math.ceil(Math.max(1, ...r.rows.flatMap((x) => METRICS.map((m) => m.value(x)))) / step) * step;
  const slot = width / Math.max(1, days.length);
  const bar = Math.min(12, (slot - 10) / Math.max(1, directions.length * METRICS.length));
  doc.fillColor('#000000').fontSize(7).lineWidth(0.5);
  for (let v = 0; v <= max; v += step) {
    const y = top + height - (v / max) * height;
    doc
      .strokeColor(v === 0 ? '#888888' : '#dddddd')
      .moveTo(left, y)
      .lineTo(left + width, y)
      .stroke();
    doc.fillColor('#000000').text(String(v), left - 30, y - 3, { width: 26, align: 'right', lineBreak: false });
  }
  doc
    .strokeColor('#888888')
    .moveTo(left, top)
    .lineTo(left, top + height)
    .stroke();
  days.forEach((day, i) => {
    directions.forEach((dir, j) => {
      const x = r.rows.find((row) => row.dayKey === day && `${row.from}→${row.to}` === dir);
      METRICS.forEach((m, k) => {
        const h = ((x ? m.value(x) : 0) / max) * height;
        const at = left + i * slot + 5 + (j * METRICS.length + k) * bar + j * 3;
        if (h > 0) doc.rect(at, top + height - h, bar - 1, h).fill(SHADES[j % SHADES.length][k]);
      });
    });
    doc
      .fillColor('#000000')
      .text(day, left + i * slot, top + height + 3, { width: slot, align: 'center', lineBreak: false });
  });
  let legendY = top + height + 16;
  directions.forEach((dir, j) => {
    METRICS.forEach((m, k) => {
      doc.rect(left + k * 120, legendY, 8, 8).fill(SHADES[j % SHADES.length][k]);
      doc.fillColor('#000000').text(`${dir} ${m.name}`, left + k * 120 + 11, legendY, { lineBreak: false });
    });
    legendY += 11;
  });
  doc.fontSize(9);
  doc.x = doc.page.margins.left;
  doc.y = legendY + 12;
}
