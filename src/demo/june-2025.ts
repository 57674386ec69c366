import type { RequestBody } from '../client/api';

/** What the API takes, from its OpenAPI document (the typed client's generated types). */
type CreateOperationRequest = RequestBody<'/api/operations'>;
type ManifestLineRequest = RequestBody<'/api/operations/{reference}/handovers/{date}/manifests'>['lines'][number];

/**
 * The June 2025 operation, driven through the HTTP API only, as the people
 * involved would: the agreement concluded in Istanbul on 2 June, handovers on
 * 11, 13, 14, 15 and 16 June with the real counts — 1,212, 1,200, 1,200,
 * 1,200 and 1,245 received by Ukraine (Russia declared 1,248 on the last day:
 * a three-container difference), and 27 and 51 received by Russia.
 */

export interface DemoDay {
  date: string;
  /** Declared by Russia (its manifest) and received by Ukraine. */
  ruToUa: { declared: number; received: number };
  uaToRu: number;
}

export const JUNE_2025_DAYS: DemoDay[] = [
  { date: '2025-06-11', ruToUa: { declared: 1212, received: 1212 }, uaToRu: 27 },
  { date: '2025-06-13', ruToUa: { declared: 1200, received: 1200 }, uaToRu: 0 },
  { date: '2025-06-14', ruToUa: { declared: 1200, received: 1200 }, uaToRu: 0 },
  { date: '2025-06-15', ruToUa: { declared: 1200, received: 1200 }, uaToRu: 0 },
  { date: '2025-06-16', ruToUa: { declared: 1248, received: 1245 }, uaToRu: 51 },
];

/** A smaller operation of the same shape (the last day's difference of three is kept). */
export function scaledDays(scale: number): DemoDay[] {
  if (scale >= 1) return JUNE_2025_DAYS;
  return JUNE_2025_DAYS.map((d) => {
    const received = Math.max(1, Math.round(d.ruToUa.received * scale));
    const missing = d.ruToUa.declared - d.ruToUa.received;
    return {
      date: d.date,
      ruToUa: { declared: received + missing, received },
      uaToRu: d.uaToRu ? Math.max(1, Math.round(d.uaToRu * scale)) : 0,
    };
  });
}

// Invented names: the demonstration's declared identities are personal data in form only.
const GIVEN = ['Aleksandr', 'Dmitrii', 'Sergei', 'Andrii', 'Mykola', 'Oleksii', 'Ivan', 'Pavlo'];
const FAMILY = ['Demchenko', 'Sokolov', 'Marchuk', 'Orlov', 'Hnatiuk', 'Belov', 'Tkachenko', 'Zaitsev'];

/**
 * A manifest line as the sender lists it: every tenth container with a
 * declared identity (name and date of birth), the rest by tag alone.
 */
export function demoManifestLine(tag: string, index: number): ManifestLineRequest {
  if (index % 10 !== 0) return { tag };
  const n = Number(tag.replace(/\D/g, '')) || index;
  return {
    tag,
    declaredIdentity: {
      name: `${GIVEN[n % GIVEN.length]} ${FAMILY[Math.floor(n / GIVEN.length) % FAMILY.length]}`,
      dateOfBirth: `19${70 + (n % 30)}-0${1 + (n % 9)}-1${n % 10}`,
    },
  };
}

/** The agreement of 2 June 2025 (Istanbul), as a coordinator enters it. */
export const juneAgreement = (reference: string): CreateOperationRequest => ({
  reference,
  title: 'Repatriation of June 2025',
  agreement: {
    parties: [
      { code: 'RU', name: 'Russia' },
      { code: 'UA', name: 'Ukraine' },
    ],
    venue: 'Istanbul',
    concludedOn: '2025-06-02',
    window: { start: '2025-06-07', end: '2025-06-16' },
    exchangePoints: ['Belarus–Ukraine border'],
    plannedTransfers: [
      { from: 'RU', to: 'UA', count: 6000 },
      { from: 'UA', to: 'RU', count: 6000 },
    ],
    intermediaryRole: 'OBSERVER',
  },
});
