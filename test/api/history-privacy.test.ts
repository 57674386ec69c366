import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/api/app';
import { EncryptionCodec } from '../../src/temporal/codec';
import {
  caseWorkflowId,
  handoverWorkflowId,
  missingPersonWorkflowId,
  operationWorkflowId,
} from '../../workflows/shared/ids';
import { caseInput, seedContainers } from '../helpers/cases';
import { testPayloadKeys, unique } from '../helpers/stack';
import { recorded } from '../helpers/workflow';
import {
  acknowledge,
  confirmedOperation,
  dayPath,
  DAYS,
  eventually,
  familyContact,
  ruTags,
  scheduleDay,
  startRemainsCase,
  submitManifest,
  useApiWorld,
} from './support';

/**
 * What an operator, or anyone with access to the Temporal server's store,
 * finds in a workflow history: ciphertext where the personal data of the
 * dead is, and the plain data only through the codec (server).
 */

const w = useApiWorld();

const PEOPLE = [
  { name: 'Oleksii Marchuk', dateOfBirth: '1979-11-02' },
  { name: 'Pavlo Zaitsev', dateOfBirth: '1994-06-23' },
];

/** The whole history as the server stores and serves it, with no codec. */
async function rawHistory(workflowId: string): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await w.stack.client.workflowService.getWorkflowExecutionHistory({
      namespace: w.stack.config.temporal.namespace,
      execution: { workflowId },
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

/** Every payload anywhere in the events (inputs, results, updates, memos, failures). */
function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (!value || typeof value !== 'object' || value instanceof Uint8Array) return found;
  const o = value as Record<string, unknown>;
  if (o.data instanceof Uint8Array && o.metadata && typeof o.metadata === 'object') found.push(o);
  for (const child of Object.values(o)) payloadsIn(child, found);
  return found;
}

/** The bytes of a history as the server stores them. */
const historyBytes = (events: temporal.api.history.v1.IHistoryEvent[]) =>
  Buffer.from(temporal.api.history.v1.History.encode({ events }).finish()).toString('latin1');

describe('personal data in workflow history', () => {
  it('when a manifest declares identities, then the raw history holds none of them, and the codec opens them', async () => {
    const { reference, date, days } = await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const date = DAYS[0];
      await scheduleDay(w, reference, date);
      const lines = ruTags(date).map((tag, i) => (PEOPLE[i] ? { tag, declaredIdentity: PEOPLE[i] } : { tag }));
      await w.post('ru', `${dayPath(reference, date)}/manifests`, { from: 'RU', to: 'UA', lines }).expect(201);
      await acknowledge(w, reference, date, 'RU');
      await submitManifest(w, reference, date, 'UA');
      // The day writes its manifests just after answering: read them once written.
      await recorded(w.stack.client.workflow.getHandle(handoverWorkflowId(reference, date)));
      return { reference, date, days: [handoverWorkflowId(reference, date)] };
    });

    // PostgreSQL keeps the declared identity (the record the parties rely on).
    const stored = await w.stack.db.manifestLine.findMany({
      where: { manifest: { handover: { workflowId: days[0] } }, declaredName: { not: null } },
      orderBy: { lineNo: 'asc' },
    });
    expect(stored.map((l) => [l.tag, l.declaredName, l.declaredDateOfBirth?.toISOString().slice(0, 10)])).toEqual([
      [ruTags(date)[0], PEOPLE[0].name, PEOPLE[0].dateOfBirth],
      [ruTags(date)[1], PEOPLE[1].name, PEOPLE[1].dateOfBirth],
    ]);

    const codec = new EncryptionCodec(testPayloadKeys());
    let opened = '';
    for (const workflowId of [operationWorkflowId(reference), ...days]) {
      const events = await rawHistory(workflowId);
      // The bytes the server holds: no name, no family name alone, no date of birth.
      const bytes = historyBytes(events);
      for (const person of PEOPLE) {
        expect(bytes).not.toContain(person.name);
        expect(bytes).not.toContain(person.name.split(' ')[1]);
        expect(bytes).not.toContain(person.dateOfBirth);
      }
      const decoded = await codec.decode(payloadsIn(events));
      opened += decoded.map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');
    }
    // With the key, the same history gives them back: they went through Temporal, sealed.
    for (const person of PEOPLE) {
      expect(opened).toContain(person.name);
      expect(opened).toContain(person.dateOfBirth);
    }
  });

  it('when an operator sends a payload of that history to the codec server, then they see the declared identity', async () => {
    const { dayId } = await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const date = DAYS[1];
      await scheduleDay(w, reference, date);
      const lines = ruTags(date).map((tag, i) => (i === 0 ? { tag, declaredIdentity: PEOPLE[0] } : { tag }));
      await w.post('ru', `${dayPath(reference, date)}/manifests`, { from: 'RU', to: 'UA', lines }).expect(201);
      return { dayId: handoverWorkflowId(reference, date) };
    });
    const events = await rawHistory(dayId);
    const update = events.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes)!;
    const args = update.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!.payloads!;
    const asJson = args.map((p) => ({
      metadata: Object.fromEntries(
        Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
      data: Buffer.from(p.data ?? []).toString('base64'),
    }));
    expect(Buffer.from(args[0].data!).toString('latin1')).not.toContain(PEOPLE[0].name);

    const res = await request(w.app)
      .post('/codec/decode')
      .auth(w.people.operator, { type: 'bearer' })
      .set('x-namespace', w.stack.config.temporal.namespace)
      .send({ payloads: asJson })
      .expect(200);
    const manifest = JSON.parse(Buffer.from(res.body.payloads[0].data, 'base64').toString('utf8'));
    expect(manifest.lines[0]).toEqual({ tag: expect.any(String), declaredIdentity: PEOPLE[0] });
  });
});

