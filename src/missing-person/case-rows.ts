import type { FamilyContactRequest, MissingPerson } from './schemas';
import type { PersonalDataVault } from './personal-data';

/**
 * The rows a missing-person case is stored as, built the same way whether it
 * comes through the API or from a party's register: personal data sealed,
 * the blind index computed from the person's name and service number.
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

/** The blind-index entries of a person: one per distinct name part, and the service number's. */
export function searchKeyRows(vault: PersonalDataVault, caseId: string, person: MissingPerson) {
  const number = person.serviceNumber ? vault.numberKey(person.serviceNumber) : undefined;
  return [
    ...vault.nameKeys(person.name).map((hash) => ({ caseId, kind: 'NAME_PART' as const, hash })),
    ...(number ? [{ caseId, kind: 'SERVICE_NUMBER' as const, hash: number }] : []),
  ];
}
