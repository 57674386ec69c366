import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Db } from '../../src/db';
import {
  INTERMEDIARY,
  type Actor,
  type CountSource,
  type Direction,
  type HandoverStatus,
  type ManifestLine,
} from '../../workflows/shared/domain';
import type { DiscrepancyTiming } from '../../workflows/discrepancy/rules';
import { intakeNumber } from '../../src/handover-day/intake';
import { appendCustody } from '../custody/custody';
import { keptId, type KeptIds } from '../shared/kept-ids';
import { calendarDate } from '../shared/records';
import { handoverOf } from './day-row';
import { createFieldReportActivities } from './field-report-records';

/**
 * Idempotent writes of handover-day records. Every insert is keyed by
 * business ids and skips duplicates, so an activity retried after a crash or
 * run twice changes nothing the second time.
 */

const BATCH = 1_000;

function* batches<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += BATCH) yield items.slice(i, i + BATCH);
}

/**
 * skipDuplicates skips a row that collides on any unique key. A retry finds
 * each of its rows as it wrote them; a row absent, or holding another intake
 * number, collided with a container already numbered so (its tag, or its
 * intake number: one per receiver per day). Never merged nor dropped: this
 * receipt fails, and retrying would not change it.
 */
function assertIntakeNumbers(
  batch: Array<{ tag: string; receiverIntakeNumber: string }>,
  written: Array<{ tag: string; receiverIntakeNumber: string | null }>,
): void {
  const numbered = new Map(written.map((c) => [c.tag, c.receiverIntakeNumber]));
  const clashes = batch.filter((r) => numbered.get(r.tag) !== r.receiverIntakeNumber);
  if (clashes.length === 0) return;
  const shown = clashes
    .slice(0, 5)
    .map((r) => `${r.tag} → ${r.receiverIntakeNumber} (recorded: ${numbered.get(r.tag) ?? 'none'})`)
    .join(', ');
  throw ApplicationFailure.nonRetryable(
    `intake numbers already taken or tags numbered otherwise: ${shown}${clashes.length > 5 ? ` and ${clashes.length - 5} more` : ''}`,
    'IntakeNumberTaken',
  );
}

export interface HandoverRef {
  workflowId: string;
}

/** Containers reported for a direction: those listed (or received) and those extra, in the order given. */
const containerOutcomes = (listed: string[], extra: string[]) => [
  ...listed.map((tag) => ({ tag, outcome: 'RECEIVED' as const })),
  ...extra.map((tag) => ({ tag, outcome: 'EXTRA' as const })),
];

/** One custody hop, attested by whoever reported it, where and when they did. */
const custodyHop = (from: string, to: string, r: { place: string; at: string; by: Actor }) => ({
  fromCustodian: from,
  toCustodian: to,
  place: r.place,
  occurredAt: new Date(r.at),
  attestedBy: r.by.principal,
});

/** What starts the life of each discrepancy a day opens (absent in tests of the records alone). */
export interface DiscrepancyLives {
  temporal: Client;
  timing: DiscrepancyTiming;
}

export function createHandoverActivities(db: Db, lives?: DiscrepancyLives) {
  return {
    ...dayWrites(db),
    ...manifestWrites(db),
    ...receiptWrites(db),
    ...custodyWrites(db),
    ...createFieldReportActivities(db, lives),
  };
}

