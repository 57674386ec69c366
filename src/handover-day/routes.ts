import { Router, type Request } from 'express';
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db';
import { workflowUiUrl } from '../temporal/client';
import { dayRecordsCaughtUp } from './day-records';
import { COUNT_SOURCES, type CountSource, type Direction } from '../../workflows/shared/domain';
import type { HandoverState } from '../../workflows/handover-day/rules';
import type { RecordProgress } from '../../workflows/handover-day/records';
import { operationWorkflowId } from '../../workflows/shared/ids';
import {
  abortDayUpdate,
  acknowledgeManifestUpdate,
  handoverStateQuery,
  openDayUpdate,
  postponeDayUpdate,
  recordCountUpdate,
  recordReceiptUpdate,
  refuseDayUpdate,
  signOffUpdate,
  submitManifestUpdate,
  takeOverCustodyUpdate,
  handOverCustodyUpdate,
} from '../../workflows/handover-day/messages';
import { operationStateQuery } from '../../workflows/operation/messages';
import { actorOf, forbidden, principalOf } from '../api/auth';
import { endpoint, PEOPLE_ROLES, serve, type Endpoint } from '../api/endpoint';
import { conflict, notFound } from '../api/errors';
import { dayView, dayWorkflowId, handoverDayView, loadDayRecord } from './view';
import { assertActsFor, onWorkflow, updateIdOf, type VisibleOperation } from '../operation/scope';
import { TEXT } from '../../workflows/shared/text';
import { isoDate, operationReference, partyCode, tag, text } from '../api/schemas';
import { emptyBody, reasonBody } from '../operation/action-routes';

/** One handover day: its state, and what each person does on it, as updates of the day's workflow. */

const direction = { from: partyCode, to: partyCode };
/** A tag names one container: listed twice in one request is bad input, pointed at the repeat. */
const eachTagOnce =
  <T>(tagOf: (item: T) => string, pointer: (i: number) => PropertyKey[]) =>
  (items: T[], ctx: z.RefinementCtx) => {
    const first = new Map<string, number>();
    items.forEach((item, i) => {
      const seen = first.get(tagOf(item));
      if (seen === undefined) first.set(tagOf(item), i);
      else
        ctx.addIssue({
          code: 'custom',
          path: pointer(i),
          message: `is listed twice in this request (first at index ${seen})`,
        });
    });
  };
const manifestRequest = z.strictObject({
  ...direction,
  lines: z
    .array(
      z.strictObject({
        tag,
        declaredAffiliation: text(TEXT.affiliation).optional(),
        // Personal data: stored, and carried in encrypted workflow payloads only.
        declaredIdentity: z.strictObject({ name: text(TEXT.declaredName), dateOfBirth: isoDate.optional() }).optional(),
      }),
    )
    .min(1)
    .max(10_000)
    .superRefine(
      eachTagOnce(
        (line) => line.tag,
        (i) => [i, 'tag'],
      ),
    ),
});
const countRequest = z.strictObject({
  ...direction,
  source: z.enum(COUNT_SOURCES),
  count: z.int().min(0).max(1_000_000),
});
const receiptRequest = z.strictObject({
  ...direction,
  tags: z
    .array(tag)
    .min(1)
    .max(2_000)
    .superRefine(
      eachTagOnce(
        (t) => t,
        (i) => [i],
      ),
    ),
});
const signOffRequest = z.strictObject({ party: partyCode });
const postponeRequest = z.strictObject({ newDate: isoDate, reason: reasonBody.shape.reason });
const dayQuery = z.strictObject({
  include: z.literal('tags').optional().meta({ description: 'tags: add every tag list (long)' }),
});
const ackParams = z.object({ from: partyCode, to: partyCode, version: z.coerce.number().int().min(1) });

const day = '/api/operations/{reference}/handovers/{date}';
const params = { reference: operationReference, date: isoDate };
const dayAction = <B extends z.ZodType>(
  e: Pick<Endpoint<B>, 'operationId' | 'summary' | 'roles' | 'body'> & Partial<Endpoint<B>> & { path: string },
) =>
  endpoint({
    method: 'post',
    party: 'operation',
    params,
    response: handoverDayView,
    errors: [404, 409, 422],
    ...e,
    path: `${day}${e.path}`,
  });

