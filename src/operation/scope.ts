import type { Request } from 'express';
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { z } from 'zod';
import type { Db } from '../db';
import { operationWorkflowId } from '../../workflows/shared/ids';
import { SearchAttr } from '../../workflows/shared/search-attributes';
import { assertSeesParties, forbidden, principalOf, type Principal } from '../api/auth';
import { conflict, fromZod, operationNotFound, type ProblemError } from '../api/errors';
import { operationReference } from '../api/schemas';

/**
 * Who may act on which operation, checked before anything reaches Temporal:
 * the operation must exist and be visible to the principal (neutrality), and
 * a party liaison acts only for its own party.
 */

export interface VisibleOperation {
  reference: string;
  parties: string[];
}

/**
 * An operation's parties never change (an amendment cannot change them), so
 * once read from PostgreSQL they are kept: a field report does not ask again.
 * Bounded: a process that has seen very many operations starts afresh.
 */
const knownParties = new Map<string, string[]>();
const KNOWN_OPERATIONS_MAX = 10_000;

/** The operation's parties: from PostgreSQL, or from the workflow while its first record is being written. */
async function partiesOf(db: Db, temporal: Client, reference: string): Promise<string[] | null> {
  const known = knownParties.get(reference);
  if (known) return known;
  const rows = await db.operationParty.findMany({
    where: { operation: { reference } },
    select: { partyCode: true },
  });
  if (rows.length) {
    if (knownParties.size >= KNOWN_OPERATIONS_MAX) knownParties.clear();
    const parties = rows.map((r) => r.partyCode);
    knownParties.set(reference, parties);
    return parties;
  }
  try {
    const description = await temporal.workflow.getHandle(operationWorkflowId(reference)).describe();
    return description.typedSearchAttributes.get(SearchAttr.Parties) ?? [];
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

/** Loads the operation named by :reference; 404 when it does not exist or the principal's party is not in it. */
export async function visibleOperation(req: Request, db: Db, temporal: Client): Promise<VisibleOperation> {
  const parsed = operationReference.safeParse(req.params.reference);
  if (!parsed.success) throw operationNotFound();
  const reference = parsed.data;
  const parties = await partiesOf(db, temporal, reference);
  if (!parties) throw operationNotFound();
  assertSeesParties(principalOf(req), parties);
  return { reference, parties };
}

/** A liaison acts for its own party only; the intermediary's roles are limited by requireRole alone. */
export function assertActsFor(principal: Principal, party: string): void {
  if (principal.role === 'PARTY_LIAISON' && principal.party !== party) {
    throw forbidden(`A liaison of ${principal.party} cannot act for ${party}.`);
  }
}

/** Validates the body; actions without fields accept an absent body. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

/**
 * The Idempotency-Key also names the Temporal update, so a retry after a lost
 * answer (or a 503) joins the first update instead of applying it twice.
 */
export function updateIdOf(req: Request): { updateId?: string } {
  const key = req.get('idempotency-key');
  return key ? { updateId: `api:${principalOf(req).tokenId}:${key}` } : {};
}

/**
 * Runs an update on a workflow. Temporal answers "not found" both for a
 * workflow that never existed (404) and for one that has ended, which is a
 * conflict with the state: `ended` says how it ended.
 */
export async function onWorkflow<T>(
  handle: WorkflowHandle,
  fn: (handle: WorkflowHandle) => Promise<T>,
  answers: { missing: () => ProblemError; ended: (status: string) => Promise<string> },
): Promise<T> {
  try {
    return await fn(handle);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    const description = await handle.describe().catch(() => null);
    if (!description) throw answers.missing();
    throw conflict(await answers.ended(description.status.name));
  }
}
