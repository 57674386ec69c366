import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { classifyingFailures } from '../../activities/shared/failures';
import { createHandoverActivities } from '../../activities/handover-day/records';
import { createDb, type Db } from '../../src/db';
import { operationWorkflowId } from '../../workflows/shared/ids';
import { actors, RU_UA } from '../helpers/actors';
import { testDatabaseUrl, unique } from '../helpers/stack';

/**
 * One receiver intake number per receiver per day, guarded by PostgreSQL
 * (unique index on RemainsContainer(handoverId, toParty, receiverIntakeNumber)):
 * a number given twice fails the receipt loudly instead of folding two
 * containers into one remains case, and a retried receipt still changes nothing.
 */

let db: Db;
const handoverActivities = (db: Db) => classifyingFailures(createHandoverActivities(db));
let activities: ReturnType<typeof handoverActivities>;
beforeAll(() => {
  db = createDb(testDatabaseUrl());
  activities = handoverActivities(db);
});
afterAll(() => db.$disconnect());

const quietLogger = new DefaultLogger('ERROR', () => undefined);
type Receipts = Parameters<typeof activities.recordReceipts>[0];
const runReceipts = (input: Receipts, attempt = 1) =>
  new MockActivityEnvironment({ attempt }, { logger: quietLogger }).run(activities.recordReceipts, input);

/** An operation and an open day, written straight to the database. */
async function seedDay() {
  const reference = unique('intake-op');
  const operation = await db.repatriationOperation.create({
    data: { reference, title: 'Intake numbers test', workflowId: operationWorkflowId(reference) },
  });
  const workflowId = `handover:${reference}:2025-06-11`;
  const handover = await db.handover.create({
    data: {
      operationId: operation.id,
      dayKey: '2025-06-11',
      scheduledOn: new Date('2025-06-11T00:00:00.000Z'),
      exchangePoint: 'Belarus–Ukraine border',
      workflowId,
      status: 'IN_PROGRESS',
    },
  });
  const receipts = (received: string[], firstIntake: number): Receipts => ({
    workflowId,
    direction: RU_UA,
    received,
    extra: [],
    firstIntake,
    intakePrefix: `${reference}.UA.2025-06-11.RU`,
    place: 'Belarus–Ukraine border',
    by: actors.ua,
    at: '2025-06-11T09:00:00.000Z',
  });
  const containers = () =>
    db.remainsContainer.findMany({
      where: { handoverId: handover.id },
      include: { custodyEvents: true },
      orderBy: { tag: 'asc' },
    });
  return { handover, reference, receipts, containers };
}

describe('receiver intake numbers', () => {
  it('when a receipt is retried with the same input, then it succeeds and changes nothing', async () => {
    const day = await seedDay();
    await runReceipts(day.receipts(['RU-1', 'RU-2', 'RU-3'], 1));
    const first = await day.containers();
    await runReceipts(day.receipts(['RU-1', 'RU-2', 'RU-3'], 1), 2);
    const again = await day.containers();
    expect(again).toEqual(first);
    expect(again.map((c) => [c.tag, c.receiverIntakeNumber, c.custodyEvents.length])).toEqual([
      ['RU-1', `${day.reference}.UA.2025-06-11.RU.0001`, 1],
      ['RU-2', `${day.reference}.UA.2025-06-11.RU.0002`, 1],
      ['RU-3', `${day.reference}.UA.2025-06-11.RU.0003`, 1],
    ]);
  });

  it('when a receipt numbers a container with an intake number already taken that day, then it fails, not retried, and writes nothing', async () => {
    const day = await seedDay();
    await runReceipts(day.receipts(['RU-1', 'RU-2'], 1));
    const before = await day.containers();
    // RU-3 and RU-4 numbered from 2 again, as two batches decided from the same state would be.
    const err = await runReceipts(day.receipts(['RU-3', 'RU-4'], 2)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'IntakeNumberTaken', nonRetryable: true });
    expect((err as Error).message).toContain(`RU-3 → ${day.reference}.UA.2025-06-11.RU.0002 (recorded: none)`);
    // The whole batch is rolled back: RU-4 (number 3 was free) is not written either.
    expect(await day.containers()).toEqual(before);
  });

  it('when PostgreSQL is asked for a second container with the same intake number, then it refuses; containers without one (missing) never collide', async () => {
    const day = await seedDay();
    await runReceipts(day.receipts(['RU-1'], 1));
    const row = (tag: string, receiverIntakeNumber: string | null) => ({
      handoverId: day.handover.id,
      fromParty: 'RU',
      toParty: 'UA',
      tag,
      outcome: receiverIntakeNumber ? ('RECEIVED' as const) : ('MISSING' as const),
      custodian: receiverIntakeNumber ? 'UA' : 'RU',
      receiverIntakeNumber,
    });
    await expect(
      db.remainsContainer.create({ data: row('RU-2', `${day.reference}.UA.2025-06-11.RU.0001`) }),
    ).rejects.toMatchObject({ code: 'P2002' });
    await activities.recordMissing({ workflowId: day.handover.workflowId, direction: RU_UA, tags: ['RU-8', 'RU-9'] });
    expect((await day.containers()).map((c) => [c.tag, c.outcome, c.receiverIntakeNumber])).toEqual([
      ['RU-1', 'RECEIVED', `${day.reference}.UA.2025-06-11.RU.0001`],
      ['RU-8', 'MISSING', null],
      ['RU-9', 'MISSING', null],
    ]);
  });
});
