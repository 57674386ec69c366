import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import request from 'supertest';
import { asSuperuserBypassingTriggers } from '../helpers/tamper';
import {
  EVERYONE,
  PEOPLE,
  confirmedOperation,
  countedDay,
  eventually,
  expectProblem,
  openedDay,
  refusalStatus,
  dayPath,
  opPath,
  ruTags,
  uaTags,
  useApiWorld,
} from './support';

/** The chain of custody through the API: recomputed for a container or an operation, for each reader. */

const w = useApiWorld();

const DATE = '2025-06-11';

/** An operation with one day signed off: RU's three containers received by UA, UA's two by RU. */
async function signedOffOperation(): Promise<string> {
  const reference = await confirmedOperation(w);
  const path = dayPath(reference, DATE);
  await countedDay(w, reference, DATE);
  await w.post('ua', `${path}/receipts`, { from: 'RU', to: 'UA', tags: ruTags(DATE) }).expect(200);
  await w.post('ru', `${path}/receipts`, { from: 'UA', to: 'RU', tags: uaTags(DATE) }).expect(200);
  await w.post('ru', `${path}/sign-offs`, { party: 'RU' }).expect(200);
  await w.post('ua', `${path}/sign-offs`, { party: 'UA' }).expect(200);
  // Its workflow ends once all it answered is recorded (and its cases opened).
  await w.stack.client.workflow.getHandle(handoverWorkflowId(reference, DATE)).result();
  return reference;
}

/** The auditor's script (no project imports), reading an export on stdin. */
const verifyWithScript = (exported: string) =>
  spawnSync(process.execPath, [join(__dirname, '../../scripts/verify-custody-chain.mjs')], {
    input: exported,
    encoding: 'utf8',
  });

const verification = (reference: string) => `${opPath(reference)}/custody/verification`;
const containerCustody = (reference: string, from: string, tag: string) =>
  `${dayPath(reference, DATE)}/containers/${from}/${encodeURIComponent(tag)}/custody`;