const PERSON = {
  name: 'Oleksii Marchuk',
  dateOfBirth: '1979-11-02',
  serviceNumber: 'AB-123456',
  lastKnownPlace: 'Bakhmut',
};
const RELATIVE = { name: 'Halyna Marchuk', address: '+380 44 123 4567' };
/** What of a missing person and their family must never be in a history, a log or an error. */
const SECRETS = [
  PERSON.name,
  'Marchuk',
  PERSON.dateOfBirth,
  PERSON.serviceNumber,
  PERSON.lastKnownPlace,
  RELATIVE.name,
  RELATIVE.address,
];

/** The API on the test stack, logging everything (trace level) into `logged()`, to be searched. */
function appLoggingToMemory() {
  let logged = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      logged += chunk.toString();
      done();
    },
  });
  const app = createApp({
    config: w.stack.config,
    db: w.stack.db,
    temporal: w.stack.client,
    logger: pino({ level: 'trace' }, sink),
  });
  return { app, logged: () => logged };
}

describe('personal data of missing persons and families: a case opened, searched and moved on', () => {
  it('when a case is opened, searched, read, refused and moved on, then neither its workflow history nor the logs hold a name, contact or AM detail', async () => {
    const { app, logged } = appLoggingToMemory();
    const as = (method: 'get' | 'post', path: string) =>
      request(app)[method](path).auth(w.people.tracing, { type: 'bearer' });
    const caseNumber = unique('MP-UA').toUpperCase();
    const contact = familyContact(RELATIVE);
    await w.stack.withWorker(async () => {
      await as('post', '/api/missing-persons')
        .send({ caseNumber, party: 'UA', person: PERSON, contacts: [contact] })
        .expect(201);
      await as('get', '/api/missing-persons')
        .query({ name: PERSON.name, serviceNumber: PERSON.serviceNumber })
        .expect(200);
      await as('get', `/api/missing-persons/${caseNumber}`).expect(200);
      // Refused requests: a bad contact and a duplicate case.
      await as('post', `/api/missing-persons/${caseNumber}/contacts`)
        .send({ ...contact, preferredLanguage: RELATIVE.name })
        .expect(400);
      await as('post', '/api/missing-persons')
        .send({ caseNumber, party: 'UA', person: PERSON, contacts: [contact] })
        .expect(409);
      for (const status of ['ACTIVE', 'LOCATED_ALIVE']) {
        await as('post', `/api/missing-persons/${caseNumber}/status`).send({ status }).expect(200);
      }
    });
    const events = await rawHistory(missingPersonWorkflowId(caseNumber));
    expect(events.length).toBeGreaterThan(0);
    const bytes = historyBytes(events);
    for (const secret of SECRETS) {
      expect([secret, bytes.includes(secret)]).toEqual([secret, false]);
      expect([secret, logged().includes(secret)]).toEqual([secret, false]);
    }
    expect(logged()).toContain(caseNumber);
  });
});

