import { randomInt, randomUUID } from 'node:crypto';
import { Router } from 'express';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../config';
import { requirePayloadKeys } from '../config';
import type { Db } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { familyContactRow, searchKeyRows, type SealedContact } from './case-rows';
import { personalDataVault } from './personal-data';
import { enqueueNotifications, notificationKey } from '../notification/outbox';
import { caseTaskQueue } from '../temporal/task-queues';
import { REVIEW_PERIOD_MS } from './review';
import { missingPersonCase } from '../../workflows/missing-person/workflow';
import { changeMissingPersonStatusUpdate } from '../../workflows/missing-person/messages';
import { changeRejection } from '../../workflows/missing-person/rules';
import { missingPersonWorkflowId } from '../../workflows/shared/ids';
import type { Role } from '../../workflows/shared/domain';
import { principalOf, seesCaseDataOf, forbidden } from '../api/auth';
import { logDataReads } from '../api/data-access';
import { endpoint, serve } from '../api/endpoint';
import { conflict, notFound, ProblemError } from '../api/errors';
import { updateIdOf } from '../operation/scope';
import {
  changeStatusRequest,
  collectSampleRequest,
  consentRequest,
  familyContactRequest,
  listMissingPersonsQuery,
  MAX_CONTACTS,
  missingPersonList,
  missingPersonNumber,
  missingPersonStateView,
  missingPersonView,
  openMissingPersonRequest,
  reviewRequest,
  sampleBarcode,
  sampleStatusRequest,
  sampleView,
  SAMPLE_STATUSES,
  type FamilyContactRequest,
  type MissingPerson,
} from './schemas';

/**
 * Missing-person cases (tracing requests) and their families. The
 * intermediary's tracing officers open and follow them for both sides; a
 * party's liaison and forensic service read their own side's cases only, and
 * never the other side's families. Every read from outside the case's party
 * is logged (DataAccessLog). Names, ante-mortem data and contacts are sealed
 * in PostgreSQL; the workflow sees identifiers and statuses only.
 */

export const MISSING_PERSON_READERS: Role[] = ['TRACING_OFFICER', 'PARTY_LIAISON', 'FORENSIC'];
const TRACING: Role[] = ['TRACING_OFFICER'];
/** Tracing officers send samples; the forensic service of the person's party reports the laboratory's answers. */
const SAMPLE_RECORDERS: Role[] = ['TRACING_OFFICER', 'FORENSIC'];
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
const BASE = '/api/missing-persons';
const CASE = `${BASE}/{caseNumber}`;

const personParams = { caseNumber: missingPersonNumber };

