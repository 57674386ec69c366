import type { CreateOperationRequest } from '../../src/api/schemas';

/** The agreement of 2 June 2025 (Istanbul), as a coordinator would enter it. */
export function june2025Agreement(reference: string): CreateOperationRequest {
  return {
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
  };
}
