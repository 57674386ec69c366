import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Db } from '../../src/db';
import { caseTaskQueue } from '../../src/temporal/task-queues';
import type { CaseDuration, CaseEventKind, CaseInput, CaseStatus } from '../../workflows/remains-case/messages';
import type { remainsCase } from '../../workflows/remains-case/workflow';
import { caseWorkflowId } from '../../workflows/shared/ids';
import { SearchAttr } from '../../workflows/shared/search-attributes';
import { writeCaseOpenings, type CaseOpening } from './openings';

const CLOSED: CaseStatus[] = ['RELEASED', 'RETURNED_TO_OTHER_PARTY', 'MERGED'];

export interface CaseEventRecord {
  caseId: string;
  /** Position in the case's history: the idempotency key with caseId. */
  sequence: number;
  kind: CaseEventKind;
  /** The case's status after the event. */
  step: CaseStatus;
  recordedBy: string;
  occurredAt: string;
  reference?: string;
  relatedCase?: string;
  /** Set for progress (anything but a reminder): the case row takes this status and progress time. */
  progressAt?: string;
}

export interface CaseAbsorption {
  caseId: string;
  sequence: number;
  step: CaseStatus;
  absorbedCaseNumber: string;
  recordedBy: string;
  occurredAt: string;
  reference?: string;
  progressAt: string;
}

export interface AuthorityReminder {
  caseId: string;
  caseNumber: string;
  sequence: number;
  authority: string;
  status: CaseStatus;
  idleSince: string;
  remindedAt: string;
}

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
 * Idempotent writes of remains cases, keyed by PM number and (case, sequence),
 * so a retried activity or a restarted worker never adds an event twice; and
 * the start of case workflows for received containers.
 */
export function createCaseActivities(db: Db, temporal?: Client) {
  return {
    /** Writes the case, its containers and its opening event (sequence 1); returns the case's id. */
    async recordCaseOpened(o: CaseOpening): Promise<string> {
      const [written] = await db.$transaction((tx) => writeCaseOpenings(tx, [o]));
      if ('refused' in written) throw ApplicationFailure.nonRetryable(written.refused.message, written.refused.type);
      return written.caseId;
    },

    /** Appends one event; progress also moves the case row, unless a later event is already there. */
    async recordCaseEvent(e: CaseEventRecord): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.caseEvent.createMany({
          data: [
            {
              caseId: e.caseId,
              sequence: e.sequence,
              kind: e.kind,
              step: e.step,
              recordedBy: e.recordedBy,
              occurredAt: new Date(e.occurredAt),
              reference: e.reference,
              relatedCase: e.relatedCase,
            },
          ],
          skipDuplicates: true,
        });
        if (e.progressAt) {
          // A stale attempt (one that outlived its retry) must not roll the status back.
          await tx.remainsCase.updateMany({
            where: { id: e.caseId, events: { none: { sequence: { gt: e.sequence } } } },
            data: { status: e.step, lastProgressAt: new Date(e.progressAt) },
          });
        }
      });
    },

    /**
     * Records that a case absorbs another: the other's containers become this
     * case's too. Refuses (without writing) an unknown or closed case. Returns
     * this case's container ids.
     */
    async recordCaseAbsorbed(a: CaseAbsorption): Promise<string[]> {
      return db.$transaction(async (tx) => {
        const done = await tx.caseEvent.findUnique({
          where: { caseId_sequence: { caseId: a.caseId, sequence: a.sequence } },
        });
        if (!done) {
          // Locks the absorbed case's row against its own concurrent step.
          const [absorbed] = await tx.$queryRaw<{ id: string; status: CaseStatus }[]>`
            SELECT "id", "status"::text AS "status" FROM "RemainsCase" WHERE "caseNumber" = ${a.absorbedCaseNumber} FOR UPDATE`;
          if (!absorbed) throw ApplicationFailure.nonRetryable(`no case ${a.absorbedCaseNumber}`, 'UnknownCase');
          if (absorbed.id === a.caseId)
            throw ApplicationFailure.nonRetryable('a case cannot absorb itself', 'SelfMerge');
          if (CLOSED.includes(absorbed.status)) {
            throw ApplicationFailure.nonRetryable(
              `case ${a.absorbedCaseNumber} is closed (${absorbed.status}): it cannot be merged`,
              'CaseClosed',
            );
          }
          const links = await tx.caseContainer.findMany({ where: { caseId: absorbed.id } });
          await tx.caseContainer.createMany({
            data: links.map((l) => ({ caseId: a.caseId, containerId: l.containerId })),
            skipDuplicates: true,
          });
          await tx.caseEvent.createMany({
            data: [
              {
                caseId: a.caseId,
                sequence: a.sequence,
                kind: 'ABSORBED',
                step: a.step,
                recordedBy: a.recordedBy,
                occurredAt: new Date(a.occurredAt),
                reference: a.reference,
                relatedCase: a.absorbedCaseNumber,
              },
            ],
            skipDuplicates: true,
          });
          await tx.remainsCase.updateMany({
            where: { id: a.caseId, events: { none: { sequence: { gt: a.sequence } } } },
            data: { lastProgressAt: new Date(a.progressAt) },
          });
        }
        const links = await tx.caseContainer.findMany({ where: { caseId: a.caseId }, orderBy: { containerId: 'asc' } });
        return links.map((l) => l.containerId);
      });
    },

    /**
     * Reminds the responsible authority of a case without progress. For now
     * the reminder is recorded as a REMINDER case event.
     * Seam: when the notifications outbox lands, enqueue the notification to
     * `r.authority` here, in the same transaction, keyed by (caseId, sequence)
     * so a retry neither duplicates the event nor the message.
     */
    async remindAuthority(r: AuthorityReminder): Promise<void> {
      await db.caseEvent.createMany({
        data: [
          {
            caseId: r.caseId,
            sequence: r.sequence,
            kind: 'REMINDER',
            step: r.status,
            recordedBy: 'system',
            occurredAt: new Date(r.remindedAt),
            reference: `reminder-to:${r.authority}`,
          },
        ],
        skipDuplicates: true,
      });
    },

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
