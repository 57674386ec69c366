import { z } from 'zod';
import { MISSING_PERSON_STATUSES } from '../../workflows/missing-person/messages';
import { partyCode, pastDate, pastInstant, text as ruled } from '../api/schemas';

/**
 * Request and response schemas of the missing-person routes. Personal data
 * (the person's name and ante-mortem data, each relative's name and address)
 * is accepted here and goes sealed to PostgreSQL, never into a workflow.
 * Error messages name the field, never its value.
 */

const CODE = /^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,127}$/;
// The project's one text rule (workflows/shared/text.ts): no NUL or other control characters,
// no half surrogate pairs, bounded; a line refuses line breaks, free text keeps them.
const text = (max: number, multiline = false) => ruled({ multiline, max });
const instant = pastInstant;

export const missingPersonNumber = z
  .string()
  .regex(/^MP-[A-Z]{2,3}-[A-Za-z0-9._-]{1,40}$/, { error: 'must be a missing-person case number, e.g. MP-UA-000417' })
  .meta({ example: 'MP-UA-000417' });

export const missingPersonStatus = z.enum(MISSING_PERSON_STATUSES);
export const FAMILY_RELATIONS = [
  'MOTHER',
  'FATHER',
  'SON',
  'DAUGHTER',
  'BROTHER',
  'SISTER',
  'SPOUSE',
  'OTHER_RELATIVE',
] as const;
export const CONTACT_CHANNELS = ['PHONE', 'EMAIL', 'POST', 'IN_PERSON'] as const;
export const CONSENT_SCOPES = ['IDENTIFICATION_ONLY', 'IDENTIFICATION_AND_COURT'] as const;

/** The person's minimal ante-mortem data. */
export const missingPerson = z
  .strictObject({
    name: text(200).meta({ example: 'Oleksii Marchuk' }),
    dateOfBirth: pastDate.optional(),
    serviceNumber: text(40).optional().meta({ example: 'AB-123456' }),
    lastKnownPlace: text(200).optional(),
    lastKnownDate: pastDate.optional().meta({ description: 'Not before the date of birth' }),
    distinguishingMarks: text(2000, true).optional(),
  })
  // Ordered only when the birth date itself is plausible: one refusal per wrong date.
  .refine((p) => !pastDate.safeParse(p.dateOfBirth).success || !p.lastKnownDate || p.lastKnownDate >= p.dateOfBirth!, {
    path: ['lastKnownDate'],
    error: 'is before the date of birth',
  });
export type MissingPerson = z.infer<typeof missingPerson>;

export const consent = z.strictObject({
  scope: z.enum(CONSENT_SCOPES).meta({ description: 'Identification only, or also use in court (separate, express)' }),
  shareWithOtherParty: z.boolean().meta({ description: "Whether the data may go to the other party's authorities" }),
});

export const familyContactRequest = z.strictObject({
  name: text(200),
  relation: z.enum(FAMILY_RELATIONS),
  /** Where the preferred channel reaches them: a phone number, an e-mail or a postal address. */
  address: text(500, true).optional(),
  preferredChannel: z.enum(CONTACT_CHANNELS),
  preferredLanguage: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'must be a language tag, e.g. uk, ru, en' })
    .meta({ example: 'uk' }),
  receivesRemains: z.boolean().default(false).meta({ description: 'The one relative the remains are released to' }),
  consent,
});
export type FamilyContactRequest = z.infer<typeof familyContactRequest>;

export const MAX_CONTACTS = 4;
const onlyOneRecipient = (contacts: { receivesRemains: boolean }[]) =>
  contacts.filter((c) => c.receivesRemains).length <= 1;

