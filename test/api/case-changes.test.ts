import request from 'supertest';
import type { Express } from 'express';
import { caseStateQuery } from '../../workflows/remains-case/messages';
import { caseWorkflowId } from '../../workflows/shared/ids';
import { caseRecords, seedMissingPerson } from '../helpers/cases';
import { eventually } from '../helpers/processes';
import type { TestStack } from '../helpers/stack';
import { useCaseWorld, type CaseTokens } from './case-world';

/**
 * The forensic side of the API on the real stack, changing cases: steps,
 * split and merge in the token's principal's name, and the answers to bad
 * inputs (a refusal changes neither the workflow nor PostgreSQL). Reading
 * and neutrality: cases.test.ts.
 */

const cw = useCaseWorld();
let stack: TestStack;
let app: Express;
let tokens: CaseTokens;
beforeAll(() => {
  ({ stack, app, tokens } = cw.world());
});
const { opened, get, post, openCase, snapshot } = cw;

describe('recording steps', () => {
  it('when forensic staff take a case through every step to RELEASED, then PostgreSQL holds each step recorded by the token’s principal', async () => {
    const c = await openCase();
    const missingPersonCaseNumber = await seedMissingPerson(stack.db, 'UA');
    const at = '2025-07-01T09:30:00.000Z';
    const send = (path: string, body: object, key: string) =>
      request(app)
        .post(`/api/cases/${c.caseNumber}/${path}`)
        .auth(tokens.forensic, { type: 'bearer' })
        .set('idempotency-key', `${c.caseNumber}:${key}`)
        .send(body)
        .expect(200);
    for (const [step, reference] of [
      ['EXAMINED', 'pm-report-17'],
      ['SAMPLED', 'sample-0042'],
      ['PROFILED', 'profile-0042'],
    ]) {
      const res = await send('steps', { step, occurredAt: at, reference }, step);
      expect(res.body).toMatchObject({ caseNumber: c.caseNumber, status: step });
      expect(res.body).not.toHaveProperty('caseId');
    }
    // The match names the missing person; the family is told through that case by the party's authority.
    await send(
      'matches',
      { missingPersonCaseNumber, reportNumber: 'match-7781', kinshipStatistic: 4.5e8, occurredAt: at },
      'M',
    );
    await send('steps', { step: 'IDENTIFIED', occurredAt: at, reference: 'decision-UA-MOJ-311' }, 'IDENTIFIED');
    await eventually(
      async () => (await stack.db.familyNotice.count({ where: { remainsCaseNumber: c.caseNumber } })) === 1 || null,
      'the family notice',
    );
    await request(app)
      .post(`/api/missing-persons/${missingPersonCaseNumber}/family-informed`)
      .auth(tokens.ua, { type: 'bearer' })
      .send({
        remainsCaseNumber: c.caseNumber,
        informedAt: new Date().toISOString(),
        channel: 'IN_PERSON',
        contactPosition: 1,
      })
      .expect(200);
    await eventually(
      async () => (await caseRecords(stack.db, c.caseNumber))!.status === 'FAMILY_INFORMED' || null,
      'the family informed',
    );
    await send('steps', { step: 'RELEASED', occurredAt: at, reference: 'release-form-88', releasedTo: 1 }, 'RELEASED');
    // A retried request (same Idempotency-Key) gets the first answer and records nothing more.
    const replay = await send(
      'steps',
      { step: 'RELEASED', occurredAt: at, reference: 'release-form-88', releasedTo: 1 },
      'RELEASED',
    );
    expect(replay.headers['idempotent-replayed']).toBe('true');

    const row = await caseRecords(stack.db, c.caseNumber);
    expect(row!.status).toBe('RELEASED');
    expect(row!.events.map((e) => [e.sequence, e.kind, e.step, e.recordedBy, e.reference])).toEqual([
      [1, 'STEP', 'RECEIVED', c.input.openedBy, null],
      [2, 'STEP', 'EXAMINED', 'forensic-ua-1', 'pm-report-17'],
      [3, 'STEP', 'SAMPLED', 'forensic-ua-1', 'sample-0042'],
      [4, 'STEP', 'PROFILED', 'forensic-ua-1', 'profile-0042'],
      [5, 'STEP', 'MATCHED', 'forensic-ua-1', 'match-7781'],
      [6, 'STEP', 'IDENTIFIED', 'forensic-ua-1', 'decision-UA-MOJ-311'],
      [7, 'STEP', 'FAMILY_INFORMED', 'liaison-ua-1', null],
      [8, 'STEP', 'RELEASED', 'forensic-ua-1', 'release-form-88'],
    ]);
    expect(
      row!.events
        .filter((e) => e.step !== 'FAMILY_INFORMED')
        .slice(1)
        .every((e) => e.occurredAt.toISOString() === at),
    ).toBe(true);
    expect(row!.events.slice(4).map((e) => e.relatedCase)).toEqual(Array(4).fill(missingPersonCaseNumber));

    const closed = await post('forensic', `/api/cases/${c.caseNumber}/steps`, { step: 'EXAMINED' }).expect(409);
    expect(closed.body.detail).toBe(`case is closed: ${c.caseNumber} is RELEASED`);
    const read = await get('forensic', `/api/cases/${c.caseNumber}`).expect(200);
    expect(read.body.status).toBe('RELEASED');
  });
});

