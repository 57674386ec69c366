import type { Db } from '../../src/db';
import { issueToken } from '../../src/api/tokens';
import { actors } from './actors';
import { personToken } from './identity';

/**
 * An API token (a service account, as a machine holds) for each kind of holder, bound to the principals of
 * test/helpers/actors.ts: for tests of machines, and for services that trust no provider. People's tokens are
 * personTokens() below.
 */
export async function issueTestTokens(db: Db) {
  const issue = async (principal: string, role: Parameters<typeof issueToken>[1]['role'], party?: string) =>
    (await issueToken(db, { principal, role, ...(party ? { party } : {}) })).token;
  return {
    coordinator: await issue(actors.coordinator.principal, 'COORDINATOR'),
    field: await issue(actors.field.principal, 'FIELD_STAFF'),
    ru: await issue(actors.ru.principal, 'PARTY_LIAISON', 'RU'),
    ua: await issue(actors.ua.principal, 'PARTY_LIAISON', 'UA'),
    forensic: await issue('forensic-ua-1', 'FORENSIC', 'UA'),
    forensicRu: await issue('forensic-ru-1', 'FORENSIC', 'RU'),
    observer: await issue('observer-1', 'OBSERVER'),
    operator: await issue('operator-1', 'OPERATOR'),
    tracing: await issue('tracing-1', 'TRACING_OFFICER'),
    /** A liaison of a party that is in none of the test operations. */
    by: await issue('liaison-by-1', 'PARTY_LIAISON', 'BY'),
  };
}
export type TestTokens = Awaited<ReturnType<typeof issueTestTokens>>;

/** Who each test token's holder is at the run's OpenID Provider (test/helpers/identity.ts). */
export const PERSON_OF: Record<keyof TestTokens, string> = {
  coordinator: actors.coordinator.principal,
  field: actors.field.principal,
  ru: actors.ru.principal,
  ua: actors.ua.principal,
  forensic: 'forensic-ua-1',
  forensicRu: 'forensic-ru-1',
  observer: 'observer-1',
  operator: 'operator-1',
  tracing: 'tracing-1',
  by: 'liaison-by-1',
};

/** Each kind of person's access token from the run's provider, signed in through its login form (cached per run). */
export async function personTokens(): Promise<TestTokens> {
  const entries = [];
  for (const [who, username] of Object.entries(PERSON_OF)) entries.push([who, await personToken(username)]);
  return Object.fromEntries(entries) as TestTokens;
}