export const openMissingPersonRequest = z
  .strictObject({
    caseNumber: missingPersonNumber.optional().meta({ description: 'Given by the register; made up when absent' }),
    party: partyCode.meta({ description: 'The party the person is from' }),
    person: missingPerson,
    contacts: z
      .array(familyContactRequest)
      .min(1)
      .max(MAX_CONTACTS)
      // At most one contact receives the remains, as JSON Schema says it.
      .meta({
        contains: { properties: { receivesRemains: { const: true } }, required: ['receivesRemains'] },
        minContains: 0,
        maxContains: 1,
      }),
  })
  .refine((b) => onlyOneRecipient(b.contacts), {
    path: ['contacts'],
    message: 'at most one contact receives the remains',
  })
  .refine((b) => !b.caseNumber || b.caseNumber.startsWith(`MP-${b.party}-`), {
    path: ['caseNumber'],
    message: 'must start with MP-<party>-',
  });

export const changeStatusRequest = z.strictObject({
  status: missingPersonStatus.exclude(['REPORTED']),
  occurredAt: instant.optional(),
  reference: z
    .string()
    .regex(CODE, { error: 'must be an opaque identifier (letters, digits and . _ : / # -), never personal data' })
    .optional()
    .meta({ description: "For IDENTIFIED_DECEASED: the remains case's PM number" }),
});

export const consentRequest = z.union([consent, z.strictObject({ withdrawn: z.literal(true) })]);

export const reviewRequest = z.strictObject({
  occurredAt: instant.optional(),
  channel: z.enum(CONTACT_CHANNELS),
});

