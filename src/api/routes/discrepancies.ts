import { createHash, randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { lifeOfRecord, startDiscrepancyLife } from '../../../activities/discrepancies';
import { ROLES } from '../../../workflows/domain';
import {
  DISCREPANCY_KINDS,
  DISCREPANCY_STATUSES,
  statementProblem,
  type DiscrepancyInput,
} from '../../../workflows/discrepancy-rules';
import {
  acceptResolutionUpdate,
  attestAccountUpdate,
  decideDiscrepancyUpdate,
  discrepancyRecordedUpdate,
  escalateDiscrepancyUpdate,
  proposeResolutionUpdate,
} from '../../../workflows/discrepancy-messages';
import { discrepancyWorkflowId, handoverWorkflowId } from '../../../workflows/ids';
import { actorOf, principalOf, requireRole } from '../auth';
import { discrepancyList, discrepancyView, listDiscrepancies, loadDiscrepancy } from '../discrepancy-view';
import { conflict, fromZod, notFound, ProblemError } from '../errors';
import { documented } from '../openapi';
import { parseBody, updateIdOf, visibleOperation } from '../operation-scope';
import { isoDate, partyCode, tag, text } from '../schemas';
import { TEXT } from '../../../workflows/text';

/**
 * A discrepancy's life through the API: reported by a party's liaison, the
 * intermediary's field staff or the coordinator; each party's account
 * attested; a resolution proposed and accepted by both parties, or the
 * discrepancy escalated to the coordinator, who decides. Each action is an
 * update of the discrepancy's workflow (`discrepancy:<id>`), which appends
 * an attributed statement to the record before it answers.
 */

/** Free text for the shared record, never personal data (the same rule the workflow applies). */
const statement = text(TEXT.reason).superRefine((value, ctx) => {
  const problem = statementProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const tags = z
  .array(tag)
  .max(10_000)
  .refine((list) => new Set(list).size === list.length, { error: 'must not repeat a tag' });
const count = z.int().min(0).max(1_000_000);

const reportRequest = z.strictObject({
  kind: z.enum(DISCREPANCY_KINDS),
  date: isoDate.optional().meta({ description: 'The handover day it concerns, if any (the date first scheduled)' }),
  direction: z.strictObject({ from: partyCode, to: partyCode }).optional(),
  tags: tags.optional(),
  count: count.optional().meta({ description: 'A count the reporter attests, if the difference is one' }),
  statement: statement.meta({ example: 'Three bags listed on the manifest were not in the last wagon.' }),
});
const accountRequest = z.strictObject({
  statement: statement.meta({ example: 'Loaded 1,248 bags at the siding; seals checked by two officers.' }),
  count: count.optional(),
  tags: tags.optional(),
});
const proposalRequest = z.strictObject({
  resolution: statement.meta({ example: 'The three bags follow in the next operation; the record keeps 1,245.' }),
});
const acceptanceRequest = z.strictObject({
  proposal: z.int().min(1).meta({ description: 'The number of the proposal accepted (the current one)' }),
});
const escalationRequest = z.strictObject({ reason: statement });
const decisionRequest = z.strictObject({ resolution: statement });
const listQuery = z.strictObject({
  status: z.enum(DISCREPANCY_STATUSES).optional(),
  date: isoDate.optional().meta({ description: 'Only those of this handover day' }),
});

const base = '/api/operations/{reference}/discrepancies';
const one = `${base}/{id}`;
const REPORTERS = ['PARTY_LIAISON', 'FIELD_STAFF', 'COORDINATOR'] as const;
documented({
  method: 'get',
  path: base,
  summary: "List the operation's discrepancies (those a handover day opened and those reported), oldest first",
  roles: [...ROLES],
  params: ['reference'],
  query: listQuery,
  response: discrepancyList,
  errors: [404],
});
documented({
  method: 'post',
  path: base,
  summary: 'Report a discrepancy (count mismatch, missing or extra tag, commingled bag, foreign national, …)',
  roles: [...REPORTERS],
  params: ['reference'],
  body: reportRequest,
  response: discrepancyView,
  status: 201,
  errors: [404, 409],
});
documented({
  method: 'get',
  path: one,
  summary: 'Read a discrepancy with every attributed statement, in order',
  roles: [...ROLES],
  params: ['reference', 'id'],
  response: discrepancyView,
  errors: [404],
});
const ACTIONS = [
  {
    path: 'accounts',
    summary: "Attest your party's account (or the intermediary's); a later account adds to the record",
    roles: ['PARTY_LIAISON', 'FIELD_STAFF', 'COORDINATOR'],
    body: accountRequest,
    status: 201,
  },
  {
    path: 'proposals',
    summary: "Propose a resolution, once both parties' accounts are attested; it replaces an earlier proposal",
    roles: ['PARTY_LIAISON', 'COORDINATOR'],
    body: proposalRequest,
    status: 201,
  },
  {
    path: 'acceptances',
    summary: "Accept the current proposal for your party; both parties' acceptances resolve the discrepancy",
    roles: ['PARTY_LIAISON'],
    body: acceptanceRequest,
    status: 200,
  },
  {
    path: 'escalation',
    summary: 'Escalate an open discrepancy to the coordinator',
    roles: [...REPORTERS],
    body: escalationRequest,
    status: 200,
  },
  {
    path: 'decision',
    summary: 'Decide an escalated discrepancy (resolves it)',
    roles: ['COORDINATOR'],
    body: decisionRequest,
    status: 200,
  },
] as const;
for (const a of ACTIONS) {
  documented({
    method: 'post',
    path: `${one}/${a.path}`,
    summary: a.summary,
    roles: [...a.roles],
    params: ['reference', 'id'],
    body: a.body,
    response: discrepancyView,
    status: a.status,
    errors: [404, 409],
  });
}

export interface DiscrepancyRoutesDeps {
  config: Config;
  db: Db;
  temporal: Client;
}

/** The same Idempotency-Key from the same token names the same discrepancy, so a retried report starts it once. */
function reportId(req: Request): string {
  const key = req.get('idempotency-key');
  if (!key) return randomUUID();
  const h = createHash('sha256')
    .update(`${principalOf(req).tokenId}:${key}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const invalidField = (pointer: string, message: string) =>
  new ProblemError(400, 'invalid-request', 'Invalid request', `The request body is not valid: ${pointer} ${message}.`, [
    { pointer, message },
  ]);

export function discrepancyRoutes({ config, db, temporal }: DiscrepancyRoutesDeps): Router {
  const router = Router();

  async function discrepancyOf(req: Request) {
    const operation = await visibleOperation(req, db, temporal);
    const id = String(req.params.id);
    const view = await loadDiscrepancy(db, config, operation.reference, id);
    if (!view) throw notFound(`No discrepancy ${id} in operation ${operation.reference}.`);
    return { operation, view };
  }

  /**
   * Runs an update on the discrepancy's workflow. A discrepancy recorded
   * before discrepancies had a workflow of their own starts its life now;
   * one whose workflow has ended is resolved.
   */
  async function onLife<T>(id: string, fn: (h: WorkflowHandle) => Promise<T>): Promise<T> {
    const handle = temporal.workflow.getHandle(discrepancyWorkflowId(id));
    try {
      return await fn(handle);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      if (await handle.describe().catch(() => null)) {
        throw conflict('The discrepancy is resolved; nothing more can be recorded on it.');
      }
      await startDiscrepancyLife(temporal, config.temporal.taskQueue, await lifeOfRecord(db, id, config.discrepancies));
      return fn(handle);
    }
  }

  router.get('/:reference/discrepancies', async (req, res) => {
    const { reference } = await visibleOperation(req, db, temporal);
    const query = listQuery.safeParse(req.query);
    if (!query.success) throw fromZod(query.error, 'query');
    res.json(await listDiscrepancies(db, reference, query.data));
  });

  router.post('/:reference/discrepancies', requireRole(...REPORTERS), async (req, res) => {
    const body = parseBody(reportRequest, req);
    const { reference, parties } = await visibleOperation(req, db, temporal);
    const by = actorOf(req);
    const operation = await db.repatriationOperation.findUnique({ where: { reference }, select: { phase: true } });
    if (!operation) throw conflict('The operation is still being recorded; report it again in a moment.');
    if (operation.phase === 'CLOSED' || operation.phase === 'ABORTED') {
      throw conflict(`The operation is ${operation.phase.toLowerCase()}; no discrepancy can be reported on it.`);
    }
    const { direction } = body;
    if (
      direction &&
      (direction.from === direction.to || !parties.includes(direction.from) || !parties.includes(direction.to))
    ) {
      throw invalidField('/direction', `must go from one of ${parties.join(', ')} to the other`);
    }
    if (body.date) {
      const day = await db.handover.findUnique({ where: { workflowId: handoverWorkflowId(reference, body.date) } });
      if (!day) throw notFound(`No handover day ${body.date} in operation ${reference}.`);
    }
    const id = reportId(req);
    const input: DiscrepancyInput = {
      id,
      key: `reported:${id}`,
      operationReference: reference,
      parties: [parties[0], parties[1]],
      kind: body.kind,
      ...(body.date ? { dayKey: body.date } : {}),
      ...(body.direction ? { direction: body.direction } : {}),
      ...(body.tags?.length ? { tags: body.tags } : {}),
      report: { text: body.statement, ...(body.count !== undefined ? { count: body.count } : {}), by },
      timing: config.discrepancies,
    };
    await startDiscrepancyLife(temporal, config.temporal.taskQueue, input);
    // Answers once the record and the report are written.
    await temporal.workflow.getHandle(discrepancyWorkflowId(id)).executeUpdate(discrepancyRecordedUpdate, {
      args: [],
      ...updateIdOf(req),
    });
    const view = await loadDiscrepancy(db, config, reference, id);
    res.status(201).location(view!.links.self).json(view);
  });

  router.get('/:reference/discrepancies/:id', async (req, res) => {
    const { view } = await discrepancyOf(req);
    res.json(view);
  });

  const send = async (req: Request, res: Parameters<Parameters<Router['post']>[1]>[1], status: number) => {
    const { operation, view } = await discrepancyOf(req);
    res.status(status).json(await loadDiscrepancy(db, config, operation.reference, view.id));
  };

  router.post('/:reference/discrepancies/:id/accounts', requireRole(...ACTIONS[0].roles), async (req, res) => {
    const { statement: text, count: n, tags: list } = parseBody(accountRequest, req);
    const { view } = await discrepancyOf(req);
    await onLife(view.id, (h) =>
      h.executeUpdate(attestAccountUpdate, {
        args: [
          { text, ...(n !== undefined ? { count: n } : {}), ...(list?.length ? { tags: list } : {}), by: actorOf(req) },
        ],
        ...updateIdOf(req),
      }),
    );
    await send(req, res, 201);
  });

  router.post('/:reference/discrepancies/:id/proposals', requireRole(...ACTIONS[1].roles), async (req, res) => {
    const { resolution } = parseBody(proposalRequest, req);
    const { view } = await discrepancyOf(req);
    await onLife(view.id, (h) =>
      h.executeUpdate(proposeResolutionUpdate, { args: [{ text: resolution, by: actorOf(req) }], ...updateIdOf(req) }),
    );
    await send(req, res, 201);
  });

  router.post('/:reference/discrepancies/:id/acceptances', requireRole(...ACTIONS[2].roles), async (req, res) => {
    const { proposal } = parseBody(acceptanceRequest, req);
    const { view } = await discrepancyOf(req);
    await onLife(view.id, (h) =>
      h.executeUpdate(acceptResolutionUpdate, { args: [{ proposal, by: actorOf(req) }], ...updateIdOf(req) }),
    );
    await send(req, res, 200);
  });

  router.post('/:reference/discrepancies/:id/escalation', requireRole(...ACTIONS[3].roles), async (req, res) => {
    const { reason } = parseBody(escalationRequest, req);
    const { view } = await discrepancyOf(req);
    await onLife(view.id, (h) =>
      h.executeUpdate(escalateDiscrepancyUpdate, { args: [{ reason, by: actorOf(req) }], ...updateIdOf(req) }),
    );
    await send(req, res, 200);
  });

  router.post('/:reference/discrepancies/:id/decision', requireRole(...ACTIONS[4].roles), async (req, res) => {
    const { resolution } = parseBody(decisionRequest, req);
    const { view } = await discrepancyOf(req);
    await onLife(view.id, (h) =>
      h.executeUpdate(decideDiscrepancyUpdate, { args: [{ resolution, by: actorOf(req) }], ...updateIdOf(req) }),
    );
    await send(req, res, 200);
  });

  return router;
}
