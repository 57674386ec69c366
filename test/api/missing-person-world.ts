import { unique } from '../helpers/stack';
import { familyContact, useApiWorld, type Who } from './support';

/** Where the missing-person cases are, in the API. */
export const BASE = '/api/missing-persons';

/** A tracing request for a case of `party`'s side (a missing soldier, his mother as contact), with `over` on top. */
export const tracingRequest = (party = 'UA', over: object = {}) => ({
  caseNumber: unique(`MP-${party}`).toUpperCase(),
  party,
  person: {
    name: 'Oleksii Marchuk',
    dateOfBirth: '1979-11-02',
    serviceNumber: 'AB-123456',
    lastKnownPlace: 'Bakhmut',
    lastKnownDate: '2023-05-20',
    distinguishingMarks: 'tattoo of an anchor, left forearm',
  },
  contacts: [familyContact()],
  ...over,
});

/** The case numbers of a list or search answer. */
export const numbers = (res: { body: { items: { caseNumber: string }[] } }) => res.body.items.map((i) => i.caseNumber);

/**
 * The world the missing-person API tests share: the stack and the app with workers running across the file,
 * cases opened by a tracing officer, their rows in PostgreSQL, and reference samples collected and moved on.
 */
export function useMissingPersonWorld() {
  const w = useApiWorld({}, { workers: 'across' });

  /** Opens a case of `party`'s side as a tracing officer, and returns its number. */
  async function open(party = 'UA', over: object = {}): Promise<string> {
    const body = tracingRequest(party, over);
    const res = await w.post('tracing', BASE, body).expect(201);
    expect(res.body).toEqual({ caseNumber: body.caseNumber, party, status: 'REPORTED' });
    return body.caseNumber;
  }

  /** The case as PostgreSQL holds it, with its contacts, events and samples. */
  const row = (caseNumber: string) =>
    w.stack.db.missingPersonCase.findUniqueOrThrow({
      where: { caseNumber },
      include: { contacts: true, events: true, samples: true },
    });
  const collect = (n: string, contactPosition = 1) =>
    w.post('tracing', `${BASE}/${n}/samples`, { contactPosition, laboratory: 'LAB-KYIV-1' }).expect(201);
  const sampleStatus = (who: Who, barcode: string, body: object) =>
    w.post(who, `/api/reference-samples/${barcode}/status`, body);

  return { w, open, row, collect, sampleStatus };
}
