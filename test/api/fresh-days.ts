import { DAYS, confirmedOperation, type World } from './support';

/**
 * Days handed out one at a time, from an operation of the test's own: an
 * operation left with work pending by a previous test's worker would wait out
 * Temporal's sticky-queue timeout (10 s) on the next worker. Registers the
 * beforeEach that starts each test on a new operation; returns the supply.
 */
export function useFreshDays(w: World): () => Promise<{ reference: string; date: string }> {
  let current: { reference: string; next: number } | undefined;
  beforeEach(() => {
    current = undefined;
  });
  return async () => {
    if (!current || current.next >= DAYS.length) current = { reference: await confirmedOperation(w), next: 0 };
    return { reference: current.reference, date: DAYS[current.next++] };
  };
}