export const listMissingPersonsQuery = z.strictObject({
  party: partyCode.optional(),
  status: missingPersonStatus.optional(),
  name: text(200).optional().meta({ description: 'Every part must match (spelling folded: see the README)' }),
  serviceNumber: text(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const caseSummary = {
  caseNumber: missingPersonNumber,
  party: partyCode,
  status: missingPersonStatus,
  source: z.enum(['TRACING_REQUEST', 'REGISTER_IMPORT']),
  name: z.string(),
  nextReviewAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
};

/** Why a case's sealed personal data did not open here (docs/operators.md, "Rotating keys"). */
export const personalDataUnreadable = z
  .object({
    reason: z.enum(['KEY_NOT_HELD', 'NOT_AUTHENTIC']).meta({
      description:
        'KEY_NOT_HELD: sealed under a key this service’s PAYLOAD_KEYS does not hold; NOT_AUTHENTIC: it fails authentication under the key of that id',
    }),
    keyId: z.string().meta({ description: 'The id of the key it was sealed under', example: 'k1' }),
  })
  .meta({
    description:
      'Present only when the case’s personal data cannot be opened by this service: its name is then null. An operator puts the key back in PAYLOAD_KEYS; reading the case answers 500 until then',
  });

export const missingPersonSummary = z.object({
  ...caseSummary,
  name: z
    .string()
    .nullable()
    .meta({ description: 'null when the case’s personal data cannot be opened here (see personalDataUnreadable)' }),
  personalDataUnreadable: personalDataUnreadable.optional(),
});

export const missingPersonList = z.object({
  items: z.array(missingPersonSummary),
  total: z.int(),
  limit: z.int(),
  offset: z.int(),
});

const familyContactView = z.object({
  position: z.int(),
  name: z.string(),
  relation: z.enum(FAMILY_RELATIONS),
  address: z.string().optional(),
  preferredChannel: z.enum(CONTACT_CHANNELS),
  preferredLanguage: z.string(),
  receivesRemains: z.boolean(),
  consent: z.object({
    scope: z.enum(CONSENT_SCOPES).nullable().meta({ description: 'null once withdrawn' }),
    shareWithOtherParty: z.boolean(),
    withdrawnAt: z.iso.datetime().nullable(),
  }),
});

const eventView = z.object({
  kind: z.string(),
  status: missingPersonStatus,
  recordedBy: z.string(),
  occurredAt: z.iso.datetime(),
  recordedAt: z.iso.datetime(),
  reference: z.string().nullable(),
  contactPosition: z.int().nullable(),
});

export const SAMPLE_STATUSES = ['COLLECTED', 'IN_TRANSIT', 'ACCEPTED', 'REJECTED', 'PROFILED', 'FAILED'] as const;
export const SAMPLE_PROBLEMS = [
  'PAPERWORK_INCOMPLETE',
  'CONSENT_MISSING',
  'DAMAGED',
  'CONTAMINATED',
  'INSUFFICIENT_MATERIAL',
  'LOST_IN_TRANSIT',
  'NO_PROFILE',
  'OTHER',
] as const;

export const sampleBarcode = z
  .string()
  .regex(/^RS-[A-Z0-9]{10}$/, { error: 'must be a reference-sample barcode, e.g. RS-7K2M9QX4TB' })
  .meta({ example: 'RS-7K2M9QX4TB' });

export const collectSampleRequest = z.strictObject({
  contactPosition: z.int().min(1).max(MAX_CONTACTS).meta({ description: 'The relative who gave the sample' }),
  laboratory: z
    .string()
    .regex(CODE, { error: 'must be a laboratory code (letters, digits and . _ : / # -)' })
    .meta({ example: 'LAB-KYIV-1' }),
});

export const sampleStatusRequest = z
  .strictObject({
    status: z.enum(SAMPLE_STATUSES).exclude(['COLLECTED']),
    problem: z.enum(SAMPLE_PROBLEMS).optional().meta({ description: 'Required for REJECTED and FAILED' }),
  })
  .refine((b) => (b.status === 'REJECTED' || b.status === 'FAILED') === (b.problem !== undefined), {
    path: ['problem'],
    message: 'is given for REJECTED and FAILED, and only for them',
  })
  .meta({
    if: { properties: { status: { enum: ['REJECTED', 'FAILED'] } }, required: ['status'] },
    then: { properties: { problem: {} }, required: ['problem'] },
    else: { not: { properties: { problem: {} }, required: ['problem'] } },
  });

export const sampleView = z.object({
  barcode: sampleBarcode,
  caseNumber: missingPersonNumber,
  contactPosition: z.int(),
  relation: z.enum(FAMILY_RELATIONS),
  laboratory: z.string(),
  status: z.enum(SAMPLE_STATUSES),
  problem: z.enum(SAMPLE_PROBLEMS).nullable(),
  replacementAsked: z
    .boolean()
    .meta({ description: 'A rejected or failed sample whose replacement is not yet collected' }),
  collectedAt: z.iso.datetime(),
});

export const missingPersonView = z.object({
  ...caseSummary,
  person: missingPerson,
  contacts: z.array(familyContactView),
  events: z.array(eventView),
  lastReviewAt: z.iso.datetime().nullable(),
  samples: z.array(sampleView),
  remains: z
    .array(
      z.object({
        caseNumber: z.string().meta({ description: 'The remains case (PM number)' }),
        evidence: z.enum(['DNA_MATCH', 'DOCUMENTS']),
        reference: z.string().meta({ description: 'The match report or document number' }),
        kinshipStatistic: z.number().nullable(),
        occurredAt: z.iso.datetime(),
        returnTo: z.string().nullable().meta({ description: 'Found across the border: the party they go back to' }),
        returnedAt: z.iso.datetime().nullable(),
      }),
    )
    .meta({ description: 'Remains found to be this person’s (several for commingled remains)' }),
  familyNotices: z
    .array(
      z.object({
        remainsCaseNumber: z.string(),
        openedAt: z.iso.datetime(),
        dueAt: z.iso.datetime(),
        remindersSent: z.int(),
        informedBy: z.string().nullable(),
        informedAt: z.iso.datetime().nullable(),
        channel: z.enum(CONTACT_CHANNELS).nullable(),
        contactPosition: z.int().nullable(),
      }),
    )
    .meta({ description: 'One task per identification: telling the family through its designated contact' }),
  workflowId: z.string().nullable().meta({ description: 'Set while (or once) the case has been in motion' }),
});

export const missingPersonStateView = z.object({
  caseNumber: missingPersonNumber,
  party: partyCode,
  status: missingPersonStatus,
});
