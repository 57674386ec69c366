import { SearchAttr } from '../../workflows/shared/search-attributes';
import { operationWorkflowId } from '../../workflows/shared/ids';
import { operationStateQuery } from '../../workflows/operation/messages';
import { repatriationOperation } from '../../workflows/operation/workflow';
import { june2025Agreement } from '../helpers/fixtures';
import { eventually } from '../helpers/processes';
import { openStack, unique, type TestStack } from '../helpers/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await openStack();
});
afterAll(() => stack.close());

describe('operation workflow', () => {
  it('when an operation starts, then its first activity writes the operation and its agreement to PostgreSQL', async () => {
    const input = june2025Agreement(unique('op'));
    const workflowId = operationWorkflowId(input.reference);
    await stack.withWorker(async () => {
      const handle = await stack.client.workflow.start(repatriationOperation, {
        taskQueue: stack.config.temporal.taskQueue,
        workflowId,
        args: [input],
        typedSearchAttributes: [{ key: SearchAttr.OperationReference, value: input.reference }],
      });
      await eventually(async () => (await handle.query(operationStateQuery)).recorded || null, 'the record');
      const state = await handle.query(operationStateQuery);
      expect(state).toMatchObject({
        reference: input.reference,
        phase: 'PLANNED',
        agreementVersion: 1,
        recorded: true,
        termsConfirmed: false,
      });
      expect((await handle.describe()).status.name).toBe('RUNNING');
      await handle.terminate('test finished');
    });

    const row = await stack.db.repatriationOperation.findUniqueOrThrow({
      where: { reference: input.reference },
      include: { parties: true, agreements: { include: { plannedTransfers: true } } },
    });
    expect(row).toMatchObject({ title: input.title, phase: 'PLANNED', workflowId });
    expect(row.parties.map((p) => p.partyCode).sort()).toEqual(['RU', 'UA']);
    expect(row.agreements).toHaveLength(1);
    expect(row.agreements[0]).toMatchObject({ version: 1, venue: 'Istanbul', intermediaryRole: 'OBSERVER' });
    expect(row.agreements[0].concludedOn.toISOString().slice(0, 10)).toBe('2025-06-02');
    expect(row.agreements[0].plannedTransfers.map((t) => [t.fromParty, t.toParty, t.count]).sort()).toEqual([
      ['RU', 'UA', 6000],
      ['UA', 'RU', 6000],
    ]);
  });

  it('when an operator filters by a custom search attribute, then the running operation is found by it and its phase', async () => {
    const input = june2025Agreement(unique('op'));
    await stack.withWorker(async () => {
      const handle = await stack.client.workflow.start(repatriationOperation, {
        taskQueue: stack.config.temporal.taskQueue,
        workflowId: operationWorkflowId(input.reference),
        args: [input],
        typedSearchAttributes: [{ key: SearchAttr.OperationReference, value: input.reference }],
      });
      const query = `OperationReference = "${input.reference}" AND OperationPhase = "PLANNED" AND ExecutionStatus = "Running"`;
      const found = await eventually(async () => {
        const ids: string[] = [];
        for await (const wf of stack.client.workflow.list({ query })) ids.push(wf.workflowId);
        return ids.length ? ids : null;
      }, 'visibility');
      expect(found).toEqual([handle.workflowId]);
      await handle.terminate('test finished');
    });
  });
});
