import { missingPersonWorkflowId } from '../../workflows/shared/ids';
import { missingPersonStateQuery } from '../../workflows/missing-person/messages';
import { caseInput, seedContainers } from '../helpers/cases';
import { unique } from '../helpers/stack';
import { eventually, expectProblem, familyContact, startRemainsCase, useApiWorld, type Who } from './support';

/**
 * From a match to an answer, on the real stack: the forensic service records
 * a DNA match, the legal identification moves the missing person to
 * IDENTIFIED_DECEASED and opens the family's notice (a task with a deadline
 * and reminders, durable timers in the missing-person workflow), the party's
 * authority records that the family was told, and only then are the remains
 * released, to the designated contact only. The rule lives in the workflows.
 */

// Short notice timers: reminders every 2 s, overdue after 5 s.
const w = useApiWorld(
  { FAMILY_NOTICE_DEADLINE: '5 seconds', FAMILY_NOTICE_REMINDER_EVERY: '2 seconds' },
  { workers: 'across' },
);
beforeAll(async () => {
  // The tracing service's address as the other tests of the run give it (their notifications are counted).
  await w.stack.db.notificationRecipient.upsert({
    where: { recipient_channel: { recipient: 'TRACING', channel: 'EMAIL' } },
    create: { recipient: 'TRACING', channel: 'EMAIL', address: 'tracing@intermediary.invalid' },
    update: {},
  });
  await w.stack.db.notificationRecipient.createMany({
    data: ['UA', 'RU', 'INTERMEDIARY'].map((recipient) => ({
      recipient,
      channel: 'WEBHOOK' as const,
      address: 'http://127.0.0.1:9/unreachable',
      secret: 's',
    })),
    skipDuplicates: true,
  });
});

/**
 * The notifications sent by the channels this file gives each recipient: other files of a run on the same
 * database may give the parties more (report.test.ts mails them), each one more row per notice.
 */
const BY_OUR_CHANNELS = {
  OR: [
    { recipient: { in: ['UA', 'RU', 'INTERMEDIARY'] }, channel: 'WEBHOOK' as const },
    { recipient: 'TRACING', channel: 'EMAIL' as const },
  ],
};

const MP = '/api/missing-persons';
const contact = familyContact;

async function openPerson(party = 'UA'): Promise<string> {
  const caseNumber = unique(`MP-${party}`).toUpperCase();
  await w
    .post('tracing', MP, {
      caseNumber,
      party,
      person: { name: 'Oleksii Marchuk', dateOfBirth: '1979-11-02', serviceNumber: 'AB-123456' },
      contacts: [contact({ relation: 'FATHER', name: 'Petro Marchuk', receivesRemains: false }), contact()],
    })
    .expect(201);
  return caseNumber;
}

/** A remains case received by `party`, opened as a signed-off day opens it, and brought to a DNA profile. */
async function profiledRemains(party = 'UA', seeded?: Awaited<ReturnType<typeof seedContainers>>) {
  const input = caseInput(seeded ?? (await seedContainers(w.stack.db, 1)), {
    receivingParty: party,
    closedRetention: '1 minute',
  });
  const handle = await startRemainsCase(w, input);
  const forensic: Who = party === 'UA' ? 'forensic' : 'forensicRu';
  for (const step of ['EXAMINED', 'SAMPLED', 'PROFILED'])
    await stepOf(forensic, input.caseNumber, { step }).expect(200);
  return { caseNumber: input.caseNumber, handle, forensic };
}

const stepOf = (who: Who, caseNumber: string, body: object) => w.post(who, `/api/cases/${caseNumber}/steps`, body);
const matchOf = (who: Who, caseNumber: string, body: object) => w.post(who, `/api/cases/${caseNumber}/matches`, body);
const informed = (who: Who, person: string, body: object) => w.post(who, `${MP}/${person}/family-informed`, body);
const match = (person: string, reportNumber = unique('DNA-MR')) => ({
  missingPersonCaseNumber: person,
  reportNumber,
  kinshipStatistic: 1.2e9,
});
const personStatus = async (n: string) => (await w.get('tracing', `${MP}/${n}`).expect(200)).body.status as string;
const caseStatus = async (n: string) => (await w.get('forensic', `/api/cases/${n}`).expect(200)).body.status as string;
const now = () => new Date().toISOString();

function expectRule(res: { status: number; type: string; body: { status: number; detail: string } }, detail: RegExp) {
  expectProblem(res as never, 409);
  expect(res.body.detail).toMatch(detail);
}