describe('personal data of missing persons and families: remains matched, the family told, remains released', () => {
  it('when remains are matched, identified, the family told, the remains released, and others found to be a national of the other side, then no history, log or error holds a name, contact or AM detail', async () => {
    const { app, logged } = appLoggingToMemory();
    const as = (who: 'tracing' | 'forensic' | 'ua', method: 'get' | 'post', path: string) =>
      request(app)[method](path).auth(w.people[who], { type: 'bearer' });
    const contact = familyContact(RELATIVE);
    const ua = unique('MP-UA').toUpperCase();
    const ru = unique('MP-RU').toUpperCase();
    let errors = '';
    const workflowIds: string[] = [missingPersonWorkflowId(ua)];
    await w.stack.withWorker(async () => {
      await as('tracing', 'post', '/api/missing-persons')
        .send({ caseNumber: ua, party: 'UA', person: PERSON, contacts: [contact] })
        .expect(201);
      await as('tracing', 'post', '/api/missing-persons')
        .send({ caseNumber: ru, party: 'RU', person: PERSON, contacts: [contact] })
        .expect(201);
      const remains: string[] = [];
      for (let i = 0; i < 2; i++) {
        const input = caseInput(await seedContainers(w.stack.db, 1));
        await startRemainsCase(w, input);
        for (const step of ['EXAMINED', 'SAMPLED', 'PROFILED']) {
          await as('forensic', 'post', `/api/cases/${input.caseNumber}/steps`).send({ step }).expect(200);
        }
        remains.push(input.caseNumber);
        workflowIds.push(caseWorkflowId(input.caseNumber));
      }
      const [own, foreign] = remains;
      const steps = (n: string) => as('forensic', 'post', `/api/cases/${n}/steps`);
      await as('forensic', 'post', `/api/cases/${own}/matches`)
        .send({ missingPersonCaseNumber: ua, reportNumber: 'DNA-MR-1', kinshipStatistic: 1e9 })
        .expect(200);
      await steps(own).send({ step: 'IDENTIFIED' }).expect(200);
      await eventually(
        () => w.stack.db.familyNotice.count({ where: { remainsCaseNumber: own } }),
        (n) => n === 1,
      );
      const told = { remainsCaseNumber: own, informedAt: new Date().toISOString(), channel: 'PHONE' };
      // Refused requests: the wrong contact, a release before the family is told, a bad statistic.
      errors += JSON.stringify(
        (await as('ua', 'post', `/api/missing-persons/${ua}/family-informed`).send({ ...told, contactPosition: 2 }))
          .body,
      );
      errors += JSON.stringify((await steps(own).send({ step: 'RELEASED', releasedTo: 1 })).body);
      errors += JSON.stringify(
        (
          await as('forensic', 'post', `/api/cases/${foreign}/matches`).send({
            missingPersonCaseNumber: ru,
            reportNumber: PERSON.serviceNumber,
            kinshipStatistic: 'many',
          })
        ).body,
      );
      await as('ua', 'post', `/api/missing-persons/${ua}/family-informed`)
        .send({ ...told, contactPosition: 1 })
        .expect(200);
      await eventually(
        () => w.stack.db.remainsCase.findUniqueOrThrow({ where: { caseNumber: own } }),
        (row) => row.status === 'FAMILY_INFORMED',
      );
      await steps(own).send({ step: 'RELEASED', releasedTo: 1 }).expect(200);
      await as('forensic', 'post', `/api/cases/${foreign}/foreign-national`)
        .send({ missingPersonCaseNumber: ru, evidence: 'DOCUMENTS', reference: 'doc-ID-0457' })
        .expect(200);
      await steps(foreign).send({ step: 'RETURNED_TO_OTHER_PARTY' }).expect(200);
      await as('tracing', 'get', `/api/missing-persons/${ua}`).expect(200);
    });
    for (const workflowId of workflowIds) {
      const events = await rawHistory(workflowId);
      expect(events.length).toBeGreaterThan(0);
      const bytes = historyBytes(events);
      for (const secret of SECRETS)
        expect([workflowId, secret, bytes.includes(secret)]).toEqual([workflowId, secret, false]);
    }
    expect(errors).toContain('designated contact');
    for (const secret of SECRETS) {
      expect([secret, logged().includes(secret)]).toEqual([secret, false]);
      expect([secret, errors.includes(secret)]).toEqual([secret, false]);
    }
    expect(logged()).toContain(ua);
  });
});
