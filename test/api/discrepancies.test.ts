import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Role } from '../../workflows/shared/domain';
import { discrepancyStateQuery } from '../../workflows/discrepancy/messages';
import { discrepancyWorkflowId } from '../../workflows/shared/ids';
import { FieldClient } from '../helpers/field-client';
import { FieldOperation } from '../helpers/field-operation';
import { unique } from '../helpers/stack';
import { seedWebhookRecipients } from '../helpers/workflow';
import {
  confirmedOperation,
  eventually,
  expectProblem,
  expectRefusal,
  opPath,
  refusalStatus,
  useApiWorld,
  type Who,
} from './support';

/**
 * A discrepancy's life through the API on the real stack: reported or opened
 * by a handover day, each party's account attested, a resolution proposed
 * and accepted by both parties, or escalated (by a party or the deadline) and
 * decided by the coordinator; and an operation closed only once all are resolved.
 */

// Each test starts workers on a shared, busy machine; the June day alone moves 1,299 bags.
jest.setTimeout(300_000);

const w = useApiWorld();

const listOf = (reference: string, query = '') => `${opPath(reference)}/discrepancies${query}`;
const SCHEDULE_DISPUTE = {
  kind: 'SCHEDULE_DISPUTE',
  statement: 'The convoy was held at the checkpoint; the other side says it was not announced.',
};

describe('the last day of June 2025: 1,248 declared, 1,245 received, three tags missing', () => {
  it('when both parties attest their accounts and accept one resolution, then both discrepancies are resolved, every statement attributed, and the operation closes', async () => {
    const reference = unique('JUNE');
    const date = '2025-06-16';
    const plan = [
      { from: 'RU', to: 'UA', declared: 1248, received: 1245 },
      { from: 'UA', to: 'RU', declared: 51, received: 51 },
    ];
    const server: Server = w.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const client = new FieldClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, w.people);
    const op = new FieldOperation(client, reference);
    try {
      await w.stack.withWorker(async () => {
        await op.start();
        const day = await op.prepareDay(date, plan);
        for (const batch of op.receiptBatches(day, plan, 500)) await op.receive(day, batch);
        await op.countAndSignOff(day, plan);
        const missing = day.directions[0].manifest.slice(1245);

        // The day opened a count mismatch and a missing-tag discrepancy; each has a life of its own.
        const opened = await eventually(
          () => w.get('coordinator', listOf(reference, `?date=${date}`)),
          (res) => res.status === 200 && res.body.items.length === 2 && res.body.items.every((d: any) => d.deadlineAt),
          'the two discrepancies with their deadline',
        );
        const byKind = Object.fromEntries(opened.body.items.map((d: any) => [d.kind, d]));
        expect(Object.keys(byKind).sort()).toEqual(['COUNT_MISMATCH', 'MISSING_TAG']);
        for (const d of opened.body.items) {
          expect(d).toMatchObject({ status: 'OPEN', date, direction: { from: 'RU', to: 'UA' } });
        }
        // The day links to each of them.
        const dayView = await w.get('ru', op.dayPath(date)).expect(200);
        expect(dayView.body.discrepancies.map((d: any) => d.links.self).sort()).toEqual(
          opened.body.items.map((d: any) => d.links.self).sort(),
        );
        const mismatch = await w.get('ua', byKind.COUNT_MISMATCH.links.self).expect(200);
        expect(mismatch.body.details.counts).toEqual({ SENDER: 1248, RECEIVER: 1245, INTERMEDIARY: 1245 });
        const missingTags = await w.get('ru', byKind.MISSING_TAG.links.self).expect(200);
        expect(missingTags.body.details.tags).toEqual(missing);

        await op.completeHandovers();
        // Closing while they are open is refused, naming each one.
        const refused = await w.post('coordinator', `${opPath(reference)}/closure`, {}).expect(409);
        expectProblem(refused, 409);
        expect(refused.body.detail).toContain('2 discrepancies are not resolved');
        expect(refused.body.detail).toContain(byKind.COUNT_MISMATCH.id);
        expect(refused.body.detail).toContain(byKind.MISSING_TAG.id);

        for (const d of [byKind.COUNT_MISMATCH, byKind.MISSING_TAG]) {
          const self = d.links.self;
          await w
            .post('ru', `${self}/accounts`, {
              statement: 'Loaded and sealed 1,248 bags at the siding; the manifest lists each.',
              count: 1248,
            })
            .expect(201);
          // A resolution waits for both parties' accounts.
          const early = await w.post('ua', `${self}/proposals`, { resolution: 'Record 1,245.' }).expect(409);
          expect(early.body.detail).toBe('Each party attests its account first; still awaited: UA.');
          await w
            .post('ua', `${self}/accounts`, {
              statement: 'Received and counted 1,245 bags; the three listed here were not in the wagons.',
              count: 1245,
              tags: missing,
            })
            .expect(201);
          await w
            .post('field', `${self}/accounts`, { statement: 'Observed 1,245 bags handed over.', count: 1245 })
            .expect(201);
          const proposed = await w
            .post('ua', `${self}/proposals`, {
              resolution: 'The record keeps 1,245 received; the three bags are sought and follow in a later handover.',
            })
            .expect(201);
          expect(proposed.body.status).toBe('OPEN');
          const half = await w.post('ru', `${self}/acceptances`, { proposal: 1 }).expect(200);
          expect(half.body.status).toBe('OPEN');
          const done = await w.post('ua', `${self}/acceptances`, { proposal: 1 }).expect(200);
          expect(done.body).toMatchObject({
            status: 'RESOLVED',
            resolution: 'The record keeps 1,245 received; the three bags are sought and follow in a later handover.',
            resolvedBy: 'liaison-ua-1',
          });
          expect(done.body.statements.map((s: any) => [s.sequence, s.type, s.principal, s.role, s.actingFor])).toEqual([
            [1, 'ACCOUNT', 'liaison-ru-1', 'PARTY_LIAISON', 'RU'],
            [2, 'ACCOUNT', 'liaison-ua-1', 'PARTY_LIAISON', 'UA'],
            [3, 'ACCOUNT', 'field-1', 'FIELD_STAFF', 'INTERMEDIARY'],
            [4, 'PROPOSAL', 'liaison-ua-1', 'PARTY_LIAISON', 'UA'],
            [5, 'ACCEPTANCE', 'liaison-ru-1', 'PARTY_LIAISON', 'RU'],
            [6, 'ACCEPTANCE', 'liaison-ua-1', 'PARTY_LIAISON', 'UA'],
          ]);
          expect(done.body.statements[1]).toMatchObject({ count: 1245, tags: missing });
          expect(done.body.statements.every((s: any) => !Number.isNaN(Date.parse(s.recordedAt)))).toBe(true);
          // Resolved is the end of its life: nothing more is recorded.
          const late = await w.post('ru', `${self}/accounts`, { statement: 'One more thing.' }).expect(409);
          expectProblem(late, 409);
        }

        // Statements are append-only in the database itself.
        await expect(
          w.stack.db.discrepancyStatement.updateMany({
            where: { discrepancyId: byKind.COUNT_MISMATCH.id },
            data: { text: 'rewritten' },
          }),
        ).rejects.toThrow(/append-only/);

        const closed = await w.post('coordinator', `${opPath(reference)}/closure`, {}).expect(200);
        expect(closed.body.phase).toBe('CLOSED');
      });
    } finally {
      await new Promise((r) => server.close(r));
    }
  }, 900_000);
});