describe('from a match to an answer', () => {
  it('when a match is identified, then the family is told through its designated contact before the remains go, and only to that contact', async () => {
    const person = await openPerson('UA');
    const remains = await profiledRemains('UA');

    // A match names the missing person: not a bare step, not a person of the other side.
    expectRule(
      await stepOf('forensic', remains.caseNumber, { step: 'MATCHED' }),
      /a match names the missing-person case/,
    );
    const other = await openPerson('RU');
    expectRule(
      await matchOf('forensic', remains.caseNumber, match(other)),
      /No missing-person case of UA has the number/,
    );
    const bad = await matchOf('forensic', remains.caseNumber, { ...match(person), kinshipStatistic: -3 });
    expectProblem(bad, 400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/kinshipStatistic');

    const matched = await matchOf('forensic', remains.caseNumber, match(person, 'DNA-MR-2025-0091')).expect(200);
    expect(matched.body.status).toBe('MATCHED');

    await stepOf('forensic', remains.caseNumber, { step: 'IDENTIFIED', reference: 'decision-UA-MOJ-311' }).expect(200);
    // The family is informed through the missing-person case, not by a step of the remains case.
    expectRule(
      await stepOf('forensic', remains.caseNumber, { step: 'FAMILY_INFORMED' }),
      /the family is informed through its missing-person case/,
    );
    await eventually(
      () => personStatus(person),
      (s) => s === 'IDENTIFIED_DECEASED',
      'the missing person identified',
    );
    expectRule(
      await stepOf('forensic', remains.caseNumber, { step: 'RELEASED', releasedTo: 2 }),
      /cannot release before the family is informed/,
    );

    // Until told, the party's authority is reminded (durable timers), then the task falls overdue.
    await eventually(
      () =>
        w.stack.db.notification.findMany({
          where: {
            event: { in: ['family_notice.reminder', 'family_notice.overdue'] },
            payload: { path: ['caseNumber'], equals: person },
          },
        }),
      (rows) => rows.some((r) => r.event === 'family_notice.overdue' && r.recipient === 'TRACING'),
      'a reminder and the overdue notice',
    );
    const reminders = await w.stack.db.notification.findMany({
      where: { event: 'family_notice.reminder', payload: { path: ['caseNumber'], equals: person } },
    });
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.map((r) => r.recipient)).toEqual(reminders.map(() => 'UA'));

    // Who may record it, and through whom.
    const told = { remainsCaseNumber: remains.caseNumber, informedAt: now(), channel: 'IN_PERSON', contactPosition: 2 };
    expectProblem(await informed('tracing', person, told), 403);
    expectProblem(await informed('ru', person, told), 404);
    expectProblem(await informed('forensicRu', person, told), 404);
    expectRule(
      await informed('ua', person, { ...told, contactPosition: 1 }),
      /told through its designated contact: contact 2, not 1/,
    );
    expectRule(
      await informed('ua', person, { ...told, remainsCaseNumber: 'PM-NOT-IDENTIFIED-1' }),
      /no identification of PM-NOT-IDENTIFIED-1 is waiting/,
    );
    const done = await informed('ua', person, told).expect(200);
    expect(done.body.status).toBe('FAMILY_INFORMED');
    expectRule(await informed('ua', person, told), /already told/);
    await eventually(
      () => caseStatus(remains.caseNumber),
      (s) => s === 'FAMILY_INFORMED',
      'the remains case told',
    );

    // The release goes to the designated contact only.
    expectRule(
      await stepOf('forensic', remains.caseNumber, { step: 'RELEASED' }),
      /a release names the family contact it goes to/,
    );
    expectRule(
      await stepOf('forensic', remains.caseNumber, { step: 'RELEASED', releasedTo: 1 }),
      /released only to the contact designated to receive them: contact 2/,
    );
    const released = await stepOf('forensic', remains.caseNumber, { step: 'RELEASED', releasedTo: 2 }).expect(200);
    expect(released.body.status).toBe('RELEASED');

    // Who, when, how: on the notice, and in the missing person's history.
    const notice = await w.stack.db.familyNotice.findFirstOrThrow({
      where: { missingPersonCase: { caseNumber: person } },
    });
    expect(notice).toMatchObject({
      remainsCaseNumber: remains.caseNumber,
      informedBy: 'liaison-ua-1',
      informedAt: new Date(told.informedAt),
      channel: 'IN_PERSON',
      contactPosition: 2,
    });
    expect(notice.remindersSent).toBeGreaterThan(0);
    const read = await w.get('tracing', `${MP}/${person}`).expect(200);
    expect(read.body.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['REMAINS_MATCHED', 'REMAINS_IDENTIFIED', 'FAMILY_NOTICE_REMINDER', 'FAMILY_TOLD']),
    );
    const link = await w.stack.db.remainsMatch.findFirstOrThrow({
      where: { missingPersonCase: { caseNumber: person } },
    });
    expect(link).toMatchObject({ evidence: 'DNA_MATCH', reference: 'DNA-MR-2025-0091', kinshipStatistic: 1.2e9 });
  });
});

