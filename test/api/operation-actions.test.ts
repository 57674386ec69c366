import { handoverWorkflowId, operationWorkflowId } from '../../workflows/shared/ids';
import { june2025Agreement } from '../helpers/fixtures';
import {
  confirmedOperation,
  createOperation,
  eventually,
  EXCHANGE_POINT,
  expectProblem,
  opPath,
  useApiWorld,
} from './support';
import { operationHelpers } from './operation-support';

const w = useApiWorld();
const { phaseOf, scheduleBody, operationReadyToComplete } = operationHelpers(w);

describe('operation actions, done by the right person', () => {
  it('when each liaison confirms the terms, then each confirmation is recorded with its liaison and the operation is preparing', async () => {
    await w.stack.withWorker(async () => {
      const reference = await createOperation(w);
      const first = await w.post('ru', `${opPath(reference)}/confirmations`, { version: 1 }).expect(200);
      expect(first.body).toMatchObject({
        phase: 'PLANNED',
        confirmations: { RU: 'liaison-ru-1' },
        termsConfirmed: false,
      });
      const second = await w.post('ua', `${opPath(reference)}/confirmations`, { version: 1 }).expect(200);
      expect(second.body).toMatchObject({ phase: 'PREPARING', termsConfirmed: true });
      const agreement = await w.stack.db.agreement.findFirstOrThrow({
        where: { operation: { reference }, version: 1 },
        include: { confirmations: true },
      });
      expect(agreement.confirmations.map((c) => [c.partyCode, c.confirmedBy]).sort()).toEqual([
        ['RU', 'liaison-ru-1'],
        ['UA', 'liaison-ua-1'],
      ]);
      expect(await phaseOf(reference)).toBe('PREPARING');
    });
  });

  it('when the coordinator amends the agreement, then version 2 is recorded and both parties must confirm again', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const agreement = { ...june2025Agreement(reference).agreement, venue: 'Minsk' };
      const res = await w.post('coordinator', `${opPath(reference)}/amendments`, { agreement }).expect(200);
      expect(res.body).toMatchObject({ agreementVersion: 2, confirmations: {}, termsConfirmed: false });
      const versions = await w.stack.db.agreement.findMany({
        where: { operation: { reference } },
        orderBy: { version: 'asc' },
      });
      expect(versions.map((v) => [v.version, v.venue])).toEqual([
        [1, 'Istanbul'],
        [2, 'Minsk'],
      ]);
      // A handover waits for the amended terms to be confirmed.
      const refused = await w
        .post('coordinator', `${opPath(reference)}/handovers`, scheduleBody('2025-06-11'))
        .expect(409);
      expect(refused.body.detail).toBe('Both parties must confirm agreement version 2 first.');
    });
  });

  it('when the coordinator schedules a day, then it is 201 with its link and the day is recorded in PostgreSQL', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const res = await w.post('coordinator', `${opPath(reference)}/handovers`, scheduleBody('2025-06-11')).expect(201);
      const self = `/api/operations/${reference}/handovers/2025-06-11`;
      expect(res.body).toEqual({ workflowId: handoverWorkflowId(reference, '2025-06-11'), links: { self } });
      expect(res.headers.location).toBe(self);
      const day = await eventually(
        () =>
          w.stack.db.handover.findUnique({ where: { workflowId: res.body.workflowId }, include: { transfers: true } }),
        (h) => h !== null,
      );
      expect(day!.transfers.map((t) => [t.fromParty, t.toParty, t.plannedCount]).sort()).toEqual([
        ['RU', 'UA', 3],
        ['UA', 'RU', 2],
      ]);
      const read = await w.get('ru', self).expect(200);
      expect(read.body).toMatchObject({ status: 'SCHEDULED', exchangePoint: EXCHANGE_POINT });
    });
  });

  it('when the coordinator suspends and resumes, then the phase and its reason are recorded each time', async () => {
    await w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      const suspended = await w
        .post('coordinator', `${opPath(reference)}/suspension`, { reason: 'shelling near the exchange point' })
        .expect(200);
      expect(suspended.body).toMatchObject({ phase: 'SUSPENDED', phaseReason: 'shelling near the exchange point' });
      expect(await phaseOf(reference)).toBe('SUSPENDED');
      const resumed = await w.post('coordinator', `${opPath(reference)}/resumption`).expect(200);
      expect(resumed.body.phase).toBe('PREPARING');
      expect(await phaseOf(reference)).toBe('PREPARING');
    });
  });

  it('when the coordinator ends the handover phase and then closes, then the operation is in follow-up, then closed', async () => {
    await w.stack.withWorker(async () => {
      const reference = await operationReadyToComplete();
      const done = await w.post('coordinator', `${opPath(reference)}/handover-completion`, {}).expect(200);
      expect(done.body.phase).toBe('FOLLOW_UP');
      expect(await phaseOf(reference)).toBe('FOLLOW_UP');
      const closed = await w.post('coordinator', `${opPath(reference)}/closure`).expect(200);
      expect(closed.body.phase).toBe('CLOSED');
      expect(await phaseOf(reference)).toBe('CLOSED');
      // Once its workflow has ended, an operation says how it ended rather than "not found".
      await eventually(
        () => w.stack.client.workflow.getHandle(operationWorkflowId(reference)).describe(),
        (d) => d.status.name === 'COMPLETED',
      );
      const late = await w.post('coordinator', `${opPath(reference)}/suspension`, { reason: 'r' });
      expectProblem(late, 409);
      expect(late.body.detail).toBe('The operation is closed; nothing more can be done on it.');
    });
  });

  it('when the coordinator aborts, then the operation is aborted with its reason', async () => {
    await w.stack.withWorker(async () => {
      const reference = await createOperation(w);
      const res = await w.post('coordinator', `${opPath(reference)}/abort`, { reason: 'talks broke down' }).expect(200);
      expect(res.body).toMatchObject({ phase: 'ABORTED', phaseReason: 'talks broke down' });
      expect(await phaseOf(reference)).toBe('ABORTED');
    });
  });
});

describe('documentation', () => {
  it('when /openapi.json is read, then every operation and handover-day action is described with its body', async () => {
    const res = await w.get('observer', '/openapi.json').expect(200);
    const op = '/api/operations/{reference}';
    const day = `${op}/handovers/{date}`;
    const actions = [
      ...[
        'confirmations',
        'amendments',
        'handovers',
        'suspension',
        'resumption',
        'abort',
        'handover-completion',
        'closure',
      ].map((a) => `${op}/${a}`),
      ...[
        'manifests',
        'manifests/{from}/{to}/{version}/acknowledgement',
        'opening',
        'counts',
        'receipts',
        'sign-offs',
        'postponement',
        'refusal',
        'abort',
      ].map((a) => `${day}/${a}`),
    ];
    for (const path of actions) {
      expect(res.body.paths[path]?.post?.requestBody).toBeDefined();
      expect(res.body.paths[path].post.responses).toHaveProperty('403');
    }
    expect(res.body.paths[day].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['reference', 'date', 'include']),
    );
    const manifest = res.body.paths[`${day}/manifests`].post.requestBody.content['application/json'].schema;
    expect(manifest.properties.lines.maxItems).toBe(10_000);
  });
});
