import { createHash, randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db';
import type { Actor, Role } from '../../workflows/shared/domain';
import { DISCREPANCY_KINDS, DISCREPANCY_STATUSES, statementProblem } from '../../workflows/discrepancy/rules';
import {
  acceptResolutionUpdate,
  attestAccountUpdate,
  decideDiscrepancyUpdate,
  escalateDiscrepancyUpdate,
  proposeResolutionUpdate,
} from '../../workflows/discrepancy/messages';
import { actorOf, principalOf } from '../api/auth';
import { discrepancyList, discrepancyView } from './view';
import { discrepancyService } from './service';
import { endpoint, PEOPLE_ROLES, serve, type Endpoint } from '../api/endpoint';
import { updateIdOf } from '../operation/scope';
import { isoDate, operationReference, partyCode, tag, text } from '../api/schemas';
import { TEXT } from '../../workflows/shared/text';
import { textPattern } from '../api/text-pattern';

/**
 * A discrepancy's life through the API: reported by a party's liaison, the
 * intermediary's field staff or the coordinator; each party's account
 * attested; a resolution proposed and accepted by both parties, or the
 * discrepancy escalated to the coordinator, who decides. Each action is an
 * update of the discrepancy's workflow (`discrepancy:<id>`), which appends
 * an attributed statement to the record before it answers.
 */

/** Free text for the shared record, never personal data (the same rule the workflow applies). */
const statement = text(TEXT.reason)
  .superRefine((value, ctx) => {
    const problem = statementProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ pattern: textPattern({ multiline: true, edges: 'trimmed', noPersonalData: true }) });
const tags = z
  .array(tag)
  .max(10_000)
  .refine((list) => new Set(list).size === list.length, { error: 'must not repeat a tag' })
  .meta({ uniqueItems: true });
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
const params = { reference: operationReference };
const oneParams = { reference: operationReference, id: z.uuid() };

export const listDiscrepanciesRoute = endpoint({
  method: 'get',
  path: base,
  operationId: 'listDiscrepancies',
  summary: "List the operation's discrepancies (those a handover day opened and those reported), oldest first",
  roles: PEOPLE_ROLES,
  party: 'operation',
  params,
  query: listQuery,
  response: discrepancyList,
  errors: [404],
});
export const reportDiscrepancy = endpoint({
  method: 'post',
  path: base,
  operationId: 'reportDiscrepancy',
  summary: 'Report a discrepancy (count mismatch, missing or extra tag, commingled bag, foreign national, …)',
  description:
    'Checked besides the schema: `direction.from` and `direction.to` differ (400); they are the parties of the ' +
    'operation (409: which parties those are is the operation’s state).',
  roles: REPORTERS,
  party: 'operation',
  params,
  body: reportRequest,
  response: discrepancyView,
  status: 201,
  errors: [404, 409],
});
export const readDiscrepancy = endpoint({
  method: 'get',
  path: one,
  operationId: 'readDiscrepancy',
  summary: 'Read a discrepancy with every attributed statement, in order',
  roles: PEOPLE_ROLES,
  party: 'operation',
  params: oneParams,
  response: discrepancyView,
  errors: [404],
});

/** An action on one discrepancy: an update of its workflow, answered with the discrepancy as recorded after it. */
const action = <B extends z.ZodType>(a: {
  path: string;
  operationId: string;
  summary: string;
  roles: readonly Role[];
  body: B;
  status: number;
}) =>
  endpoint({
    method: 'post',
    path: `${one}/${a.path}`,
    operationId: a.operationId,
    summary: a.summary,
    roles: a.roles,
    party: 'operation',
    params: oneParams,
    body: a.body,
    response: discrepancyView,
    status: a.status,
    errors: [404, 409],
  });

export const attestAccount = action({
  path: 'accounts',
  operationId: 'attestDiscrepancyAccount',
  summary: "Attest your party's account (or the intermediary's); a later account adds to the record",
  roles: REPORTERS,
  body: accountRequest,
  status: 201,
});
export const proposeResolution = action({
  path: 'proposals',
  operationId: 'proposeDiscrepancyResolution',
  summary: "Propose a resolution, once both parties' accounts are attested; it replaces an earlier proposal",
  roles: ['PARTY_LIAISON', 'COORDINATOR'],
  body: proposalRequest,
  status: 201,
});
export const acceptResolution = action({
  path: 'acceptances',
  operationId: 'acceptDiscrepancyResolution',
  summary: "Accept the current proposal for your party; both parties' acceptances resolve the discrepancy",
  roles: ['PARTY_LIAISON'],
  body: acceptanceRequest,
  status: 200,
});
export const escalateDiscrepancy = action({
  path: 'escalation',
  operationId: 'escalateDiscrepancy',
  summary: 'Escalate an open discrepancy to the coordinator',
  roles: REPORTERS,
  body: escalationRequest,
  status: 200,
});
export const decideDiscrepancy = action({
  path: 'decision',
  operationId: 'decideDiscrepancy',
  summary: 'Decide an escalated discrepancy (resolves it)',
  roles: ['COORDINATOR'],
  body: decisionRequest,
  status: 200,
});

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

export function discrepancyRoutes(deps: DiscrepancyRoutesDeps): Router {
  const router = Router();
  const on = serve(router, deps);
  const discrepancies = discrepancyService(deps);

  on(listDiscrepanciesRoute, async ({ res, query, operation }) => {
    res.json(await discrepancies.list(operation.reference, query));
  });

  on(reportDiscrepancy, async ({ req, res, body, operation: { reference, parties } }) => {
    const report = { ...body, id: reportId(req), by: actorOf(req) };
    const view = await discrepancies.report(reference, parties, report, updateIdOf(req));
    res.status(201).location(view!.links.self).json(view);
  });

  on(readDiscrepancy, async ({ req, res, operation }) => {
    res.json(await discrepancies.read(operation.reference, String(req.params.id)));
  });

  /** Binds an action: the discrepancy must be in the operation; the update's answer is the discrepancy as recorded. */
  const act = <B extends z.ZodType>(
    e: Endpoint<B, undefined>,
    update: (body: z.output<B>, by: Actor) => (h: WorkflowHandle, ids: { updateId?: string }) => Promise<unknown>,
  ) =>
    on(e, async ({ req, res, body, operation }) => {
      const view = await discrepancies.read(operation.reference, String(req.params.id));
      await discrepancies.act(view.id, (h) => update(body as z.output<B>, actorOf(req))(h, updateIdOf(req)));
      res.status(e.status ?? 200).json(await discrepancies.load(operation.reference, view.id));
    });
  act(
    attestAccount,
    ({ statement: text, count: n, tags: list }, by) =>
      (h, ids) =>
        h.executeUpdate(attestAccountUpdate, {
          args: [{ text, ...(n !== undefined ? { count: n } : {}), ...(list?.length ? { tags: list } : {}), by }],
          ...ids,
        }),
  );
  act(
    proposeResolution,
    ({ resolution }, by) =>
      (h, ids) =>
        h.executeUpdate(proposeResolutionUpdate, { args: [{ text: resolution, by }], ...ids }),
  );
  act(
    acceptResolution,
    ({ proposal }, by) =>
      (h, ids) =>
        h.executeUpdate(acceptResolutionUpdate, { args: [{ proposal, by }], ...ids }),
  );
  act(
    escalateDiscrepancy,
    ({ reason }, by) =>
      (h, ids) =>
        h.executeUpdate(escalateDiscrepancyUpdate, { args: [{ reason, by }], ...ids }),
  );
  act(
    decideDiscrepancy,
    ({ resolution }, by) =>
      (h, ids) =>
        h.executeUpdate(decideDiscrepancyUpdate, { args: [{ resolution, by }], ...ids }),
  );

  return router;
}
