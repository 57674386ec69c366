import { z } from 'zod';
import { operationProgress } from '../operation/progress';
import { INTERMEDIARY_ROLES, OPERATION_PHASES } from '../../workflows/shared/domain';
import {
  characterProblem,
  codePoints,
  holdsTagQuote,
  TAG_QUOTES,
  TEXT,
  type TextRule,
} from '../../workflows/shared/text';
import { textPattern, type TextShape } from './text-pattern';

/** Request and response schemas; the OpenAPI document is generated from these. */

// "is required" reads better to a person than "expected string, received undefined".
z.config({
  customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
});

const refuseCharacters = (rule: TextRule) => (value: string, ctx: z.RefinementCtx) => {
  const problem = characterProblem(value, rule);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/**
 * At most `max` characters (code points, as JSON Schema's maxLength counts them), as sent. The document
 * states it (maxLength) and the pattern of `shape`, which says in JSON Schema what the refinements check.
 */
export const boundedText = (max: number, shape: TextShape) =>
  z
    .string()
    .refine((v) => codePoints(v) <= max, { error: `must be at most ${max} characters` })
    .meta({ maxLength: max, pattern: textPattern(shape) });

/**
 * A text field under one of the rules of workflows/shared/text.ts (the workflows
 * apply the same again): bounded as sent, then trimmed, not empty, and without
 * the characters PostgreSQL or a reader cannot take.
 */
export const text = (rule: TextRule) =>
  boundedText(rule.max, { multiline: rule.multiline, edges: 'trimmed' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .superRefine(refuseCharacters(rule));

/** A container's tag, exactly as written on it: not trimmed, so spaces around it are refused; no quotes. */
export const tag = boundedText(TEXT.tag.max, { multiline: false, edges: 'none', alsoRefused: TAG_QUOTES })
  .min(1, { error: 'must not be empty' })
  .refine((t) => t.trim() === t, { error: 'must not start or end with spaces' })
  .refine((t) => !holdsTagQuote(t), { error: 'must not hold a quote (a spreadsheet quote left open?)' })
  .superRefine(refuseCharacters(TEXT.tag))
  .meta({ example: 'RU-2025-000417' });

/** A reason given for a refusal, a suspension, an abort or a postponement: free text, line breaks allowed. */
export const reason = text(TEXT.reason).meta({ example: 'Security situation at the exchange point' });

export const isoDate = z.iso.date({ error: 'must be a calendar date, YYYY-MM-DD' });

/** A few minutes of clock skew between a device and the server are tolerated (the workflows allow the same). */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** The latest UTC offset (UTC+14): a calendar date that is today somewhere on Earth is not in the future. */
const LATEST_OFFSET_MS = 14 * 3_600_000;

/**
 * When something happened: a date and time, not in the future. One rule on
 * every route, answered 400 naming the field (never 409 from the workflow).
 */
export const pastInstant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date and time, e.g. 2025-07-01T09:30:00Z' })
  .refine((v) => !(Date.parse(v) > Date.now() + CLOCK_SKEW_MS), { error: 'is in the future' })
  .meta({ description: 'Not in the future (5 minutes of clock skew allowed)' });

/** A calendar date that has come, somewhere on Earth. */
// A value that is no date at all is already refused by the format check (Zod runs both): not also "in the future".
export const pastDate = isoDate
  .refine((v) => !(Date.parse(v) > Date.now() + LATEST_OFFSET_MS), { error: 'is in the future' })
  .meta({ description: 'Not in the future (a date that has come somewhere on Earth)' });

export const partyCode = z
  .string()
  .regex(/^[A-Z]{2,3}$/, { error: 'must be a party code of 2 or 3 capital letters, e.g. UA' })
  .meta({ example: 'UA' });

export const operationReference = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, {
    error: 'must be 3–64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  })
  .meta({ example: 'RU-UA-2025-06' });

const party = z.strictObject({
  code: partyCode,
  name: text(TEXT.partyName).meta({ example: 'Ukraine' }),
});

const plannedTransfer = z.strictObject({
  from: partyCode,
  to: partyCode,
  count: z.int().min(0).max(1_000_000),
});

const agreementTermsObject = z.strictObject({
  parties: z.tuple([party, party]),
  venue: text(TEXT.venue).meta({ example: 'Istanbul' }),
  concludedOn: isoDate,
  window: z.strictObject({ start: isoDate, end: isoDate }),
  exchangePoints: z.array(text(TEXT.exchangePoint)).min(1).max(20),
  plannedTransfers: z.array(plannedTransfer).min(1).max(2),
  intermediaryRole: z.enum(INTERMEDIARY_ROLES),
});

/** What agreementTerms checks that JSON Schema cannot say: the operations taking it state it in their description. */
export const AGREEMENT_RULES =
  'Checked besides the schema (400, naming the field): the two parties’ codes differ; `window.end` is not before ' +
  '`window.start`; `concludedOn` is not after `window.end`; each planned transfer goes from one party of the ' +
  'agreement to the other (`from` and `to` are its two codes), and each direction is planned at most once.';

export const agreementTerms = agreementTermsObject.superRefine((terms, ctx) => {
  const [a, b] = terms.parties;
  if (a.code === b.code) {
    ctx.addIssue({ code: 'custom', path: ['parties', 1, 'code'], message: 'the two parties must differ' });
  }
  if (terms.window.end < terms.window.start) {
    ctx.addIssue({ code: 'custom', path: ['window', 'end'], message: 'must not be before window.start' });
  }
  if (terms.concludedOn > terms.window.end) {
    ctx.addIssue({ code: 'custom', path: ['concludedOn'], message: 'must not be after the end of the window' });
  }
  const codes = new Set([a.code, b.code]);
  const seen = new Set<string>();
  terms.plannedTransfers.forEach((t, i) => {
    if (!codes.has(t.from) || !codes.has(t.to) || t.from === t.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['plannedTransfers', i],
        message: 'must go from one party of the agreement to the other',
      });
    }
    const direction = `${t.from}>${t.to}`;
    if (seen.has(direction)) {
      ctx.addIssue({ code: 'custom', path: ['plannedTransfers', i], message: 'direction given twice' });
    }
    seen.add(direction);
  });
});

export const createOperationRequest = z.strictObject({
  reference: operationReference,
  title: text(TEXT.title).meta({ example: 'Repatriation of June 2025' }),
  agreement: agreementTerms,
});
export type CreateOperationRequest = z.infer<typeof createOperationRequest>;

export const operationPhase = z.enum(OPERATION_PHASES);

export const listOperationsQuery = z.strictObject({
  phase: operationPhase.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const workflowLink = z.object({
  id: z.string(),
  status: z
    .string()
    .meta({ description: 'RUNNING, COMPLETED, FAILED, ... or UNKNOWN when Temporal cannot be reached' }),
  url: z.url().meta({ description: 'The workflow in the Temporal Web UI' }),
});

export const operationView = z.object({
  reference: operationReference,
  title: z.string(),
  phase: operationPhase,
  recorded: z.boolean().meta({ description: 'false while the first record is still being written' }),
  parties: z.array(party),
  agreement: agreementTermsObject.omit({ parties: true }).extend({ version: z.int() }).nullable(),
  workflow: workflowLink,
  progress: operationProgress.nullable().meta({ description: 'null while the first record is still being written' }),
  createdAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime().nullable(),
});
export type OperationView = z.infer<typeof operationView>;

export const operationSummary = operationView.pick({
  reference: true,
  title: true,
  phase: true,
  parties: true,
  createdAt: true,
});

export const operationList = z.object({
  items: z.array(operationSummary),
  total: z.int(),
  limit: z.int(),
  offset: z.int(),
});