export const readHandoverDay = endpoint({
  method: 'get',
  path: day,
  operationId: 'readHandoverDay',
  summary:
    'Read a handover day (by the date first scheduled, or the date it was postponed to): live state, counts with their authors, discrepancies',
  roles: PEOPLE_ROLES,
  party: 'operation',
  params,
  query: dayQuery,
  response: handoverDayView,
  errors: [404],
});
export const submitManifest = dayAction({
  path: '/manifests',
  operationId: 'submitManifest',
  summary: "Submit (or correct) the sending party's manifest",
  roles: ['PARTY_LIAISON'],
  actsFor: 'body.from',
  body: manifestRequest,
  status: 201,
  response: z.object({ version: z.int() }),
  errors: [404, 409, 413, 422],
});
export const acknowledgeManifest = dayAction({
  path: '/manifests/{from}/{to}/{version}/acknowledgement',
  operationId: 'acknowledgeManifest',
  summary: 'Acknowledge the latest manifest, as the receiving party',
  roles: ['PARTY_LIAISON'],
  actsFor: 'params.to',
  body: emptyBody,
  params: { ...params, ...ackParams.shape },
  response: z.object({ version: z.int() }),
});
export const openDay = dayAction({
  path: '/opening',
  operationId: 'openHandoverDay',
  summary: 'Open the day (every manifest acknowledged)',
  roles: ['FIELD_STAFF', 'COORDINATOR'],
  body: emptyBody,
});
export const recordCount = dayAction({
  path: '/counts',
  operationId: 'recordCount',
  summary: 'Attest a count: SENDER by the liaison of from, RECEIVER by the liaison of to, INTERMEDIARY by field staff',
  roles: ['PARTY_LIAISON', 'FIELD_STAFF'],
  body: countRequest,
});
export const recordReceipt = dayAction({
  path: '/receipts',
  operationId: 'recordReceipt',
  summary: 'Record containers taken over, by tag, as the receiving party (from the intermediary when it is custodian)',
  roles: ['PARTY_LIAISON'],
  actsFor: 'body.to',
  body: receiptRequest,
  response: z.object({ received: z.int(), extra: z.int() }),
});
export const takeOverCustody = dayAction({
  path: '/custody/take-overs',
  operationId: 'takeOverCustody',
  summary:
    "Attest, as the intermediary's field staff, that it took containers over from the sender (custodian role only); " +
    'the receiver then records their receipt from the intermediary',
  roles: ['FIELD_STAFF'],
  body: receiptRequest,
  response: z.object({ takenOver: z.int(), extra: z.int() }),
});
export const handOverCustody = dayAction({
  path: '/custody/hand-overs',
  operationId: 'handOverCustody',
  summary:
    'Attest, as the custodian that releases them, the hand-over of containers (custodian role only): the sender’s liaison ' +
    'to the intermediary, after its take-over; the intermediary’s field staff to the receiver, before its receipt',
  roles: ['PARTY_LIAISON', 'FIELD_STAFF'],
  actsFor: 'body.from',
  body: receiptRequest,
  response: z.object({ handedOver: z.int(), to: z.string() }),
});
export const signOff = dayAction({
  path: '/sign-offs',
  operationId: 'signOffHandoverDay',
  summary: 'Sign the day off for your own party',
  roles: ['PARTY_LIAISON'],
  actsFor: 'body.party',
  body: signOffRequest,
});
export const postponeDay = dayAction({
  path: '/postponement',
  operationId: 'postponeHandoverDay',
  summary: 'Postpone a day not yet opened, to a later date within the agreed window that has no other day',
  roles: ['COORDINATOR'],
  body: postponeRequest,
});
// Either party may refuse, for itself: neutrality already keeps out a party not in the operation.
export const refuseDay = dayAction({
  path: '/refusal',
  operationId: 'refuseHandoverDay',
  summary: 'Refuse a day not yet opened, for your own party',
  roles: ['PARTY_LIAISON'],
  body: reasonBody,
});
export const abortDay = dayAction({
  path: '/abort',
  operationId: 'abortHandoverDay',
  summary: 'Abort the day',
  roles: ['COORDINATOR'],
  body: reasonBody,
});

export interface HandoverRoutesDeps {
  config: Config;
  db: Db;
  temporal: Client;
}

