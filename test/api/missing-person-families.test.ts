import { eventually, expectProblem, familyContact as contact } from './support';
import { BASE, useMissingPersonWorld } from './missing-person-world';

/**
 * A missing person's family through the API, on the real stack: its contacts
 * (at most four, one receiving the remains), their consent, the yearly
 * review, and the reference samples it gives, followed to the laboratory.
 */

const { w, open, row, collect, sampleStatus } = useMissingPersonWorld();

describe('families', () => {
  it('when contacts are added, then at most four, only one receives the remains', async () => {
    const n = await open('UA');
    const add = (over: object) =>
      w.post('tracing', `${BASE}/${n}/contacts`, contact({ receivesRemains: false, ...over }));
    expectProblem(await add({ receivesRemains: true }), 409);
    for (const [i, relation] of ['FATHER', 'SISTER', 'SON'].entries()) {
      expect((await add({ relation }).expect(201)).body).toEqual({ position: i + 2 });
    }
    expectProblem(await add({ relation: 'BROTHER' }), 409);
    const r = await row(n);
    expect(r.contacts.map((c) => c.relation).sort()).toEqual(['FATHER', 'MOTHER', 'SISTER', 'SON']);
    expect(
      r.events
        .filter((e) => e.kind === 'CONTACT_ADDED')
        .map((e) => e.contactPosition)
        .sort(),
    ).toEqual([2, 3, 4]);
  });

  it('when a relative withdraws consent, then it takes effect at once and is recorded; given again, it is back', async () => {
    const n = await open('UA');
    const path = `${BASE}/${n}/contacts/1/consent`;
    expect((await w.post('tracing', path, { withdrawn: true }).expect(200)).body).toEqual({
      position: 1,
      scope: null,
      shareWithOtherParty: false,
    });
    const read = await w.get('ua', `${BASE}/${n}`).expect(200);
    expect(read.body.contacts[0].consent).toEqual({
      scope: null,
      shareWithOtherParty: false,
      withdrawnAt: expect.any(String),
    });
    expect(read.body.events.map((e: { kind: string }) => e.kind)).toEqual(['OPENED', 'CONSENT_WITHDRAWN']);
    await w.post('tracing', path, { scope: 'IDENTIFICATION_AND_COURT', shareWithOtherParty: true }).expect(200);
    expect((await row(n)).contacts[0]).toMatchObject({
      consentScope: 'IDENTIFICATION_AND_COURT',
      shareWithOtherParty: true,
      consentWithdrawnAt: null,
    });
    expectProblem(await w.post('tracing', `${BASE}/${n}/contacts/3/consent`, { withdrawn: true }), 404);
  });

  it('when a review is held with the family, then the next one is due a year later', async () => {
    const n = await open('UA');
    const res = await w
      .post('tracing', `${BASE}/${n}/reviews`, { channel: 'PHONE', occurredAt: '2026-01-15T10:00:00Z' })
      .expect(200);
    expect(res.body).toEqual({ lastReviewAt: '2026-01-15T10:00:00.000Z', nextReviewAt: '2027-01-15T10:00:00.000Z' });
    expectProblem(
      await w.post('tracing', `${BASE}/${n}/reviews`, { channel: 'PHONE', occurredAt: '2999-01-01T00:00:00Z' }),
      400,
    );
    await eventually(
      () => row(n),
      (r) => r.events.some((e) => e.kind === 'REVIEW'),
    );
  });
});

