import { missingPersonWorkflowId } from '../../workflows/shared/ids';
import { unique } from '../helpers/stack';
import { BASE, numbers, tracingRequest as request, useMissingPersonWorld } from './missing-person-world';
import { EVERYONE, expectProblem, familyContact as contact, type Who } from './support';

/**
 * Missing-person cases through the API, on the real stack: who may open,
 * read and change them (the intermediary's tracing officers for both sides,
 * each party for its own side only), the blind index, and the lifecycle
 * workflow started at the first change. Their families and reference samples:
 * missing-person-families.test.ts.
 */

const { w, open, row, collect } = useMissingPersonWorld();

describe('who may do what', () => {
  const routes = (
    n: string,
    barcode: string,
  ): Array<{ name: string; allowed: Who[]; hidden?: Who[]; call: (who: Who) => Promise<{ status: number }> }> => [
    { name: 'open', allowed: ['tracing'], call: (who) => w.post(who, BASE, request()) },
    { name: 'list', allowed: ['tracing', 'ua', 'ru', 'forensic', 'forensicRu', 'by'], call: (who) => w.get(who, BASE) },
    {
      name: 'read',
      allowed: ['tracing', 'ua', 'forensic'],
      hidden: ['ru', 'forensicRu', 'by'],
      call: (who) => w.get(who, `${BASE}/${n}`),
    },
    { name: 'status', allowed: ['tracing'], call: (who) => w.post(who, `${BASE}/${n}/status`, { status: 'ACTIVE' }) },
    {
      name: 'contacts',
      allowed: ['tracing'],
      call: (who) => w.post(who, `${BASE}/${n}/contacts`, contact({ receivesRemains: false, relation: 'FATHER' })),
    },
    {
      name: 'consent',
      allowed: ['tracing'],
      call: (who) => w.post(who, `${BASE}/${n}/contacts/1/consent`, { withdrawn: true }),
    },
    { name: 'reviews', allowed: ['tracing'], call: (who) => w.post(who, `${BASE}/${n}/reviews`, { channel: 'PHONE' }) },
    {
      name: 'samples',
      allowed: ['tracing'],
      call: (who) => w.post(who, `${BASE}/${n}/samples`, { contactPosition: 1, laboratory: 'LAB-1' }),
    },
    {
      name: 'sample status',
      allowed: ['tracing', 'forensic'],
      hidden: ['forensicRu'],
      call: (who) => w.post(who, `/api/reference-samples/${barcode}/status`, { status: 'IN_TRANSIT' }),
    },
  ];

  it('when anyone but a tracing officer or the case’s own party calls a route, then it is refused and nothing changes', async () => {
    const n = await open('UA');
    const { barcode } = (await collect(n)).body;
    const before = await row(n);
    for (const route of routes(n, barcode)) {
      for (const who of EVERYONE.filter((x) => !route.allowed.includes(x))) {
        const res = await route.call(who);
        // A role that may not do this at all: 403. A party role of the other side: the case does not exist for it.
        const expected = route.hidden?.includes(who) ? 404 : 403;
        expect([route.name, who, res.status]).toEqual([route.name, who, expected]);
      }
    }
    expect(await row(n)).toEqual(before);
  });

  it('when a party lists or searches, then it gets its own side’s cases only, and asking for the other side is refused', async () => {
    const ua = await open('UA');
    const ru = await open('RU');
    const listed = async (who: Who) =>
      numbers(await w.get(who, BASE).query({ name: 'Marchuk', limit: 200 }).expect(200));
    expect(await listed('ua')).toContain(ua);
    expect(await listed('ua')).not.toContain(ru);
    expect(await listed('forensicRu')).toContain(ru);
    expect(await listed('forensicRu')).not.toContain(ua);
    expect(await listed('tracing')).toEqual(expect.arrayContaining([ua, ru]));
    expectProblem(await w.get('ua', BASE).query({ party: 'RU' }), 403);
    expect((await w.get('ru', `${BASE}/${ua}`)).status).toBe(404);
  });
});

