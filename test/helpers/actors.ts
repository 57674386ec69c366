import type { Actor } from '../../workflows/shared/domain';

/** The people of the June 2025 operation, by role (principals are identifiers, not names). */
export const actors = {
  coordinator: { principal: 'coordinator-1', role: 'COORDINATOR' },
  field: { principal: 'field-1', role: 'FIELD_STAFF' },
  ru: { principal: 'liaison-ru-1', role: 'PARTY_LIAISON', party: 'RU' },
  ua: { principal: 'liaison-ua-1', role: 'PARTY_LIAISON', party: 'UA' },
} satisfies Record<string, Actor>;

export const RU_UA = { from: 'RU', to: 'UA' };
export const UA_RU = { from: 'UA', to: 'RU' };

/** Tags as a sender would number its bags. */
export const tags = (prefix: string, count: number, start = 1) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(start + i).padStart(5, '0')}`);
