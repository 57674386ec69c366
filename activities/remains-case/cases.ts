import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Db } from '../../src/db';
import { caseTaskQueue } from '../../src/temporal/task-queues';
import type { CaseDuration, CaseInput } from '../../workflows/remains-case/messages';
import type { remainsCase } from '../../workflows/remains-case/workflow';
import { caseWorkflowId } from '../../workflows/shared/ids';
import { SearchAttr } from '../../workflows/shared/search-attributes';
import { writeCaseOpenings } from './openings';
import { createCaseEventActivities } from './events';

export interface ContainersToOpen {
  operationReference: string;
  receivingParty: string;
  responsibleAuthority: string;
  openedBy: string;
  /** Each received container; without a caseNumber, its receiver intake number is the PM number. */
  containers: { containerId: string; caseNumber?: string }[];
  reminderPeriod?: CaseDuration;
  /** Workflow starts sent at once; default 50. */
  batchSize?: number;
}

/**
 * The remains case's activities: the writes of its history (./events.ts) and
 * the opening of cases for received containers, idempotent by PM number: each
 * batch's cases written, then their workflows started.
 */
export function createCaseActivities(db: Db, temporal?: Client) {
  return {
    ...createCaseEventActivities(db),
    /**
     * Opens one case per received container, in batches: each batch's cases
     * written in one transaction, then their workflows started. Idempotent: a
     * case already written is kept, one already running is left as it is
     * (USE_EXISTING), and one already closed is not started again
     * (REJECT_DUPLICATE). A retry resumes after the last batch it heartbeated.
     * Returns the PM numbers.
     */
    async openCasesForContainers(req: ContainersToOpen): Promise<{ caseNumbers: string[] }> {
      return openCases(req);
    },

    /**
     * A signed-off day: every container the receiver took over in one direction
     * (listed or extra) opens a case, numbered by its receiver intake number.
     */
    async openCasesForHandover(
      req: Omit<ContainersToOpen, 'containers'> & { handoverWorkflowId: string; fromParty: string },
    ) {
      const containers = await db.remainsContainer.findMany({
        where: {
          handover: { workflowId: req.handoverWorkflowId },
          fromParty: req.fromParty,
          outcome: { in: ['RECEIVED', 'EXTRA'] },
        },
        select: { id: true },
        orderBy: { receiverIntakeNumber: 'asc' },
      });
      const { caseNumbers } = await openCases({
        operationReference: req.operationReference,
        receivingParty: req.receivingParty,
        responsibleAuthority: req.responsibleAuthority,
        openedBy: req.openedBy,
        reminderPeriod: req.reminderPeriod,
        containers: containers.map((c) => ({ containerId: c.id })),
      });
      return { opened: caseNumbers.length };
    },
  };

  async function openCases(req: ContainersToOpen): Promise<{ caseNumbers: string[] }> {
    if (!temporal)
      throw ApplicationFailure.nonRetryable('no Temporal client in ActivityDeps.temporal', 'NotConfigured');
    const caseNumbers = await caseNumbersOf(db, req.containers);
    const context = Context.current();
    const batchSize = req.batchSize ?? 50;
    const resumeAt = (context.info.heartbeatDetails as number | undefined) ?? 0;
    for (let start = resumeAt; start < req.containers.length; start += batchSize) {
      const inputs = req.containers.slice(start, start + batchSize).map((c, i): CaseInput => ({
        caseNumber: caseNumbers[start + i],
        operationReference: req.operationReference,
        receivingParty: req.receivingParty,
        responsibleAuthority: req.responsibleAuthority,
        containerIds: [c.containerId],
        openedBy: req.openedBy,
        reminderPeriod: req.reminderPeriod,
      }));
      const recorded = await recordBatch(inputs);
      // On the cases queue of the queue this activity runs on (the day's): served by its own worker.
      await Promise.all(recorded.map((input) => startCase(temporal, caseTaskQueue(context.info.taskQueue), input)));
      context.heartbeat(start + batchSize);
    }
    return { caseNumbers };
  }

  /**
   * The batch's cases written in one transaction, before their workflows start:
   * each input then carries its case's id and opening time, and the workflow
   * has nothing to record. An opening the database refuses goes without them:
   * its workflow records its own opening and fails there, for that case alone
   * (CaseNumberTaken, UnknownContainer…), as every case did before.
   */
  async function recordBatch(inputs: CaseInput[]): Promise<CaseInput[]> {
    const openedAt = new Date().toISOString();
    const written = await db.$transaction((tx) =>
      writeCaseOpenings(
        tx,
        inputs.map((input) => ({
          ...input,
          workflowId: caseWorkflowId(input.caseNumber),
          openedAt,
          progressAt: openedAt,
        })),
      ),
    );
    return inputs.map((input, i) => {
      const w = written[i];
      if ('refused' in w) {
        log.warn('case opening refused by the database: its workflow will fail', {
          caseNumber: input.caseNumber,
          reason: w.refused.type,
        });
        return input;
      }
      return { ...input, caseId: w.caseId, openedAt: w.progressAt };
    });
  }
}

async function startCase(client: Client, taskQueue: string, input: CaseInput): Promise<void> {
  try {
    await client.workflow.start<typeof remainsCase>('remainsCase', {
      taskQueue,
      workflowId: caseWorkflowId(input.caseNumber),
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      // Filterable with its operation's other workflows: OperationReference = "…".
      typedSearchAttributes: [
        { key: SearchAttr.OperationReference, value: input.operationReference },
        { key: SearchAttr.CaseStatus, value: 'RECEIVED' },
      ],
      memo: { operationReference: input.operationReference, caseStep: 'RECEIVED' },
    });
  } catch (err) {
    // Only a closed case with this id is refused: it was opened before.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** The PM number of each container: given, or the receiver's intake number. */
async function caseNumbersOf(db: Db, containers: ContainersToOpen['containers']): Promise<string[]> {
  const missing = containers.filter((c) => !c.caseNumber).map((c) => c.containerId);
  const rows = missing.length
    ? await db.remainsContainer.findMany({
        where: { id: { in: missing } },
        select: { id: true, receiverIntakeNumber: true },
      })
    : [];
  const intake = new Map(rows.map((r) => [r.id, r.receiverIntakeNumber]));
  return containers.map((c) => {
    const number = c.caseNumber ?? intake.get(c.containerId);
    if (!number) {
      throw ApplicationFailure.nonRetryable(
        `container ${c.containerId} has no PM number nor intake number`,
        'NoCaseNumber',
      );
    }
    return number;
  });
}
