import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../db';
import { custodyService } from './service';
import { custodyHopOf, custodyHopView } from './view';
import { principalOf } from '../api/auth';
import { notFound } from '../api/errors';
import { endpoint, PEOPLE_ROLES, serve } from '../api/endpoint';
import { isoDate, operationReference, partyCode } from '../api/schemas';

/**
 * The chain of custody, recomputed: for one container, or for every container
 * of an operation, whether each event still matches its hash and follows the
 * one before it, naming the first that does not. The intermediary and the
 * receiving party see whole chains; the sending party sees its containers'
 * chains up to the moment they left its custody.
 */

const hex = z.string().regex(/^[0-9a-f]{64}$/);
const chainBreak = z
  .object({
    eventId: z.uuid(),
    sequence: z.int(),
    reason: z.enum(['SEQUENCE_GAP', 'PREVIOUS_HASH_MISMATCH', 'HASH_MISMATCH']),
    explanation: z.string(),
  })
  .meta({ description: 'The first event of the chain that does not hold' });
const containerKey = z.object({
  id: z.uuid().meta({ description: "The container's id, part of each event's hashed form" }),
  dayKey: isoDate,
  from: partyCode,
  to: partyCode,
  tag: z.string(),
  outcome: z.enum(['RECEIVED', 'MISSING', 'EXTRA']),
  custodian: z.string().optional().meta({ description: 'Its custodian now; not shown to a sender it has left' }),
});
const custodyEventView = z.object({
  id: z.uuid(),
  ...custodyHopView.shape,
  recordedAt: z.iso.datetime(),
  previousHash: hex.nullable(),
  hash: hex,
});
const containerCustodyView = z.object({
  container: containerKey,
  events: z.array(custodyEventView),
  complete: z.boolean().meta({ description: 'False when later events are the receiving party’s record' }),
  holds: z.boolean(),
  firstBroken: chainBreak.nullable(),
});
const operationVerificationView = z.object({
  reference: z.string(),
  holds: z.boolean(),
  containers: z.int(),
  events: z.int(),
  brokenContainers: z.int(),
  firstBroken: chainBreak.extend({ container: containerKey }).nullable(),
  verifiedAt: z.iso.datetime(),
});

export const verifyOperationCustody = endpoint({
  method: 'get',
  path: '/api/operations/{reference}/custody/verification',
  operationId: 'verifyOperationCustody',
  summary:
    'Recompute the chain of custody of every container of the operation (a party: those it sent or received) and say whether it holds',
  roles: PEOPLE_ROLES,
  party: 'operation',
  params: { reference: operationReference },
  response: operationVerificationView,
  errors: [404],
});
export const readContainerCustody = endpoint({
  method: 'get',
  path: '/api/operations/{reference}/handovers/{date}/containers/{from}/{tag}/custody',
  operationId: 'readContainerCustody',
  summary: "One container's chain of custody with its hashes, recomputed (a sender sees it until it left its custody)",
  roles: PEOPLE_ROLES,
  party: 'operation',
  params: { reference: operationReference, date: isoDate, from: partyCode, tag: z.string() },
  response: containerCustodyView,
  errors: [404],
});

const iso = (d: Date) => d.toISOString();

export function custodyRoutes({ db, temporal }: { db: Db; temporal: Client }): Router {
  const router = Router();
  const on = serve(router, { db, temporal });
  const custody = custodyService({ db, temporal });

  on(verifyOperationCustody, async ({ req, res, operation }) => {
    const { party } = principalOf(req);
    const verification = await custody.verifyOperation(operation.reference, party);
    res.json({ reference: operation.reference, ...verification, verifiedAt: iso(new Date()) });
  });

  on(readContainerCustody, async ({ req, res, operation }) => {
    const { party } = principalOf(req);
    const missing = notFound('No such container on that day.');
    const date = isoDate.safeParse(req.params.date);
    const from = partyCode.safeParse(req.params.from);
    if (!date.success || !from.success || typeof req.params.tag !== 'string') throw missing;
    const chain = await custody.containerChain(
      { operationReference: operation.reference, dayKey: date.data, from: from.data, tag: req.params.tag },
      party,
    );
    if (!chain) throw missing;
    res.json({
      container: chain.container,
      events: chain.events.map((e) => ({
        id: e.id,
        ...custodyHopOf(e),
        recordedAt: iso(e.recordedAt),
        previousHash: e.previousHash,
        hash: e.hash,
      })),
      complete: chain.complete,
      holds: chain.firstBroken === null,
      firstBroken: chain.firstBroken,
    });
  });

  return router;
}