export const openMissingPersonCase = endpoint({
  method: 'post',
  path: BASE,
  operationId: 'openMissingPersonCase',
  summary: 'Open a missing-person case (a tracing request) with the ante-mortem data and 1–4 family contacts',
  roles: TRACING,
  party: 'own-missing-persons',
  body: openMissingPersonRequest,
  response: missingPersonStateView,
  status: 201,
  errors: [409],
});
export const listMissingPersonCases = endpoint({
  method: 'get',
  path: BASE,
  operationId: 'listMissingPersonCases',
  summary: 'List or search missing-person cases by name or service number (a party sees its own side only)',
  roles: MISSING_PERSON_READERS,
  party: 'own-missing-persons',
  query: listMissingPersonsQuery,
  response: missingPersonList,
});
export const readMissingPersonCase = endpoint({
  method: 'get',
  path: CASE,
  operationId: 'readMissingPersonCase',
  summary:
    'Read a missing-person case with its family contacts, matched remains, family notices and history (a party sees its own side only)',
  roles: MISSING_PERSON_READERS,
  party: 'own-missing-persons',
  params: personParams,
  response: missingPersonView,
  errors: [404],
});
export const changeMissingPersonStatus = endpoint({
  method: 'post',
  path: `${CASE}/status`,
  operationId: 'changeMissingPersonStatus',
  summary: 'Move a missing-person case on: ACTIVE, an outcome, FAMILY_INFORMED, CLOSED; ACTIVE again reopens it',
  roles: TRACING,
  party: 'own-missing-persons',
  params: personParams,
  body: changeStatusRequest,
  response: missingPersonStateView,
  errors: [404, 409, 503],
});
export const addFamilyContact = endpoint({
  method: 'post',
  path: `${CASE}/contacts`,
  operationId: 'addFamilyContact',
  summary: 'Add a family contact (at most 4 per case)',
  roles: TRACING,
  party: 'own-missing-persons',
  params: personParams,
  body: familyContactRequest,
  response: z.object({ position: z.int() }),
  status: 201,
  errors: [404, 409],
});
export const recordConsent = endpoint({
  method: 'post',
  path: `${CASE}/contacts/{position}/consent`,
  operationId: 'recordFamilyConsent',
  summary: "Record a relative's consent anew, or its withdrawal (effective at once)",
  roles: TRACING,
  party: 'own-missing-persons',
  params: { ...personParams, position: z.int().min(1).max(MAX_CONTACTS) },
  body: consentRequest,
  response: z.object({ position: z.int(), scope: z.string().nullable(), shareWithOtherParty: z.boolean() }),
  errors: [404],
});
export const recordReview = endpoint({
  method: 'post',
  path: `${CASE}/reviews`,
  operationId: 'recordFamilyReview',
  summary: 'Record a periodic review held with the family; the next is due a year later',
  roles: TRACING,
  party: 'own-missing-persons',
  params: personParams,
  body: reviewRequest,
  response: z.object({ lastReviewAt: z.iso.datetime(), nextReviewAt: z.iso.datetime() }),
  errors: [404],
});
export const collectSample = endpoint({
  method: 'post',
  path: `${CASE}/samples`,
  operationId: 'collectReferenceSample',
  summary: 'Record a reference sample collected from a relative; it gets an anonymised barcode for the laboratory',
  roles: TRACING,
  party: 'own-missing-persons',
  params: personParams,
  body: collectSampleRequest,
  response: sampleView,
  status: 201,
  errors: [404, 409],
});
export const changeSampleStatus = endpoint({
  method: 'post',
  path: '/api/reference-samples/{barcode}/status',
  operationId: 'changeReferenceSampleStatus',
  summary:
    'Move a reference sample on (IN_TRANSIT, ACCEPTED / REJECTED, PROFILED / FAILED); a rejected or failed one asks for a new sample',
  description: "A party's forensic service reaches only its own side's samples; any other answers 404.",
  roles: SAMPLE_RECORDERS,
  party: 'own-missing-persons',
  params: { barcode: sampleBarcode },
  body: sampleStatusRequest,
  response: sampleView,
  errors: [404, 409],
});

export interface MissingPersonRoutesDeps {
  config: Config;
  db: Db;
  temporal: Client;
}

const sampleAnswer = (
  caseNumber: string,
  s: {
    barcode: string;
    contactPosition: number;
    relation: FamilyContactRequest['relation'];
    laboratory: string;
    status: SampleStatus;
    problem: z.infer<typeof sampleView>['problem'];
    replacementAsked: boolean;
    collectedAt: Date;
  },
) => ({
  barcode: s.barcode,
  caseNumber,
  contactPosition: s.contactPosition,
  relation: s.relation,
  laboratory: s.laboratory,
  status: s.status,
  problem: s.problem,
  replacementAsked: s.replacementAsked,
  collectedAt: s.collectedAt.toISOString(),
});

const iso = (d: Date) => d.toISOString();

