import { z } from 'zod';
import { CASE_STATUSES, type CaseStep } from '../../workflows/remains-case/messages';
import { MAX_SPLIT_PARTS } from '../../workflows/remains-case/rules';
import { operationReference, partyCode, pastInstant } from '../api/schemas';
import { custodyHopView } from '../custody/view';

/**
 * Request and response schemas of the remains-case routes. They check the
 * shape only; the order of steps is the case workflow's to judge (409).
 * No body carries `by`: the token's principal is recorded with every change.
 */

// Same alphabet as the workflow's validator: identifiers, never names or free text.
const CODE = /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,127}$/;

export const caseNumber = z
  .string()
  .regex(CODE, { error: 'must be a PM number (letters, digits and . _ : / # -)' })
  .meta({ example: 'PM-UA-2025-00417' });

const opaqueReference = z
  .string()
  .regex(CODE, {
    error:
      'must be an opaque identifier from the forensic records (letters, digits and . _ : / # -), never personal data',
  })
  .meta({ example: 'sample-0042' });

const instant = pastInstant;

export const caseStatus = z.enum(CASE_STATUSES);
// RECEIVED is the opening and MERGED comes only from a merge: neither is recorded as a step.
export const CASE_STEPS = CASE_STATUSES.filter((s): s is CaseStep => s !== 'RECEIVED' && s !== 'MERGED');
export const caseStep = z.enum(CASE_STEPS as [CaseStep, ...CaseStep[]], {
  error: (issue) => (issue.input === undefined ? 'is required' : `must be one of ${CASE_STEPS.join(', ')}`),
});

export const recordStepRequest = z.strictObject({
  step: caseStep,
  occurredAt: instant.optional(),
  reference: opaqueReference.optional(),
  releasedTo: z.int().min(1).max(4).optional().meta({
    description:
      'For RELEASED: the position of the family contact the remains go to (only the one designated to receive them)',
  }),
});

export const splitCaseRequest = z.strictObject({
  parts: z.int().min(1).max(MAX_SPLIT_PARTS),
  occurredAt: instant.optional(),
  reference: opaqueReference.optional(),
  containerIds: z.array(z.uuid()).min(1).max(100).optional(),
});

export const mergeCaseRequest = z.strictObject({
  absorbedCaseNumber: caseNumber,
  occurredAt: instant.optional(),
  reference: opaqueReference.optional(),
});

export const listCasesQuery = z.strictObject({
  status: caseStatus.optional(),
  operation: operationReference.optional(),
  party: partyCode.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListCasesQuery = z.infer<typeof listCasesQuery>;

export const caseSummary = z.object({
  caseNumber,
  status: caseStatus,
  operationReference,
  receivingParty: partyCode,
  responsibleAuthority: z.string(),
  lastProgressAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
});

export const caseList = z.object({
  items: z.array(caseSummary),
  total: z.int(),
  limit: z.int(),
  offset: z.int(),
});

const caseEventView = z.object({
  sequence: z.int(),
  kind: z.enum(['STEP', 'SPLIT', 'ABSORBED', 'MERGED', 'REMINDER', 'FOREIGN_NATIONAL']),
  step: caseStatus.meta({ description: 'The case’s status after the event' }),
  recordedBy: z.string(),
  occurredAt: z.iso.datetime(),
  recordedAt: z.iso.datetime(),
  reference: z.string().nullable(),
  relatedCase: z.string().nullable(),
});

const containerView = z.object({
  id: z.uuid(),
  tag: z.string(),
  fromParty: partyCode,
  toParty: partyCode,
  custodian: z.string(),
  receiverIntakeNumber: z.string().nullable(),
  handover: z.object({ dayKey: z.string(), scheduledOn: z.iso.date(), exchangePoint: z.string() }),
  custody: z.array(custodyHopView),
});

export const caseView = caseSummary.extend({
  updatedAt: z.iso.datetime(),
  events: z.array(caseEventView),
  containers: z.array(containerView),
  workflow: z.object({
    id: z.string(),
    status: z.string().meta({ description: 'RUNNING, COMPLETED, ... or UNKNOWN when Temporal no longer knows it' }),
    url: z.url().meta({ description: 'The workflow in the Temporal Web UI' }),
  }),
});
export type CaseView = z.infer<typeof caseView>;

/** What the case workflow answers after a step or a merge. */
export const caseStateView = z.object({
  caseNumber,
  operationReference,
  receivingParty: partyCode,
  responsibleAuthority: z.string(),
  containerIds: z.array(z.string()),
  status: caseStatus,
  profiled: z.boolean(),
  sequence: z.int(),
  lastProgressAt: z.iso.datetime(),
  mergedInto: z.string().optional(),
});

export const splitCaseResponse = z.object({ caseNumbers: z.array(caseNumber) });
