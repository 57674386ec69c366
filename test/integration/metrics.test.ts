import request from 'supertest';
import type { Express } from 'express';
import pino from 'pino';
import { createApp } from '../../src/api/app';
import type { DiscrepancyKind, DiscrepancyStatus } from '../../src/generated/prisma/enums';
import { openStack, unique, type TestStack } from '../helpers/stack';
import { personTokens, type TestTokens } from '../helpers/tokens';

/**
 * GET /metrics on the API, as Prometheus scrapes it: HTTP requests labelled by
 * route template (never the concrete path), the domain figures counted in
 * PostgreSQL at scrape time, and nothing personal. Also the request log: one
 * JSON line per request with its request id, route template and operation reference.
 */

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments left out). */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

let stack: TestStack;
let app: Express;
let tokens: TestTokens;
const logLines: string[] = [];

beforeAll(async () => {
  stack = await openStack();
  tokens = await personTokens();
  // The services' logger as src/logger.ts makes it, written to this array instead of stdout.
  const logger = pino(
    { level: 'info', name: 'api', base: { service: 'repatriation' } },
    {
      write: (line: string) => void logLines.push(line),
    },
  );
  app = createApp({ config: stack.config, db: stack.db, temporal: stack.client, logger });
});
afterAll(() => stack.close());

const scrape = async () => {
  const res = await request(app).get('/metrics').expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return { text: res.text, samples: parse(res.text) };
};
const coordinator = (path: string) => request(app).get(path).auth(tokens.coordinator, { type: 'bearer' });

describe('HTTP metrics', () => {
  it('when requests are answered, then they are counted and timed by method, route template and status', async () => {
    const [refA, refB] = [unique('MET-A'), unique('MET-B')];
    await request(app).get('/healthz').expect(200);
    await coordinator(`/api/operations/${refA}`).expect(404);
    await coordinator(`/api/operations/${refB}`).expect(404);
    await coordinator(`/api/operations/${refA}/handovers/2025-06-11`).expect(404);

    const { text, samples } = await scrape();
    const operation = { method: 'GET', route: '/api/operations/:reference', status: '404' };
    const day = { method: 'GET', route: '/api/operations/:reference/handovers/:date', status: '404' };
    expect(value(samples, 'http_requests_total', operation)).toBe(2);
    expect(value(samples, 'http_requests_total', day)).toBe(1);
    expect(value(samples, 'http_requests_total', { method: 'GET', route: '/healthz', status: '200' })).toBe(1);
    // The latency histogram has the same labels: every bucket, the count and the sum.
    expect(value(samples, 'http_request_duration_seconds_count', operation)).toBe(2);
    expect(value(samples, 'http_request_duration_seconds_bucket', { ...day, le: '+Inf' })).toBe(1);
    expect(value(samples, 'http_request_duration_seconds_sum', day)).toBeGreaterThanOrEqual(0);
    // The concrete references never become labels.
    expect(text).not.toContain(refA);
    expect(text).not.toContain(refB);
  });

  it('when unknown paths are requested, then they share one label instead of one label per path', async () => {
    const before = value((await scrape()).samples, 'http_requests_total', { route: 'unmatched', status: '404' }) ?? 0;
    const paths = [`/api/${unique('nothing')}`, `/api/${unique('nothing')}`, `/${unique('nowhere')}/x`];
    for (const path of paths) await coordinator(path).expect(404);
    // Under an existing router but matching none of its routes.
    await coordinator(`/api/operations/${unique('MET')}/${unique('no-such-action')}`).expect(404);

    const { text, samples } = await scrape();
    const unmatched = { method: 'GET', route: 'unmatched', status: '404' };
    expect(value(samples, 'http_requests_total', unmatched)).toBe(before + 4);
    for (const path of paths) expect(text).not.toContain(path);
    const routes = new Set(samples.filter((s) => s.name === 'http_requests_total').map((s) => s.labels.route));
    for (const route of routes) expect(route).toMatch(/^(unmatched|\/[\w/:.-]*(\/\*)?)$/);
    expect([...routes].filter((r) => /nothing|nowhere|no-such/.test(r))).toEqual([]);
  });

  it('when a request has no token, then /metrics still answers, /api stays closed and the refusal is counted without its path', async () => {
    await request(app).get('/metrics').expect(200);
    await request(app)
      .get(`/api/operations/${unique('MET-NOTOKEN')}`)
      .expect(401);
    // Refused before any route matched: counted under `unmatched`, whatever the path.
    const { text, samples } = await scrape();
    expect(value(samples, 'http_requests_total', { method: 'GET', route: 'unmatched', status: '401' })).toBe(1);
    expect(text).not.toContain('MET-NOTOKEN');
  });
});