export function missingPersonRoutes({ config, db, temporal }: MissingPersonRoutesDeps): Router {
  const router = Router();
  const on = serve(router, { db, temporal });
  const vault = personalDataVault(requirePayloadKeys(config), config.searchIndexKey);
  const taskQueue = caseTaskQueue(config.temporal.taskQueue);

  on(openMissingPersonCase, async ({ req, res, body }) => {
    const caseNumber = body.caseNumber ?? `MP-${body.party}-${randomUUID().slice(0, 8).toUpperCase()}`;
    const { principal } = principalOf(req);
    const now = new Date();
    const created = await db.$transaction(async (tx) => {
      const { count } = await tx.missingPersonCase.createMany({
        data: [
          {
            caseNumber,
            party: body.party,
            source: 'TRACING_REQUEST',
            personalData: vault.seal(body.person),
            openedBy: principal,
            nextReviewAt: new Date(now.getTime() + REVIEW_PERIOD_MS),
          },
        ],
        skipDuplicates: true,
      });
      if (count === 0) return null;
      const row = await tx.missingPersonCase.findUniqueOrThrow({ where: { caseNumber } });
      await tx.familyContact.createMany({
        data: body.contacts.map((c, i) => familyContactRow(vault, c, row.id, i + 1)),
      });
      await tx.missingPersonSearchKey.createMany({
        data: searchKeyRows(vault, row.id, body.person),
        skipDuplicates: true,
      });
      await tx.missingPersonEvent.create({
        data: {
          caseId: row.id,
          key: `opened:${row.id}`,
          kind: 'OPENED',
          status: 'REPORTED',
          recordedBy: principal,
          occurredAt: now,
        },
      });
      return row;
    });
    if (!created) throw conflict(`A missing-person case ${caseNumber} already exists.`);
    req.log.info({ caseNumber, party: body.party }, 'missing-person case opened');
    res.status(201).json({ caseNumber, party: created.party, status: created.status });
  });

  on(listMissingPersonCases, async ({ req, res, query }) => {
    const { party, status, name, serviceNumber, limit, offset } = query;
    const principal = principalOf(req);
    if (principal.party && party && party !== principal.party) {
      throw forbidden(`Your token acts for ${principal.party}: it lists ${principal.party}'s missing persons only.`);
    }
    const ofParty = principal.party ?? party;
    const keys: Prisma.MissingPersonCaseWhereInput[] = [
      ...(name ? vault.nameKeys(name) : []).map((hash) => ({
        searchKeys: { some: { kind: 'NAME_PART' as const, hash } },
      })),
      ...(serviceNumber ? [vault.numberKey(serviceNumber) ?? '-'] : []).map((hash) => ({
        searchKeys: { some: { kind: 'SERVICE_NUMBER' as const, hash } },
      })),
    ];
    // A name with no letter in it matches nothing rather than everything.
    const where: Prisma.MissingPersonCaseWhereInput =
      name && vault.nameKeys(name).length === 0
        ? { id: { in: [] } }
        : { ...(ofParty ? { party: ofParty } : {}), ...(status ? { status } : {}), AND: keys };
    const [rows, total] = await Promise.all([
      db.missingPersonCase.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { caseNumber: 'asc' }],
        take: limit,
        skip: offset,
      }),
      db.missingPersonCase.count({ where }),
    ]);
    // The search itself is not logged (it is in the request log without its query); what it released is.
    await logDataReads(
      db,
      req,
      rows.map((r) => r.party),
      `missing-persons?${rows.length} cases`,
    );
    res.json({
      items: rows.map((r) => ({
        caseNumber: r.caseNumber,
        party: r.party,
        status: r.status,
        source: r.source,
        name: vault.open<MissingPerson>(r.personalData).name,
        nextReviewAt: iso(r.nextReviewAt),
        createdAt: iso(r.createdAt),
      })),
      total,
      limit,
      offset,
    });
  });

  on(readMissingPersonCase, async ({ req, res, missingPerson: { id } }) => {
    const row = await db.missingPersonCase.findUniqueOrThrow({
      where: { id },
      include: {
        contacts: { orderBy: { position: 'asc' } },
        events: { orderBy: [{ recordedAt: 'asc' }, { id: 'asc' }] },
        samples: { orderBy: [{ collectedAt: 'asc' }, { barcode: 'asc' }] },
        matches: { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }], include: { remainsCase: true } },
        familyNotices: { orderBy: [{ openedAt: 'asc' }, { remainsCaseNumber: 'asc' }] },
      },
    });
    const person = vault.open<MissingPerson>(row.personalData);
    await logDataReads(db, req, [row.party], `missing-person:${row.caseNumber}`);
    res.json({
      caseNumber: row.caseNumber,
      party: row.party,
      status: row.status,
      source: row.source,
      name: person.name,
      nextReviewAt: iso(row.nextReviewAt),
      createdAt: iso(row.createdAt),
      person,
      contacts: row.contacts.map((c) => {
        const sealed = vault.open<SealedContact>(c.personalData);
        return {
          position: c.position,
          name: sealed.name,
          relation: c.relation,
          ...(sealed.address ? { address: sealed.address } : {}),
          preferredChannel: c.preferredChannel,
          preferredLanguage: c.preferredLanguage,
          receivesRemains: c.receivesRemains,
          consent: {
            scope: c.consentScope,
            shareWithOtherParty: c.shareWithOtherParty,
            withdrawnAt: c.consentWithdrawnAt ? iso(c.consentWithdrawnAt) : null,
          },
        };
      }),
      events: row.events.map((e) => ({
        kind: e.kind,
        status: e.status,
        recordedBy: e.recordedBy,
        occurredAt: iso(e.occurredAt),
        recordedAt: iso(e.recordedAt),
        reference: e.reference,
        contactPosition: e.contactPosition,
      })),
      lastReviewAt: row.lastReviewAt ? iso(row.lastReviewAt) : null,
      samples: row.samples.map((x) => sampleAnswer(row.caseNumber, x)),
      remains: row.matches.map((m) => ({
        caseNumber: m.remainsCase.caseNumber,
        evidence: m.evidence,
        reference: m.reference,
        kinshipStatistic: m.kinshipStatistic,
        occurredAt: iso(m.occurredAt),
        returnTo: m.returnTo,
        returnedAt: m.returnedAt ? iso(m.returnedAt) : null,
      })),
      familyNotices: row.familyNotices.map((n) => ({
        remainsCaseNumber: n.remainsCaseNumber,
        openedAt: iso(n.openedAt),
        dueAt: iso(n.dueAt),
        remindersSent: n.remindersSent,
        informedBy: n.informedBy,
        informedAt: n.informedAt ? iso(n.informedAt) : null,
        channel: n.channel,
        contactPosition: n.contactPosition,
      })),
      workflowId: row.workflowId,
    });
  });

  on(changeMissingPersonStatus, async ({ req, res, body, missingPerson: row }) => {
    const args = { ...body, by: principalOf(req).principal };
    // Checked before a resting case's workflow is started for nothing; the workflow checks again.
    const reason = changeRejection(row.status, args, Date.now());
    if (reason) throw new ProblemError(409, 'rejected', 'Rejected', reason);
    const workflowId = missingPersonWorkflowId(row.caseNumber);
    const state = await temporal.workflow.executeUpdateWithStart(changeMissingPersonStatusUpdate, {
      args: [args],
      ...updateIdOf(req),
      startWorkflowOperation: new WithStartWorkflowOperation(missingPersonCase, {
        workflowId,
        taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [{ caseNumber: row.caseNumber, caseId: row.id, party: row.party, status: row.status }],
      }),
    });
    await db.missingPersonCase.updateMany({ where: { id: row.id, workflowId: null }, data: { workflowId } });
    req.log.info({ caseNumber: row.caseNumber, status: state.status }, 'missing-person case changed');
    res.json({ caseNumber: state.caseNumber, party: state.party, status: state.status });
  });

  on(addFamilyContact, async ({ req, res, body: contact, missingPerson: row }) => {
    const { principal } = principalOf(req);
    const position = await db.$transaction(async (tx) => {
      // Serialises additions to one case: positions never collide, the limit holds.
      await tx.$queryRaw`SELECT 1 FROM "MissingPersonCase" WHERE "id" = ${row.id}::uuid FOR UPDATE`;
      const existing = await tx.familyContact.findMany({ where: { caseId: row.id } });
      if (existing.length >= MAX_CONTACTS) throw conflict(`A case has at most ${MAX_CONTACTS} family contacts.`);
      if (contact.receivesRemains && existing.some((c) => c.receivesRemains)) {
        throw conflict('Another contact already receives the remains; only one does.');
      }
      const next = Math.max(0, ...existing.map((c) => c.position)) + 1;
      await tx.familyContact.create({ data: familyContactRow(vault, contact, row.id, next) });
      await tx.missingPersonEvent.create({
        data: {
          caseId: row.id,
          key: randomUUID(),
          kind: 'CONTACT_ADDED',
          status: row.status,
          recordedBy: principal,
          occurredAt: new Date(),
          contactPosition: next,
        },
      });
      return next;
    });
    res.status(201).json({ position });
  });

  on(recordConsent, async ({ req, res, body, missingPerson: row }) => {
    const position = z.coerce.number().int().min(1).max(MAX_CONTACTS).safeParse(req.params.position);
    if (!position.success) throw notFound('No family contact at that position.');
    const withdrawn = 'withdrawn' in body;
    const now = new Date();
    const contact = await db.$transaction(async (tx) => {
      const { count } = await tx.familyContact.updateMany({
        where: { caseId: row.id, position: position.data },
        data: withdrawn
          ? { consentScope: null, consentWithdrawnAt: now }
          : { consentScope: body.scope, shareWithOtherParty: body.shareWithOtherParty, consentWithdrawnAt: null },
      });
      if (count === 0) throw notFound('No family contact at that position.');
      await tx.missingPersonEvent.create({
        data: {
          caseId: row.id,
          key: randomUUID(),
          kind: withdrawn ? 'CONSENT_WITHDRAWN' : 'CONSENT_CHANGED',
          status: row.status,
          recordedBy: principalOf(req).principal,
          occurredAt: now,
          contactPosition: position.data,
        },
      });
      return tx.familyContact.findUniqueOrThrow({
        where: { caseId_position: { caseId: row.id, position: position.data } },
      });
    });
    res.json({
      position: contact.position,
      scope: contact.consentScope,
      shareWithOtherParty: contact.shareWithOtherParty,
    });
  });

  on(recordReview, async ({ req, res, body, missingPerson: row }) => {
    const at = body.occurredAt ? new Date(body.occurredAt) : new Date();
    const nextReviewAt = new Date(at.getTime() + REVIEW_PERIOD_MS);
    await db.$transaction([
      db.missingPersonCase.update({ where: { id: row.id }, data: { lastReviewAt: at, nextReviewAt } }),
      db.missingPersonEvent.create({
        data: {
          caseId: row.id,
          key: randomUUID(),
          kind: 'REVIEW',
          status: row.status,
          recordedBy: principalOf(req).principal,
          occurredAt: at,
          reference: body.channel,
        },
      }),
    ]);
    res.json({ lastReviewAt: iso(at), nextReviewAt: iso(nextReviewAt) });
  });

  on(collectSample, async ({ req, res, body, missingPerson: row }) => {
    const { principal } = principalOf(req);
    const now = new Date();
    const sample = await db.$transaction(async (tx) => {
      const giver = await tx.familyContact.findUnique({
        where: { caseId_position: { caseId: row.id, position: body.contactPosition } },
      });
      if (!giver) throw notFound('No family contact at that position.');
      if (!giver.consentScope) throw conflict('This relative has withdrawn consent: no sample of theirs may be used.');
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
      await tx.missingPersonEvent.create({
        data: {
          caseId: row.id,
          key: `sample:${created.barcode}:COLLECTED`,
          kind: 'SAMPLE_COLLECTED',
          status: row.status,
          recordedBy: principal,
          occurredAt: now,
          reference: created.barcode,
          contactPosition: giver.position,
        },
      });
      return created;
    });
    res.status(201).json(sampleAnswer(row.caseNumber, sample));
  });

  return router;
}

