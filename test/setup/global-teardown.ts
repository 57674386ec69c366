import { rmSync } from 'node:fs';
import { Client } from 'pg';
import type { TestState } from './state';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as {
    __testState?: TestState;
    __stopTemporal?: () => Promise<void>;
    __stopPostgres?: () => Promise<void>;
    __stopIdentity?: () => Promise<void>;
  };
  const state = g.__testState;
  await g.__stopIdentity?.();
  await g.__stopTemporal?.();
  if (state?.databaseName) {
    const admin = new Client({ connectionString: state.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${state.databaseName} WITH (FORCE)`);
    await admin.end();
  }
  await g.__stopPostgres?.();
  if (state?.workDir) rmSync(state.workDir, { recursive: true, force: true });
}
