import type { z } from 'zod';
import type { Prisma } from '../generated/prisma/client';
import type { SealedContact } from './contact-rows';
import { SealedDataError, type PersonalDataVault } from './personal-data';
import type { FamilyContactRequest, MissingPerson, SAMPLE_STATUSES, sampleView } from './schemas';

/** How a missing-person case's rows are answered: personal data opened for a reader the route let through. */

type SampleStatus = (typeof SAMPLE_STATUSES)[number];
export const iso = (d: Date) => d.toISOString();

export const sampleAnswer = (
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

interface CaseRow {
  caseNumber: string;
  party: string;
  status: string;
  source: string;
  personalData: string;
  nextReviewAt: Date;
  createdAt: Date;
}

/** A sealed value opened, or why it did not open here (SealedDataError: its key id and reason). */
export function tryOpen<T>(vault: PersonalDataVault, sealed: string): { value: T } | { unreadable: SealedDataError } {
  try {
    return { value: vault.open<T>(sealed) };
  } catch (err) {
    if (err instanceof SealedDataError) return { unreadable: err };
    throw err;
  }
}

/** A case in a list; one whose personal data does not open here is listed with its name withheld, not failed. */
export const caseListItem = (vault: PersonalDataVault, r: CaseRow) => {
  const opened = tryOpen<MissingPerson>(vault, r.personalData);
  return {
    caseNumber: r.caseNumber,
    party: r.party,
    status: r.status,
    source: r.source,
    name: 'value' in opened ? opened.value.name : null,
    ...('unreadable' in opened
      ? { personalDataUnreadable: { reason: opened.unreadable.reason, keyId: opened.unreadable.keyId } }
      : {}),
    nextReviewAt: iso(r.nextReviewAt),
    createdAt: iso(r.createdAt),
  };
};

/** What a case's full reading holds beside its row. */
export const CASE_INCLUDE = {
  contacts: { orderBy: { position: 'asc' } },
  events: { orderBy: [{ recordedAt: 'asc' }, { id: 'asc' }] },
  samples: { orderBy: [{ collectedAt: 'asc' }, { barcode: 'asc' }] },
  matches: { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }], include: { remainsCase: true } },
  familyNotices: { orderBy: [{ openedAt: 'asc' }, { remainsCaseNumber: 'asc' }] },
} satisfies Prisma.MissingPersonCaseInclude;

export function caseView(
  vault: PersonalDataVault,
  row: Prisma.MissingPersonCaseGetPayload<{ include: typeof CASE_INCLUDE }>,
) {
  const person = vault.open<MissingPerson>(row.personalData);
  return {
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
  };
}
