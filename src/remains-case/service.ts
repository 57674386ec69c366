import type { Request } from 'express';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db';
import {
  mergeCaseUpdate,
  recordCaseStepUpdate,
  splitCaseUpdate,
  type MergeCaseArgs,
  type RecordCaseStepArgs,
  type SplitCaseArgs,
} from '../../workflows/remains-case/messages';
import { caseWorkflowId } from '../../workflows/shared/ids';
import { conflict } from '../api/errors';
import { logDataReads } from '../api/data-access';
import { noSuchCase } from './scope';
import {
  caseStateOf,
  caseViewOf,
  caseWorkflowView,
  findCase,
  listCases,
  loadCaseRecord,
  type CaseFilter,
} from './view';

export interface CaseServiceDeps {
  config: Config;
  db: Db;
  temporal: Client;
}

/** Idempotency of a change: the API's Idempotency-Key as the update's id. */
type UpdateId = { updateId?: string };

/** A change asked of a case's workflow through its handle. */
type CaseChange<T> = (h: ReturnType<Client['workflow']['getHandle']>) => Promise<T>;

/** Runs an update on a case's workflow; a workflow gone from Temporal means the case closed long ago. */
export async function updateCaseWorkflow<T>(temporal: Client, caseNumber: string, change: CaseChange<T>): Promise<T> {
  try {
    return await change(temporal.workflow.getHandle(caseWorkflowId(caseNumber)));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw conflict(`case is closed: ${caseNumber}`);
    throw err;
  }
}

/**
 * Remains cases for the API: reads from PostgreSQL (each read of another
 * party's data logged before it is answered) and changes asked of the case's
 * workflow, the single writer of its state. The routes parse and authorise;
 * `req` is passed only for the read log (who read, in which request).
 */
export function caseService({ config, db, temporal }: CaseServiceDeps) {
  const update = <T>(caseNumber: string, change: CaseChange<T>) => updateCaseWorkflow(temporal, caseNumber, change);

  return {
    /** One page of cases; `filters` names the read in the access log. */
    async list(req: Request, filter: CaseFilter, filters: URLSearchParams) {
      const page = await listCases(db, filter);
      await logDataReads(
        db,
        req,
        page.items.map((c) => c.receivingParty),
        `cases?${filters.toString()}`,
      );
      return page;
    },

    /** One case as PostgreSQL records it, with its workflow's status. */
    async read(req: Request, caseNumber: string) {
      const row = await loadCaseRecord(db, caseNumber);
      if (!row) throw noSuchCase();
      const view = caseViewOf(row, await caseWorkflowView(temporal, config, row.caseNumber));
      await logDataReads(db, req, [row.receivingParty], `case:${row.caseNumber}`);
      return view;
    },

    async recordStep(caseNumber: string, args: RecordCaseStepArgs, id: UpdateId) {
      const state = await update(caseNumber, (h) => h.executeUpdate(recordCaseStepUpdate, { args: [args], ...id }));
      return caseStateOf(state);
    },

    async split(caseNumber: string, args: SplitCaseArgs, id: UpdateId) {
      const { caseNumbers } = await update(caseNumber, (h) =>
        h.executeUpdate(splitCaseUpdate, { args: [args], ...id }),
      );
      return { caseNumbers };
    },

    /**
     * Only a case of the same party can be absorbed; the other party's answers exactly as an absent one
     * (in the words the workflow uses for an absent case).
     */
    async merge(target: { caseNumber: string; receivingParty: string }, args: MergeCaseArgs, id: UpdateId) {
      const absorbed = await findCase(db, args.absorbedCaseNumber);
      if (!absorbed || absorbed.receivingParty !== target.receivingParty) {
        throw conflict(`no case ${args.absorbedCaseNumber}`);
      }
      const state = await update(target.caseNumber, (h) => h.executeUpdate(mergeCaseUpdate, { args: [args], ...id }));
      return caseStateOf(state);
    },
  };
}
export type CaseService = ReturnType<typeof caseService>;
