/** What global setup hands to the tests (through the environment) and to teardown. */
export const TEST_ENV = {
  databaseUrl: 'REPATRIATION_TEST_DATABASE_URL',
  temporalAddress: 'REPATRIATION_TEST_TEMPORAL_ADDRESS',
  workflowBundle: 'REPATRIATION_TEST_WORKFLOW_BUNDLE',
  /** The run's payload keys (PAYLOAD_KEYS form), inherited by every process a test spawns. */
  payloadKeys: 'PAYLOAD_KEYS',
} as const;

export interface TestState {
  workDir: string;
  databaseName: string;
  adminUrl: string;
  temporalPid: number;
  embeddedPostgres?: boolean;
}
