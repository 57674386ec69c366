import type { z } from 'zod';
import { MAX_CONTACTS, openMissingPersonRequest } from './schemas';

/**
 * One row of a party's register of missing persons (CSV), checked with the
 * very schema of `POST /api/missing-persons`: a row the API would refuse is
 * refused here too, for the same reason, named by its column. Reasons never
 * quote the value (it may be personal data).
 *
 * Columns (README, "Importing a party's register"): register_id and name are
 * required; date_of_birth, service_number, last_known_place, last_known_date,
 * distinguishing_marks are optional; each relative N (1–4) has
 * contactN_name, contactN_relation, contactN_address, contactN_channel,
 * contactN_language, contactN_receives_remains, contactN_consent,
 * contactN_share_with_other_party. At least contact1 is required.
 */

export type OpenMissingPersonRequest = z.infer<typeof openMissingPersonRequest>;

export interface RowProblem {
  field: string;
  reason: string;
}

export type RowResult =
  | { ok: true; registerId: string; request: OpenMissingPersonRequest }
  | { ok: false; registerId?: string; problems: RowProblem[] };

const PERSON_COLUMNS = {
  name: 'name',
  dateOfBirth: 'date_of_birth',
  serviceNumber: 'service_number',
  lastKnownPlace: 'last_known_place',
  lastKnownDate: 'last_known_date',
  distinguishingMarks: 'distinguishing_marks',
} as const;

const CONTACT_COLUMNS = {
  name: 'name',
  relation: 'relation',
  address: 'address',
  preferredChannel: 'channel',
  preferredLanguage: 'language',
  receivesRemains: 'receives_remains',
  scope: 'consent',
  shareWithOtherParty: 'share_with_other_party',
} as const;

const contactColumn = (n: number, key: keyof typeof CONTACT_COLUMNS) => `contact${n}_${CONTACT_COLUMNS[key]}`;

export const REGISTER_COLUMNS: string[] = [
  'register_id',
  ...Object.values(PERSON_COLUMNS),
  ...Array.from({ length: MAX_CONTACTS }, (_, i) =>
    (Object.keys(CONTACT_COLUMNS) as (keyof typeof CONTACT_COLUMNS)[]).map((k) => contactColumn(i + 1, k)),
  ).flat(),
];
const REQUIRED_COLUMNS = ['register_id', 'name'];

const REGISTER_ID = /^[A-Za-z0-9._-]{1,40}$/;
const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/** The reader of one register's rows, made from its header line. */
export class RegisterRows {
  private readonly index = new Map<string, number>();

  /** Throws naming what is wrong with the header (unknown or missing columns, repeats). */
  constructor(
    header: string[],
    private readonly party: string,
  ) {
    const problems: string[] = [];
    header.forEach((raw, i) => {
      const name = raw.trim().toLowerCase();
      if (!REGISTER_COLUMNS.includes(name)) problems.push(`unknown column "${raw.trim().slice(0, 60)}"`);
      else if (this.index.has(name)) problems.push(`column ${name} appears twice`);
      else this.index.set(name, i);
    });
    for (const c of REQUIRED_COLUMNS) if (!this.index.has(c)) problems.push(`column ${c} is missing`);
    if (!this.index.has(contactColumn(1, 'name'))) problems.push(`column ${contactColumn(1, 'name')} is missing`);
    if (problems.length) throw new Error(`The register's header line is not usable: ${problems.join('; ')}.`);
  }

  get width(): number {
    return Math.max(...this.index.values()) + 1;
  }

  /** The row checked and made into the API's request, or the reasons it is refused. */
  read(fields: string[]): RowResult {
    const cell = (column: string): string | undefined => {
      const i = this.index.get(column);
      const v = i === undefined ? undefined : fields[i];
      return v === undefined || v.trim() === '' ? undefined : v;
    };
    const problems: RowProblem[] = [];
    const rawId = cell('register_id')?.trim();
    if (!rawId) problems.push({ field: 'register_id', reason: 'is required' });
    else if (!REGISTER_ID.test(rawId))
      problems.push({ field: 'register_id', reason: 'must be 1–40 letters, digits, dots, dashes or underscores' });
    const registerId = rawId && REGISTER_ID.test(rawId) ? rawId : undefined;

    const flag = (column: string): boolean | undefined => {
      const v = cell(column)?.trim().toLowerCase();
      if (v === undefined) return undefined;
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      problems.push({ field: column, reason: 'must be true or false (yes/no, 1/0)' });
      return undefined;
    };

    const person: Record<string, string> = {};
    for (const [key, column] of Object.entries(PERSON_COLUMNS)) {
      const v = cell(column);
      if (v !== undefined) person[key] = v;
    }
    const contacts = [];
    for (let n = 1; n <= MAX_CONTACTS; n++) {
      const given = (Object.keys(CONTACT_COLUMNS) as (keyof typeof CONTACT_COLUMNS)[]).some(
        (k) => cell(contactColumn(n, k)) !== undefined,
      );
      if (!given) continue;
      const address = cell(contactColumn(n, 'address'));
      contacts.push({
        name: cell(contactColumn(n, 'name')),
        relation: cell(contactColumn(n, 'relation'))?.trim().toUpperCase(),
        ...(address !== undefined ? { address } : {}),
        preferredChannel: cell(contactColumn(n, 'preferredChannel'))?.trim().toUpperCase(),
        preferredLanguage: cell(contactColumn(n, 'preferredLanguage'))?.trim(),
        receivesRemains: flag(contactColumn(n, 'receivesRemains')) ?? false,
        consent: {
          scope: cell(contactColumn(n, 'scope'))?.trim().toUpperCase(),
          shareWithOtherParty: flag(contactColumn(n, 'shareWithOtherParty')) ?? false,
        },
      });
    }
    if (contacts.length === 0) problems.push({ field: contactColumn(1, 'name'), reason: 'is required' });

    const parsed = openMissingPersonRequest.safeParse({
      ...(registerId ? { caseNumber: `MP-${this.party}-${registerId}` } : {}),
      party: this.party,
      person,
      contacts,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'contacts' && contacts.length === 0) continue; // said above
        problems.push({ field: columnOf(issue.path), reason: issue.message });
      }
    }
    if (problems.length || !parsed.success || !registerId) return { ok: false, registerId, problems };
    return { ok: true, registerId, request: parsed.data };
  }
}

/** The CSV column a schema path points to. */
function columnOf(path: PropertyKey[]): string {
  const [top, a, b, c] = path;
  if (top === 'caseNumber') return 'register_id';
  if (top === 'party') return 'party';
  if (top === 'person' && typeof a === 'string') return PERSON_COLUMNS[a as keyof typeof PERSON_COLUMNS] ?? String(a);
  if (top === 'contacts' && typeof a === 'number') {
    const key = (b === 'consent' ? c : b) as keyof typeof CONTACT_COLUMNS;
    return key in CONTACT_COLUMNS ? contactColumn(a + 1, key) : `contact${a + 1}`;
  }
  return String(top ?? 'row');
}