/** The day itself: its row, its status, the counts attested and the sign-offs. */
function dayWrites(db: Db) {
  return {
    async recordHandoverScheduled(input: {
      operationReference: string;
      workflowId: string;
      dayKey: string;
      date: string;
      exchangePoint: string;
      transfers: Array<Direction & { plannedCount: number }>;
    }): Promise<void> {
      await db.$transaction(async (tx) => {
        const operation = await tx.repatriationOperation.findUniqueOrThrow({
          where: { reference: input.operationReference },
        });
        await tx.handover.createMany({
          data: [
            {
              operationId: operation.id,
              dayKey: input.dayKey,
              scheduledOn: calendarDate(input.date),
              exchangePoint: input.exchangePoint,
              workflowId: input.workflowId,
            },
          ],
          skipDuplicates: true,
        });
        const handover = await tx.handover.findUniqueOrThrow({ where: { workflowId: input.workflowId } });
        await tx.handoverTransfer.createMany({
          data: input.transfers.map((t) => ({
            handoverId: handover.id,
            fromParty: t.from,
            toParty: t.to,
            plannedCount: t.plannedCount,
          })),
          skipDuplicates: true,
        });
      });
    },

    /** Status is the workflow's to set; writing the same status again is harmless. */
    async recordHandoverStatus(
      input: HandoverRef & { status: HandoverStatus; date?: string; reason?: string },
    ): Promise<void> {
      await db.handover.update({
        where: { workflowId: input.workflowId },
        data: {
          status: input.status,
          ...(input.date ? { scheduledOn: calendarDate(input.date) } : {}),
          ...(input.reason !== undefined ? { statusReason: input.reason } : {}),
        },
      });
    },

    async recordCount(
      input: HandoverRef & { direction: Direction; source: CountSource; count: number; by: Actor; at: string },
    ): Promise<void> {
      const handover = await handoverOf(db, input.workflowId);
      await db.handoverCount.createMany({
        data: [
          {
            handoverId: handover.id,
            fromParty: input.direction.from,
            toParty: input.direction.to,
            source: input.source,
            count: input.count,
            recordedBy: input.by.principal,
            recordedAt: new Date(input.at),
          },
        ],
        skipDuplicates: true,
      });
    },

    async recordSignOff(input: HandoverRef & { party: string; by: Actor; at: string }): Promise<void> {
      const handover = await handoverOf(db, input.workflowId);
      await db.handoverSignOff.createMany({
        data: [
          {
            handoverId: handover.id,
            partyCode: input.party,
            signedBy: input.by.principal,
            signedAt: new Date(input.at),
          },
        ],
        skipDuplicates: true,
      });
    },
  };
}

/** Manifests, and their lines never received once the day is signed off. */
function manifestWrites(db: Db) {
  return {
    async recordManifest(
      input: HandoverRef & { direction: Direction; version: number; lines: ManifestLine[]; by: Actor; at: string },
    ): Promise<void> {
      const handover = await handoverOf(db, input.workflowId);
      const key = {
        handoverId: handover.id,
        fromParty: input.direction.from,
        toParty: input.direction.to,
        version: input.version,
      };
      await db.$transaction(async (tx) => {
        await tx.manifest.createMany({
          data: [{ ...key, status: 'SUBMITTED', submittedBy: input.by.principal, submittedAt: new Date(input.at) }],
          skipDuplicates: true,
        });
        const manifest = await tx.manifest.findUniqueOrThrow({
          where: { handoverId_fromParty_toParty_version: key },
        });
        const lines = input.lines.map((line, i) => ({
          manifestId: manifest.id,
          lineNo: i + 1,
          tag: line.tag,
          declaredAffiliation: line.declaredAffiliation ?? null,
          declaredName: line.declaredIdentity?.name ?? null,
          declaredDateOfBirth: line.declaredIdentity?.dateOfBirth ? new Date(line.declaredIdentity.dateOfBirth) : null,
        }));
        for (const batch of batches(lines)) await tx.manifestLine.createMany({ data: batch, skipDuplicates: true });
      });
    },

    async recordManifestAcknowledged(
      input: HandoverRef & { direction: Direction; version: number; by: Actor; at: string },
    ): Promise<void> {
      const handover = await handoverOf(db, input.workflowId);
      // Only a submitted version moves: an acknowledged one never changes again.
      await db.manifest.updateMany({
        where: {
          handoverId: handover.id,
          fromParty: input.direction.from,
          toParty: input.direction.to,
          version: input.version,
          status: 'SUBMITTED',
        },
        data: { status: 'ACKNOWLEDGED', acknowledgedBy: input.by.principal, acknowledgedAt: new Date(input.at) },
      });
    },

    /** Manifest lines never received stay in the sender's custody, recorded as missing. */
    async recordMissing(input: HandoverRef & { direction: Direction; tags: string[] }): Promise<void> {
      const handover = await handoverOf(db, input.workflowId);
      const rows = input.tags.map((tag) => ({
        handoverId: handover.id,
        fromParty: input.direction.from,
        toParty: input.direction.to,
        tag,
        outcome: 'MISSING' as const,
        custodian: input.direction.from,
      }));
      for (const batch of batches(rows)) await db.remainsContainer.createMany({ data: batch, skipDuplicates: true });
    },
  };
}