describe('domain metrics', () => {
  const made = { operationId: '', caseIds: [] as string[], notificationKeys: [] as string[] };

  afterAll(async () => {
    await stack.db.notification.deleteMany({ where: { key: { in: made.notificationKeys } } });
    await stack.db.remainsCase.deleteMany({ where: { id: { in: made.caseIds } } });
    if (made.operationId) await stack.db.repatriationOperation.delete({ where: { id: made.operationId } });
  });

  it('when handovers, discrepancies, cases and notifications are recorded, then the gauges count them at the next scrape', async () => {
    const before = (await scrape()).samples;
    const reference = unique('MET-OP');
    const db = stack.db;
    const operation = await db.repatriationOperation.create({
      data: { reference, title: 'Metrics test', workflowId: `operation:${reference}` },
    });
    made.operationId = operation.id;
    const day = (dayKey: string, status: 'SIGNED_OFF' | 'SCHEDULED') =>
      db.handover.create({
        data: {
          operationId: operation.id,
          dayKey,
          scheduledOn: new Date(`${dayKey}T00:00:00Z`),
          exchangePoint: 'Belarus–Ukraine border',
          status,
          workflowId: `handover:${reference}:${dayKey}`,
        },
      });
    const signedOff = await day('2025-06-11', 'SIGNED_OFF');
    await day('2025-06-13', 'SCHEDULED');
    const discrepancies: Array<{ kind: DiscrepancyKind; status: DiscrepancyStatus; key: string }> = [
      { kind: 'COUNT_MISMATCH', status: 'OPEN', key: `${signedOff.workflowId}:COUNT_MISMATCH:RU>UA` },
      { kind: 'MISSING_TAG', status: 'RESOLVED', key: `${signedOff.workflowId}:MISSING_TAG:RU-0001` },
    ];
    await db.discrepancy.createMany({
      data: discrepancies.map((d) => ({
        ...d,
        operationId: operation.id,
        handoverId: signedOff.id,
        details: { declared: 1248, counted: 1245 },
        openedAt: new Date(),
      })),
    });
    const statuses = ['RECEIVED', 'RECEIVED', 'IDENTIFIED'] as const;
    for (const status of statuses) {
      const caseNumber = unique('PM-MET');
      const row = await db.remainsCase.create({
        data: {
          caseNumber,
          operationId: operation.id,
          receivingParty: 'UA',
          status,
          workflowId: `case:${caseNumber}`,
          responsibleAuthority: 'UA-FORENSIC',
          lastProgressAt: new Date(),
        },
      });
      made.caseIds.push(row.id);
    }
    const notification = (status: 'PENDING' | 'FAILED' | 'DELIVERED') => {
      const key = unique('met-notification');
      made.notificationKeys.push(key);
      return {
        key,
        recipient: 'UA',
        channel: 'WEBHOOK' as const,
        event: 'handover.signed_off',
        operationReference: reference,
        payload: { operationReference: reference },
        status,
        nextAttemptAt: new Date(),
      };
    };
    await db.notification.createMany({
      data: [notification('PENDING'), notification('FAILED'), notification('FAILED'), notification('DELIVERED')],
    });
    // Kept for a recipient without an address: counted by status, and per recipient.
    const unaddressed = unique('AUTHORITY');
    const kept = {
      ...notification('PENDING'),
      recipient: unaddressed,
      channel: null,
      status: 'AWAITING_ADDRESS' as const,
    };
    await db.notification.create({ data: kept });

    const { text, samples: after } = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      (value(after, name, labels) ?? NaN) - (value(before, name, labels) ?? NaN);
    expect(delta('repatriation_handovers_signed_off')).toBe(1);
    expect(delta('repatriation_discrepancies', { status: 'OPEN', kind: 'COUNT_MISMATCH' })).toBe(1);
    expect(delta('repatriation_discrepancies', { status: 'RESOLVED', kind: 'MISSING_TAG' })).toBe(1);
    expect(delta('repatriation_discrepancies', { status: 'ESCALATED', kind: 'COUNT_MISMATCH' })).toBe(0);
    expect(delta('repatriation_cases', { status: 'RECEIVED' })).toBe(2);
    expect(delta('repatriation_cases', { status: 'IDENTIFIED' })).toBe(1);
    expect(delta('repatriation_cases', { status: 'RELEASED' })).toBe(0);
    expect(delta('repatriation_notifications', { status: 'PENDING' })).toBe(1);
    expect(delta('repatriation_notifications', { status: 'FAILED' })).toBe(2);
    expect(delta('repatriation_notifications', { status: 'AWAITING_ADDRESS' })).toBe(1);
    expect(value(after, 'repatriation_notifications_awaiting_address', { recipient: unaddressed })).toBe(1);
    // Only the undelivered states are watched.
    expect(value(after, 'repatriation_notifications', { status: 'DELIVERED' })).toBeUndefined();
    // A gauge for every case status, even those no case is in.
    const caseStatuses = after.filter((s) => s.name === 'repatriation_cases').map((s) => s.labels.status);
    expect(caseStatuses).toEqual(
      expect.arrayContaining(['RECEIVED', 'SAMPLED', 'MATCHED', 'IDENTIFIED', 'RELEASED', 'UNIDENTIFIED_RETAINED']),
    );
    // Identifiers stay out of the metrics, as do the figures' details (looked for in names and labels:
    // a sample's value, such as a byte count, may hold the same digits by chance).
    expect(text).not.toContain(reference);
    expect(text).not.toContain('PM-MET');
    const namesAndLabels = after.map((s) => `${s.name}${JSON.stringify(s.labels)}`).join('\n');
    expect(namesAndLabels).not.toContain('1248');
  });
});

