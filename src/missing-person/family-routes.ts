import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../db';
import { principalOf } from '../api/auth';
import { caseNumber as caseNumberSchema, caseStateView, caseStatus } from '../remains-case/schemas';
import { noSuchCase } from '../remains-case/scope';
import { endpoint, serve } from '../api/endpoint';
import { familyService } from './family-service';
import { findingService } from './finding-service';
import { CONTACT_CHANNELS, missingPersonNumber, missingPersonStateView } from './schemas';
import { updateIdOf } from '../operation/scope';
import { operationReference, partyCode, pastInstant } from '../api/schemas';

/**
 * From a match to an answer: the receiving party's forensic service records
 * a DNA match between a remains case and a missing person of its side; the
 * legal identification (a step of the remains case) opens the family's
 * notice; the party's authority records that the family was told, and only
 * then may the remains go, to the designated contact. Remains found to be a
 * national of the other side are queued to go back, and the other side gets
 * the case's shared record. Identifiers only: names and contacts stay sealed.
 * Each route parses, authorises (endpoint()) and calls ./finding-service.ts or
 * ./family-service.ts.
 */

const CODE = /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,127}$/;
const opaque = (what: string) =>
  z.string().regex(CODE, { error: `must be ${what} (letters, digits and . _ : / # -), never personal data` });
const instant = pastInstant;
const kinship = z
  .number()
  .positive()
  .refine(Number.isFinite, 'must be a finite number')
  .meta({ description: 'The kinship statistic of the match report (likelihood ratio)', example: 1.2e9 });

export const recordMatchRequest = z.strictObject({
  missingPersonCaseNumber: missingPersonNumber,
  reportNumber: opaque('the match report number').meta({ example: 'DNA-MR-2025-0091' }),
  kinshipStatistic: kinship,
  occurredAt: instant.optional(),
});

export const foreignNationalRequest = z
  .strictObject({
    missingPersonCaseNumber: missingPersonNumber.meta({ description: "The other side's missing-person case" }),
    evidence: z.enum(['DNA_MATCH', 'DOCUMENTS']),
    reference: opaque('the match report or document number'),
    kinshipStatistic: kinship.optional(),
    occurredAt: instant.optional(),
  })
  .refine((b) => (b.evidence === 'DNA_MATCH') === (b.kinshipStatistic !== undefined), {
    path: ['kinshipStatistic'],
    message: 'is given for a DNA_MATCH, and only for it',
  })
  .meta({
    if: { properties: { evidence: { const: 'DNA_MATCH' } }, required: ['evidence'] },
    then: { properties: { kinshipStatistic: {} }, required: ['kinshipStatistic'] },
    else: { not: { properties: { kinshipStatistic: {} }, required: ['kinshipStatistic'] } },
  });

export const familyInformedRequest = z.strictObject({
  remainsCaseNumber: caseNumberSchema.meta({ description: 'The identified remains case the family was told of' }),
  informedAt: instant,
  channel: z.enum(CONTACT_CHANNELS).meta({ description: 'How the family was told' }),
  contactPosition: z.int().min(1).max(4).meta({ description: 'The designated contact who was told' }),
});

const returnItem = z.object({
  caseNumber: caseNumberSchema,
  operationReference,
  from: partyCode.meta({ description: 'The party that received the remains and returns them' }),
  to: partyCode.meta({ description: 'The party the person is from' }),
  status: caseStatus,
  missingPersonCaseNumber: missingPersonNumber,
  evidence: z.enum(['DNA_MATCH', 'DOCUMENTS']),
  foundAt: z.iso.datetime(),
});
export const returnQueue = z.object({ items: z.array(returnItem), total: z.int() });

export const listReturnsQuery = z.strictObject({
  from: partyCode.optional(),
  to: partyCode.optional(),
});

export const sharedCaseRecord = z.object({
  caseNumber: caseNumberSchema,
  operationReference,
  receivingParty: partyCode,
  status: caseStatus,
  finding: z
    .object({
      missingPersonCaseNumber: missingPersonNumber,
      evidence: z.enum(['DNA_MATCH', 'DOCUMENTS']),
      reference: z.string(),
      returnTo: partyCode,
      foundAt: z.iso.datetime(),
      returnedAt: z.iso.datetime().nullable(),
    })
    .nullable(),
  events: z.array(z.object({ sequence: z.int(), kind: z.string(), step: caseStatus, occurredAt: z.iso.datetime() })),
});

