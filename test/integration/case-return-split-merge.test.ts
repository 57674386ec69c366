import {
  caseStateQuery,
  mergeCaseUpdate,
  recordCaseStepUpdate,
  recordForeignNationalUpdate,
  splitCaseUpdate,
} from '../../workflows/remains-case/messages';
import { caseWorkflowId } from '../../workflows/shared/ids';
import { caseRecords, refusal, seedMissingPerson } from '../helpers/cases';
import { eventually } from '../helpers/processes';
import { openStack, type TestStack } from '../helpers/stack';
import { BY, caseSteps } from '../helpers/case-steps';

/**
 * The remains case workflow on the real stack: remains of the other side's nationals returned, and cases split
 * and merged.
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await openStack();
});
afterAll(() => stack.close());

const { startCase, steps, eventsOf } = caseSteps(() => stack);

describe('remains case workflow: return to the other party', () => {
  it('when remains are found to belong to the other side, then the case closes as RETURNED_TO_OTHER_PARTY to that party, and the missing person’s case follows', async () => {
    await stack.withWorker(async () => {
      const { input, handle } = await startCase({ closedRetention: '1 second' });
      await steps(handle, 'EXAMINED');
      // A return says to whom: without a finding it is refused.
      expect(
        await refusal(
          handle.executeUpdate(recordCaseStepUpdate, { args: [{ step: 'RETURNED_TO_OTHER_PARTY', by: BY }] }),
        ),
      ).toBe(
        'a return names the party the remains go to: record first that they are a national of the other side (with its evidence)',
      );
      const person = await seedMissingPerson(stack.db, 'RU');
      const finding = { missingPersonCaseNumber: person, returnTo: 'RU', by: BY };
      expect(
        await refusal(
          handle.executeUpdate(recordForeignNationalUpdate, {
            args: [{ ...finding, returnTo: 'UA', evidence: 'DOCUMENTS', reference: 'doc-1' }],
          }),
        ),
      ).toBe('a national of the other side goes back to the other party, not to UA, which received the remains');
      await handle.executeUpdate(recordForeignNationalUpdate, {
        args: [{ ...finding, evidence: 'DOCUMENTS', reference: 'military-id-0457' }],
      });
      await steps(handle, 'RETURNED_TO_OTHER_PARTY');
      expect(await handle.result()).toMatchObject({ status: 'RETURNED_TO_OTHER_PARTY', returnTo: 'RU' });
      expect((await caseRecords(stack.db, input.caseNumber))!.status).toBe('RETURNED_TO_OTHER_PARTY');
      expect(await eventsOf(input.caseNumber)).toEqual([
        [1, 'STEP', 'RECEIVED', null],
        [2, 'STEP', 'EXAMINED', null],
        [3, 'FOREIGN_NATIONAL', 'EXAMINED', person],
        [4, 'STEP', 'RETURNED_TO_OTHER_PARTY', person],
      ]);
      const link = await stack.db.remainsMatch.findFirstOrThrow({
        where: { remainsCase: { caseNumber: input.caseNumber } },
      });
      expect(link).toMatchObject({ returnTo: 'RU', evidence: 'DOCUMENTS', reference: 'military-id-0457' });
      expect(link.returnedAt).toBeInstanceOf(Date);
      const followed = await stack.db.missingPersonEvent.findMany({
        where: { case: { caseNumber: person } },
        orderBy: { occurredAt: 'asc' },
      });
      expect(followed.map((e) => [e.kind, e.reference])).toEqual([
        ['REMAINS_FOUND_ACROSS', input.caseNumber],
        ['REMAINS_RETURNED', input.caseNumber],
      ]);
    });
  });

  it('when identified remains prove to be a national of the other side, then they can still be returned', async () => {
    await stack.withWorker(async () => {
      const { handle } = await startCase({ closedRetention: '1 second' });
      await steps(handle, 'EXAMINED', 'SAMPLED', 'PROFILED', 'MATCHED', 'IDENTIFIED');
      const person = await seedMissingPerson(stack.db, 'RU');
      await handle.executeUpdate(recordForeignNationalUpdate, {
        args: [
          {
            missingPersonCaseNumber: person,
            returnTo: 'RU',
            evidence: 'DNA_MATCH',
            reference: 'DNA-MR-RU-17',
            kinshipStatistic: 3e7,
            by: BY,
          },
        ],
      });
      await steps(handle, 'RETURNED_TO_OTHER_PARTY');
      expect(await handle.result()).toMatchObject({ status: 'RETURNED_TO_OTHER_PARTY', returnTo: 'RU' });
    });
  });
});

describe('remains case workflow: split and merge', () => {
  it('when a container holds more than one person, then a split opens new numbered cases on the same container', async () => {
    await stack.withWorker(async () => {
      const { input, handle } = await startCase();
      await steps(handle, 'EXAMINED');
      const { caseNumbers } = await handle.executeUpdate(splitCaseUpdate, {
        args: [{ parts: 2, by: BY, reference: 'pm-report-17' }],
      });
      expect(caseNumbers).toEqual([`${input.caseNumber}.1`, `${input.caseNumber}.2`]);
      for (const number of caseNumbers) {
        const child = stack.client.workflow.getHandle(caseWorkflowId(number));
        await eventually(async () => (await child.query(caseStateQuery)).caseId, `the opening of ${number}`);
        expect(await child.query(caseStateQuery)).toMatchObject({
          status: 'RECEIVED',
          containerIds: input.containerIds,
        });
        const row = await caseRecords(stack.db, number);
        expect(row!.containers.map((c) => c.containerId)).toEqual(input.containerIds);
        expect(await eventsOf(number)).toEqual([[1, 'STEP', 'RECEIVED', input.caseNumber]]);
      }
      // The source case keeps its own step; its history names the new cases.
      expect(await eventsOf(input.caseNumber)).toEqual([
        [1, 'STEP', 'RECEIVED', null],
        [2, 'STEP', 'EXAMINED', null],
        [3, 'SPLIT', 'EXAMINED', caseNumbers[0]],
        [4, 'SPLIT', 'EXAMINED', caseNumbers[1]],
      ]);
      // A second split continues the numbering.
      const again = await handle.executeUpdate(splitCaseUpdate, { args: [{ parts: 1, by: BY }] });
      expect(again.caseNumbers).toEqual([`${input.caseNumber}.3`]);
      for (const number of [...caseNumbers, ...again.caseNumbers]) {
        const child = stack.client.workflow.getHandle(caseWorkflowId(number));
        await eventually(async () => (await child.query(caseStateQuery)).caseId, `the opening of ${number}`);
        await child.terminate('test finished');
      }
      await handle.terminate('test finished');
    });
  });

  it('when one case absorbs another, then the other ends as merged into it and its containers become the survivor’s', async () => {
    await stack.withWorker(async () => {
      const survivor = await startCase();
      const absorbed = await startCase({ closedRetention: '1 second' });
      await steps(survivor.handle, 'EXAMINED');
      const state = await survivor.handle.executeUpdate(mergeCaseUpdate, {
        args: [{ absorbedCaseNumber: absorbed.input.caseNumber, by: BY, reference: 'reassociation-9' }],
      });
      expect(state).toMatchObject({ status: 'EXAMINED', sequence: 3 });
      expect([...state.containerIds].sort()).toEqual(
        [...survivor.input.containerIds, ...absorbed.input.containerIds].sort(),
      );

      expect(await absorbed.handle.result()).toMatchObject({ status: 'MERGED', mergedInto: survivor.input.caseNumber });
      expect((await caseRecords(stack.db, absorbed.input.caseNumber))!.status).toBe('MERGED');
      expect(await eventsOf(absorbed.input.caseNumber)).toEqual([
        [1, 'STEP', 'RECEIVED', null],
        [2, 'MERGED', 'MERGED', survivor.input.caseNumber],
      ]);
      const row = await caseRecords(stack.db, survivor.input.caseNumber);
      expect(row!.containers.map((c) => c.containerId).sort()).toEqual([...state.containerIds].sort());
      expect(await eventsOf(survivor.input.caseNumber)).toEqual([
        [1, 'STEP', 'RECEIVED', null],
        [2, 'STEP', 'EXAMINED', null],
        [3, 'ABSORBED', 'EXAMINED', absorbed.input.caseNumber],
      ]);

      // A closed case cannot be absorbed: refused with the reason, nothing written.
      const before = await caseRecords(stack.db, survivor.input.caseNumber);
      const again = survivor.handle.executeUpdate(mergeCaseUpdate, {
        args: [{ absorbedCaseNumber: absorbed.input.caseNumber, by: BY }],
      });
      expect(await refusal(again)).toBe(`case ${absorbed.input.caseNumber} is closed (MERGED): it cannot be merged`);
      expect(await caseRecords(stack.db, survivor.input.caseNumber)).toEqual(before);
      expect(await survivor.handle.query(caseStateQuery)).toEqual(state);
      await survivor.handle.terminate('test finished');
    });
  });
});
