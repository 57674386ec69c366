import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import request from 'supertest';
import { EncryptionCodec } from '../../src/temporal/codec';
import { handoverWorkflowId, operationWorkflowId } from '../../workflows/ids';
import { testPayloadKeys } from '../helpers/stack';
import {
  acknowledge,
  confirmedOperation,
  dayPath,
  DAYS,
  openWorld,
  ruTags,
  scheduleDay,
  submitManifest,
  type World,
} from './support';

/**
 * What an operator, or anyone with access to the Temporal server's store,
 * finds in a workflow history: ciphertext where the personal data of the
 * dead is, and the plain data only through the codec (server).
 */

let w: World;
beforeAll(async () => {
  w = await openWorld();
});
afterAll(() => w.stack.close());

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
  if (o.data instanceof Uint8Array && o.metadata && typeof o.metadata === 'object') found.push(o as Payload);
  for (const child of Object.values(o)) payloadsIn(child, found);
  return found;
}

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
      const bytes = Buffer.from(temporal.api.history.v1.History.encode({ events }).finish()).toString('latin1');
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
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(p.data ?? []).toString('base64'),
    }));
    expect(Buffer.from(args[0].data!).toString('latin1')).not.toContain(PEOPLE[0].name);

    const res = await request(w.app)
      .post('/codec/decode')
      .auth(w.tokens.operator, { type: 'bearer' })
      .set('x-namespace', w.stack.config.temporal.namespace)
      .send({ payloads: asJson })
      .expect(200);
    const manifest = JSON.parse(Buffer.from(res.body.payloads[0].data, 'base64').toString('utf8'));
    expect(manifest.lines[0]).toEqual({ tag: expect.any(String), declaredIdentity: PEOPLE[0] });
  });
});
