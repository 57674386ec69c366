import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../db';
import { endpoint, serve } from '../api/endpoint';
import { listAwaiting } from './service';

/** Notifications kept because their recipient has no address yet: what the coordinator and operators look at. */

const recipientCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { error: 'must be a recipient code, e.g. TRACING' })
  .meta({ example: 'TRACING' });

const awaitingQuery = z.strictObject({
  recipient: recipientCode.optional().meta({ description: 'Only the notifications kept for this recipient' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const awaitingList = z.object({
  items: z.array(
    z.object({
      id: z.uuid().meta({ description: 'Sent as X-Repatriation-Delivery once delivered' }),
      recipient: recipientCode,
      event: z.string().meta({ example: 'reference_sample.new_sample_needed' }),
      operationReference: z.string().optional(),
      keptAt: z.iso.datetime().meta({ description: 'When it was kept for want of an address' }),
    }),
  ),
  total: z.int(),
  limit: z.int(),
  offset: z.int(),
  recipients: z
    .array(z.object({ recipient: recipientCode, count: z.int() }))
    .meta({ description: 'How many wait, per recipient (all of them, whatever the page or filter)' }),
});

export const listNotificationsAwaitingAddress = endpoint({
  method: 'get',
  path: '/api/notifications/awaiting-address',
  operationId: 'listNotificationsAwaitingAddress',
  summary: 'Notifications kept because their recipient has no address yet, the oldest first',
  description:
    'Nothing is dropped for want of an address: each of these is sent once an address is set for its recipient ' +
    '(`npm run recipients -- set <recipient> WEBHOOK|EMAIL …`), on that channel, once. ' +
    'Identifiers only: what a notification carries is not shown here.',
  roles: ['COORDINATOR', 'OPERATOR'],
  party: 'none',
  query: awaitingQuery,
  response: awaitingList,
});

export function notificationRoutes({ db, temporal }: { db: Db; temporal: Client }): Router {
  const router = Router();
  serve(router, { db, temporal })(listNotificationsAwaitingAddress, async ({ res, query }) => {
    res.json(await listAwaiting(db, query));
  });
  return router;
}