/** Reference samples by barcode: what the laboratory answers, reported by the forensic service or a tracing officer. */
export function referenceSampleRoutes({ db, temporal }: { db: Db; temporal: Client }): Router {
  const router = Router();
  const on = serve(router, { db, temporal });
  const noSuchSample = () => notFound('No reference sample has that barcode.');

  on(changeSampleStatus, async ({ req, res, body }) => {
    const barcode = sampleBarcode.safeParse(req.params.barcode);
    if (!barcode.success) throw noSuchSample();
    const sample = await db.referenceSample.findUnique({ where: { barcode: barcode.data }, include: { case: true } });
    const principal = principalOf(req);
    if (!sample || !seesCaseDataOf(principal, sample.case.party)) throw noSuchSample();
    const from = sample.status;
    if (!SAMPLE_NEXT[from].includes(body.status)) {
      throw conflict(
        `A sample ${from} cannot become ${body.status}; next: ${SAMPLE_NEXT[from].join(' or ') || 'nothing'}.`,
      );
    }
    const bounced = body.status === 'REJECTED' || body.status === 'FAILED';
    const now = new Date();
    const updated = await db.$transaction(async (tx) => {
      // Only from the status read: two answers at once cannot both apply.
      const { count } = await tx.referenceSample.updateMany({
        where: { id: sample.id, status: from },
        data: { status: body.status, problem: body.problem ?? null, replacementAsked: bounced },
      });
      if (count === 0) throw conflict(`The sample ${sample.barcode} changed meanwhile; read it again.`);
      await tx.missingPersonEvent.create({
        data: {
          caseId: sample.caseId,
          key: `sample:${sample.barcode}:${body.status}`,
          kind: 'SAMPLE_STATUS',
          status: sample.case.status,
          recordedBy: principal.principal,
          occurredAt: now,
          reference: sample.barcode,
          contactPosition: sample.contactPosition,
        },
      });
      if (bounced) {
        // Families wait months when samples bounce: the tracing service is told at once, with the change.
        const recipients = await tx.notificationRecipient.findMany({ where: { recipient: 'TRACING' } });
        const eventId = `sample:${sample.barcode}:${body.status}`;
        await enqueueNotifications(
          tx,
          recipients.map((r) => ({
            key: notificationKey(eventId, r.recipient, r.channel),
            recipient: r.recipient,
            channel: r.channel,
            event: 'reference_sample.new_sample_needed',
            payload: {
              caseNumber: sample.case.caseNumber,
              barcode: sample.barcode,
              status: body.status,
              problem: body.problem!,
            },
          })),
          now,
        );
      }
      return tx.referenceSample.findUniqueOrThrow({ where: { id: sample.id } });
    });
    req.log.info({ barcode: sample.barcode, status: updated.status }, 'reference sample changed');
    res.json(sampleAnswer(sample.case.caseNumber, updated));
  });

  return router;
}
