import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../db';
import type { Role } from '../../workflows/shared/domain';
import { principalOf, forbidden } from '../api/auth';
import { endpoint, serve } from '../api/endpoint';
import { notFound } from '../api/errors';
import { updateIdOf } from '../operation/scope';
import { familyService } from './family-service';
import { missingPersonService, type MissingPersonDeps } from './service';
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
} from './schemas';

/**
 * Missing-person cases (tracing requests) and their families. The
 * intermediary's tracing officers open and follow them for both sides; a
 * party's liaison and forensic service read their own side's cases only, and
 * never the other side's families. Every read from outside the case's party
 * is logged (DataAccessLog). Names, ante-mortem data and contacts are sealed
 * in PostgreSQL; the workflow sees identifiers and statuses only. Each route
 * parses, authorises (endpoint()) and calls ./service.ts or ./family-service.ts.
 */

export const MISSING_PERSON_READERS: Role[] = ['TRACING_OFFICER', 'PARTY_LIAISON', 'FORENSIC'];
const TRACING: Role[] = ['TRACING_OFFICER'];
/** Tracing officers send samples; the forensic service of the person's party reports the laboratory's answers. */
const SAMPLE_RECORDERS: Role[] = ['TRACING_OFFICER', 'FORENSIC'];
const BASE = '/api/missing-persons';
const CASE = `${BASE}/{caseNumber}`;

const personParams = { caseNumber: missingPersonNumber };

export const openMissingPersonCase = endpoint({
  method: 'post',
  path: BASE,
  operationId: 'openMissingPersonCase',
  summary: 'Open a missing-person case (a tracing request) with the ante-mortem data and 1–4 family contacts',
  description:
    'Checked besides the schema (400, naming the field): a `caseNumber` given starts with `MP-<party>-`; ' +
    '`person.lastKnownDate` is not before `person.dateOfBirth`.',
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
  description:
    'A case whose sealed personal data this service cannot open (sealed under a key its PAYLOAD_KEYS does not hold) is listed with `name: null` and `personalDataUnreadable` saying why; the rest of the list is unaffected.',
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
  description:
    'Answers 500 with the problem type `/problems/personal-data-unreadable` when the case’s sealed personal data (the person’s or a relative’s) cannot be opened by this service: the detail names the key id and what an operator does (operators’ guide, "Rotating keys"). Nothing is read then.',
  params: personParams,
  response: missingPersonView,
  errors: [404, 500],
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

export type { MissingPersonDeps as MissingPersonRoutesDeps } from './service';

export function missingPersonRoutes(deps: MissingPersonDeps): Router {
  const router = Router();
  const on = serve(router, { db: deps.db, temporal: deps.temporal });
  const cases = missingPersonService(deps);
  const families = familyService({ db: deps.db, temporal: deps.temporal, vault: cases.vault });

  on(openMissingPersonCase, async ({ req, res, body }) => {
    const opened = await cases.open(body, principalOf(req).principal);
    req.log.info({ caseNumber: opened.caseNumber, party: body.party }, 'missing-person case opened');
    res.status(201).json(opened);
  });

  on(listMissingPersonCases, async ({ req, res, query }) => {
    const principal = principalOf(req);
    if (principal.party && query.party && query.party !== principal.party) {
      throw forbidden(`Your token acts for ${principal.party}: it lists ${principal.party}'s missing persons only.`);
    }
    res.json(await cases.list(req, query, principal.party ?? query.party));
  });

  on(readMissingPersonCase, async ({ req, res, missingPerson: { id } }) => {
    res.json(await cases.read(req, id));
  });

  on(changeMissingPersonStatus, async ({ req, res, body, missingPerson: row }) => {
    const answer = await cases.changeStatus(row, { ...body, by: principalOf(req).principal }, updateIdOf(req));
    req.log.info({ caseNumber: row.caseNumber, status: answer.status }, 'missing-person case changed');
    res.json(answer);
  });

  on(addFamilyContact, async ({ req, res, body, missingPerson: row }) => {
    res.status(201).json({ position: await families.addContact(row, body, principalOf(req).principal) });
  });

  on(recordConsent, async ({ req, res, body, missingPerson: row }) => {
    const position = z.coerce.number().int().min(1).max(MAX_CONTACTS).safeParse(req.params.position);
    if (!position.success) throw notFound('No family contact at that position.');
    res.json(await families.recordConsent(row, position.data, body, principalOf(req).principal));
  });

  on(recordReview, async ({ req, res, body, missingPerson: row }) => {
    res.json(await cases.recordReview(row, body, principalOf(req).principal));
  });

  on(collectSample, async ({ req, res, body, missingPerson: row }) => {
    res.status(201).json(await families.collectSample(row, body, principalOf(req).principal));
  });

  return router;
}

/** Reference samples by barcode: what the laboratory answers, reported by the forensic service or a tracing officer. */
export function referenceSampleRoutes({ db, temporal }: { db: Db; temporal: Client }): Router {
  const router = Router();
  const on = serve(router, { db, temporal });
  const families = familyService({ db, temporal });

  on(changeSampleStatus, async ({ req, res, body }) => {
    const barcode = sampleBarcode.safeParse(req.params.barcode);
    if (!barcode.success) throw notFound('No reference sample has that barcode.');
    const answer = await families.changeSampleStatus(principalOf(req), barcode.data, body, req.log);
    req.log.info({ barcode: answer.barcode, status: answer.status }, 'reference sample changed');
    res.json(answer);
  });

  return router;
}