/** An operation of a describe block's own, confirmed before its tests. */
const blockOperation = () => w.stack.withWorker(() => confirmedOperation(w));

describe('reporting, escalation and decision', () => {
  let reference: string;
  beforeAll(async () => {
    reference = await blockOperation();
  });

  it('when a liaison reports a discrepancy with an Idempotency-Key twice, then one discrepancy is recorded, its report attributed', async () => {
    await w.stack.withWorker(async () => {
      const first = await w.post('ru', listOf(reference), SCHEDULE_DISPUTE, unique('report')).expect(201);
      const key = unique('report');
      const a = await w.post('ua', listOf(reference), SCHEDULE_DISPUTE, key).expect(201);
      const b = await w.post('ua', listOf(reference), SCHEDULE_DISPUTE, key).expect(201);
      expect(b.body.id).toBe(a.body.id);
      expect(a.headers.location).toBe(a.body.links.self);
      expect(a.body).toMatchObject({ kind: 'SCHEDULE_DISPUTE', status: 'OPEN' });
      expect(a.body.statements).toEqual([
        expect.objectContaining({
          sequence: 1,
          type: 'REPORT',
          principal: 'liaison-ua-1',
          role: 'PARTY_LIAISON',
          actingFor: 'UA',
          text: SCHEDULE_DISPUTE.statement,
        }),
      ]);
      const rows = await w.stack.db.discrepancy.count({ where: { id: { in: [first.body.id, a.body.id] } } });
      expect(rows).toBe(2);
      const list = await w.get('forensic', listOf(reference, '?status=OPEN')).expect(200);
      expect(list.body.items.map((d: any) => d.id)).toEqual(expect.arrayContaining([first.body.id, a.body.id]));
    });
  });

  it('when a party escalates and the coordinator decides, then it is resolved by the decision, and each step was refused to whoever may not take it', async () => {
    await w.stack.withWorker(async () => {
      const { body } = await w
        .post('field', listOf(reference), { ...SCHEDULE_DISPUTE, kind: 'COMMINGLED' })
        .expect(201);
      const self = body.links.self;
      expect(body.statements[0]).toMatchObject({ principal: 'field-1', actingFor: 'INTERMEDIARY' });

      const tooEarly = await w.post('coordinator', `${self}/decision`, { resolution: 'Decided.' }).expect(409);
      expect(tooEarly.body.detail).toBe(
        'The coordinator decides once the discrepancy is escalated; escalate it first.',
      );
      const noProposal = await w.post('ru', `${self}/acceptances`, { proposal: 1 }).expect(409);
      expect(noProposal.body.detail).toBe('No resolution has been proposed yet.');

      const escalated = await w
        .post('ru', `${self}/escalation`, { reason: 'No agreement on whose bag it is.' })
        .expect(200);
      expect(escalated.body).toMatchObject({ status: 'ESCALATED' });
      expect(escalated.body.escalatedAt).toBeDefined();
      await w.post('ua', `${self}/proposals`, { resolution: 'Split it.' }).expect(409);

      const decided = await w
        .post('coordinator', `${self}/decision`, { resolution: 'The bag is opened jointly at the next handover.' })
        .expect(200);
      expect(decided.body).toMatchObject({
        status: 'RESOLVED',
        resolution: 'The bag is opened jointly at the next handover.',
        resolvedBy: 'coordinator-1',
      });
      expect(decided.body.statements.map((s: any) => s.type)).toEqual(['REPORT', 'ESCALATION', 'DECISION']);
    });
  });
});