describe('metric labels', () => {
  it('labels hold only enum values, route templates and recipient codes: nothing that names an operation, case or person', async () => {
    const { samples } = await scrape();
    const ours = samples.filter((s) => /^(repatriation_|http_)/.test(s.name));
    const labelNames = new Set(ours.flatMap((s) => Object.keys(s.labels)));
    // `recipient` is there whenever a recipient has an address or a notification kept for want of one.
    expect([...labelNames].filter((n) => n !== 'recipient').sort()).toEqual([
      'kind',
      'le',
      'method',
      'route',
      'status',
    ]);
    const recipients = new Set(
      [
        ...(await stack.db.notificationRecipient.findMany()),
        ...(await stack.db.notification.findMany({ where: { status: 'AWAITING_ADDRESS' } })),
      ].map((r) => r.recipient),
    );
    for (const s of ours.filter((s) => s.name.startsWith('repatriation_'))) {
      for (const [name, v] of Object.entries(s.labels)) {
        if (name === 'recipient') expect(recipients).toContain(v);
        else expect(v).toMatch(/^[A-Z_]+$/);
      }
    }
  });
});

describe('request log', () => {
  it('when an operation route is requested, then its JSON line carries the request id, route template and operation reference, and no body', async () => {
    const reference = unique('MET-LOG');
    await coordinator(`/api/operations/${reference}/handovers/2025-06-16`)
      .set('x-request-id', 'metrics-log-1')
      .expect(404);
    const lines = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => l.msg === 'request' && l.requestId === 'metrics-log-1');
    expect(line).toMatchObject({
      level: 30,
      service: 'repatriation',
      requestId: 'metrics-log-1',
      operationReference: reference,
      method: 'GET',
      route: '/api/operations/:reference/handovers/:date',
      status: 404,
    });
  });

  it('when a request carries personal data in its body, then none of it is logged', async () => {
    await request(app)
      .post(`/api/operations/${unique('MET-LOG')}/handovers/2025-06-16/manifests`)
      .auth(tokens.coordinator, { type: 'bearer' })
      .set('x-request-id', 'metrics-log-2')
      .send({ lines: [{ tag: 'RU-0001', declaredName: 'Ivan Petrenko', declaredDateOfBirth: '1990-01-01' }] });
    const mine = logLines.filter((l) => l.includes('metrics-log-2'));
    expect(mine.length).toBeGreaterThan(0);
    for (const l of mine) {
      expect(l).not.toContain('Petrenko');
      expect(l).not.toContain('1990-01-01');
    }
  });

  it('when /metrics is scraped, then it is not logged at info', async () => {
    await request(app).get('/metrics').set('x-request-id', 'metrics-log-3').expect(200);
    expect(logLines.filter((l) => l.includes('metrics-log-3'))).toEqual([]);
  });
});
