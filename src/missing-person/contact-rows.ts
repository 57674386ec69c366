import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import type { Db } from '../db';
import type { FamilyContact, Prisma } from '../generated/prisma/client';
import type { MissingPersonStatus } from '../../workflows/missing-person/messages';
import { addCaseEvent } from './case-events';
import type { PersonalDataVault, Resealed } from './personal-data';
import type { FamilyContactRequest } from './schemas';

/**
 * The one writer of FamilyContact rows: the contacts a case opens with
 * (through the API, or set-based SQL for a register's import), a contact
 * added later and a relative's consent. How a contact is stored is decided
 * here only: the relative's name and address sealed, the rest in columns.
 * A later change writes the case's event with it, in one transaction.
 */

/** What a family contact's sealed personal data holds. */
export interface SealedContact {
  name: string;
  address?: string;
}

/** A family contact's columns (without its row id and timestamps). */
export function familyContactRow(vault: PersonalDataVault, c: FamilyContactRequest, caseId: string, position: number) {
  return {
    caseId,
    position,
    relation: c.relation,
    personalData: vault.seal({ name: c.name, ...(c.address ? { address: c.address } : {}) } satisfies SealedContact),
    preferredChannel: c.preferredChannel,
    preferredLanguage: c.preferredLanguage,
    receivesRemains: c.receivesRemains,
    consentScope: c.consent.scope,
    shareWithOtherParty: c.consent.shareWithOtherParty,
  };
}
export type ContactRow = ReturnType<typeof familyContactRow>;

/** The contacts of a case being opened, in the opening's transaction. */
export async function insertContacts(tx: Prisma.TransactionClient, rows: ContactRow[]): Promise<void> {
  await tx.familyContact.createMany({ data: rows });
}

/** The contacts of a register batch's new cases, inside the importer's open transaction: one multi-row INSERT. */
export async function insertRegisterContacts(pg: PgClient, contacts: ContactRow[], now: Date): Promise<void> {
  await pg.query(
    `INSERT INTO "FamilyContact"
         ("id", "caseId", "position", "relation", "personalData", "preferredChannel", "preferredLanguage",
          "receivesRemains", "consentScope", "shareWithOtherParty", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), u.case_id, u.position, u.relation::"FamilyRelation", u.personal_data,
              u.channel::"ContactChannel", u.language, u.receives, u.scope::"ConsentScope", u.share, $10, $10
       FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::text[], $9::bool[])
         AS u(case_id, position, relation, personal_data, channel, language, receives, scope, share)`,
    [
      contacts.map((c) => c.caseId),
      contacts.map((c) => c.position),
      contacts.map((c) => c.relation),
      contacts.map((c) => c.personalData),
      contacts.map((c) => c.preferredChannel),
      contacts.map((c) => c.preferredLanguage),
      contacts.map((c) => c.receivesRemains),
      contacts.map((c) => c.consentScope),
      contacts.map((c) => c.shareWithOtherParty),
      now,
    ],
  );
}

/** The case a change is made to, as the change's event records it. */
interface OfCase {
  id: string;
  status: MissingPersonStatus;
}

/**
 * Adds a contact at the next position with its CONTACT_ADDED event. The
 * case's row is held meanwhile, so positions never collide; `check` sees the
 * contacts already there and throws to refuse the addition. Returns the position.
 */
export async function addContact(
  db: Db,
  vault: PersonalDataVault,
  c: { case: OfCase; contact: FamilyContactRequest; by: string; at: Date },
  check: (existing: FamilyContact[]) => void,
): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "MissingPersonCase" WHERE "id" = ${c.case.id}::uuid FOR UPDATE`;
    const existing = await tx.familyContact.findMany({ where: { caseId: c.case.id } });
    check(existing);
    const position = Math.max(0, ...existing.map((e) => e.position)) + 1;
    await tx.familyContact.create({ data: familyContactRow(vault, c.contact, c.case.id, position) });
    await addCaseEvent(tx, {
      caseId: c.case.id,
      key: randomUUID(),
      kind: 'CONTACT_ADDED',
      status: c.case.status,
      recordedBy: c.by,
      occurredAt: c.at,
      contactPosition: position,
    });
    return position;
  });
}

/** A relative's consent given anew, or withdrawn (`scope` null), with its event; null when no contact has that position. */
export async function changeConsent(
  db: Db,
  c: {
    case: OfCase;
    position: number;
    consent: { scope: NonNullable<FamilyContact['consentScope']>; shareWithOtherParty: boolean } | 'withdrawn';
    by: string;
    at: Date;
  },
): Promise<FamilyContact | null> {
  const withdrawn = c.consent === 'withdrawn';
  return db.$transaction(async (tx) => {
    const { count } = await tx.familyContact.updateMany({
      where: { caseId: c.case.id, position: c.position },
      data:
        c.consent === 'withdrawn'
          ? { consentScope: null, consentWithdrawnAt: c.at }
          : {
              consentScope: c.consent.scope,
              shareWithOtherParty: c.consent.shareWithOtherParty,
              consentWithdrawnAt: null,
            },
    });
    if (count === 0) return null;
    await addCaseEvent(tx, {
      caseId: c.case.id,
      key: randomUUID(),
      kind: withdrawn ? 'CONSENT_WITHDRAWN' : 'CONSENT_CHANGED',
      status: c.case.status,
      recordedBy: c.by,
      occurredAt: c.at,
      contactPosition: c.position,
    });
    return tx.familyContact.findUniqueOrThrow({
      where: { caseId_position: { caseId: c.case.id, position: c.position } },
    });
  });
}

/** Relatives' personal data sealed again under the current key, as resealCases (./case-rows.ts) does for cases. */
export function resealContacts(db: Db, batch: Resealed[]): Promise<number> {
  return db.$executeRawUnsafe(
    `UPDATE "FamilyContact" AS t SET "personalData" = u.sealed
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, was, sealed)
      WHERE t."id" = u.id AND t."personalData" = u.was`,
    batch.map((b) => b.id),
    batch.map((b) => b.was),
    batch.map((b) => b.sealed),
  );
}
