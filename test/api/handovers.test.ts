import { recorded } from '../helpers/workflow';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import {
  acknowledge,
  confirmedOperation,
  dayPath,
  eventually,
  expectProblem,
  openedDay,
  ruTags,
  scheduleDay,
  submitManifest,
  uaTags,
  useApiWorld,
  type Who,
} from './support';
import { useFreshDays } from './fresh-days';

const w = useApiWorld();

/** The day's row, once PostgreSQL holds all the day answered. */
const handoverRow = async (reference: string, date: string) => {
  await recorded(w.stack.client.workflow.getHandle(handoverWorkflowId(reference, date)));
  return w.stack.db.handover.findUniqueOrThrow({
    where: { workflowId: handoverWorkflowId(reference, date) },
    include: { counts: true, signOffs: true, manifests: true, containers: true, discrepancies: true },
  });
};

/** Each test's days come from an operation of its own (./fresh-days.ts). */
const freshDay = useFreshDays(w);

/** Every record of a signed-off day in PostgreSQL names who made it. */
async function expectRecordsNameTheirAuthors(reference: string, date: string): Promise<void> {
  const row = await handoverRow(reference, date);
  expect(row.status).toBe('SIGNED_OFF');
  const by = Object.fromEntries(row.counts.map((c) => [`${c.fromParty}>${c.toParty}:${c.source}`, c.recordedBy]));
  expect(by).toEqual({
    'RU>UA:SENDER': 'liaison-ru-1',
    'RU>UA:RECEIVER': 'liaison-ua-1',
    'RU>UA:INTERMEDIARY': 'field-1',
    'UA>RU:SENDER': 'liaison-ua-1',
    'UA>RU:RECEIVER': 'liaison-ru-1',
    'UA>RU:INTERMEDIARY': 'field-1',
  });
  expect(row.signOffs.map((s) => [s.partyCode, s.signedBy]).sort()).toEqual([
    ['RU', 'liaison-ru-1'],
    ['UA', 'liaison-ua-1'],
  ]);
  expect(row.manifests.map((m) => [m.fromParty, m.submittedBy, m.acknowledgedBy]).sort()).toEqual([
    ['RU', 'liaison-ru-1', 'liaison-ua-1'],
    ['UA', 'liaison-ua-1', 'liaison-ru-1'],
  ]);
  expect(row.discrepancies.map((d) => d.kind).sort()).toEqual(['EXTRA_TAG', 'MISSING_TAG']);
}

/** Once the day's workflow has ended, the day is read from PostgreSQL alone, and takes no more reports. */
async function expectEndedDayFromPostgres(reference: string, date: string): Promise<void> {
  const path = dayPath(reference, date);
  // Once the day's workflow has ended, the day is read from PostgreSQL alone.
  const handle = w.stack.client.workflow.getHandle(handoverWorkflowId(reference, date));
  await eventually(
    () => handle.describe(),
    (d) => d.status.name === 'COMPLETED',
  );
  const ended = await w.get('ru', path).expect(200);
  expect(ended.body).toMatchObject({
    status: 'SIGNED_OFF',
    live: false,
    workflow: { status: 'COMPLETED' },
    signOffs: { RU: { signedBy: 'liaison-ru-1' }, UA: { signedBy: 'liaison-ua-1' } },
  });
  const ended_ = ended.body.directions.find((d: { from: string }) => d.from === 'RU');
  expect(ended_).toMatchObject({
    received: 2,
    extra: 1,
    missing: 1,
    counts: { SENDER: { count: 3, recordedBy: 'liaison-ru-1' } },
  });
  const missing = ended.body.discrepancies.find((d: { kind: string }) => d.kind === 'MISSING_TAG');
  expect(missing.details).toEqual({ direction: { from: 'RU', to: 'UA' }, tagCount: 1 });
  const endedTags = await w.get('ru', `${path}?include=tags`).expect(200);
  expect(endedTags.body.directions.find((d: { from: string }) => d.from === 'RU').tags.missing).toEqual([
    ruTags(date)[2],
  ]);

  // A signed-off day takes no more counts, whether its workflow still runs or not.
  const late = await w.post('field', `${path}/counts`, { from: 'RU', to: 'UA', source: 'INTERMEDIARY', count: 4 });
  expectProblem(late, 409);
  expect(late.body.detail).toBe('The day is already signed off; nothing more can be recorded.');
}

