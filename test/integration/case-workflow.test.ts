import { WithStartWorkflowOperation } from '@temporalio/client';
import { remainsCase } from '../../workflows/remains-case/workflow';
import { caseStateQuery, recordCaseStepUpdate, type CaseStep } from '../../workflows/remains-case/messages';
import { caseWorkflowId } from '../../workflows/shared/ids';
import { SearchAttr } from '../../workflows/shared/search-attributes';
import { caseInput, caseRecords, refusal, seedContainers } from '../helpers/cases';
import { openStack, type TestStack } from '../helpers/stack';
import { BY, caseSteps } from '../helpers/case-steps';

/**
 * The remains case workflow on the real stack (the run's Temporal dev server, the bundled workflow code and
 * the real activities on PostgreSQL): its steps from reception to release, and the refusals of steps out of order.
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await openStack();
});
afterAll(() => stack.close());

const { startCase, step, steps, eventsOf } = caseSteps(() => stack);

describe('remains case workflow: from reception to release', () => {
  it('when a case goes from reception to release, then PostgreSQL holds its status and one event per step in order', async () => {
    await stack.withWorker(async () => {
      const { input, handle } = await startCase({ closedRetention: '2 seconds' });
      const at = '2025-07-01T09:30:00.000Z';
      const path: [CaseStep, string?][] = [
        ['EXAMINED', 'pm-report-17'],
        ['SAMPLED', 'sample-0042'],
        ['PROFILED', 'profile-0042'],
        ['MATCHED', 'match-7781'],
        ['IDENTIFIED', 'decision-UA-MOJ-311'],
        ['FAMILY_INFORMED'],
        ['RELEASED', 'release-form-88'],
      ];
      for (const [name, reference] of path) {
        const state = await step(handle, name, { occurredAt: at, reference });
        expect(state.status).toBe(name);
      }
      const final = await handle.result();
      expect(final).toMatchObject({ status: 'RELEASED', sequence: 8, caseNumber: input.caseNumber });
      const description = await handle.describe();
      expect(description.typedSearchAttributes.get(SearchAttr.CaseStatus)).toBe('RELEASED');
      expect(description.memo).toEqual({ operationReference: input.operationReference, caseStep: 'RELEASED' });

      const row = await caseRecords(stack.db, input.caseNumber);
      expect(row).toMatchObject({
        status: 'RELEASED',
        receivingParty: 'UA',
        responsibleAuthority: 'UA-MOJ',
        workflowId: caseWorkflowId(input.caseNumber),
      });
      expect(row!.containers.map((c) => c.containerId)).toEqual(input.containerIds);
      expect(row!.events.map((e) => [e.sequence, e.kind, e.step, e.recordedBy, e.reference])).toEqual([
        [1, 'STEP', 'RECEIVED', BY, null],
        ...path.map(([step, reference], i) => [i + 2, 'STEP', step, BY, reference ?? null]),
      ]);
      expect(row!.events.slice(1).every((e) => e.occurredAt.toISOString() === at)).toBe(true);
    });
  });

  it('when a step arrives with the case’s start, then it waits for the opening and is recorded after it', async () => {
    await stack.withWorker(async () => {
      const input = caseInput(await seedContainers(stack.db, 1));
      // Update-with-start: the step is in the case's very first workflow task, beside its start.
      const start = new WithStartWorkflowOperation(remainsCase, {
        taskQueue: stack.config.temporal.taskQueue,
        workflowId: caseWorkflowId(input.caseNumber),
        workflowIdConflictPolicy: 'FAIL',
        args: [input],
      });
      const state = await stack.client.workflow.executeUpdateWithStart(recordCaseStepUpdate, {
        args: [{ step: 'EXAMINED', by: BY }],
        startWorkflowOperation: start,
      });
      expect(state).toMatchObject({ status: 'EXAMINED', sequence: 2 });
      expect(await eventsOf(input.caseNumber)).toEqual([
        [1, 'STEP', 'RECEIVED', null],
        [2, 'STEP', 'EXAMINED', null],
      ]);
    });
  });

  it('when a case is identified and released, then the receiving party is told of each, with identifiers only', async () => {
    await stack.db.notificationRecipient.createMany({
      data: [{ recipient: 'UA', channel: 'WEBHOOK' as const, address: 'http://127.0.0.1:9/unreachable', secret: 's' }],
      skipDuplicates: true,
    });
    await stack.withWorker(async () => {
      const { input, handle } = await startCase({ closedRetention: '1 second' });
      await steps(handle, 'EXAMINED', 'SAMPLED', 'PROFILED', 'MATCHED', 'IDENTIFIED', 'FAMILY_INFORMED', 'RELEASED');
      await handle.result();
      const told = await stack.db.notification.findMany({
        where: { operationReference: input.operationReference, recipient: 'UA', channel: 'WEBHOOK' },
        orderBy: { createdAt: 'asc' },
      });
      expect(told.map((n) => [n.event, n.payload])).toEqual([
        ['case.identified', { caseNumber: input.caseNumber, status: 'IDENTIFIED' }],
        ['case.released', { caseNumber: input.caseNumber, status: 'RELEASED' }],
      ]);
    });
  });

  it('when a sample gives no profile, then the case goes back to sampling through RESAMPLE', async () => {
    await stack.withWorker(async () => {
      const { input, handle } = await startCase();
      await steps(handle, 'EXAMINED', 'SAMPLED', 'RESAMPLE', 'SAMPLED', 'PROFILED');
      expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'PROFILED', profiled: true, sequence: 6 });
      expect((await eventsOf(input.caseNumber)).map(([, , step]) => step)).toEqual([
        'RECEIVED',
        'EXAMINED',
        'SAMPLED',
        'RESAMPLE',
        'SAMPLED',
        'PROFILED',
      ]);
      await handle.terminate('test finished');
    });
  });
});

describe('remains case workflow: refusals and retention', () => {
  it('when a step breaks the order, then it is refused with its reason and nothing changes', async () => {
    await stack.withWorker(async () => {
      const { input, handle } = await startCase({ closedRetention: '1 minute' });
      const refused = async (step: CaseStep, reason: string, extra: { reference?: string; by?: string } = {}) => {
        const before = {
          state: await handle.query(caseStateQuery),
          row: await caseRecords(stack.db, input.caseNumber),
        };
        const update = handle.executeUpdate(recordCaseStepUpdate, { args: [{ step, by: BY, ...extra }] });
        expect(await refusal(update)).toBe(reason);
        expect(await handle.query(caseStateQuery)).toEqual(before.state);
        expect(await caseRecords(stack.db, input.caseNumber)).toEqual(before.row);
      };

      await refused('SAMPLED', 'no DNA sample before the post-mortem examination');
      await steps(handle, 'EXAMINED', 'SAMPLED');
      await refused('MATCHED', 'no match without a DNA profile');
      await steps(handle, 'PROFILED');
      await refused('IDENTIFIED', 'no legal identification without a match');
      await steps(handle, 'MATCHED');
      await refused('FAMILY_INFORMED', 'the family is informed only after legal identification');
      await refused('RELEASED', 'cannot release before the family is informed');
      await refused('EXAMINED', 'the case is already past EXAMINED (it is MATCHED)');
      await refused(
        'IDENTIFIED',
        'reference must be an opaque identifier from the forensic records (letters, digits and . _ : / # -), never personal data or free text',
        {
          reference: 'Ivan Petrov, son',
        },
      );
      await steps(handle, 'IDENTIFIED');
      await refused(
        'RETURNED_TO_OTHER_PARTY',
        'identified remains go to their family: they are neither retained unidentified nor returned to the other party',
      );
      await steps(handle, 'FAMILY_INFORMED', 'RELEASED');
      await refused('EXAMINED', `case is closed: ${input.caseNumber} is RELEASED`);
      expect((await handle.describe()).status.name).toBe('RUNNING'); // still answering, for the retention period
      await handle.terminate('test finished');
    });
  });

  it('when remains stay unidentified, then the case is retained, stays open without reminders, and can still be matched', async () => {
    await stack.withWorker(async () => {
      const { input, handle } = await startCase();
      await refusal(
        handle.executeUpdate(recordCaseStepUpdate, { args: [{ step: 'UNIDENTIFIED_RETAINED', by: BY }] }),
      ).then((reason) => expect(reason).toBe('remains are retained unidentified only once a DNA sample is taken'));
      await steps(handle, 'EXAMINED', 'SAMPLED', 'PROFILED');
      await handle.executeUpdate(recordCaseStepUpdate, {
        args: [{ step: 'UNIDENTIFIED_RETAINED', by: BY, reference: 'grave:UA-KYIV-12-0457' }],
      });
      expect((await handle.describe()).status.name).toBe('RUNNING');
      expect((await caseRecords(stack.db, input.caseNumber))!.status).toBe('UNIDENTIFIED_RETAINED');
      // Years later new family reference data give a match on the existing profile.
      await steps(handle, 'MATCHED');
      expect(await handle.query(caseStateQuery)).toMatchObject({ status: 'MATCHED' });
      await handle.terminate('test finished');
    });
  });
});
