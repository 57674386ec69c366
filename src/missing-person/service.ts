import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { z } from 'zod';
import type { Config } from '../config';
import { requirePayloadKeys } from '../config';
import type { Db } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { caseTaskQueue } from '../temporal/task-queues';
import { logDataReads } from '../api/data-access';
import { conflict, ProblemError } from '../api/errors';
import { missingPersonCase } from '../../workflows/missing-person/workflow';
import {
  changeMissingPersonStatusUpdate,
  type ChangeMissingPersonStatusArgs,
} from '../../workflows/missing-person/messages';
import { checkChange } from '../../workflows/missing-person/rules';
import { missingPersonWorkflowId } from '../../workflows/shared/ids';
import { RuleViolation } from '../../workflows/shared/refusal';
import { linkWorkflow, openCase, recordReview } from './case-rows';
import { personalDataVault, SealedDataError, type UnreadableReason } from './personal-data';
import type { VisibleMissingPerson } from './scope';
import type { listMissingPersonsQuery, openMissingPersonRequest, reviewRequest } from './schemas';
import { CASE_INCLUDE, caseListItem, caseView, iso } from './view';

export interface MissingPersonDeps {
  config: Config;
  db: Db;
  temporal: Client;
  /** Counts personal data met that does not open here (the API's /metrics). */
  countUnreadable?: (reason: UnreadableReason) => void;
}

/** A case's personal data did not open: the problem says why and what an operator does, naming no value. */
function unreadableProblem(caseNumber: string, err: SealedDataError): ProblemError {
  const why =
    err.reason === 'KEY_NOT_HELD'
      ? `is sealed under key "${err.keyId}", which this service's PAYLOAD_KEYS does not hold: an operator adds that key to PAYLOAD_KEYS (after the current one) and restarts the API`
      : `fails authentication under key "${err.keyId}": PAYLOAD_KEYS gives that id another key than the one that sealed it, or the stored value was altered`;
  return new ProblemError(
    500,
    'personal-data-unreadable',
    'Personal data cannot be opened',
    `The personal data of case ${caseNumber} ${why} (operators' guide, "Rotating keys"). Nothing was read.`,
  );
}

/**
 * Missing-person cases for the API: reads through Prisma, writes through the
 * case rows' one writer (./case-rows.ts), status changes asked of the case's
 * workflow. Every read from outside the case's party is logged.
 */
export function missingPersonService({ config, db, temporal, countUnreadable }: MissingPersonDeps) {
  const vault = personalDataVault(requirePayloadKeys(config), config.searchIndexKeys);
  const taskQueue = caseTaskQueue(config.temporal.taskQueue);
  /** Logged with identifiers only (the case number, the key id), and counted. */
  const unreadable = (req: Request, caseNumber: string, err: { reason: UnreadableReason; keyId: string }) => {
    req.log.warn({ caseNumber, keyId: err.keyId, reason: err.reason }, 'personal data unreadable');
    countUnreadable?.(err.reason);
  };

  return {
    vault,

    async open(body: z.infer<typeof openMissingPersonRequest>, openedBy: string) {
      const caseNumber = body.caseNumber ?? `MP-${body.party}-${randomUUID().slice(0, 8).toUpperCase()}`;
      const created = await openCase(db, vault, {
        caseNumber,
        party: body.party,
        person: body.person,
        contacts: body.contacts,
        openedBy,
      });
      if (!created) throw conflict(`A missing-person case ${caseNumber} already exists.`);
      return { caseNumber, party: created.party, status: created.status };
    },

    /** Cases of `ofParty` (all when undefined) matching the name's and service number's blind-index keys. */
    async list(req: Request, query: z.infer<typeof listMissingPersonsQuery>, ofParty: string | undefined) {
      const { status, name, serviceNumber, limit, offset } = query;
      // Each part's hash under every index key still searched: the index may be moving to a new key.
      const keys: Prisma.MissingPersonCaseWhereInput[] = [
        ...(name ? vault.nameKeyChoices(name) : []).map((hashes) => ({
          searchKeys: { some: { kind: 'NAME_PART' as const, hash: { in: hashes } } },
        })),
        ...(serviceNumber ? [vault.numberKeyChoices(serviceNumber)] : []).map((hashes) => ({
          searchKeys: { some: { kind: 'SERVICE_NUMBER' as const, hash: { in: hashes } } },
        })),
      ];
      // A name with no letter in it matches nothing rather than everything.
      const where: Prisma.MissingPersonCaseWhereInput =
        name && vault.nameKeys(name).length === 0
          ? { id: { in: [] } }
          : { ...(ofParty ? { party: ofParty } : {}), ...(status ? { status } : {}), AND: keys };
      const [rows, total] = await Promise.all([
        db.missingPersonCase.findMany({
          where,
          orderBy: [{ createdAt: 'desc' }, { caseNumber: 'asc' }],
          take: limit,
          skip: offset,
        }),
        db.missingPersonCase.count({ where }),
      ]);
      // The search itself is not logged (it is in the request log without its query); what it released is.
      await logDataReads(
        db,
        req,
        rows.map((r) => r.party),
        `missing-persons?${rows.length} cases`,
      );
      const items = rows.map((r) => caseListItem(vault, r));
      for (const { caseNumber, personalDataUnreadable } of items) {
        if (personalDataUnreadable) unreadable(req, caseNumber, personalDataUnreadable);
      }
      return { items, total, limit, offset };
    },

    async read(req: Request, id: string) {
      const row = await db.missingPersonCase.findUniqueOrThrow({ where: { id }, include: CASE_INCLUDE });
      let view: ReturnType<typeof caseView>;
      try {
        view = caseView(vault, row);
      } catch (err) {
        if (!(err instanceof SealedDataError)) throw err;
        unreadable(req, row.caseNumber, err);
        throw unreadableProblem(row.caseNumber, err);
      }
      await logDataReads(db, req, [row.party], `missing-person:${row.caseNumber}`);
      return view;
    },

    /** Asks the case's workflow for the change, starting it from the status PostgreSQL holds if the case was at rest. */
    async changeStatus(
      row: VisibleMissingPerson,
      args: ChangeMissingPersonStatusArgs,
      update: { updateId?: string },
    ) {
      // Checked before a resting case's workflow is started for nothing; the workflow checks again.
      try {
        checkChange(row.status, args, Date.now());
      } catch (err) {
        if (err instanceof RuleViolation) throw new ProblemError(409, 'rejected', 'Rejected', err.message);
        throw err;
      }
      const workflowId = missingPersonWorkflowId(row.caseNumber);
      const state = await temporal.workflow.executeUpdateWithStart(changeMissingPersonStatusUpdate, {
        args: [args],
        ...update,
        startWorkflowOperation: new WithStartWorkflowOperation(missingPersonCase, {
          workflowId,
          taskQueue,
          workflowIdConflictPolicy: 'USE_EXISTING',
          args: [{ caseNumber: row.caseNumber, caseId: row.id, party: row.party, status: row.status }],
        }),
      });
      await linkWorkflow(db, row.id, workflowId);
      return { caseNumber: state.caseNumber, party: state.party, status: state.status };
    },

    async recordReview(row: VisibleMissingPerson, body: z.infer<typeof reviewRequest>, by: string) {
      const at = body.occurredAt ? new Date(body.occurredAt) : new Date();
      const nextReviewAt = await recordReview(db, {
        caseId: row.id,
        status: row.status,
        by,
        at,
        channel: body.channel,
      });
      return { lastReviewAt: iso(at), nextReviewAt: iso(nextReviewAt) };
    },
  };
}
export type MissingPersonService = ReturnType<typeof missingPersonService>;