const caseParams = { caseNumber: caseNumberSchema };
const personParams = { caseNumber: missingPersonNumber };

export const recordMatch = endpoint({
  method: 'post',
  path: '/api/cases/{caseNumber}/matches',
  operationId: 'recordMatch',
  summary:
    'Record a DNA match between this remains case and a missing person of the same party (forensic staff of the receiving party)',
  roles: ['FORENSIC'],
  party: 'own-cases',
  params: caseParams,
  body: recordMatchRequest,
  response: caseStateView,
  errors: [404, 409, 422, 503],
});
export const recordForeignNational = endpoint({
  method: 'post',
  path: '/api/cases/{caseNumber}/foreign-national',
  operationId: 'recordForeignNational',
  summary:
    "Record that the remains are a person reported missing by the other side's families (by match or documents): they are queued to go back",
  roles: ['FORENSIC', 'TRACING_OFFICER'],
  party: 'own-cases',
  params: caseParams,
  body: foreignNationalRequest,
  response: caseStateView,
  errors: [404, 409, 422, 503],
});
export const readSharedRecord = endpoint({
  method: 'get',
  path: '/api/cases/{caseNumber}/shared-record',
  operationId: 'readSharedCaseRecord',
  summary:
    'The shared record of a remains case: its status, history and any finding that it holds a national of the other side (for both parties once found)',
  roles: ['COORDINATOR', 'TRACING_OFFICER', 'OBSERVER', 'PARTY_LIAISON', 'FORENSIC'],
  party: 'shared-cases',
  params: caseParams,
  response: sharedCaseRecord,
  errors: [404],
});
export const listReturns = endpoint({
  method: 'get',
  path: '/api/returns',
  operationId: 'listReturns',
  summary:
    "Remains waiting to go back to the other side (nationals of it found among the received), for the next operation's manifest",
  roles: ['COORDINATOR', 'TRACING_OFFICER', 'PARTY_LIAISON', 'FORENSIC'],
  party: 'own-cases',
  query: listReturnsQuery,
  response: returnQueue,
});
export const recordFamilyInformed = endpoint({
  method: 'post',
  path: '/api/missing-persons/{caseNumber}/family-informed',
  operationId: 'recordFamilyInformed',
  summary:
    "Record that the family was told of an identification through its designated contact (who: the token's principal; when; how)",
  roles: ['PARTY_LIAISON', 'FORENSIC'],
  party: 'own-missing-persons',
  params: personParams,
  body: familyInformedRequest,
  response: missingPersonStateView,
  errors: [404, 409, 503],
});

export function familyRoutes({ db, temporal }: { db: Db; temporal: Client }): Router {
  const router = Router();
  const on = serve(router, { db, temporal });
  const findings = findingService({ db, temporal });
  const families = familyService({ db, temporal });

  on(recordMatch, async ({ req, res, body, remainsCase }) => {
    const by = principalOf(req).principal;
    const answer = await findings.recordMatch(remainsCase, { ...body, by }, updateIdOf(req));
    req.log.info(
      { caseNumber: remainsCase.caseNumber, missingPerson: body.missingPersonCaseNumber, by },
      'match recorded',
    );
    res.json(answer);
  });

  on(recordForeignNational, async ({ req, res, body, remainsCase }) => {
    const by = principalOf(req).principal;
    const { answer, returnTo } = await findings.recordForeignNational(remainsCase, { ...body, by }, updateIdOf(req));
    req.log.info({ caseNumber: remainsCase.caseNumber, returnTo, by }, 'foreign national recorded');
    res.json(answer);
  });

  on(readSharedRecord, async ({ req, res }) => {
    const number = caseNumberSchema.safeParse(req.params.caseNumber);
    if (!number.success) throw noSuchCase();
    res.json(await findings.sharedRecord(req, number.data));
  });

  on(listReturns, async ({ req, res, query }) => {
    res.json(await findings.returns(req, query));
  });

  on(recordFamilyInformed, async ({ req, res, body, missingPerson }) => {
    const by = principalOf(req).principal;
    const answer = await families.familyInformed(missingPerson, { ...body, by }, updateIdOf(req));
    req.log.info({ caseNumber: missingPerson.caseNumber, remainsCase: body.remainsCaseNumber, by }, 'family informed');
    res.json(answer);
  });

  return router;
}
