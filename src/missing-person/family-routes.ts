import { Router } from 'express';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../db';
import { recordForeignNationalUpdate, recordMatchUpdate } from '../../workflows/remains-case/messages';
import { familyInformedUpdate } from '../../workflows/missing-person/messages';
import { caseWorkflowId, missingPersonWorkflowId } from '../../workflows/shared/ids';
import { principalOf } from '../api/auth';
import { caseNumber as caseNumberSchema, caseStateView, caseStatus } from '../remains-case/schemas';
import { caseStateOf } from '../remains-case/view';
import { logDataReads } from '../api/data-access';
import { endpoint, serve } from '../api/endpoint';
import { conflict, notFound } from '../api/errors';
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

  async function onCase<T>(number: string, fn: (h: ReturnType<Client['workflow']['getHandle']>) => Promise<T>) {
    try {
      return await fn(temporal.workflow.getHandle(caseWorkflowId(number)));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw conflict(`case is closed: ${number}`);
      throw err;
    }
  }

  on(recordMatch, async ({ req, res, body, remainsCase }) => {
    // A match links a person of the receiving party's own side; the other side's answers as an absent one.
    const person = await db.missingPersonCase.findUnique({ where: { caseNumber: body.missingPersonCaseNumber } });
    if (!person || person.party !== remainsCase.receivingParty) {
      throw conflict(
        `No missing-person case of ${remainsCase.receivingParty} has the number ${body.missingPersonCaseNumber}; a person of the other side is recorded as a foreign national.`,
      );
    }
    const by = principalOf(req).principal;
    const state = await onCase(remainsCase.caseNumber, (h) =>
      h.executeUpdate(recordMatchUpdate, { args: [{ ...body, by }], ...updateIdOf(req) }),
    );
    req.log.info({ caseNumber: remainsCase.caseNumber, missingPerson: person.caseNumber, by }, 'match recorded');
    res.json(caseStateOf(state));
  });

  on(recordForeignNational, async ({ req, res, body, remainsCase }) => {
    const person = await db.missingPersonCase.findUnique({ where: { caseNumber: body.missingPersonCaseNumber } });
    if (!person || person.party === remainsCase.receivingParty) {
      throw conflict(
        `No missing-person case of the other side has the number ${body.missingPersonCaseNumber}: a national of the other side is one its families reported missing.`,
      );
    }
    const by = principalOf(req).principal;
    const state = await onCase(remainsCase.caseNumber, (h) =>
      h.executeUpdate(recordForeignNationalUpdate, {
        args: [{ ...body, returnTo: person.party, by }],
        ...updateIdOf(req),
      }),
    );
    req.log.info({ caseNumber: remainsCase.caseNumber, returnTo: person.party, by }, 'foreign national recorded');
    res.json(caseStateOf(state));
  });

  on(readSharedRecord, async ({ req, res }) => {
    const number = caseNumberSchema.safeParse(req.params.caseNumber);
    const noSuchCase = () => notFound('No case has that PM number.');
    if (!number.success) throw noSuchCase();
    const row = await db.remainsCase.findUnique({
      where: { caseNumber: number.data },
      include: {
        operation: { select: { reference: true } },
        match: { include: { missingPersonCase: { select: { caseNumber: true } } } },
        events: { orderBy: { sequence: 'asc' } },
      },
    });
    const { party } = principalOf(req);
    const returnTo = row?.match?.returnTo ?? undefined;
    if (!row || (party && party !== row.receivingParty && party !== returnTo)) throw noSuchCase();
    // Released across the border: the read is logged for the receiving party's data.
    await logDataReads(db, req, [row.receivingParty], `case-shared-record:${row.caseNumber}`);
    const finding = row.match?.returnTo
      ? {
          missingPersonCaseNumber: row.match.missingPersonCase.caseNumber,
          evidence: row.match.evidence,
          reference: row.match.reference,
          returnTo: row.match.returnTo,
          foundAt: row.match.occurredAt.toISOString(),
          returnedAt: row.match.returnedAt?.toISOString() ?? null,
        }
      : null;
    res.json({
      caseNumber: row.caseNumber,
      operationReference: row.operation.reference,
      receivingParty: row.receivingParty,
      status: row.status,
      finding,
      events: row.events.map((e) => ({
        sequence: e.sequence,
        kind: e.kind,
        step: e.step,
        occurredAt: e.occurredAt.toISOString(),
      })),
    });
  });

  on(listReturns, async ({ req, res, query }) => {
    const { party } = principalOf(req);
    const rows = await db.remainsMatch.findMany({
      where: {
        returnTo: query.to ?? { not: null },
        returnedAt: null,
        remainsCase: {
          ...(query.from ? { receivingParty: query.from } : {}),
          status: { notIn: ['RETURNED_TO_OTHER_PARTY', 'MERGED', 'RELEASED'] },
        },
        // A party sees the returns it makes and the ones it awaits.
        ...(party ? { OR: [{ returnTo: party }, { remainsCase: { receivingParty: party } }] } : {}),
      },
      include: {
        remainsCase: { include: { operation: { select: { reference: true } } } },
        missingPersonCase: { select: { caseNumber: true } },
      },
      orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
    });
    await logDataReads(
      db,
      req,
      rows.map((r) => r.remainsCase.receivingParty),
      'returns',
    );
    res.json({
      items: rows.map((r) => ({
        caseNumber: r.remainsCase.caseNumber,
        operationReference: r.remainsCase.operation.reference,
        from: r.remainsCase.receivingParty,
        to: r.returnTo!,
        status: r.remainsCase.status,
        missingPersonCaseNumber: r.missingPersonCase.caseNumber,
        evidence: r.evidence,
        foundAt: r.occurredAt.toISOString(),
      })),
      total: rows.length,
    });
  });

  on(recordFamilyInformed, async ({ req, res, body, missingPerson }) => {
    const contacts = await db.familyContact.findMany({
      where: { caseId: missingPerson.id },
      orderBy: { position: 'asc' },
    });
    const designated = contacts.find((c) => c.receivesRemains);
    if (!designated) {
      throw conflict(
        'No family contact is designated to receive the remains: a tracing officer records one before the family is told.',
      );
    }
    if (body.contactPosition !== designated.position) {
      throw conflict(
        `The family is told through its designated contact: contact ${designated.position}, not ${body.contactPosition}.`,
      );
    }
    const by = principalOf(req).principal;
    let state;
    try {
      state = await temporal.workflow
        .getHandle(missingPersonWorkflowId(missingPerson.caseNumber))
        .executeUpdate(familyInformedUpdate, { args: [{ ...body, by }], ...updateIdOf(req) });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      throw conflict(`no identification of ${body.remainsCaseNumber} is waiting to be told to this family`);
    }
    req.log.info({ caseNumber: missingPerson.caseNumber, remainsCase: body.remainsCaseNumber, by }, 'family informed');
    res.json({ caseNumber: state.caseNumber, party: state.party, status: state.status });
  });

  return router;
}
