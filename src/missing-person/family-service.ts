import { randomInt } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { z } from 'zod';
import type { Db } from '../db';
import type { Logger } from '../logger';
import { queueNotices, type KeptNotice } from '../notification/notices';
import { seesCaseDataOf, type Principal } from '../api/auth';
import { conflict, notFound } from '../api/errors';
import { familyInformedUpdate, type FamilyInformedArgs } from '../../workflows/missing-person/messages';
import { missingPersonWorkflowId } from '../../workflows/shared/ids';
import { addCaseEvent } from './case-events';
import { addContact, changeConsent } from './contact-rows';
import type { PersonalDataVault } from './personal-data';
import type { VisibleMissingPerson } from './scope';
import {
  MAX_CONTACTS,
  type collectSampleRequest,
  type consentRequest,
  type FamilyContactRequest,
  type SAMPLE_STATUSES,
  type sampleStatusRequest,
} from './schemas';
import { sampleAnswer } from './view';

/**
 * A missing person's family: its contacts and their consent, the reference
 * samples relatives give (and what the laboratory answers of them), and the
 * record that the family was told of an identification (asked of the case's
 * workflow). Every change also writes the case's event (./case-events.ts);
 * contacts are written by ./contact-rows.ts.
 */

type SampleStatus = (typeof SAMPLE_STATUSES)[number];
/** The order of a sample's statuses. */
const SAMPLE_NEXT: Record<SampleStatus, readonly SampleStatus[]> = {
  COLLECTED: ['IN_TRANSIT'],
  IN_TRANSIT: ['ACCEPTED', 'REJECTED'],
  ACCEPTED: ['PROFILED', 'FAILED'],
  REJECTED: [],
  PROFILED: [],
  FAILED: [],
};
const BARCODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A barcode that says nothing of the person or the relative. */
const newBarcode = () =>
  `RS-${Array.from({ length: 10 }, () => BARCODE_ALPHABET[randomInt(BARCODE_ALPHABET.length)]).join('')}`;
const noSuchSample = () => notFound('No reference sample has that barcode.');

export function familyService({ db, temporal, vault }: { db: Db; temporal: Client; vault?: PersonalDataVault }) {
  return {
    async addContact(row: VisibleMissingPerson, contact: FamilyContactRequest, principal: string): Promise<number> {
      if (!vault) throw new Error('no personal-data vault configured');
      return addContact(db, vault, { case: row, contact, by: principal, at: new Date() }, (existing) => {
        if (existing.length >= MAX_CONTACTS) throw conflict(`A case has at most ${MAX_CONTACTS} family contacts.`);
        if (contact.receivesRemains && existing.some((c) => c.receivesRemains)) {
          throw conflict('Another contact already receives the remains; only one does.');
        }
      });
    },

    async recordConsent(
      row: VisibleMissingPerson,
      position: number,
      body: z.infer<typeof consentRequest>,
      principal: string,
    ) {
      const contact = await changeConsent(db, {
        case: row,
        position,
        consent: 'withdrawn' in body ? 'withdrawn' : body,
        by: principal,
        at: new Date(),
      });
      if (!contact) throw notFound('No family contact at that position.');
      return {
        position: contact.position,
        scope: contact.consentScope,
        shareWithOtherParty: contact.shareWithOtherParty,
      };
    },

    ...referenceSamples(db),

    /** The family was told through its designated contact: asked of the case's workflow, which holds the notice. */
    async familyInformed(person: VisibleMissingPerson, args: FamilyInformedArgs, update: { updateId?: string }) {
      const contacts = await db.familyContact.findMany({ where: { caseId: person.id }, orderBy: { position: 'asc' } });
      const designated = contacts.find((c) => c.receivesRemains);
      if (!designated) {
        throw conflict(
          'No family contact is designated to receive the remains: a tracing officer records one before the family is told.',
        );
      }
      if (args.contactPosition !== designated.position) {
        throw conflict(
          `The family is told through its designated contact: contact ${designated.position}, not ${args.contactPosition}.`,
        );
      }
      try {
        const state = await temporal.workflow
          .getHandle(missingPersonWorkflowId(person.caseNumber))
          .executeUpdate(familyInformedUpdate, { args: [args], ...update });
        return { caseNumber: state.caseNumber, party: state.party, status: state.status };
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        throw conflict(`no identification of ${args.remainsCaseNumber} is waiting to be told to this family`);
      }
    },
  };
}
export type FamilyService = ReturnType<typeof familyService>;

