import { z } from 'zod';
import type { CustodyEvent } from '../generated/prisma/client';

/**
 * A custody event as every reader sees it: who handed the container to whom,
 * where, when, attested by whom. A case's containers show it so; the chain's
 * own read (./routes.ts) adds the event's id and hashes.
 */
export const custodyHopView = z.object({
  sequence: z.int(),
  fromCustodian: z.string().nullable(),
  toCustodian: z.string(),
  place: z.string(),
  occurredAt: z.iso.datetime(),
  attestedBy: z.string(),
});

type Hop = Pick<CustodyEvent, 'sequence' | 'fromCustodian' | 'toCustodian' | 'place' | 'occurredAt' | 'attestedBy'>;

export const custodyHopOf = (e: Hop): z.infer<typeof custodyHopView> => ({
  sequence: e.sequence,
  fromCustodian: e.fromCustodian,
  toCustodian: e.toCustodian,
  place: e.place,
  occurredAt: e.occurredAt.toISOString(),
  attestedBy: e.attestedBy,
});