describe('one person, several cases', () => {
  it('when remains of one person lie in several cases, then the family is told at the first identification and again at the next', async () => {
    const person = await openPerson('UA');
    const seeded = await seedContainers(w.stack.db, 2);
    const first = await profiledRemains('UA', { ...seeded, containerIds: [seeded.containerIds[0]] });
    const second = await profiledRemains('UA', { ...seeded, containerIds: [seeded.containerIds[1]] });

    await matchOf('forensic', first.caseNumber, match(person)).expect(200);
    await stepOf('forensic', first.caseNumber, { step: 'IDENTIFIED' }).expect(200);
    await eventually(
      () => personStatus(person),
      (s) => s === 'IDENTIFIED_DECEASED',
    );
    const tell = (remainsCaseNumber: string) => ({
      remainsCaseNumber,
      informedAt: now(),
      channel: 'PHONE',
      contactPosition: 2,
    });
    await informed('forensic', person, tell(first.caseNumber)).expect(200);

    // The second bag: a second match and identification open a second notice; the case stays informed of the first.
    await matchOf('forensic', second.caseNumber, match(person)).expect(200);
    await stepOf('forensic', second.caseNumber, { step: 'IDENTIFIED' }).expect(200);
    const handle = w.stack.client.workflow.getHandle(missingPersonWorkflowId(person));
    const state = await eventually(
      () => handle.query(missingPersonStateQuery),
      (s) => (s.notices ?? []).length === 2,
      'a second notice',
    );
    expect(state.status).toBe('FAMILY_INFORMED');
    expect(state.notices!.map((n) => [n.remainsCaseNumber, n.informedAt !== undefined])).toEqual([
      [first.caseNumber, true],
      [second.caseNumber, false],
    ]);
    // The second remains wait for their own notice.
    await eventually(
      () => caseStatus(second.caseNumber),
      (s) => s === 'IDENTIFIED',
    );
    expectRule(
      await stepOf('forensic', second.caseNumber, { step: 'RELEASED', releasedTo: 2 }),
      /cannot release before the family is informed/,
    );
    await informed('ua', person, tell(second.caseNumber)).expect(200);
    await eventually(
      () => caseStatus(second.caseNumber),
      (s) => s === 'FAMILY_INFORMED',
    );
    await stepOf('forensic', second.caseNumber, { step: 'RELEASED', releasedTo: 2 }).expect(200);

    const told = await w.stack.db.missingPersonEvent.findMany({
      where: { case: { caseNumber: person }, kind: { in: ['REMAINS_IDENTIFIED', 'FAMILY_TOLD'] } },
      orderBy: { occurredAt: 'asc' },
    });
    expect(told.map((e) => [e.kind, e.reference])).toEqual([
      ['REMAINS_IDENTIFIED', first.caseNumber],
      ['FAMILY_TOLD', first.caseNumber],
      ['REMAINS_IDENTIFIED', second.caseNumber],
      ['FAMILY_TOLD', second.caseNumber],
    ]);
    const opened = await w.stack.db.notification.findMany({
      where: {
        event: 'family_notice.opened',
        recipient: 'UA',
        payload: { path: ['caseNumber'], equals: person },
        ...BY_OUR_CHANNELS,
      },
    });
    expect(opened).toHaveLength(2);
  });
});

