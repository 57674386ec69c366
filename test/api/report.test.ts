import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  EVERYONE,
  PEOPLE,
  confirmedOperation,
  countedDay,
  dayPath,
  eventually,
  expectProblem,
  opPath,
  ruTags,
  uaTags,
  useApiWorld,
  type Who,
} from './support';
import { header, mailParts, startSmtp, type Smtp } from '../helpers/smtp';

/** The operation report through the API, read back from its PDF with pdftotext and checked against PostgreSQL. */

let smtp: Smtp;
const dir = mkdtempSync(path.join(tmpdir(), 'report-'));
beforeAll(async () => {
  // The worker mails notifications to this server (only recipients given an address here get any).
  smtp = await startSmtp();
});
const w = useApiWorld(() => ({ SMTP_URL: smtp.url }));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await smtp.close();
});

const DATE = '2025-06-11';
const EXTRA = `RU-${DATE}-EXTRA`;

/** One day signed off: UA receives two of RU's three listed containers and one unlisted; RU receives both of UA's. */
async function reportedOperation(): Promise<string> {
  const reference = await confirmedOperation(w);
  const path = dayPath(reference, DATE);
  await countedDay(w, reference, DATE);
  await w
    .post('ua', `${path}/receipts`, { from: 'RU', to: 'UA', tags: [...ruTags(DATE).slice(0, 2), EXTRA] })
    .expect(200);
  await w.post('ru', `${path}/receipts`, { from: 'UA', to: 'RU', tags: uaTags(DATE) }).expect(200);
  await w.post('ru', `${path}/sign-offs`, { party: 'RU' }).expect(200);
  await w.post('ua', `${path}/sign-offs`, { party: 'UA' }).expect(200);
  await eventually(
    () => w.stack.db.remainsCase.count({ where: { operation: { reference } } }),
    (n) => n === 5,
    'a case for every container received',
  );
  return reference;
}

function pdfText(who: string, body: Buffer): string {
  const file = path.join(dir, `${who}.pdf`);
  writeFileSync(file, body);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}
const getPdf = (who: Who, reference: string) =>
  w
    .get(who, `${opPath(reference)}/report`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

describe('operation report', () => {
  let reference: string;
  beforeAll(async () => {
    reference = await w.stack.withWorker(reportedOperation);
  });

  it('when the intermediary reads the PDF, then its figures are those PostgreSQL holds, day by day and direction', async () => {
    const res = await getPdf('coordinator', reference).expect(200);
    expect(res.type).toBe('application/pdf');
    const text = pdfText('coordinator', res.body as Buffer);
    expect(text).toContain(`Operation report ${reference}`);

    const day = await w.stack.db.handover.findFirstOrThrow({
      where: { dayKey: DATE, operation: { reference } },
      include: { counts: true, containers: true },
    });
    for (const [from, to] of [
      ['RU', 'UA'],
      ['UA', 'RU'],
    ]) {
      const count = (source: string) =>
        day.counts.find((c) => c.fromParty === from && c.toParty === to && c.source === source)!.count;
      const outcome = (o: string) => day.containers.filter((c) => c.fromParty === from && c.outcome === o).length;
      const figures = [
        count('SENDER'),
        count('RECEIVER'),
        count('INTERMEDIARY'),
        from === 'RU' ? 3 : 2, // manifest lines
        outcome('RECEIVED'),
        outcome('EXTRA'),
        outcome('MISSING'),
      ];
      expect(text).toMatch(new RegExp(`${DATE}\\s+${from}→${to}\\s+\\d+\\s+${figures.join('\\s+')}\\s*\\n`));
    }
    expect(text).toContain(`missing: ${ruTags(DATE)[2]}`);
    expect(text).toContain(`extra: ${EXTRA}`);

    const discrepancies = await w.stack.db.discrepancy.findMany({ where: { operation: { reference } } });
    expect(discrepancies.map((d) => d.kind).sort()).toEqual(['EXTRA_TAG', 'MISSING_TAG']);
    for (const d of discrepancies) expect(text).toMatch(new RegExp(`${DATE}\\s+${d.kind}\\s+${d.status}`));
    expect(text).toMatch(/Containers taken over: 5; with a custody chain: 5; custody events: 5; chains hold: yes/);
    expect(text).toMatch(/RECEIVED\s+5\s*\n/);
  });

  it('when a party reads its report, then it counts its own cases only', async () => {
    const ru = pdfText('ru', (await getPdf('ru', reference).expect(200)).body as Buffer);
    expect(ru).toContain('Remains cases of RU by status');
    const ruCases = await w.stack.db.remainsCase.count({ where: { operation: { reference }, receivingParty: 'RU' } });
    expect(ruCases).toBe(2);
    expect(ru).toMatch(new RegExp(`RECEIVED\\s+${ruCases}\\s*\\n`));
    const csv = await w.get('ua', `${opPath(reference)}/report?format=csv`).expect(200);
    expect(csv.type).toBe('text/csv');
    expect(csv.text).toContain('case status,cases\r\nRECEIVED,3\r\n');
    expect(csv.text).toContain(`${DATE},SIGNED_OFF,RU,UA,3,3,3,3,3,2,1,1,${ruTags(DATE)[2]},${EXTRA}\r\n`);
  });

  it('when each kind of person asks, then those who see the operation get it, others are refused, bad input is a 400', async () => {
    for (const who of EVERYONE) {
      const res = await w.get(who, `${opPath(reference)}/report?format=csv`);
      const { role, party } = PEOPLE[who];
      // The codec server's OPERATOR and the tracing service read no operation's report.
      const expected =
        role === 'OPERATOR' || role === 'TRACING_OFFICER' ? 403 : party && party !== 'RU' && party !== 'UA' ? 404 : 200;
      expect([who, res.status]).toEqual([who, expected]);
    }
    await request(w.app)
      .get(`${opPath(reference)}/report`)
      .expect(401);
    expectProblem(await w.get('coordinator', `${opPath(reference)}/report?format=docx`), 400);
  });

  it('when the API is described, then the report route names its PDF and CSV answers', async () => {
    const doc = (await w.get('coordinator', '/openapi.json').expect(200)).body;
    const op = doc.paths['/api/operations/{reference}/report'].get;
    expect(Object.keys(op.responses['200'].content).sort()).toEqual(['application/pdf', 'text/csv']);
    expect(op.responses['200'].content['application/pdf'].schema).toMatchObject({
      type: 'string',
      contentMediaType: 'application/pdf',
    });
    expect(op.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'format', in: 'query' })]));
    expect(op['x-party-scope']).toBe('operation');
  });
});