describe('split and merge', () => {
  it('when forensic staff split and merge over the API, then the workflow does it in the token’s principal’s name', async () => {
    const c = await openCase();
    const split = await post('forensic', `/api/cases/${c.caseNumber}/split`, { parts: 1, reference: 'pm-report-17' });
    expect(split.status).toBe(200);
    expect(split.body).toEqual({ caseNumbers: [`${c.caseNumber}.1`] });
    const child = stack.client.workflow.getHandle(caseWorkflowId(`${c.caseNumber}.1`));
    opened.push(child);
    await eventually(async () => (await child.query(caseStateQuery)).caseId, 'the split-off case');
    const childRow = await caseRecords(stack.db, `${c.caseNumber}.1`);
    expect(childRow!.events.map((e) => [e.kind, e.recordedBy, e.relatedCase])).toEqual([
      ['STEP', 'forensic-ua-1', c.caseNumber],
    ]);

    const merged = await post('forensic', `/api/cases/${c.caseNumber}/merge`, {
      absorbedCaseNumber: `${c.caseNumber}.1`,
    }).expect(200);
    expect(merged.body).toMatchObject({ caseNumber: c.caseNumber, status: 'RECEIVED', sequence: 3 });
    await eventually(
      async () => (await caseRecords(stack.db, `${c.caseNumber}.1`))!.status === 'MERGED',
      'the absorbed case to end as merged',
    );
    expect((await caseRecords(stack.db, c.caseNumber))!.events.map((e) => [e.kind, e.recordedBy])).toEqual([
      ['STEP', c.input.openedBy],
      ['SPLIT', 'forensic-ua-1'],
      ['ABSORBED', 'forensic-ua-1'],
    ]);
    expect((await caseRecords(stack.db, `${c.caseNumber}.1`))!.events.at(-1)).toMatchObject({
      kind: 'MERGED',
      recordedBy: 'forensic-ua-1',
    });
  });

  it('when a case of the other party is named for a merge, then it is refused exactly as an absent case is, and nothing changes', async () => {
    const c = await openCase();
    const ru = await openCase({ receivingParty: 'RU', responsibleAuthority: 'RU-MOD' });
    const before = await snapshot(c);
    const hidden = await post('forensic', `/api/cases/${c.caseNumber}/merge`, {
      absorbedCaseNumber: ru.caseNumber,
    }).expect(409);
    expect(hidden.body.detail).toBe(`no case ${ru.caseNumber}`);
    const absent = await post('forensic', `/api/cases/${c.caseNumber}/merge`, {
      absorbedCaseNumber: 'PM-NOBODY',
    }).expect(409);
    expect(absent.body.detail).toBe('no case PM-NOBODY');
    expect(await snapshot(c)).toEqual(before);
    expect((await caseRecords(stack.db, ru.caseNumber))!.status).toBe('RECEIVED');
  });
});