describe('a national of the other side', () => {
  it('when remains received by UA prove to be a person RU families reported missing, then they are queued to go back, RU gets the shared record, everyone is told and the missing person’s case follows', async () => {
    const person = await openPerson('RU');
    const remains = await profiledRemains('UA');
    const path = `/api/cases/${remains.caseNumber}/foreign-national`;
    const shared = `/api/cases/${remains.caseNumber}/shared-record`;
    const finding = {
      missingPersonCaseNumber: person,
      evidence: 'DNA_MATCH',
      reference: 'DNA-MR-RU-17',
      kinshipStatistic: 2e8,
    };

    // Refused: a person of the receiving party's own side, a DNA match without its statistic, the other party's staff.
    const own = await openPerson('UA');
    expectRule(
      await w.post('forensic', path, { ...finding, missingPersonCaseNumber: own }),
      /No missing-person case of the other side has the number/,
    );
    const bare = await w.post('forensic', path, { ...finding, kinshipStatistic: undefined });
    expectProblem(bare, 400);
    expect(bare.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/kinshipStatistic');
    expectProblem(await w.post('forensicRu', path, finding), 404);
    expectProblem(await w.get('ru', shared), 404);
    expectRule(
      await stepOf('forensic', remains.caseNumber, { step: 'RETURNED_TO_OTHER_PARTY' }),
      /a return names the party the remains go to/,
    );

    const found = await w.post('forensic', path, finding).expect(200);
    expect(found.body.status).toBe('PROFILED');

    // The coordinator sees the queue when planning the next operation in the other direction.
    const queue = await w.get('coordinator', '/api/returns?from=UA&to=RU').expect(200);
    expect(queue.body.items).toContainEqual({
      caseNumber: remains.caseNumber,
      operationReference: expect.any(String),
      from: 'UA',
      to: 'RU',
      status: 'PROFILED',
      missingPersonCaseNumber: person,
      evidence: 'DNA_MATCH',
      foundAt: expect.any(String),
    });
    const byQueue = await w.get('by', '/api/returns').expect(200);
    expect(byQueue.body.items.map((i: { caseNumber: string }) => i.caseNumber)).not.toContain(remains.caseNumber);

    // The other party's liaison and forensic service get the shared record; each release of it is logged.
    for (const who of ['ru', 'forensicRu'] as const) {
      const record = await w.get(who, shared).expect(200);
      expect(record.body).toMatchObject({
        caseNumber: remains.caseNumber,
        receivingParty: 'UA',
        finding: { missingPersonCaseNumber: person, evidence: 'DNA_MATCH', returnTo: 'RU', returnedAt: null },
      });
    }
    expectProblem(await w.get('by', shared), 404);
    const released = await w.stack.db.dataAccessLog.findMany({
      where: { resource: `case-shared-record:${remains.caseNumber}`, party: 'RU', dataParty: 'UA' },
    });
    expect(released.map((r) => r.principal).sort()).toEqual(['forensic-ru-1', 'liaison-ru-1']);
    // Only the shared record: not the full case, and no change of it.
    expectProblem(await w.get('ru', `/api/cases/${remains.caseNumber}`), 404);
    expectProblem(await stepOf('forensicRu', remains.caseNumber, { step: 'EXAMINED' }), 404);
    // UA never sees the RU family's case.
    expectProblem(await w.get('forensic', `${MP}/${person}`), 404);

    // Both parties and the intermediary are told, with identifiers only.
    const told = await eventually(
      () =>
        w.stack.db.notification.findMany({
          where: {
            event: 'case.foreign_national',
            payload: { path: ['caseNumber'], equals: remains.caseNumber },
            ...BY_OUR_CHANNELS,
          },
        }),
      (rows) => rows.length === 4,
      'the four notifications',
    );
    expect(told.map((n) => n.recipient).sort()).toEqual(['INTERMEDIARY', 'RU', 'TRACING', 'UA']);
    expect(told[0].payload).toEqual({
      caseNumber: remains.caseNumber,
      missingPersonCaseNumber: person,
      returnTo: 'RU',
      evidence: 'DNA_MATCH',
    });

    // Returned in a later operation: off the queue, and the RU case follows across the border.
    await stepOf('forensic', remains.caseNumber, {
      step: 'RETURNED_TO_OTHER_PARTY',
      reference: 'manifest-UA-RU-2025-07',
    }).expect(200);
    const after = await w.get('coordinator', '/api/returns?to=RU').expect(200);
    expect(after.body.items.map((i: { caseNumber: string }) => i.caseNumber)).not.toContain(remains.caseNumber);
    const ruCase = await w.get('ru', `${MP}/${person}`).expect(200);
    expect(ruCase.body.remains).toEqual([
      expect.objectContaining({ caseNumber: remains.caseNumber, returnTo: 'RU', returnedAt: expect.any(String) }),
    ]);
    expect(ruCase.body.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['REMAINS_FOUND_ACROSS', 'REMAINS_RETURNED']),
    );
    const returned = await eventually(
      () => w.stack.db.notification.findMany({ where: { event: 'case.returned_to_other_party', recipient: 'RU' } }),
      (rows) => rows.some((r) => (r.payload as { caseNumber: string }).caseNumber === remains.caseNumber),
      'RU told of the return',
    );
    expect(returned.length).toBeGreaterThan(0);
  });
});