describe('opening and reading', () => {
  it('when a tracing officer opens a case, then PostgreSQL holds no name, contact or ante-mortem detail in plain text', async () => {
    const n = await open('UA');
    const [raw] = await w.stack.db.$queryRawUnsafe<unknown[]>(
      `SELECT c.*, json_agg(f.*) AS contacts, (SELECT json_agg(k.*) FROM "MissingPersonSearchKey" k WHERE k."caseId" = c."id") AS keys
       FROM "MissingPersonCase" c JOIN "FamilyContact" f ON f."caseId" = c."id" WHERE c."caseNumber" = $1 GROUP BY c."id"`,
      n,
    );
    const stored = JSON.stringify(raw);
    for (const plain of [
      'Marchuk',
      'Oleksii',
      '1979-11-02',
      'AB-123456',
      '123456',
      'Bakhmut',
      'anchor',
      'Halyna',
      '123 4567',
    ]) {
      expect([plain, stored.includes(plain)]).toEqual([plain, false]);
    }
    const read = await w.get('tracing', `${BASE}/${n}`).expect(200);
    expect(read.body).toMatchObject({
      caseNumber: n,
      party: 'UA',
      status: 'REPORTED',
      source: 'TRACING_REQUEST',
      name: 'Oleksii Marchuk',
      person: request().person,
      contacts: [
        {
          position: 1,
          name: 'Halyna Marchuk',
          relation: 'MOTHER',
          address: '+380 44 123 4567',
          receivesRemains: true,
          consent: { scope: 'IDENTIFICATION_ONLY', shareWithOtherParty: false, withdrawnAt: null },
        },
      ],
      events: [{ kind: 'OPENED', status: 'REPORTED', recordedBy: 'tracing-1' }],
      workflowId: null,
    });
    // Reviewed with the family within a year of the report.
    const due = Date.parse(read.body.nextReviewAt) - Date.parse(read.body.createdAt);
    expect(Math.round(due / 86_400_000)).toBe(365);
  });

  it('when the request is wrong, then it is refused with the field named, the value never echoed, and nothing is created', async () => {
    const cases = [
      { body: request('UA', { contacts: [] }), pointer: '/contacts' },
      {
        body: request('UA', { contacts: [1, 2, 3, 4, 5].map(() => contact({ receivesRemains: false })) }),
        pointer: '/contacts',
      },
      { body: request('UA', { contacts: [contact(), contact({ relation: 'FATHER' })] }), pointer: '/contacts' },
      { body: request('UA', { caseNumber: 'MP-RU-1' }), pointer: '/caseNumber' },
      {
        body: request('UA', { person: { ...request().person, dateOfBirth: 'Marchuk 1979' } }),
        pointer: '/person/dateOfBirth',
      },
      {
        body: request('UA', { contacts: [contact({ preferredLanguage: 'Halyna' })] }),
        pointer: '/contacts/0/preferredLanguage',
      },
      {
        body: request('UA', { person: { ...request().person, name: 'Oleksii \u0000 Marchuk' } }),
        pointer: '/person/name',
      },
      {
        body: request('UA', { contacts: [contact({ name: 'Halyna\nMarchuk' })] }),
        pointer: '/contacts/0/name',
      },
    ];
    const before = await w.stack.db.missingPersonCase.count();
    for (const { body, pointer } of cases) {
      const res = await w.post('tracing', BASE, body);
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      expect(JSON.stringify(res.body)).not.toMatch(/Marchuk|Halyna|Oleksii/);
    }
    expect(await w.stack.db.missingPersonCase.count()).toBe(before);
  });

  it('when a case number is opened twice, then the second is refused and the first is unchanged', async () => {
    const body = request('UA');
    await w.post('tracing', BASE, body).expect(201);
    const before = await row(body.caseNumber);
    expectProblem(await w.post('tracing', BASE, { ...body, person: { name: 'Someone Else' } }), 409);
    expect(await row(body.caseNumber)).toEqual(before);
  });

  it('when the intermediary reads a party’s case, then the read is logged; when the party reads its own, it is not', async () => {
    const n = await open('UA');
    const byTracing = unique('req');
    await w.get('tracing', `${BASE}/${n}`).set('x-request-id', byTracing).expect(200);
    const byParty = unique('req');
    await w.get('ua', `${BASE}/${n}`).set('x-request-id', byParty).expect(200);
    const log = (requestId: string) => w.stack.db.dataAccessLog.findMany({ where: { requestId } });
    expect((await log(byTracing)).map((r) => [r.principal, r.role, r.dataParty, r.resource])).toEqual([
      ['tracing-1', 'TRACING_OFFICER', 'UA', `missing-person:${n}`],
    ]);
    expect(await log(byParty)).toEqual([]);
  });
});

