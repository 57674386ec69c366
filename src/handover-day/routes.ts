import { Router, type Request } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db';
import { COUNT_SOURCES, type CountSource, type Direction } from '../../workflows/shared/domain';
import { actorOf, forbidden, principalOf } from '../api/auth';
import { endpoint, PEOPLE_ROLES, serve, type Endpoint } from '../api/endpoint';
import { notFound } from '../api/errors';
import { handoverDayView } from './view';
import { HandoverDayService } from './service';
import { assertActsFor, updateIdOf, type VisibleOperation } from '../operation/scope';
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
    )
    .meta({ uniqueItems: true }),
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
  description: 'Checked besides the schema (400, naming the line): a tag is on one line of the manifest only.',
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

/** Each route parses and authorises (endpoint()), then asks the handover-day service (service.ts). */
export function handoverRoutes(deps: HandoverRoutesDeps): Router {
  const router = Router();
  const on = serve(router, deps);
  const days = new HandoverDayService(deps);
  const dayOf = (req: Request, operation: VisibleOperation) => days.day(operation, req.params.date);

  on(readHandoverDay, async ({ req, res, query, operation }) => {
    res.json(await days.read(await dayOf(req, operation), query.include === 'tags', req.log));
  });

  on(submitManifest, async ({ req, res, body: { from, to, lines }, operation }) => {
    const message = { direction: { from, to }, lines, by: actorOf(req) };
    res.status(201).json(await days.submitManifest(await dayOf(req, operation), message, updateIdOf(req)));
  });

  on(acknowledgeManifest, async ({ req, res, operation }) => {
    const path = ackParams.safeParse(req.params);
    if (!path.success) throw notFound('No such manifest.');
    const { from, to, version } = path.data;
    const message = { direction: { from, to }, version, by: actorOf(req) };
    res.json(await days.acknowledgeManifest(await dayOf(req, operation), message, updateIdOf(req)));
  });

  on(openDay, async ({ req, res, operation }) => {
    res.json(await days.openDay(await dayOf(req, operation), { by: actorOf(req) }, updateIdOf(req)));
  });

  on(recordCount, async ({ req, res, body: { from, to, source, count }, operation }) => {
    assertMayCount(req, { from, to }, source);
    const message = { direction: { from, to }, source, count, by: actorOf(req) };
    res.json(await days.recordCount(await dayOf(req, operation), message, updateIdOf(req)));
  });

  on(recordReceipt, async ({ req, res, body: { from, to, tags }, operation }) => {
    const message = { direction: { from, to }, tags, by: actorOf(req) };
    res.json(await days.recordReceipt(await dayOf(req, operation), message, updateIdOf(req)));
  });

  on(takeOverCustody, async ({ req, res, body: { from, to, tags }, operation }) => {
    const message = { direction: { from, to }, tags, by: actorOf(req) };
    res.json(await days.takeOverCustody(await dayOf(req, operation), message, updateIdOf(req)));
  });

  on(handOverCustody, async ({ req, res, body: { from, to, tags }, operation }) => {
    const message = { direction: { from, to }, tags, by: actorOf(req) };
    res.json(await days.handOverCustody(await dayOf(req, operation), message, updateIdOf(req)));
  });

  on(signOff, async ({ req, res, body: { party }, operation }) => {
    res.json(await days.signOff(await dayOf(req, operation), { party, by: actorOf(req) }, updateIdOf(req)));
  });

  on(postponeDay, async ({ req, res, body: { newDate, reason }, operation }) => {
    const message = { newDate, reason, by: actorOf(req) };
    res.json(await days.postponeDay(await dayOf(req, operation), message, updateIdOf(req)));
  });

  on(refuseDay, async ({ req, res, body: { reason }, operation }) => {
    res.json(await days.refuseDay(await dayOf(req, operation), { reason, by: actorOf(req) }, updateIdOf(req)));
  });

  on(abortDay, async ({ req, res, body: { reason }, operation }) => {
    res.json(await days.abortDay(await dayOf(req, operation), { reason, by: actorOf(req) }, updateIdOf(req)));
  });

  return router;
}