describe('reference samples', () => {
  beforeAll(async () => {
    await w.stack.db.notificationRecipient.upsert({
      where: { recipient_channel: { recipient: 'TRACING', channel: 'EMAIL' } },
      create: { recipient: 'TRACING', channel: 'EMAIL', address: 'tracing@intermediary.invalid' },
      update: {},
    });
  });

  it('when a sample goes to the laboratory and is profiled, then each step is recorded under its anonymised barcode', async () => {
    const n = await open('UA');
    const collected = (await collect(n)).body;
    expect(collected).toEqual({
      barcode: expect.stringMatching(/^RS-[A-Z0-9]{10}$/),
      caseNumber: n,
      contactPosition: 1,
      relation: 'MOTHER',
      laboratory: 'LAB-KYIV-1',
      status: 'COLLECTED',
      problem: null,
      replacementAsked: false,
      collectedAt: expect.any(String),
    });
    await sampleStatus('tracing', collected.barcode, { status: 'IN_TRANSIT' }).expect(200);
    await sampleStatus('forensic', collected.barcode, { status: 'ACCEPTED' }).expect(200);
    const refused = await sampleStatus('forensic', collected.barcode, { status: 'IN_TRANSIT' });
    expectProblem(refused, 409);
    expect(refused.body.detail).toBe('A sample ACCEPTED cannot become IN_TRANSIT; next: PROFILED or FAILED.');
    await sampleStatus('forensic', collected.barcode, { status: 'PROFILED' }).expect(200);
    const read = await w.get('tracing', `${BASE}/${n}`).expect(200);
    expect(read.body.samples).toEqual([{ ...collected, status: 'PROFILED' }]);
    expect(
      read.body.events
        .filter((e: { kind: string }) => e.kind.startsWith('SAMPLE'))
        .map((e: { kind: string; reference: string }) => [e.kind, e.reference]),
    ).toEqual([
      ['SAMPLE_COLLECTED', collected.barcode],
      ['SAMPLE_STATUS', collected.barcode],
      ['SAMPLE_STATUS', collected.barcode],
      ['SAMPLE_STATUS', collected.barcode],
    ]);
  });

  it('when the laboratory rejects a sample, then a new one is asked for and the tracing service told (no personal data), until it is collected', async () => {
    const n = await open('UA');
    const { barcode } = (await collect(n)).body;
    await sampleStatus('tracing', barcode, { status: 'IN_TRANSIT' }).expect(200);
    expectProblem(await sampleStatus('forensic', barcode, { status: 'REJECTED' }), 400);
    const rejected = await sampleStatus('forensic', barcode, {
      status: 'REJECTED',
      problem: 'PAPERWORK_INCOMPLETE',
    }).expect(200);
    expect(rejected.body).toMatchObject({
      status: 'REJECTED',
      problem: 'PAPERWORK_INCOMPLETE',
      replacementAsked: true,
    });
    const sent = await w.stack.db.notification.findMany({ where: { key: { startsWith: `sample:${barcode}:` } } });
    expect(sent.map((x) => [x.recipient, x.event, x.payload])).toEqual([
      [
        'TRACING',
        'reference_sample.new_sample_needed',
        { caseNumber: n, barcode, status: 'REJECTED', problem: 'PAPERWORK_INCOMPLETE' },
      ],
    ]);
    // The relative gives a new sample: the request is answered.
    const again = (await collect(n)).body;
    expect(again.barcode).not.toBe(barcode);
    const samples = (await row(n)).samples.map((x) => [x.barcode, x.status, x.replacementAsked]);
    expect(samples).toEqual(
      expect.arrayContaining([
        [barcode, 'REJECTED', false],
        [again.barcode, 'COLLECTED', false],
      ]),
    );
  });

  it('when a relative has withdrawn consent, then no sample of theirs is recorded', async () => {
    const n = await open('UA');
    await w.post('tracing', `${BASE}/${n}/contacts/1/consent`, { withdrawn: true }).expect(200);
    expectProblem(await w.post('tracing', `${BASE}/${n}/samples`, { contactPosition: 1, laboratory: 'LAB-1' }), 409);
    expectProblem(await w.post('tracing', `${BASE}/${n}/samples`, { contactPosition: 2, laboratory: 'LAB-1' }), 404);
    expect((await row(n)).samples).toEqual([]);
  });
});
