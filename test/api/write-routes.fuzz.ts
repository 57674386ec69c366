import { june2025Agreement } from '../helpers/fixtures';
import { unique } from '../helpers/stack';
import { DAYS, EXCHANGE_POINT, ruTags, type Who } from './support';

/**
 * The write routes' generators for write-routes.property.test.ts: per route, who
 * sends it, what it aims at (a target of a kind the test creates) and a valid
 * body the generated ones are made from.
 */

/** Days are postponed to the window's last date; the test hands out the others. */
export const POSTPONED_TO = DAYS.at(-1)!;

export const DISPUTE = { kind: 'SCHEDULE_DISPUTE', statement: 'The convoy was held at the checkpoint.' };

export type Kind =
  | 'none'
  | 'operation'
  | 'bareDay'
  | 'scheduledDay'
  | 'openDay'
  | 'custodianDay'
  | 'case'
  | 'caseAndPerson'
  | 'casePair'
  | 'discrepancy'
  | 'proposedDiscrepancy'
  | 'escalatedDiscrepancy'
  | 'missingPerson'
  | 'sample';
export interface Target {
  kind: Kind;
  reference: string;
  date: string;
  /** A remains case (PM-…) or a missing-person case (MP-…). */
  caseNumber: string;
  /** A second case of the same party, to merge. */
  otherCaseNumber: string;
  /** A discrepancy of the operation. */
  id: string;
  /** A reference sample of the missing-person case. */
  barcode: string;
  /** A missing person of the remains case's party (to match), and one of the other side (a foreign national). */
  personCaseNumber: string;
  otherSidePersonCaseNumber: string;
}

// --- The generators, one per write route --------------------------------------

export interface RouteFuzz {
  who: Who;
  kind: Kind;
  /** A request body of the right shape (the state may still refuse it); the generators mutate it. */
  body: (t: Target) => unknown;
  /** Path parameters beyond reference, date and caseNumber. */
  params?: Record<string, string> | ((t: Target) => Record<string, string>);
  /** A success can end the target (abort, refusal, closure, a closing step): the route has targets of its own. */
  ends?: true;
}