describe('reporting, escalation and decision: who may not, and what is refused', () => {
  let reference: string;
  beforeAll(async () => {
    reference = await blockOperation();
  });

  const ROUTES: Array<[string, Role[], object]> = [
    ['accounts', ['PARTY_LIAISON', 'FIELD_STAFF', 'COORDINATOR'], { statement: 'Our account.' }],
    ['proposals', ['PARTY_LIAISON', 'COORDINATOR'], { resolution: 'Settle it.' }],
    ['acceptances', ['PARTY_LIAISON'], { proposal: 1 }],
    ['escalation', ['PARTY_LIAISON', 'FIELD_STAFF', 'COORDINATOR'], { reason: 'Stuck.' }],
    ['decision', ['COORDINATOR'], { resolution: 'Decided.' }],
  ];

  it('when a role that may not act, or a party outside the operation, tries each step, then 403 or 404 and nothing is recorded', async () => {
    await w.stack.withWorker(async () => {
      const { body } = await w.post('coordinator', listOf(reference), SCHEDULE_DISPUTE).expect(201);
      const people: Array<[Who, Role]> = [
        ['forensic', 'FORENSIC'],
        ['observer', 'OBSERVER'],
        ['operator', 'OPERATOR'],
        ['ru', 'PARTY_LIAISON'],
        ['field', 'FIELD_STAFF'],
        ['coordinator', 'COORDINATOR'],
      ];
      for (const [path, roles, payload] of ROUTES) {
        for (const [who, role] of people) {
          if (roles.includes(role)) continue;
          const res = await w.post(who, `${body.links.self}/${path}`, payload);
          expectProblem(res, 403);
        }
        // A party outside the operation learns nothing of it, unless its role could never take the step.
        expectProblem(await w.post('by', `${body.links.self}/${path}`, payload), refusalStatus('by', roles));
      }
      for (const who of ['forensic', 'observer', 'operator'] as const) {
        expectProblem(await w.post(who, listOf(reference), SCHEDULE_DISPUTE), 403);
      }
      expectProblem(await w.post('by', listOf(reference), SCHEDULE_DISPUTE), 404);
      expectProblem(await w.get('by', listOf(reference)), 404);
      expectProblem(await w.get('by', body.links.self), 404);
      // Both parties and the intermediary read the shared record.
      for (const who of ['ru', 'forensicRu', 'observer', 'field'] as const)
        await w.get(who, body.links.self).expect(200);
      const after = await w.get('coordinator', body.links.self).expect(200);
      expect(after.body.statements).toHaveLength(1);
    });
  });

  it.each([
    ['an unknown kind', { ...SCHEDULE_DISPUTE, kind: 'LOST_BAG' }, 400, '/kind'],
    ['a contact address in the statement', { ...SCHEDULE_DISPUTE, statement: 'call x@y.org' }, 400, '/statement'],
    ['a personal number in the statement', { ...SCHEDULE_DISPUTE, statement: 'passport 12345678' }, 400, '/statement'],
    ['an empty statement', { ...SCHEDULE_DISPUTE, statement: ' ' }, 400, '/statement'],
    ['a direction within one party', { ...SCHEDULE_DISPUTE, direction: { from: 'RU', to: 'RU' } }, 400, '/direction'],
    [
      'a party not in the operation',
      { ...SCHEDULE_DISPUTE, direction: { from: 'RU', to: 'BY' } },
      409,
      'The operation is between RU and UA; a direction goes from one to the other.',
    ],
    ['a repeated tag', { ...SCHEDULE_DISPUTE, tags: ['T-1', 'T-1'] }, 400, '/tags'],
    ['an unknown field', { ...SCHEDULE_DISPUTE, blame: 'them' }, 400, '(root)'],
    ['a day not in the operation', { ...SCHEDULE_DISPUTE, date: '2025-06-12' }, 404, /No handover day 2025-06-12/],
  ])('when a report has %s, then it is refused and nothing is recorded', async (_what, payload, status, expected) => {
    const before = await w.stack.db.discrepancy.count({ where: { operation: { reference } } });
    const res = await w.post('ua', listOf(reference), payload);
    expectRefusal(res, status, expected);
    expect(await w.stack.db.discrepancy.count({ where: { operation: { reference } } })).toBe(before);
  });

  it('when a discrepancy id is unknown or malformed, then 404', async () => {
    expectProblem(await w.get('coordinator', `${listOf(reference)}/00000000-0000-4000-8000-000000000000`), 404);
    expectProblem(await w.get('coordinator', `${listOf(reference)}/not-an-id`), 404);
    expectProblem(await w.post('ru', `${listOf(reference)}/not-an-id/accounts`, { statement: 'Ours.' }), 404);
    expectProblem(await w.get('coordinator', listOf(reference, '?status=CLOSED')), 400);
  });
});

