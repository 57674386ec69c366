import { seedContainers } from '../helpers/cases';
import { unique } from '../helpers/stack';
import { familyContact, opPath, useApiWorld, type Who } from './support';

/** An operation of RU and UA and a remains case of UA's, as rows: these tests stop at the body's check. */
async function seedCase(): Promise<{ reference: string; caseNumber: string }> {
  const { operationReference: reference } = await seedContainers(w.stack.db, 0);
  const operation = await w.stack.db.repatriationOperation.findUniqueOrThrow({ where: { reference } });
  await w.stack.db.party.createMany({
    data: ['RU', 'UA'].map((code) => ({ code, name: code })),
    skipDuplicates: true,
  });
  await w.stack.db.operationParty.createMany({
    data: ['RU', 'UA'].map((partyCode) => ({ operationId: operation.id, partyCode })),
  });
  const caseNumber = unique('PM-UA');
  await w.stack.db.remainsCase.create({
    data: {
      caseNumber,
      operationId: operation.id,
      receivingParty: 'UA',
      workflowId: `test-case:${caseNumber}`,
      responsibleAuthority: 'UA-MOJ',
      lastProgressAt: new Date(),
    },
  });
  return { reference, caseNumber };
}

/**
 * A refused body names the field it refuses, once, and each rule has one
 * class of answer: consent (a union of two forms), free text on a
 * discrepancy's statements, dates on a missing person, and a timestamp in
 * the future (400 with the field, whichever route takes it).
 */

jest.setTimeout(180_000);

const w = useApiWorld();
const MP = '/api/missing-persons';
const FUTURE = '2099-01-01T00:00:00Z';

const pointers = (res: { body: { errors?: { pointer: string }[] } }) => (res.body.errors ?? []).map((e) => e.pointer);

async function expect400(
  res: { status: number; type: string; body: { errors?: { pointer: string }[] } },
  fields: string[],
) {
  expect({ status: res.status, type: res.type, pointers: pointers(res) }).toEqual({
    status: 400,
    type: 'application/problem+json',
    pointers: fields,
  });
}

const person = (over: object = {}) => ({
  name: 'Oleksii Marchuk',
  dateOfBirth: '1979-11-02',
  serviceNumber: 'AB-123456',
  lastKnownPlace: 'Bakhmut',
  lastKnownDate: '2023-05-20',
  ...over,
});

async function openPerson(): Promise<string> {
  const caseNumber = unique('MP-UA').toUpperCase();
  await w
    .post('tracing', MP, {
      caseNumber,
      party: 'UA',
      person: person(),
      contacts: [familyContact(), familyContact({ receivesRemains: false })],
    })
    .expect(201);
  return caseNumber;
}

describe('consent names the field it refuses', () => {
  it.each([
    [{ scope: 'zz', shareWithOtherParty: true }, ['/scope']],
    [{ scope: 'IDENTIFICATION_ONLY' }, ['/shareWithOtherParty']],
    [{ withdrawn: false }, ['/withdrawn']],
  ])('when consent is %j, then it is a 400 naming %j', async (body, fields) => {
    const n = await openPerson();
    await expect400(await w.post('tracing', `${MP}/${n}/contacts/2/consent`, body), fields);
  });
});

describe('a discrepancy statement with a NUL is refused once per field', () => {
  let reference = '';
  beforeAll(async () => {
    ({ reference } = await seedCase());
  });
  const id = '00000000-0000-4000-8000-000000000001';
  const NUL = 'seals checked \u0000 twice';
  it.each<[Who, string, object, string]>([
    ['ua', 'discrepancies', { kind: 'SCHEDULE_DISPUTE', statement: NUL }, '/statement'],
    ['ua', `discrepancies/${id}/accounts`, { statement: NUL }, '/statement'],
    ['ua', `discrepancies/${id}/proposals`, { resolution: NUL }, '/resolution'],
    ['ua', `discrepancies/${id}/escalation`, { reason: NUL }, '/reason'],
    ['coordinator', `discrepancies/${id}/decision`, { resolution: NUL }, '/resolution'],
  ])('when %s posts to %s, then the 400 names the field once', async (who, path, body, field) => {
    await expect400(await w.post(who, `${opPath(reference)}/${path}`, body), [field]);
  });
});

describe('a missing person’s dates are plausible', () => {
  it.each([
    [{ dateOfBirth: '2099-01-01' }, ['/person/dateOfBirth']],
    [{ lastKnownDate: '2099-01-01' }, ['/person/lastKnownDate']],
    [{ dateOfBirth: '1990-01-01', lastKnownDate: '1989-12-31' }, ['/person/lastKnownDate']],
  ])('when a case is opened with %j, then it is a 400 naming %j', async (over, fields) => {
    const body = {
      caseNumber: unique('MP-UA').toUpperCase(),
      party: 'UA',
      person: person(over),
      contacts: [familyContact()],
    };
    await expect400(await w.post('tracing', MP, body), fields);
  });
});

describe('a timestamp in the future is one class of answer everywhere', () => {
  it('when a case step or a family notice is dated 2099, then each is a 400 naming its field', async () => {
    const { caseNumber } = await seedCase();
    const steps = await w.post('forensic', `/api/cases/${caseNumber}/steps`, { step: 'EXAMINED', occurredAt: FUTURE });
    await expect400(steps, ['/occurredAt']);
    const n = await openPerson();
    const told = { remainsCaseNumber: caseNumber, informedAt: FUTURE, channel: 'PHONE', contactPosition: 1 };
    await expect400(await w.post('ua', `${MP}/${n}/family-informed`, told), ['/informedAt']);
    const review = await w.post('tracing', `${MP}/${n}/reviews`, { channel: 'PHONE', occurredAt: FUTURE });
    await expect400(review, ['/occurredAt']);
  });
});