/** Who attests each count. */
function assertMayCount(req: Request, { from, to }: Direction, source: CountSource): void {
  const principal = principalOf(req);
  if (source === 'INTERMEDIARY') {
    if (principal.role !== 'FIELD_STAFF') throw forbidden("The intermediary's count is recorded by its field staff.");
    return;
  }
  const party = source === 'SENDER' ? from : to;
  if (principal.role !== 'PARTY_LIAISON') {
    throw forbidden(`The ${source.toLowerCase()} count is recorded by a liaison of ${party}.`);
  }
  assertActsFor(principal, party);
}

export function handoverRoutes({ config, db, temporal }: HandoverRoutesDeps): Router {
  const router = Router();
  const on = serve(router, { db, temporal });

  /** The day named by :date in an operation the principal is known to see. */
  async function dayOf(req: Request, operation: VisibleOperation) {
    const date = isoDate.safeParse(req.params.date);
    const missing = () => notFound(`No handover day ${String(req.params.date)} in operation ${operation.reference}.`);
    if (!date.success) throw missing();
    const workflowId = await dayWorkflowId(db, operation.reference, date.data);
    const handle = temporal.workflow.getHandle(workflowId);
    /** Runs an update; a day never scheduled is a 404, a day whose workflow has ended a 409 saying how it ended. */
    const update = <T>(fn: (h: WorkflowHandle) => Promise<T>): Promise<T> =>
      onWorkflow(handle, fn, {
        missing,
        ended: async (status) => {
          const row = await db.handover.findUnique({ where: { workflowId }, select: { status: true } });
          const how = row ? row.status.toLowerCase().replace('_', ' ') : status.toLowerCase();
          return `The day is already ${how}; nothing more can be recorded.`;
        },
      });
    return { ...operation, workflowId, handle, update, missing };
  }
  const compact = (state: HandoverState) => dayView({ live: state, withTags: false });

  /**
   * A day moves only to a date within the operation's agreed window (its
   * current agreement) that no other day of the operation holds, first
   * scheduled there or postponed to it: the same rules as scheduling.
   */
  async function assertDateFree(reference: string, workflowId: string, date: string): Promise<void> {
    const agreement = await db.agreement.findFirst({
      where: { operation: { reference } },
      orderBy: { version: 'desc' },
      select: { windowStart: true, windowEnd: true },
    });
    if (agreement) {
      const [start, end] = [agreement.windowStart, agreement.windowEnd].map((d) => d.toISOString().slice(0, 10));
      if (date < start || date > end) throw conflict(`${date} is outside the agreed window (${start} to ${end}).`);
    }
    const taken = await db.handover.findFirst({
      where: {
        operation: { reference },
        workflowId: { not: workflowId },
        OR: [{ dayKey: date }, { scheduledOn: new Date(`${date}T00:00:00.000Z`) }],
      },
      select: { id: true },
    });
    // Days just scheduled may not be recorded yet: the operation's own list has them.
    const live = await temporal.workflow
      .getHandle(operationWorkflowId(reference))
      .query(operationStateQuery)
      .catch(() => undefined);
    const other =
      live &&
      Object.entries(live.handovers).find(
        ([key, h]) => (key === date || h.date === date) && h.workflowId !== workflowId,
      );
    if (taken || other) {
      throw conflict(`A handover is already scheduled for ${date}.`);
    }
  }

  on(readHandoverDay, async ({ req, res, query, operation }) => {
    const { workflowId, handle, missing } = await dayOf(req, operation);
    const withTags = query.include === 'tags';
    const description = await handle.describe().catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    });
    let live: { state: HandoverState; records: RecordProgress } | undefined;
    if (description?.status.name === 'RUNNING') {
      // What the record adds (who counted, discrepancies) is read once it holds all the day has answered.
      // A day that cannot answer (no worker) is shown from PostgreSQL rather than not at all.
      live = await temporal
        .withDeadline(Date.now() + 5_000, async () => {
          const records = await dayRecordsCaughtUp(handle, { timeoutMs: 3_000 });
          return { state: await handle.query(handoverStateQuery), records };
        })
        .catch((err: unknown) => {
          req.log.warn({ workflowId, err: (err as Error)?.message }, 'handover state query failed');
          return undefined;
        });
    }
    const record = await loadDayRecord(db, workflowId, withTags);
    if (!live && !record) throw missing();
    res.json({
      ...dayView({ live: live?.state, record: record ?? undefined, withTags }),
      ...(live ? { records: live.records } : {}),
      workflow: {
        id: workflowId,
        status: description?.status.name ?? 'UNKNOWN',
        url: workflowUiUrl(config, workflowId),
      },
    });
  });

  on(submitManifest, async ({ req, res, body: { from, to, lines }, operation }) => {
    const answer = await (
      await dayOf(req, operation)
    ).update((h) =>
      h.executeUpdate(submitManifestUpdate, {
        args: [{ direction: { from, to }, lines, by: actorOf(req) }],
        ...updateIdOf(req),
      }),
    );
    res.status(201).json(answer);
  });

  on(acknowledgeManifest, async ({ req, res, operation }) => {
    const path = ackParams.safeParse(req.params);
    if (!path.success) throw notFound('No such manifest.');
    const { from, to, version } = path.data;
    const answer = await (
      await dayOf(req, operation)
    ).update((h) =>
      h.executeUpdate(acknowledgeManifestUpdate, {
        args: [{ direction: { from, to }, version, by: actorOf(req) }],
        ...updateIdOf(req),
      }),
    );
    res.json(answer);
  });

  on(openDay, async ({ req, res, operation }) => {
    const state = await (
      await dayOf(req, operation)
    ).update((h) => h.executeUpdate(openDayUpdate, { args: [{ by: actorOf(req) }], ...updateIdOf(req) }));
    res.json(compact(state));
  });

  on(recordCount, async ({ req, res, body: { from, to, source, count }, operation }) => {
    assertMayCount(req, { from, to }, source);
    const state = await (
      await dayOf(req, operation)
    ).update((h) =>
      h.executeUpdate(recordCountUpdate, {
        args: [{ direction: { from, to }, source, count, by: actorOf(req) }],
        ...updateIdOf(req),
      }),
    );
    res.json(compact(state));
  });

  on(recordReceipt, async ({ req, res, body: { from, to, tags }, operation }) => {
    const answer = await (
      await dayOf(req, operation)
    ).update((h) =>
      h.executeUpdate(recordReceiptUpdate, {
        args: [{ direction: { from, to }, tags, by: actorOf(req) }],
        ...updateIdOf(req),
      }),
    );
    res.json(answer);
  });

  on(takeOverCustody, async ({ req, res, body: { from, to, tags }, operation }) => {
    const answer = await (
      await dayOf(req, operation)
    ).update((h) =>
      h.executeUpdate(takeOverCustodyUpdate, {
        args: [{ direction: { from, to }, tags, by: actorOf(req) }],
        ...updateIdOf(req),
      }),
    );
    res.json(answer);
  });

  on(handOverCustody, async ({ req, res, body: { from, to, tags }, operation }) => {
    const answer = await (
      await dayOf(req, operation)
    ).update((h) =>
      h.executeUpdate(handOverCustodyUpdate, {
        args: [{ direction: { from, to }, tags, by: actorOf(req) }],
        ...updateIdOf(req),
      }),
    );
    res.json(answer);
  });

  on(signOff, async ({ req, res, body: { party }, operation }) => {
    const state = await (
      await dayOf(req, operation)
    ).update((h) => h.executeUpdate(signOffUpdate, { args: [{ party, by: actorOf(req) }], ...updateIdOf(req) }));
    res.json(compact(state));
  });

  on(postponeDay, async ({ req, res, body: { newDate, reason }, operation }) => {
    const d = await dayOf(req, operation);
    await assertDateFree(d.reference, d.workflowId, newDate);
    const state = await d.update((h) =>
      h.executeUpdate(postponeDayUpdate, { args: [{ newDate, reason, by: actorOf(req) }], ...updateIdOf(req) }),
    );
    res.json(compact(state));
  });

  on(refuseDay, async ({ req, res, body: { reason }, operation }) => {
    const state = await (
      await dayOf(req, operation)
    ).update((h) => h.executeUpdate(refuseDayUpdate, { args: [{ reason, by: actorOf(req) }], ...updateIdOf(req) }));
    res.json(compact(state));
  });

  on(abortDay, async ({ req, res, body: { reason }, operation }) => {
    const state = await (
      await dayOf(req, operation)
    ).update((h) => h.executeUpdate(abortDayUpdate, { args: [{ reason, by: actorOf(req) }], ...updateIdOf(req) }));
    res.json(compact(state));
  });

  return router;
}