describe('the deadline', () => {
  const short = useApiWorld({ DISCREPANCY_DEADLINE: '6s', DISCREPANCY_REMINDER_EVERY: '2s' });

  it('when nobody resolves a discrepancy by its deadline, then the awaited parties are reminded and it escalates to the coordinator, attributed to the deadline', async () => {
    // Every recipient has an address, so each reminder is queued in the outbox (delivery is not the point here).
    await seedWebhookRecipients(short.stack.db);
    await short.stack.withWorker(async () => {
      const reference = await confirmedOperation(short);
      const { body } = await short.post('ru', `${opPath(reference)}/discrepancies`, SCHEDULE_DISPUTE).expect(201);
      await short.post('ru', `${body.links.self}/accounts`, { statement: 'Our account.' }).expect(201);
      const escalated = await eventually(
        () => short.get('ua', body.links.self),
        (res) => res.body.status === 'ESCALATED',
        'the escalation at the deadline',
      );
      expect(escalated.body.statements.at(-1)).toMatchObject({
        type: 'ESCALATION',
        principal: 'deadline',
        role: 'DEADLINE',
        actingFor: 'INTERMEDIARY',
      });
      const state = await short.stack.client.workflow
        .getHandle(discrepancyWorkflowId(body.id))
        .query(discrepancyStateQuery);
      expect(state.reminders).toBeGreaterThanOrEqual(1);
      // Reminded: UA, whose account is awaited (RU gave its own); identifiers only, never the statements.
      const reminders = await short.stack.db.notification.findMany({
        where: { event: 'discrepancy.reminder', payload: { path: ['discrepancyId'], equals: body.id } },
      });
      expect(new Set(reminders.map((n) => n.recipient))).toEqual(new Set(['UA']));
      expect(reminders[0].payload).toMatchObject({
        discrepancyId: body.id,
        kind: 'SCHEDULE_DISPUTE',
        awaiting: ['UA'],
      });
      expect(JSON.stringify(reminders)).not.toMatch(/Our account|convoy/);
      const escalations = await short.stack.db.notification.findMany({
        where: { event: 'discrepancy.escalated', payload: { path: ['discrepancyId'], equals: body.id } },
      });
      expect(escalations.map((n) => n.recipient)).toContain('COORDINATOR');
      const decided = await short
        .post('coordinator', `${body.links.self}/decision`, { resolution: 'Settled by the coordinator.' })
        .expect(200);
      expect(decided.body.status).toBe('RESOLVED');
    });
  });
});