describe('the report sent with the closure notification', () => {
  const ADDRESSES = {
    RU: 'liaison.ru@party.example',
    UA: 'liaison.ua@party.example',
    INTERMEDIARY: 'ops@intermediary.example',
  };

  it('when the operation closes, then each party is mailed its own report and the intermediary the full one, as PDF and CSV, with links to the report route', async () => {
    await w.stack.db.notificationRecipient.createMany({
      data: Object.entries(ADDRESSES).map(([recipient, address]) => ({
        recipient,
        channel: 'EMAIL' as const,
        address,
      })),
      skipDuplicates: true,
    });
    const reference = await w.stack.withWorker(async () => {
      const ref = await reportedOperation();
      // Closure needs every discrepancy settled: the coordinator decides the day's two.
      const open = await w.get('coordinator', `${opPath(ref)}/discrepancies`).expect(200);
      for (const d of open.body.items as Array<{ id: string }>) {
        const one = `${opPath(ref)}/discrepancies/${d.id}`;
        await w.post('coordinator', `${one}/escalation`, { reason: 'Settled at the closing meeting.' }).expect(200);
        await w
          .post('coordinator', `${one}/decision`, { resolution: 'Recorded as found; no further search.' })
          .expect(200);
      }
      await w.post('coordinator', `${opPath(ref)}/handover-completion`, {}).expect(200);
      await w.post('coordinator', `${opPath(ref)}/closure`, {}).expect(200);
      await eventually(
        async () => smtp.mails.filter((m) => header(m.raw, 'Subject') === `[${ref}] operation.closed`).length,
        (n) => n === 3,
        'the closure mailed to both parties and the intermediary',
      );
      return ref;
    });

    const closure = smtp.mails.filter((m) => header(m.raw, 'Subject') === `[${reference}] operation.closed`);
    const cases = await w.stack.db.remainsCase.groupBy({
      by: ['receivingParty'],
      where: { operation: { reference } },
      _count: true,
    });
    const casesOf = (party?: string) =>
      cases.filter((c) => !party || c.receivingParty === party).reduce((n, c) => n + c._count, 0);
    for (const [recipient, address] of Object.entries(ADDRESSES)) {
      const mail = closure.find((m) => m.to.includes(address));
      expect(mail).toBeDefined();
      const party = recipient === 'INTERMEDIARY' ? undefined : recipient;
      const name = `report-${reference}${party ? `-${party}` : ''}`;
      const files = mailParts(mail!.raw).filter((p) => p.filename);
      expect(files.map((f) => [f.filename, f.contentType]).sort()).toEqual([
        [`${name}.csv`, 'text/csv'],
        [`${name}.pdf`, 'application/pdf'],
      ]);
      // Its own report: the PDF read back, the CSV's case counts against PostgreSQL.
      const pdf = pdfText(recipient, files.find((f) => f.filename!.endsWith('.pdf'))!.content);
      expect(pdf).toContain(`Operation report ${reference}`);
      expect(pdf).toContain(party ? `Remains cases of ${party} by status` : 'Remains cases by status');
      expect(pdf).toMatch(/CLOSED/);
      const csv = files.find((f) => f.filename!.endsWith('.csv'))!.content.toString('utf8');
      expect(csv).toContain(`case status,cases\r\nRECEIVED,${casesOf(party)}\r\n`);
      // How each discrepancy ended: decided by the coordinator, with the decision's words.
      for (const kind of ['EXTRA_TAG', 'MISSING_TAG']) {
        expect(csv).toContain(`${DATE},${kind},RESOLVED,Recorded as found; no further search.\r\n`);
      }
      // The mail's text names where the recipient's report is read through the API.
      expect(mail!.raw).toContain(`/api/operations/${reference}/report`);
    }
    expect([casesOf('RU'), casesOf('UA'), casesOf()]).toEqual([2, 3, 5]);

    // Every channel's notification carries the links, and whose report the recipient's token reads there
    // (a recipient has a row per channel it is reached by: other tests of the run may have added a webhook).
    const rows = await w.stack.db.notification.findMany({
      where: { operationReference: reference, event: 'operation.closed' },
    });
    const links = (recipient: string) => ({
      covers: recipient === 'INTERMEDIARY' ? 'ALL_PARTIES' : recipient,
      pdf: `/api/operations/${reference}/report`,
      csv: `/api/operations/${reference}/report?format=csv`,
    });
    expect([...new Set(rows.map((r) => r.recipient))].sort()).toEqual(['INTERMEDIARY', 'RU', 'UA']);
    for (const r of rows) {
      expect([r.recipient, r.channel, (r.payload as { report?: unknown }).report]).toEqual([
        r.recipient,
        r.channel,
        links(r.recipient),
      ]);
    }
  });
});
