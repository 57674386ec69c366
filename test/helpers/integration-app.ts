import type { Express } from 'express';
import { createApp } from '../../src/api/app';
import { createLogger } from '../../src/logger';
import { operationWorkflowId } from '../../workflows/shared/ids';
import { openStack, type TestStack } from './stack';
import { personTokens, type TestTokens } from './tokens';

/**
 * The API's app on the test stack, with a person's access token from the run's OpenID Provider per role: set up
 * before the file's tests, closed after.
 */
export interface IntegrationApp {
  stack: TestStack;
  app: Express;
  /** People's access tokens from the run's provider (test/helpers/identity.ts), one per kind of person. */
  people: TestTokens;
  operationCount(): Promise<number>;
  /** Whether the operation's workflow was ever started. */
  workflowExists(reference: string): Promise<boolean>;
}

export function useIntegrationApp(): IntegrationApp {
  const world = {
    operationCount: () => world.stack.db.repatriationOperation.count(),
    async workflowExists(reference: string): Promise<boolean> {
      try {
        await world.stack.client.workflow.getHandle(operationWorkflowId(reference)).describe();
        return true;
      } catch {
        return false;
      }
    },
  } as IntegrationApp;
  beforeAll(async () => {
    world.stack = await openStack();
    world.people = await personTokens();
    world.app = createApp({
      config: world.stack.config,
      db: world.stack.db,
      temporal: world.stack.client,
      logger: createLogger('silent', 'test'),
    });
  });
  afterAll(() => world.stack.close());
  return world;
}