describe('bad inputs', () => {
  const table: [string, number, (n: string) => [string, object], (body: Record<string, unknown>) => void][] = [
    [
      'the case is unknown',
      404,
      () => ['/api/cases/PM-NOBODY/steps', { step: 'EXAMINED' }],
      (b) => expect(b.detail).toBe('No case has that PM number.'),
    ],
    [
      'the step is unknown',
      400,
      (n) => [`/api/cases/${n}/steps`, { step: 'BURIED' }],
      (b) =>
        expect(b.errors).toEqual([{ pointer: '/step', message: expect.stringMatching(/^must be one of EXAMINED, /) }]),
    ],
    [
      'the step is missing',
      400,
      (n) => [`/api/cases/${n}/steps`, {}],
      (b) => expect(b.errors).toEqual([{ pointer: '/step', message: 'is required' }]),
    ],
    [
      'the body names who records it',
      400,
      (n) => [`/api/cases/${n}/steps`, { step: 'EXAMINED', by: 'someone-else' }],
      (b) => expect(b.detail).toMatch(/"by"/),
    ],
    [
      'the reference is free text',
      400,
      (n) => [`/api/cases/${n}/steps`, { step: 'EXAMINED', reference: 'Ivan Petrov, son' }],
      (b) => expect(b.errors).toEqual([expect.objectContaining({ pointer: '/reference' })]),
    ],
    [
      'occurredAt is not a date and time',
      400,
      (n) => [`/api/cases/${n}/steps`, { step: 'EXAMINED', occurredAt: 'yesterday' }],
      (b) => expect(b.errors).toEqual([expect.objectContaining({ pointer: '/occurredAt' })]),
    ],
    [
      'the step comes out of order',
      409,
      (n) => [`/api/cases/${n}/steps`, { step: 'SAMPLED' }],
      (b) => expect(b.detail).toBe('no DNA sample before the post-mortem examination'),
    ],
    [
      'occurredAt is in the future',
      400,
      (n) => [`/api/cases/${n}/steps`, { step: 'EXAMINED', occurredAt: '2999-01-01T00:00:00Z' }],
      (b) => expect(b.errors).toEqual([{ pointer: '/occurredAt', message: 'is in the future' }]),
    ],
    [
      'a split asks for too many parts',
      400,
      (n) => [`/api/cases/${n}/split`, { parts: 21 }],
      (b) => expect(b.errors).toEqual([expect.objectContaining({ pointer: '/parts' })]),
    ],
    [
      'a split names a container of another case',
      409,
      (n) => [`/api/cases/${n}/split`, { parts: 1, containerIds: ['00000000-0000-4000-8000-000000000000'] }],
      (b) => expect(b.detail).toMatch(/are not among this case's containers$/),
    ],
    [
      'a case is to absorb itself',
      409,
      (n) => [`/api/cases/${n}/merge`, { absorbedCaseNumber: n }],
      (b) => expect(b.detail).toBe('a case cannot absorb itself'),
    ],
  ];

  it.each(table)('when %s, then it is a %i problem and nothing changes', async (_name, status, make, check) => {
    const c = await openCase();
    const before = await snapshot(c);
    const [path, body] = make(c.caseNumber);
    const res = await post('forensic', path, body);
    expect([res.status, res.type]).toEqual([status, 'application/problem+json']);
    check(res.body);
    expect(await snapshot(c)).toEqual(before);
  });

  it('when an unknown case is read, then it is a 404', async () => {
    const res = await get('coordinator', '/api/cases/PM-NOBODY').expect(404);
    expect(res.body.detail).toBe('No case has that PM number.');
    await get('coordinator', '/api/cases/not%20a%20number').expect(404);
  });
});