describe('a handover day through the API', () => {
  it('when manifests, opening, receipts, counts and sign-offs are sent by their people, then every record names who made it', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const date = '2025-06-11';
      const path = dayPath(reference, date);
      await scheduleDay(w, reference, date);

      const manifest = await w
        .post('ru', `${path}/manifests`, {
          from: 'RU',
          to: 'UA',
          lines: ruTags(date).map((tag, i) => (i === 0 ? { tag, declaredAffiliation: 'UA armed forces' } : { tag })),
        })
        .expect(201);
      expect(manifest.body).toEqual({ version: 1 });
      await acknowledge(w, reference, date, 'RU');
      await submitManifest(w, reference, date, 'UA');
      const ack = await w.post('ru', `${path}/manifests/UA/RU/1/acknowledgement`, {}).expect(200);
      expect(ack.body).toEqual({ version: 1 });

      const opened = await w.post('coordinator', `${path}/opening`).expect(200);
      expect(opened.body).toMatchObject({ status: 'IN_PROGRESS', live: true });
      // Answers stay small: no tag lists unless asked for.
      expect(opened.body.directions[0].tags).toBeUndefined();

      const receipt = await w
        .post('ua', `${path}/receipts`, { from: 'RU', to: 'UA', tags: [...ruTags(date).slice(0, 2), 'RU-UNLISTED-1'] })
        .expect(200);
      expect(receipt.body).toEqual({ received: 2, extra: 1 });
      await w.post('ru', `${path}/receipts`, { from: 'UA', to: 'RU', tags: uaTags(date) }).expect(200);

      const counts: Array<[Who, string, string, string, number]> = [
        ['ru', 'RU', 'UA', 'SENDER', 3],
        ['ua', 'RU', 'UA', 'RECEIVER', 3],
        ['field', 'RU', 'UA', 'INTERMEDIARY', 3],
        ['ua', 'UA', 'RU', 'SENDER', 2],
        ['ru', 'UA', 'RU', 'RECEIVER', 2],
      ];
      for (const [who, from, to, source, count] of counts) {
        const res = await w.post(who, `${path}/counts`, { from, to, source, count }).expect(200);
        expect(res.body.status).toBe('IN_PROGRESS');
      }
      const last = await w
        .post('field', `${path}/counts`, { from: 'UA', to: 'RU', source: 'INTERMEDIARY', count: 2 })
        .expect(200);
      expect(last.body.status).toBe('COUNTS_RECORDED');

      const view = await w.get('observer', path).expect(200);
      expect(view.body).toMatchObject({
        operationReference: reference,
        dayKey: date,
        date,
        status: 'COUNTS_RECORDED',
        live: true,
        workflow: { id: handoverWorkflowId(reference, date), status: 'RUNNING' },
      });
      expect(view.body.workflow.url).toContain(encodeURIComponent(handoverWorkflowId(reference, date)));
      const ruUa = view.body.directions.find((d: { from: string }) => d.from === 'RU');
      expect(ruUa).toMatchObject({
        plannedCount: 3,
        manifest: {
          version: 1,
          status: 'ACKNOWLEDGED',
          lines: 3,
          submittedBy: 'liaison-ru-1',
          acknowledgedBy: 'liaison-ua-1',
        },
        counts: {
          SENDER: { count: 3, recordedBy: 'liaison-ru-1' },
          RECEIVER: { count: 3, recordedBy: 'liaison-ua-1' },
          INTERMEDIARY: { count: 3, recordedBy: 'field-1' },
        },
        received: 2,
        extra: 1,
        missing: 0,
      });
      expect(ruUa.tags).toBeUndefined();
      const withTags = await w.get('ua', `${path}?include=tags`).expect(200);
      expect(withTags.body.directions.find((d: { from: string }) => d.from === 'RU').tags).toEqual({
        manifest: ruTags(date),
        received: ruTags(date).slice(0, 2),
        extra: ['RU-UNLISTED-1'],
        missing: [],
      });

      await w.post('ru', `${path}/sign-offs`, { party: 'RU' }).expect(200);
      const signed = await w.post('ua', `${path}/sign-offs`, { party: 'UA' }).expect(200);
      expect(signed.body).toMatchObject({ status: 'SIGNED_OFF', signOffs: { RU: {}, UA: {} } });

      await expectRecordsNameTheirAuthors(reference, date);

      await expectEndedDayFromPostgres(reference, date);
    });
  });
});

describe('a handover day through the API: postponed, refused, aborted', () => {
  it('when the coordinator postpones a day, then its new date and reason are recorded and it keeps its name', async () => {
    await w.stack.withWorker(async () => {
      const { reference, date } = await freshDay();
      await scheduleDay(w, reference, date);
      const res = await w
        .post('coordinator', `${dayPath(reference, date)}/postponement`, { newDate: '2025-06-16', reason: 'weather' })
        .expect(200);
      expect(res.body).toMatchObject({
        status: 'POSTPONED',
        dayKey: date,
        date: '2025-06-16',
        statusReason: 'weather',
      });
      const row = await handoverRow(reference, date);
      expect([row.status, row.scheduledOn.toISOString().slice(0, 10), row.statusReason]).toEqual([
        'POSTPONED',
        '2025-06-16',
        'weather',
      ]);
    });
  });

  it('when a liaison refuses a day, then it is refused with its party and reason', async () => {
    await w.stack.withWorker(async () => {
      const { reference, date } = await freshDay();
      await scheduleDay(w, reference, date);
      const res = await w.post('ua', `${dayPath(reference, date)}/refusal`, { reason: 'route unsafe' }).expect(200);
      expect(res.body).toMatchObject({ status: 'REFUSED', statusReason: 'UA: route unsafe' });
      expect((await handoverRow(reference, date)).statusReason).toBe('UA: route unsafe');
    });
  });

  it('when the coordinator aborts an open day, then it is aborted with its reason', async () => {
    await w.stack.withWorker(async () => {
      const { reference, date } = await freshDay();
      await openedDay(w, reference, date);
      const res = await w
        .post('coordinator', `${dayPath(reference, date)}/abort`, { reason: 'ceasefire broken' })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'ABORTED', statusReason: 'ceasefire broken' });
      expect((await handoverRow(reference, date)).status).toBe('ABORTED');
    });
  });
});
