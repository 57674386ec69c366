import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities, type Activities } from '../../activities';
import { createDb, type Db } from '../../src/db';
import { operationWorkflowId } from '../../workflows/shared/ids';
import type { OperationInput } from '../../workflows/shared/domain';
import { june2025Agreement } from '../helpers/fixtures';
import { testDatabaseUrl, unique } from '../helpers/stack';

/**
 * The record activities against the run's real PostgreSQL database, run in
 * Temporal's mock activity context. Every test uses references and party
 * codes of its own, so counts are exact although the database is shared.
 */

type PlannedInput = OperationInput & { workflowId: string };

let db: Db;
let activities: Activities;
beforeAll(() => {
  db = createDb(testDatabaseUrl());
  activities = createActivities({ db });
});
afterAll(() => db.$disconnect());

// Failures the tests provoke on purpose are asserted, not logged.
const quietLogger = new DefaultLogger('ERROR', () => undefined);

/** One attempt of the activity, as a worker would run it (`attempt` > 1 for Temporal's retries). */
const runActivity = (input: PlannedInput, attempt = 1) =>
  new MockActivityEnvironment({ attempt }, { logger: quietLogger }).run(activities.recordOperationPlanned, input);

/** The June 2025 agreement under a fresh reference, between two parties with codes of the test's own. */
function plannedInput(codes = [unique('RU'), unique('UA')] as const): PlannedInput {
  const base = june2025Agreement(unique('op'));
  const [ru, ua] = codes;
  return {
    ...base,
    workflowId: operationWorkflowId(base.reference),
    agreement: {
      ...base.agreement,
      parties: [
        { code: ru, name: 'Russia' },
        { code: ua, name: 'Ukraine' },
      ],
      plannedTransfers: [
        { from: ru, to: ua, count: 6000 },
        { from: ua, to: ru, count: 6000 },
      ],
    },
  };
}

/** Everything recordOperationPlanned may have written for `input`. */
async function recordsOf(input: PlannedInput) {
  const codes = input.agreement.parties.map((p) => p.code);
  const operations = await db.repatriationOperation.findMany({
    where: { reference: input.reference },
    include: { parties: { orderBy: { partyCode: 'asc' } } },
  });
  const agreements = await db.agreement.findMany({
    where: { operation: { reference: input.reference } },
    include: { plannedTransfers: { orderBy: [{ fromParty: 'asc' }, { toParty: 'asc' }] } },
  });
  const parties = await db.party.findMany({ where: { code: { in: codes } }, orderBy: { code: 'asc' } });
  return { operations, agreements, parties };
}

/** Exactly one operation, one agreement version 1, its planned transfers once and both parties once. */
async function expectRecordedOnce(input: PlannedInput) {
  const { operations, agreements, parties } = await recordsOf(input);
  const [a, b] = input.agreement.parties;
  expect(operations).toHaveLength(1);
  expect(operations[0]).toMatchObject({
    reference: input.reference,
    title: input.title,
    workflowId: input.workflowId,
    phase: 'PLANNED',
  });
  expect(operations[0].parties.map((p) => p.partyCode)).toEqual([a.code, b.code].sort());

  expect(agreements).toHaveLength(1);
  expect(agreements[0]).toMatchObject({
    operationId: operations[0].id,
    version: 1,
    venue: input.agreement.venue,
    exchangePoints: input.agreement.exchangePoints,
    intermediaryRole: input.agreement.intermediaryRole,
  });
  expect(agreements[0].concludedOn.toISOString()).toBe(`${input.agreement.concludedOn}T00:00:00.000Z`);
  expect(agreements[0].windowStart.toISOString()).toBe(`${input.agreement.window.start}T00:00:00.000Z`);
  expect(agreements[0].windowEnd.toISOString()).toBe(`${input.agreement.window.end}T00:00:00.000Z`);
  expect(agreements[0].plannedTransfers.map((t) => [t.fromParty, t.toParty, t.count])).toEqual(
    input.agreement.plannedTransfers.map((t) => [t.from, t.to, t.count]).sort(),
  );

  expect(parties).toEqual(
    [
      { code: a.code, name: a.name },
      { code: b.code, name: b.name },
    ].sort((x, y) => x.code.localeCompare(y.code)),
  );
}

describe('recordOperationPlanned', () => {
  it('when it runs once, then it writes the operation, agreement version 1, its planned transfers and the parties', async () => {
    const input = plannedInput();
    await runActivity(input);
    await expectRecordedOnce(input);
  });

  it('when it runs twice with the same input, then the second run changes nothing', async () => {
    const input = plannedInput();
    await runActivity(input);
    const first = await recordsOf(input);

    await runActivity(input);

    await expectRecordedOnce(input);
    expect(await recordsOf(input)).toEqual(first);
  });

  it('when two runs with the same input overlap, then both succeed and there is one of each', async () => {
    const input = plannedInput();

    await Promise.all([runActivity(input), runActivity(input, 2)]);

    await expectRecordedOnce(input);
  });

  it('when two different operations name the same parties, then they share the Party rows', async () => {
    const codes = [unique('RU'), unique('UA')] as const;
    const first = plannedInput(codes);
    const second = plannedInput(codes);

    await runActivity(first);
    await runActivity(second);

    await expectRecordedOnce(first);
    await expectRecordedOnce(second);
    expect(await db.party.count({ where: { code: { in: [...codes] } } })).toBe(2);
    const links = await db.operationParty.findMany({ where: { partyCode: { in: [...codes] } } });
    expect(links).toHaveLength(4);
    const [a, b] = await Promise.all(
      [first, second].map((i) => db.repatriationOperation.findUniqueOrThrow({ where: { reference: i.reference } })),
    );
    expect(new Set(links.map((l) => l.operationId))).toEqual(new Set([a.id, b.id]));
  });

  it('when two different operations naming the same new parties (in opposite order) overlap, then both succeed and share them', async () => {
    const codes = [unique('RU'), unique('UA')] as const;
    const first = plannedInput(codes);
    const other = plannedInput(codes);
    const [x, y] = other.agreement.parties;
    const second: PlannedInput = { ...other, agreement: { ...other.agreement, parties: [y, x] } };

    await Promise.all([runActivity(first), runActivity(second)]);

    await expectRecordedOnce(first);
    await expectRecordedOnce(second);
    expect(await db.party.count({ where: { code: { in: [...codes] } } })).toBe(2);
  });
  it('when its title holds a NUL byte (a client past every check), then it fails at once, not retried, naming the reason', async () => {
    const input = { ...plannedInput(), title: 'a \u0000 b' };
    const failure = await runActivity(input).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'InvalidData',
      nonRetryable: true,
      message:
        'recordOperationPlanned: PostgreSQL refused the data: a character not valid in UTF-8 text (such as NUL), SQLSTATE 22021; retrying cannot change that.',
    });
    expect((await recordsOf(input)).operations).toEqual([]);
  });
});
