import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { OperationReport } from './operation-report';

/**
 * The report as PDF (pdfkit), in DejaVu Sans from the dejavu-fonts-ttf
 * package, which shows Latin and Cyrillic alike; the chart of the days'
 * progress is drawn as vector graphics.
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

  heading(doc, 'Progress of the days (received per direction)');
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

/** Columns share the width; the first (a day, or a status) gets a wider share so it never wraps. */
function table(doc: PDFKit.PDFDocument, header: string[], rows: string[][]): void {
  if (rows.length === 0) return;
  const left = doc.page.margins.left;
  const total = doc.page.width - left - doc.page.margins.right;
  const first = Math.max(80, total / header.length);
  const width = (total - first) / Math.max(1, header.length - 1);
  const xOf = (i: number) => (i === 0 ? left : left + first + (i - 1) * width);
  const row = (cells: string[], font: string) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
    const y = doc.y;
    doc.font(font).fontSize(8);
    cells.forEach((c, i) => doc.text(c, xOf(i), y, { width: (i === 0 ? first : width) - 4, lineBreak: false }));
    doc.x = left;
    doc.y = y + 13;
  };
  row(header, 'bold');
  for (const cells of rows) row(cells, 'regular');
  doc.font('regular').fontSize(9);
}

/** Bars per day: one per direction, the height its received containers (extra included). */
function chart(doc: PDFKit.PDFDocument, r: OperationReport): void {
  const days = [...new Set(r.rows.map((x) => x.dayKey))];
  const directions = [...new Set(r.rows.map((x) => `${x.from}→${x.to}`))];
  const colours = ['#1f5fa8', '#d9822b', '#3a9a4b', '#8a4fb0'];
  const left = doc.page.margins.left + 30;
  const top = doc.y + 5;
  const height = 120;
  const width = doc.page.width - left - doc.page.margins.right;
  const max = Math.max(1, ...r.rows.map((x) => x.received + x.extra));
  const slot = width / Math.max(1, days.length);
  const bar = Math.min(24, (slot - 10) / Math.max(1, directions.length));
  doc.lineWidth(0.5).strokeColor('#888888');
  doc
    .moveTo(left, top)
    .lineTo(left, top + height)
    .lineTo(left + width, top + height)
    .stroke();
  doc
    .fillColor('#000000')
    .fontSize(7)
    .text(String(max), left - 30, top - 3, { width: 26, align: 'right' });
  doc.text('0', left - 30, top + height - 4, { width: 26, align: 'right' });
  days.forEach((day, i) => {
    directions.forEach((dir, j) => {
      const x = r.rows.find((row) => row.dayKey === day && `${row.from}→${row.to}` === dir);
      const value = x ? x.received + x.extra : 0;
      const h = (value / max) * height;
      doc.rect(left + i * slot + 5 + j * bar, top + height - h, bar - 2, h).fill(colours[j % colours.length]);
    });
    doc.fillColor('#000000').text(day, left + i * slot, top + height + 3, { width: slot, align: 'center' });
  });
  const legendY = top + height + 14;
  directions.forEach((dir, j) => {
    doc.rect(left + j * 80, legendY, 8, 8).fill(colours[j % colours.length]);
    doc.fillColor('#000000').text(dir, left + j * 80 + 11, legendY, { lineBreak: false });
  });
  doc.fontSize(9);
  doc.x = doc.page.margins.left;
  doc.y = legendY + 20;
}