/** The receiver's receipts: each container numbered and in its custody. */
function receiptWrites(db: Db) {
  return {
    /**
     * Containers taken over by the receiver: each gets its custody hop,
     * sender → receiver. With `fromIntermediary` (the intermediary is
     * custodian and took them over already, recordTakeOver), the hop is
     * intermediary → receiver.
     */
    async recordReceipts(
      input: HandoverRef & {
        direction: Direction;
        received: string[];
        extra: string[];
        /** Receiver intake numbers continue from here, in the order the tags were reported. */
        firstIntake: number;
        intakePrefix: string;
        place: string;
        fromIntermediary?: boolean;
        containerIds?: KeptIds; // by tag: the ids a restore keeps (reconcile)
        by: Actor;
        at: string;
      },
    ): Promise<void> {
      const handover = await handoverOf(db, input.workflowId);
      const { from, to } = input.direction;
      const rows = containerOutcomes(input.received, input.extra).map((r, i) => ({
        handoverId: handover.id,
        fromParty: from,
        toParty: to,
        custodian: to,
        receiverIntakeNumber: intakeNumber(input.intakePrefix, input.firstIntake + i),
        ...keptId(input.containerIds, r.tag),
        ...r,
      }));
      const chained = [custodyHop(input.fromIntermediary ? INTERMEDIARY : from, to, input)];
      for (const batch of batches(rows)) {
        await db.$transaction(async (tx) => {
          if (input.fromIntermediary) {
            // Rows written at the intermediary's take-over: the receiver numbers them now (once: a retry finds them numbered).
            await tx.$executeRaw`
              UPDATE "RemainsContainer" AS c SET "receiverIntakeNumber" = v.n
                FROM unnest(${batch.map((r) => r.tag)}::text[], ${batch.map((r) => r.receiverIntakeNumber)}::text[]) AS v(tag, n)
               WHERE c."handoverId" = ${handover.id}::uuid AND c."fromParty" = ${from} AND c."tag" = v.tag
                 AND c."receiverIntakeNumber" IS NULL`;
          } else {
            await tx.remainsContainer.createMany({ data: batch, skipDuplicates: true });
          }
          const containers = await tx.remainsContainer.findMany({
            where: { handoverId: handover.id, fromParty: from, tag: { in: batch.map((r) => r.tag) } },
            select: { id: true, tag: true, receiverIntakeNumber: true },
          });
          assertIntakeNumbers(batch, containers);
          await appendCustody(tx, new Map(containers.map((c) => [c.id, chained])));
        });
      }
    },
  };
}

/** Custodian mode: the intermediary's take-over, and each releasing custodian's hand-over. */
function custodyWrites(db: Db) {
  return {
    /**
     * Custodian mode: the intermediary's field staff take containers over
     * from the sender. Each container is recorded (listed or extra), in the
     * intermediary's custody, with its first custody event attested by them.
     */
    async recordTakeOver(
      input: HandoverRef & {
        direction: Direction;
        listed: string[];
        extra: string[];
        place: string;
        containerIds?: KeptIds; // by tag: the ids a restore keeps (reconcile)
        by: Actor;
        at: string;
      },
    ): Promise<void> {
      const handover = await handoverOf(db, input.workflowId);
      const { from, to } = input.direction;
      const held = { handoverId: handover.id, fromParty: from, toParty: to, custodian: INTERMEDIARY };
      const rows = containerOutcomes(input.listed, input.extra).map((r) => ({
        ...keptId(input.containerIds, r.tag),
        ...held,
        ...r,
      }));
      const hop = custodyHop(from, INTERMEDIARY, input);
      for (const batch of batches(rows)) {
        await db.$transaction(async (tx) => {
          await tx.remainsContainer.createMany({ data: batch, skipDuplicates: true });
          const containers = await tx.remainsContainer.findMany({
            where: { handoverId: handover.id, fromParty: from, tag: { in: batch.map((r) => r.tag) } },
            select: { id: true },
          });
          await appendCustody(tx, new Map(containers.map((c) => [c.id, [hop]])));
        });
      }
    },

    /**
     * Custodian mode: the releasing custodian attests its hand-over of containers, at its own time. The hop
     * (sender → intermediary, or intermediary → receiver) is appended to each chain, attested by the releaser;
     * the custodian does not change: custody passes with the next custodian's take-over.
     */
    async recordHandOver(
      input: HandoverRef & {
        direction: Direction;
        tags: string[];
        from: string;
        to: string;
        place: string;
        by: Actor;
        at: string;
      },
    ): Promise<void> {
      const handover = await handoverOf(db, input.workflowId);
      const hop = custodyHop(input.from, input.to, input);
      for (const batch of batches(input.tags)) {
        await db.$transaction(async (tx) => {
          const containers = await tx.remainsContainer.findMany({
            where: { handoverId: handover.id, fromParty: input.direction.from, tag: { in: batch } },
            select: { id: true },
          });
          if (containers.length !== batch.length) {
            throw ApplicationFailure.nonRetryable(
              'a container handed over was never taken over',
              'ContainerNotTakenOver',
            );
          }
          await appendCustody(tx, new Map(containers.map((c) => [c.id, [hop]])), { custodianMoves: false });
        });
      }
    },
  };
}
