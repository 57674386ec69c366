import type { CaseInput, CaseStep } from '../../workflows/remains-case/messages';
import {
  caseStateQuery,
  familyInformedSignal,
  recordCaseStepUpdate,
  recordMatchUpdate,
} from '../../workflows/remains-case/messages';
import { remainsCase } from '../../workflows/remains-case/workflow';
import { caseWorkflowId } from '../../workflows/shared/ids';
import { caseInput, caseRecords, seedContainers, seedMissingPerson } from './cases';
import { eventually } from './processes';
import type { TestStack } from './stack';

/** The staff code the case tests record steps as. */
export const BY = 'ua-forensic-07';

/**
 * Drives remains case workflows on a test stack (read when called, so a
 * file's beforeAll may open it after this is set up).
 */
export function caseSteps(stack: () => TestStack) {
  async function startCase(overrides: Partial<CaseInput> = {}, containers = 1) {
    const input = caseInput(await seedContainers(stack().db, containers), overrides);
    const handle = await stack().client.workflow.start(remainsCase, {
      taskQueue: stack().config.temporal.taskQueue,
      workflowId: caseWorkflowId(input.caseNumber),
      args: [input],
    });
    await eventually(async () => (await handle.query(caseStateQuery)).caseId, 'the opening record');
    return { input, handle };
  }

  type CaseHandle = Awaited<ReturnType<typeof startCase>>['handle'];

  /**
   * Takes a step as the people concerned do: a match names a missing person (seeded, its contact 1 designated
   * to receive the remains), the family is told through the missing-person case (its signal, sent here as that
   * workflow sends it), and the release goes to the designated contact.
   */
  async function step(handle: CaseHandle, step: CaseStep, extra: { occurredAt?: string; reference?: string } = {}) {
    if (step === 'MATCHED') {
      const missingPersonCaseNumber = await seedMissingPerson(stack().db);
      return handle.executeUpdate(recordMatchUpdate, {
        args: [
          {
            missingPersonCaseNumber,
            reportNumber: extra.reference ?? 'match-1',
            kinshipStatistic: 1e6,
            by: BY,
            ...extra,
          },
        ],
      });
    }
    if (step === 'FAMILY_INFORMED') {
      const { missingPersonCaseNumber } = await handle.query(caseStateQuery);
      await handle.signal(familyInformedSignal, {
        missingPersonCaseNumber: missingPersonCaseNumber!,
        receiverContact: 1,
        by: BY,
        informedAt: extra.occurredAt ?? new Date().toISOString(),
      });
      return eventually(async () => {
        const state = await handle.query(caseStateQuery);
        return state.status === 'FAMILY_INFORMED' ? state : undefined;
      }, 'the family informed');
    }
    const releasedTo = step === 'RELEASED' ? { releasedTo: 1 } : {};
    return handle.executeUpdate(recordCaseStepUpdate, { args: [{ step, by: BY, ...extra, ...releasedTo }] });
  }

  async function steps(handle: CaseHandle, ...list: CaseStep[]) {
    for (const s of list) await step(handle, s);
  }

  const eventsOf = async (caseNumber: string) =>
    (await caseRecords(stack().db, caseNumber))!.events.map((e) => [e.sequence, e.kind, e.step, e.relatedCase]);

  return { startCase, step, steps, eventsOf };
}