const reason = { reason: 'road closed at the checkpoint' };
export const FUZZ: Record<string, RouteFuzz> = {
  'POST /api/operations': { who: 'coordinator', kind: 'none', body: () => june2025Agreement(unique('fz')) },
  'POST /api/operations/{reference}/confirmations': { who: 'ua', kind: 'operation', body: () => ({ version: 1 }) },
  'POST /api/operations/{reference}/amendments': {
    who: 'coordinator',
    kind: 'operation',
    body: () => ({ agreement: june2025Agreement('x').agreement }),
  },
  'POST /api/operations/{reference}/handovers': {
    who: 'coordinator',
    kind: 'operation',
    body: () => ({
      date: DAYS[3],
      exchangePoint: EXCHANGE_POINT,
      transfers: [{ from: 'RU', to: 'UA', plannedCount: 3 }],
    }),
  },
  'POST /api/operations/{reference}/suspension': { who: 'coordinator', kind: 'operation', body: () => reason },
  'POST /api/operations/{reference}/resumption': { who: 'coordinator', kind: 'operation', body: () => ({}) },
  'POST /api/operations/{reference}/handover-completion': {
    who: 'coordinator',
    kind: 'operation',
    body: () => ({}),
  },
  'POST /api/operations/{reference}/closure': { who: 'coordinator', kind: 'operation', body: () => ({}), ends: true },
  'POST /api/operations/{reference}/abort': { who: 'coordinator', kind: 'operation', body: () => reason, ends: true },
  'POST /api/operations/{reference}/handovers/{date}/manifests': {
    who: 'ru',
    kind: 'scheduledDay',
    body: (t) => ({
      from: 'RU',
      to: 'UA',
      lines: ruTags(t.date).map((tag, i) => (i ? { tag } : { tag, declaredIdentity: { name: 'Unknown soldier' } })),
    }),
  },
  'POST /api/operations/{reference}/handovers/{date}/manifests/{from}/{to}/{version}/acknowledgement': {
    who: 'ua',
    kind: 'scheduledDay',
    params: { from: 'RU', to: 'UA', version: '1' },
    body: () => ({}),
  },
  'POST /api/operations/{reference}/handovers/{date}/opening': { who: 'field', kind: 'scheduledDay', body: () => ({}) },
  'POST /api/operations/{reference}/handovers/{date}/postponement': {
    who: 'coordinator',
    kind: 'scheduledDay',
    body: () => ({ newDate: POSTPONED_TO, ...reason }),
  },
  'POST /api/operations/{reference}/handovers/{date}/refusal': {
    who: 'ua',
    kind: 'bareDay',
    body: () => reason,
    ends: true,
  },
  'POST /api/operations/{reference}/handovers/{date}/abort': {
    who: 'coordinator',
    kind: 'bareDay',
    body: () => reason,
    ends: true,
  },
  'POST /api/operations/{reference}/handovers/{date}/counts': {
    who: 'ru',
    kind: 'openDay',
    body: () => ({ from: 'RU', to: 'UA', source: 'SENDER', count: 3 }),
  },
  'POST /api/operations/{reference}/handovers/{date}/receipts': {
    who: 'ua',
    kind: 'openDay',
    body: (t) => ({ from: 'RU', to: 'UA', tags: ruTags(t.date).slice(0, 2) }),
  },
  'POST /api/operations/{reference}/handovers/{date}/custody/take-overs': {
    who: 'field',
    kind: 'openDay',
    body: (t) => ({ from: 'RU', to: 'UA', tags: ruTags(t.date).slice(2, 3) }),
  },
  'POST /api/operations/{reference}/handovers/{date}/custody/hand-overs': {
    who: 'ru',
    kind: 'custodianDay',
    body: (t) => ({ from: 'RU', to: 'UA', tags: ruTags(t.date).slice(0, 1) }),
  },
  'POST /api/operations/{reference}/handovers/{date}/sign-offs': {
    who: 'ru',
    kind: 'openDay',
    body: () => ({ party: 'RU' }),
  },
  'POST /api/operations/{reference}/handovers/{date}/spot-checks': {
    who: 'field',
    kind: 'openDay',
    body: (t) => ({
      direction: { from: 'RU', to: 'UA' },
      tag: ruTags(t.date)[0],
      sealIntact: false,
      note: 'seal 4471',
    }),
  },
  'POST /api/operations/{reference}/handovers/{date}/incidents': {
    who: 'coordinator',
    kind: 'openDay',
    body: () => ({ kind: 'DELAY', note: 'convoy late' }),
  },
  'POST /api/cases/{caseNumber}/steps': {
    who: 'forensic',
    kind: 'case',
    body: () => ({ step: 'EXAMINED', reference: 'exam-0001' }),
    ends: true,
  },
  'POST /api/cases/{caseNumber}/split': { who: 'forensic', kind: 'case', body: () => ({ parts: 2 }), ends: true },
  'POST /api/cases/{caseNumber}/merge': {
    who: 'forensic',
    kind: 'casePair',
    body: (t) => ({ absorbedCaseNumber: t.otherCaseNumber }),
    ends: true,
  },
  // A match identifies the remains; a foreign national sends them back: each success ends its case's course here.
  'POST /api/cases/{caseNumber}/matches': {
    who: 'forensic',
    kind: 'caseAndPerson',
    body: (t) => ({
      missingPersonCaseNumber: t.personCaseNumber,
      reportNumber: 'DNA-MR-2025-0091',
      kinshipStatistic: 1.2e9,
    }),
    ends: true,
  },
  'POST /api/cases/{caseNumber}/foreign-national': {
    who: 'forensic',
    kind: 'caseAndPerson',
    body: (t) => ({
      missingPersonCaseNumber: t.otherSidePersonCaseNumber,
      evidence: 'DOCUMENTS',
      reference: 'DOC-2025-0007',
    }),
    ends: true,
  },
  'POST /api/missing-persons/{caseNumber}/family-informed': {
    who: 'ua',
    kind: 'caseAndPerson',
    // The path names the missing person; the body the remains case the family was told of.
    params: (t) => ({ caseNumber: t.personCaseNumber }),
    body: (t) => ({
      remainsCaseNumber: t.caseNumber,
      informedAt: '2026-01-15T10:00:00Z',
      channel: 'PHONE',
      contactPosition: 1,
    }),
  },
  'POST /api/operations/{reference}/discrepancies': { who: 'ru', kind: 'operation', body: () => DISPUTE },
  'POST /api/operations/{reference}/discrepancies/{id}/accounts': {
    who: 'ru',
    kind: 'discrepancy',
    body: () => ({ statement: 'Our account, again.', count: 3 }),
  },
  'POST /api/operations/{reference}/discrepancies/{id}/proposals': {
    who: 'ua',
    kind: 'discrepancy',
    body: () => ({ resolution: 'Record 1,245.' }),
  },
  // The other party's acceptance resolves it.
  'POST /api/operations/{reference}/discrepancies/{id}/acceptances': {
    who: 'ru',
    kind: 'proposedDiscrepancy',
    body: () => ({ proposal: 1 }),
    ends: true,
  },
  'POST /api/operations/{reference}/discrepancies/{id}/escalation': {
    who: 'field',
    kind: 'discrepancy',
    body: () => ({ reason: 'No agreement on whose bag it is.' }),
    ends: true,
  },
  'POST /api/operations/{reference}/discrepancies/{id}/decision': {
    who: 'coordinator',
    kind: 'escalatedDiscrepancy',
    body: () => ({ resolution: 'The bag is opened jointly at the next handover.' }),
    ends: true,
  },
  'POST /api/missing-persons': {
    who: 'tracing',
    kind: 'none',
    body: () => ({
      party: 'RU',
      person: { name: 'Ivan Petrov', lastKnownPlace: 'Vovchansk' },
      contacts: [
        {
          name: 'Olga Petrova',
          relation: 'SPOUSE',
          address: 'olga@example.org',
          preferredChannel: 'EMAIL',
          preferredLanguage: 'ru',
          receivesRemains: true,
          consent: { scope: 'IDENTIFICATION_ONLY', shareWithOtherParty: false },
        },
      ],
    }),
  },
  // A closed case takes no more changes.
  'POST /api/missing-persons/{caseNumber}/status': {
    who: 'tracing',
    kind: 'missingPerson',
    body: () => ({ status: 'ACTIVE' }),
    ends: true,
  },
  'POST /api/missing-persons/{caseNumber}/contacts': {
    who: 'tracing',
    kind: 'missingPerson',
    body: () => ({
      name: 'Petro Marchuk',
      relation: 'FATHER',
      address: '+380 44 765 4321',
      preferredChannel: 'PHONE',
      preferredLanguage: 'uk',
      receivesRemains: false,
      consent: { scope: 'IDENTIFICATION_AND_COURT', shareWithOtherParty: true },
    }),
  },
  'POST /api/missing-persons/{caseNumber}/contacts/{position}/consent': {
    who: 'tracing',
    kind: 'missingPerson',
    params: { position: '1' },
    body: () => ({ scope: 'IDENTIFICATION_AND_COURT', shareWithOtherParty: true }),
  },
  'POST /api/missing-persons/{caseNumber}/reviews': {
    who: 'tracing',
    kind: 'missingPerson',
    body: () => ({ channel: 'IN_PERSON', occurredAt: '2026-01-15T10:00:00Z' }),
  },
  'POST /api/missing-persons/{caseNumber}/samples': {
    who: 'tracing',
    kind: 'missingPerson',
    body: () => ({ contactPosition: 1, laboratory: 'LAB-KYIV-1' }),
  },
  'POST /api/reference-samples/{barcode}/status': {
    who: 'tracing',
    kind: 'sample',
    body: () => ({ status: 'IN_TRANSIT' }),
    ends: true,
  },
};