/** Reference samples: collected from a relative who consents, then moved on by what the laboratory answers. */
function referenceSamples(db: Db) {
  return {
    async collectSample(row: VisibleMissingPerson, body: z.infer<typeof collectSampleRequest>, principal: string) {
      const now = new Date();
      const sample = await db.$transaction(async (tx) => {
        const giver = await tx.familyContact.findUnique({
          where: { caseId_position: { caseId: row.id, position: body.contactPosition } },
        });
        if (!giver) throw notFound('No family contact at that position.');
        if (!giver.consentScope)
          throw conflict('This relative has withdrawn consent: no sample of theirs may be used.');
        // The new sample answers any request for a replacement of this relative's earlier one.
        await tx.referenceSample.updateMany({
          where: { caseId: row.id, contactPosition: giver.position, replacementAsked: true },
          data: { replacementAsked: false },
        });
        const created = await tx.referenceSample.create({
          data: {
            barcode: newBarcode(),
            caseId: row.id,
            contactPosition: giver.position,
            relation: giver.relation,
            laboratory: body.laboratory,
            collectedAt: now,
          },
        });
        await addCaseEvent(tx, {
          caseId: row.id,
          key: `sample:${created.barcode}:COLLECTED`,
          kind: 'SAMPLE_COLLECTED',
          status: row.status,
          recordedBy: principal,
          occurredAt: now,
          reference: created.barcode,
          contactPosition: giver.position,
        });
        return created;
      });
      return sampleAnswer(row.caseNumber, sample);
    },

    /** Moves a sample on, if the principal sees its case (else the same 404 as an unknown barcode). */
    async changeSampleStatus(
      principal: Principal,
      barcode: string,
      body: z.infer<typeof sampleStatusRequest>,
      log?: Pick<Logger, 'warn'>,
    ) {
      const sample = await db.referenceSample.findUnique({ where: { barcode }, include: { case: true } });
      if (!sample || !seesCaseDataOf(principal, sample.case.party)) throw noSuchSample();
      const from = sample.status;
      if (!SAMPLE_NEXT[from].includes(body.status)) {
        throw conflict(
          `A sample ${from} cannot become ${body.status}; next: ${SAMPLE_NEXT[from].join(' or ') || 'nothing'}.`,
        );
      }
      const bounced = body.status === 'REJECTED' || body.status === 'FAILED';
      const now = new Date();
      const kept: KeptNotice[] = [];
      const updated = await db.$transaction(async (tx) => {
        // Only from the status read: two answers at once cannot both apply.
        const { count } = await tx.referenceSample.updateMany({
          where: { id: sample.id, status: from },
          data: { status: body.status, problem: body.problem ?? null, replacementAsked: bounced },
        });
        if (count === 0) throw conflict(`The sample ${sample.barcode} changed meanwhile; read it again.`);
        await addCaseEvent(tx, {
          caseId: sample.caseId,
          key: `sample:${sample.barcode}:${body.status}`,
          kind: 'SAMPLE_STATUS',
          status: sample.case.status,
          recordedBy: principal.principal,
          occurredAt: now,
          reference: sample.barcode,
          contactPosition: sample.contactPosition,
        });
        if (bounced) {
          // Families wait months when samples bounce: the tracing service is told at once, with the change
          // (kept in the outbox until it has an address, if it has none yet).
          const { awaiting } = await queueNotices(
            tx,
            [
              {
                eventId: `sample:${sample.barcode}:${body.status}`,
                event: 'reference_sample.new_sample_needed',
                recipients: ['TRACING'],
                payloadFor: () => ({
                  caseNumber: sample.case.caseNumber,
                  barcode: sample.barcode,
                  status: body.status,
                  problem: body.problem!,
                }),
              },
            ],
            now,
          );
          kept.push(...awaiting);
        }
        return tx.referenceSample.findUniqueOrThrow({ where: { id: sample.id } });
      });
      for (const k of kept) {
        // Identifiers only: the event and whom it waits for, never the payload.
        log?.warn(
          { event: k.event, eventId: k.eventId, unaddressed: [k.recipient] },
          'notification waits for an address',
        );
      }
      return sampleAnswer(sample.case.caseNumber, updated);
    },
  };
}
