import request from 'supertest';
import type { Express } from 'express';
import { appendCustody } from '../../activities/custody/custody';
import { caseWorkflowId } from '../../workflows/shared/ids';
import { caseRecords, seedContainers } from '../helpers/cases';
import { unique, type TestStack } from '../helpers/stack';
import { holderOf, useCaseWorld, type CaseTokenHolder } from './case-world';

/**
 * The forensic side of the API on the real stack: the app as createApp builds
 * it, the run's Temporal dev server with one worker for the whole file, and
 * PostgreSQL. Reading cases, and neutrality where it matters: who sees, who
 * changes, and which reads leave a DataAccessLog row. Steps, splits, merges
 * and bad inputs: case-changes.test.ts.
 */

const cw = useCaseWorld();
let stack: TestStack;
let app: Express;
beforeAll(() => {
  ({ stack, app } = cw.world());
});
type Who = CaseTokenHolder;
const { get, post, openCase, snapshot } = cw;

const accessLog = (requestId: string) => stack.db.dataAccessLog.findMany({ where: { requestId } });
const withoutInstance = ({ instance: _instance, ...rest }: Record<string, unknown>) => rest;

describe('listing cases', () => {
  it('when cases are listed with filters and a page at a time, then the filters hold and the pages are stable', async () => {
    const seeded = await seedContainers(stack.db, 4);
    const ua = [];
    for (const containerId of seeded.containerIds.slice(0, 3)) {
      ua.push(await openCase({ containerIds: [containerId] }, seeded));
    }
    const ru = await openCase(
      { containerIds: [seeded.containerIds[3]], receivingParty: 'RU', responsibleAuthority: 'RU-MOD' },
      seeded,
    );
    await post('forensic', `/api/cases/${ua[1].caseNumber}/steps`, { step: 'EXAMINED' }).expect(200);
    const operation = seeded.operationReference;

    const all = await get('coordinator', '/api/cases', 'list-all-' + operation)
      .query({ operation, limit: 200 })
      .expect(200);
    expect(all.body.total).toBe(4);
    // The intermediary read both parties' case data: one log row for each.
    expect((await accessLog('list-all-' + operation)).map((r) => [r.dataParty, r.resource]).sort()).toEqual([
      ['RU', `cases?operation=${operation}&limit=200&offset=0`],
      ['UA', `cases?operation=${operation}&limit=200&offset=0`],
    ]);
    // Each party lists its own cases only, without being asked to filter.
    const mine = async (who: Who) =>
      (await get(who, '/api/cases').query({ operation }).expect(200)).body.items.map(
        (x: { caseNumber: string }) => x.caseNumber,
      );
    expect((await mine('forensic')).sort()).toEqual(ua.map((x) => x.caseNumber).sort());
    expect(await mine('forensicRu')).toEqual([ru.caseNumber]);
    const numbers = all.body.items.map((c: { caseNumber: string }) => c.caseNumber);
    expect([...numbers].sort()).toEqual([...ua, ru].map((c) => c.caseNumber).sort());
    // Newest first, ties by PM number: the order a page relies on.
    const keys = all.body.items.map((c: { createdAt: string; caseNumber: string }) => [c.createdAt, c.caseNumber]);
    expect(keys).toEqual([...keys].sort(([a1, n1], [a2, n2]) => (a1 === a2 ? (n1 < n2 ? -1 : 1) : a1 > a2 ? -1 : 1)));
    expect(all.body.items.find((c: { caseNumber: string }) => c.caseNumber === ru.caseNumber)).toMatchObject({
      status: 'RECEIVED',
      operationReference: operation,
      receivingParty: 'RU',
      responsibleAuthority: 'RU-MOD',
    });

    const first = await get('coordinator', '/api/cases').query({ operation, limit: 3, offset: 0 }).expect(200);
    const second = await get('coordinator', '/api/cases').query({ operation, limit: 3, offset: 3 }).expect(200);
    expect([first.body, second.body].map((p) => [p.total, p.limit, p.offset, p.items.length])).toEqual([
      [4, 3, 0, 3],
      [4, 3, 3, 1],
    ]);
    expect([...first.body.items, ...second.body.items]).toEqual(all.body.items);

    const byParty = await get('coordinator', '/api/cases').query({ operation, party: 'UA' }).expect(200);
    expect(byParty.body.items.map((c: { caseNumber: string }) => c.caseNumber).sort()).toEqual(
      ua.map((c) => c.caseNumber).sort(),
    );
    const byStatus = await get('coordinator', '/api/cases').query({ operation, status: 'EXAMINED' }).expect(200);
    expect(byStatus.body.items.map((c: { caseNumber: string }) => c.caseNumber)).toEqual([ua[1].caseNumber]);
    const other = await get('coordinator', '/api/cases').query({ operation: 'NO-SUCH-OP' }).expect(200);
    expect(other.body).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
  });

  it.each([
    [{ status: 'DANCING' }, '/status'],
    [{ limit: 0 }, '/limit'],
    [{ offset: -1 }, '/offset'],
    [{ party: 'ukraine' }, '/party'],
  ])('when the list is asked with %j, then it is a 400 naming %s', async (query, pointer) => {
    const res = await get('coordinator', '/api/cases').query(query).expect(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([pointer]);
  });

  it('when a party liaison lists the other party’s cases, then it is a 403 saying it lists its own only', async () => {
    const res = await get('ua', '/api/cases').query({ party: 'RU' }).expect(403);
    expect(res.body.detail).toBe("Your token acts for UA: it lists UA's cases only.");
    await get('ua', '/api/cases').query({ party: 'UA' }).expect(200);
    await get('coordinator', '/api/cases').query({ party: 'RU' }).expect(200);
  });
});

describe('reading a case', () => {
  it('when a case is read, then it comes with its events, containers (tag, handover day, custody chain) and a Web UI link', async () => {
    const seeded = await seedContainers(stack.db, 2);
    const [bag] = seeded.containerIds;
    await stack.db.$transaction((tx) =>
      appendCustody(
        tx,
        new Map([
          [
            bag,
            [
              {
                fromCustodian: 'RU',
                toCustodian: 'INTERMEDIARY',
                place: 'Belarus–Ukraine border',
                occurredAt: new Date('2025-06-07T08:00:00.000Z'),
                attestedBy: 'field-1',
              },
              {
                fromCustodian: 'INTERMEDIARY',
                toCustodian: 'UA',
                place: 'Belarus–Ukraine border',
                occurredAt: new Date('2025-06-07T09:00:00.000Z'),
                attestedBy: 'liaison-ua-1',
              },
            ],
          ],
        ]),
      ),
    );
    const c = await openCase({}, seeded);
    await post('forensic', `/api/cases/${c.caseNumber}/steps`, {
      step: 'EXAMINED',
      occurredAt: '2025-06-09T10:00:00Z',
      reference: 'pm-report-17',
    }).expect(200);

    const res = await get('forensic', `/api/cases/${c.caseNumber}`).expect(200);
    const workflowId = caseWorkflowId(c.caseNumber);
    expect(res.body).toMatchObject({
      caseNumber: c.caseNumber,
      status: 'EXAMINED',
      operationReference: seeded.operationReference,
      receivingParty: 'UA',
      responsibleAuthority: 'UA-MOJ',
      workflow: { id: workflowId, status: 'RUNNING' },
    });
    expect(res.body.workflow.url).toBe(
      `${stack.config.temporal.uiUrl}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`,
    );
    expect(
      res.body.events.map((e: Record<string, unknown>) => [e.sequence, e.kind, e.step, e.recordedBy, e.reference]),
    ).toEqual([
      [1, 'STEP', 'RECEIVED', c.input.openedBy, null],
      [2, 'STEP', 'EXAMINED', 'forensic-ua-1', 'pm-report-17'],
    ]);
    expect(res.body.events[1].occurredAt).toBe('2025-06-09T10:00:00.000Z');
    const withChain = res.body.containers.find((x: { id: string }) => x.id === bag);
    expect(res.body.containers).toHaveLength(2);
    expect(withChain).toMatchObject({
      tag: 'TAG-1',
      fromParty: 'RU',
      toParty: 'UA',
      custodian: 'UA',
      handover: { dayKey: '2025-06-07', scheduledOn: '2025-06-07', exchangePoint: 'Belarus–Ukraine border' },
    });
    expect(withChain.custody.map((e: Record<string, unknown>) => [e.sequence, e.fromCustodian, e.toCustodian])).toEqual(
      [
        [1, 'RU', 'INTERMEDIARY'],
        [2, 'INTERMEDIARY', 'UA'],
      ],
    );
  });
});

describe('neutrality: who reads, lists and steps a UA case', () => {
  // [token, read & list, DataAccessLog row per read, step]
  const table: [Who, 'sees it' | 'does not see it', boolean, 200 | 403 | 404][] = [
    ['forensic', 'sees it', false, 200],
    ['ua', 'sees it', false, 403],
    ['observerUa', 'sees it', false, 403],
    ['coordinator', 'sees it', true, 403],
    ['field', 'sees it', true, 403],
    ['observer', 'sees it', true, 403],
    ['forensicRu', 'does not see it', false, 404],
    ['ru', 'does not see it', false, 403],
    ['by', 'does not see it', false, 403],
  ];

  it.each(table)(
    'when %s asks, then it %s (read logged: %s) and a step answers %i',
    async (who, visibility, logged, stepStatus) => {
      const c = await openCase();
      const operation = c.input.operationReference;
      const token = holderOf(who);

      const readId = unique('read');
      const read = await get(who, `/api/cases/${c.caseNumber}`, readId);
      const listId = unique('list');
      const list = await get(who, '/api/cases', listId).query({ operation }).expect(200);
      if (visibility === 'sees it') {
        expect(read.status).toBe(200);
        expect(read.body.caseNumber).toBe(c.caseNumber);
        expect(list.body.items.map((x: { caseNumber: string }) => x.caseNumber)).toEqual([c.caseNumber]);
      } else {
        // Indistinguishable from absence: the same answer as for a PM number nobody has.
        expect(read.status).toBe(404);
        const absent = await get(who, '/api/cases/PM-NOBODY').expect(404);
        expect(withoutInstance(read.body)).toEqual(withoutInstance(absent.body));
        expect(list.body).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
      }

      const entry = (resource: string) => ({
        principal: token.principal,
        role: token.role,
        party: null,
        dataParty: 'UA',
        resource,
      });
      expect(await accessLog(readId)).toEqual(logged ? [expect.objectContaining(entry(`case:${c.caseNumber}`))] : []);
      expect(await accessLog(listId)).toEqual(
        logged ? [expect.objectContaining(entry(`cases?operation=${operation}&limit=50&offset=0`))] : [],
      );

      const before = await snapshot(c);
      const step = await post(who, `/api/cases/${c.caseNumber}/steps`, { step: 'EXAMINED' });
      expect(step.status).toBe(stepStatus);
      if (stepStatus === 200) {
        expect(step.body.status).toBe('EXAMINED');
        expect((await caseRecords(stack.db, c.caseNumber))!.events.at(-1)!.recordedBy).toBe(token.principal);
        return;
      }
      // The role is checked first, before the case is looked up: a refusal tells nothing of the case.
      if (stepStatus === 403) expect(step.body.detail).toMatch(/^This action needs the role FORENSIC; your token has /);
      for (const action of ['split', 'merge']) {
        const res = await post(who, `/api/cases/${c.caseNumber}/${action}`, { parts: 1, absorbedCaseNumber: 'X' });
        expect(res.status).toBe(stepStatus);
      }
      expect(await snapshot(c)).toEqual(before);
    },
  );
});

describe('documentation', () => {
  it('describes the case routes in the OpenAPI document', async () => {
    const res = await request(app).get('/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/cases',
        '/api/cases/{caseNumber}',
        '/api/cases/{caseNumber}/steps',
        '/api/cases/{caseNumber}/split',
        '/api/cases/{caseNumber}/merge',
      ]),
    );
    const steps = res.body.paths['/api/cases/{caseNumber}/steps'].post;
    const schema = steps.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['step']);
    expect(schema.properties).not.toHaveProperty('by');
    expect(Object.keys(steps.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '404', '409']));
  });
});
