/** What global setup hands to the tests (through the environment) and to teardown. */
export const TEST_ENV = {
  databaseUrl: 'REPATRIATION_TEST_DATABASE_URL',
  temporalAddress: 'REPATRIATION_TEST_TEMPORAL_ADDRESS',
  workflowBundle: 'REPATRIATION_TEST_WORKFLOW_BUNDLE',
  /** The run's payload keys (PAYLOAD_KEYS form), inherited by every process a test spawns. */
  payloadKeys: 'PAYLOAD_KEYS',
  /** The run's OpenID Provider (test/helpers/identity.ts): its issuer and its folder (people, passwords, token cache). */
  oidcIssuer: 'REPATRIATION_TEST_OIDC_ISSUER',
  identityDir: 'REPATRIATION_TEST_IDENTITY_DIR',
} as const;

export interface TestState {
  workDir: string;
  databaseName: string;
  adminUrl: string;
  temporalPid: number;
  identityPid?: number;
  embeddedPostgres?: boolean;
}