describe('custody verification through the API', () => {
  let reference: string;
  beforeAll(async () => {
    reference = await w.stack.withWorker(signedOffOperation);
  });

  it('when a signed-off day’s chains are recomputed, then every chain holds and each event shows its hashes', async () => {
    const res = await w.get('coordinator', verification(reference)).expect(200);
    expect(res.body).toMatchObject({ reference, holds: true, containers: 5, events: 5, brokenContainers: 0 });
    expect(res.body.firstBroken).toBeNull();

    const tag = ruTags(DATE)[0];
    const chain = await w.get('ua', containerCustody(reference, 'RU', tag)).expect(200);
    expect(chain.body).toMatchObject({
      container: { dayKey: DATE, from: 'RU', to: 'UA', tag, outcome: 'RECEIVED', custodian: 'UA' },
      complete: true,
      holds: true,
      firstBroken: null,
    });
    expect(chain.body.events).toEqual([
      expect.objectContaining({
        sequence: 1,
        fromCustodian: 'RU',
        toCustodian: 'UA',
        attestedBy: 'liaison-ua-1',
        previousHash: null,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
  });

  it('when each kind of person asks, then those who see the operation get the verification and others are refused', async () => {
    for (const who of EVERYONE) {
      const res = await w.get(who, verification(reference));
      const party = PEOPLE[who].party;
      // OPERATOR tokens are for the codec server only; tracing officers work from missing-person cases.
      const refused = ['OPERATOR', 'TRACING_OFFICER'].includes(PEOPLE[who].role);
      const expected = refused ? 403 : party && party !== 'RU' && party !== 'UA' ? 404 : 200;
      expect([who, res.status]).toEqual([who, expected]);
      if (res.status !== 200) continue;
      // A party verifies the containers it sent or received: here both directions are its.
      expect([who, res.body.containers]).toEqual([who, 5]);
      const chain = await w.get(who, containerCustody(reference, 'UA', uaTags(DATE)[0]));
      expect([who, chain.status, chain.body.holds]).toEqual([who, 200, true]);
    }
    await request(w.app).get(verification(reference)).expect(401);
    await w.get('by', containerCustody(reference, 'RU', ruTags(DATE)[0])).expect(404);
  });

  it('when a container or day does not exist, then it is a 404 problem', async () => {
    const missing = await w.get('coordinator', containerCustody(reference, 'RU', 'NO-SUCH-TAG')).expect(404);
    expect(missing.type).toBe('application/problem+json');
    await w.get('coordinator', `${dayPath(reference, 'not-a-date')}/containers/RU/x/custody`).expect(404);
    await w.get('coordinator', `${dayPath(reference, DATE)}/containers/ru/x/custody`).expect(404);
    await w.get('coordinator', verification('NO-SUCH-OP')).expect(404);
  });

  it('when an auditor runs the standalone script on a chain export, then it recomputes the hashes and finds a changed event', async () => {
    const tag = ruTags(DATE)[0];
    const exported = (await w.get('ua', containerCustody(reference, 'RU', tag)).expect(200)).body;
    expect(exported.container.id).toMatch(/^[0-9a-f-]{36}$/);
    const ok = verifyWithScript(JSON.stringify(exported));
    expect([ok.status, ok.stdout]).toEqual([0, expect.stringMatching(/^HOLDS: 1 event/)]);
    const tampered = structuredClone(exported);
    tampered.events[0].place = `${tampered.events[0].place} `;
    const bad = verifyWithScript(JSON.stringify(tampered));
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(`BROKEN at event 1 (${exported.events[0].id}): HASH_MISMATCH`);
  });

  it('when a custody event is changed behind the service’s back, then verification fails naming that event', async () => {
    const tag = ruTags(DATE)[1];
    const before = await w.get('coordinator', containerCustody(reference, 'RU', tag)).expect(200);
    const [event] = before.body.events;
    await asSuperuserBypassingTriggers(`UPDATE "CustodyEvent" SET "toCustodian" = 'RU' WHERE "id" = $1`, [event.id]);

    const res = await w.get('coordinator', verification(reference)).expect(200);
    expect(res.body).toMatchObject({
      holds: false,
      brokenContainers: 1,
      firstBroken: {
        eventId: event.id,
        sequence: 1,
        reason: 'HASH_MISMATCH',
        container: { dayKey: DATE, from: 'RU', to: 'UA', tag },
      },
    });
    const chain = await w.get('ru', containerCustody(reference, 'RU', tag)).expect(200);
    expect(chain.body).toMatchObject({ holds: false, firstBroken: { eventId: event.id, reason: 'HASH_MISMATCH' } });
  });

  it('when the API is described, then both custody routes are in the OpenAPI document with their answers', async () => {
    const doc = (await request(w.app).get('/openapi.json').expect(200)).body;
    const one = doc.paths['/api/operations/{reference}/handovers/{date}/containers/{from}/{tag}/custody'].get;
    const all = doc.paths['/api/operations/{reference}/custody/verification'].get;
    expect(Object.keys(one.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404']));
    expect(Object.keys(all.responses['200'].content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['holds', 'firstBroken', 'containers', 'events']),
    );
  });
});

describe('custody attested by each custodian (the intermediary as custodian)', () => {
  it('when each custodian attests its own take-over and hand-over, then each hop of the chain is attested by both its custodians at their own times, in the order custody passed', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w, 'CUSTODIAN');
      const path = dayPath(reference, DATE);
      await openedDay(w, reference, DATE);
      const [first, second] = ruTags(DATE);
      const ruToUa = (tags: string[]) => ({ from: 'RU', to: 'UA', tags });

      // Who may attest the intermediary's take-over: its field staff only; a party not in the operation sees nothing.
      for (const who of EVERYONE.filter((x) => x !== 'field')) {
        const res = await w.post(who, `${path}/custody/take-overs`, ruToUa([first]));
        expect([who, res.status]).toEqual([who, refusalStatus(who, ['FIELD_STAFF'])]);
      }
      const refused = await w.post('ua', `${path}/receipts`, ruToUa([first])).expect(409);
      expect(refused.body.detail).toMatch(/^Not in the intermediary's custody/);
      // The sender attests handing over what the intermediary took over, not before.
      const early = await w.post('ru', `${path}/custody/hand-overs`, ruToUa([first])).expect(409);
      expect(early.body.detail).toMatch(/^Not in the intermediary's custody: .*take-over first/);

      await w
        .post('field', `${path}/custody/take-overs`, ruToUa([first, second]))
        .expect(200, { takenOver: 2, extra: 0 });

      // Who may attest a hand-over: the sender's liaison (for its own party) and the intermediary's field staff.
      for (const who of EVERYONE.filter((x) => x !== 'field' && x !== 'ru')) {
        const res = await w.post(who, `${path}/custody/hand-overs`, ruToUa([first]));
        const expected = who === 'ua' ? 403 : refusalStatus(who, ['PARTY_LIAISON', 'FIELD_STAFF']);
        expect([who, res.status]).toEqual([who, expected]);
      }
      // The intermediary hands over only what the sender has handed over; the receiver takes over only what it handed over.
      const unreleased = await w.post('field', `${path}/custody/hand-overs`, ruToUa([first])).expect(409);
      expect(unreleased.body.detail).toBe(`RU has not attested its hand-over of: ${first}.`);
      await w
        .post('ru', `${path}/custody/hand-overs`, ruToUa([first]))
        .expect(200, { handedOver: 1, to: 'INTERMEDIARY' });
      const again = await w.post('ru', `${path}/custody/hand-overs`, ruToUa([first])).expect(409);
      expect(again.body.detail).toBe(`Hand-over already attested: ${first}.`);
      const notHanded = await w.post('ua', `${path}/receipts`, ruToUa([first])).expect(409);
      expect(notHanded.body.detail).toMatch(/^The intermediary has not attested its hand-over of: /);
      await w.post('field', `${path}/custody/hand-overs`, ruToUa([first])).expect(200, { handedOver: 1, to: 'UA' });
      // Custody passes with the receiver's take-over, not with the intermediary's word.
      const handedOnly = await w.get('coordinator', containerCustody(reference, 'RU', first)).expect(200);
      expect(handedOnly.body.container.custodian).toBe('INTERMEDIARY');
      await w.post('ua', `${path}/receipts`, ruToUa([first])).expect(200);

      const hops = (body: { events: Array<Record<string, unknown>> }) =>
        body.events.map((e) => [e.fromCustodian, e.toCustodian, e.attestedBy]);
      const receiver = await w.get('ua', containerCustody(reference, 'RU', first)).expect(200);
      expect(hops(receiver.body)).toEqual([
        ['RU', 'INTERMEDIARY', 'field-1'], // the intermediary's take-over
        ['RU', 'INTERMEDIARY', 'liaison-ru-1'], // the sender's hand-over
        ['INTERMEDIARY', 'UA', 'field-1'], // the intermediary's hand-over
        ['INTERMEDIARY', 'UA', 'liaison-ua-1'], // the receiver's take-over
      ]);
      const times = receiver.body.events.map((e: { occurredAt: string }) => Date.parse(e.occurredAt));
      expect(times).toEqual([...times].sort((x, y) => x - y));
      expect(new Set(times).size).toBe(4);
      expect(receiver.body).toMatchObject({ complete: true, holds: true, container: { custodian: 'UA' } });

      // The sender: the shared record up to the moment the container left its custody (its own hand-over included), nothing of the receiver's.
      const sender = await w.get('ru', containerCustody(reference, 'RU', first)).expect(200);
      expect(hops(sender.body)).toEqual([
        ['RU', 'INTERMEDIARY', 'field-1'],
        ['RU', 'INTERMEDIARY', 'liaison-ru-1'],
      ]);
      expect(sender.body).toMatchObject({ complete: false, holds: true });
      expect(sender.body.container).not.toHaveProperty('custodian');
      expect(JSON.stringify(sender.body)).not.toContain('liaison-ua-1');

      const held = await w.get('coordinator', containerCustody(reference, 'RU', second)).expect(200);
      expect(held.body).toMatchObject({ container: { custodian: 'INTERMEDIARY' }, complete: true });
      expect(hops(held.body)).toEqual([['RU', 'INTERMEDIARY', 'field-1']]);

      const all = await w.get('ru', verification(reference)).expect(200);
      expect(all.body).toMatchObject({ holds: true, containers: 2, events: 3 });
      const intermediary = await w.get('observer', verification(reference)).expect(200);
      expect(intermediary.body).toMatchObject({ holds: true, containers: 2, events: 5 });
    });
  });
});

describe('custody attested by each custodian (the intermediary as custodian): the day signed off, or no custodian', () => {
  it('when a custodian day is signed off after every hop was attested by both its custodians, then the sender reads its containers’ shared record and none of the receiver’s cases', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w, 'CUSTODIAN');
      const path = dayPath(reference, DATE);
      await countedDay(w, reference, DATE);
      for (const [sender, receiver, from, to, tags] of [
        ['ru', 'ua', 'RU', 'UA', ruTags(DATE)],
        ['ua', 'ru', 'UA', 'RU', uaTags(DATE)],
      ] as const) {
        const body = { from, to, tags };
        await w.post('field', `${path}/custody/take-overs`, body).expect(200);
        await w.post(sender, `${path}/custody/hand-overs`, body).expect(200);
        await w.post('field', `${path}/custody/hand-overs`, body).expect(200);
        await w.post(receiver, `${path}/receipts`, body).expect(200);
      }
      await w.post('ru', `${path}/sign-offs`, { party: 'RU' }).expect(200);
      await w.post('ua', `${path}/sign-offs`, { party: 'UA' }).expect(200);
      const cases = await eventually(
        () => w.stack.db.remainsCase.findMany({ where: { operation: { reference } } }),
        (list) => list.length === 5,
        'a case for every container received',
      );

      const all = await w.get('coordinator', verification(reference)).expect(200);
      expect(all.body).toMatchObject({ holds: true, containers: 5, events: 20 });
      // RU: its three sent containers up to its hand-over (2 events each) and the two it received whole (4 each).
      const ru = await w.get('ru', verification(reference)).expect(200);
      expect(ru.body).toMatchObject({ holds: true, containers: 5, events: 3 * 2 + 2 * 4 });
      // The receiving party's cases stay its own: RU reaches none of UA's.
      for (const c of cases.filter((x) => x.receivingParty === 'UA')) {
        expectProblem(await w.get('ru', `/api/cases/${encodeURIComponent(c.caseNumber)}`), 404);
        await w.get('ua', `/api/cases/${encodeURIComponent(c.caseNumber)}`).expect(200);
      }
      const listed = await w.get('ru', `/api/cases?operation=${reference}`).expect(200);
      expect(JSON.stringify(listed.body)).not.toMatch(new RegExp(ruTags(DATE)[0]));
    });
  });

  it('when the intermediary only observes, then a take-over is refused with the reason', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      await openedDay(w, reference, DATE);
      const res = await w
        .post('field', `${dayPath(reference, DATE)}/custody/take-overs`, {
          from: 'RU',
          to: 'UA',
          tags: [ruTags(DATE)[0]],
        })
        .expect(409);
      expect(res.body.detail).toBe(
        'The intermediary is not custodian of this day: containers pass from the sender to the receiver directly.',
      );
    });
  });
});