describe('searching without names in plain text', () => {
  it('when a name is searched in another script or spelling, or a service number with other punctuation, then the case is found', async () => {
    const n = await open('UA');
    const other = await open('UA', { person: { name: 'Pavlo Zaitsev', serviceNumber: 'XY-999' } });
    const search = async (query: object) =>
      numbers(
        await w
          .get('tracing', BASE)
          .query({ ...query, limit: 200 })
          .expect(200),
      );
    for (const name of ['Олексій Марчук', 'OLEKSIY MARCHUK', 'marchuk', 'Марчук Олексий', 'Oleksij Marčuk']) {
      const found = await search({ name });
      expect([name, found.includes(n), found.includes(other)]).toEqual([name, true, false]);
    }
    expect(await search({ name: 'Oleksii Zaitsev' })).not.toContain(n);
    expect(await search({ serviceNumber: 'ab 123456' })).toContain(n);
    expect(await search({ serviceNumber: 'AB-123457' })).not.toContain(n);
    expect(await search({ name: '---' })).toEqual([]);
  });
});

describe('the lifecycle', () => {
  it('when the case moves on to an answer, the family is told and it closes, then reopens, the workflow records each step', async () => {
    const n = await open('UA');
    const change = (status: string, reference?: string) =>
      w.post('tracing', `${BASE}/${n}/status`, { status, ...(reference ? { reference } : {}) });
    for (const status of ['ACTIVE', 'LOCATED_ALIVE', 'FAMILY_INFORMED', 'CLOSED', 'ACTIVE']) {
      const res = await change(status).expect(200);
      expect(res.body).toEqual({ caseNumber: n, party: 'UA', status });
    }
    const r = await row(n);
    expect(r.status).toBe('ACTIVE');
    expect(r.workflowId).toBe(missingPersonWorkflowId(n));
    const kinds = [...r.events]
      .sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime())
      .map((e) => [e.kind, e.status]);
    expect(kinds).toEqual([
      ['OPENED', 'REPORTED'],
      ['STATUS', 'ACTIVE'],
      ['STATUS', 'LOCATED_ALIVE'],
      ['STATUS', 'FAMILY_INFORMED'],
      ['STATUS', 'CLOSED'],
      ['REOPENED', 'ACTIVE'],
    ]);
  });

  it('when a change breaks the order, then it is refused with the reason, and a resting case gets no workflow', async () => {
    const n = await open('UA');
    const res = await w.post('tracing', `${BASE}/${n}/status`, { status: 'CLOSED' });
    expectProblem(res, 409);
    expect(res.body.detail).toBe('a case closes once the family is informed (the case is REPORTED)');
    await expect(w.stack.client.workflow.getHandle(missingPersonWorkflowId(n)).describe()).rejects.toThrow();
    await w.post('tracing', `${BASE}/${n}/status`, { status: 'ACTIVE' }).expect(200);
    const identified = await w.post('tracing', `${BASE}/${n}/status`, { status: 'IDENTIFIED_DECEASED' });
    expectProblem(identified, 409);
    expect(identified.body.detail).toMatch(/names the remains case/);
    expect((await row(n)).status).toBe('ACTIVE');
  });
});
