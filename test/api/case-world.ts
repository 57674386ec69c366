import request from 'supertest';
import type { Express } from 'express';
import type { WorkflowHandle } from '@temporalio/client';
import { remainsCase } from '../../workflows/remains-case/workflow';
import { caseStateQuery, type CaseInput } from '../../workflows/remains-case/messages';
import { caseWorkflowId } from '../../workflows/shared/ids';
import { caseInput, caseRecords, seedContainers } from '../helpers/cases';
import { eventually } from '../helpers/processes';
import { unique, type TestStack } from '../helpers/stack';
import { personToken } from '../helpers/identity';
import { PERSON_OF, type TestTokens } from '../helpers/tokens';
import { PEOPLE, useApiWorld } from './support';

export type CaseTokens = TestTokens & { observerUa: string };
export type CaseTokenHolder = keyof CaseTokens;

/** Who holds each case token: the person's principal and role at the provider. */
export const holderOf = (who: CaseTokenHolder): { principal: string; role: string } =>
  who === 'observerUa'
    ? { principal: 'observer-ua-1', role: 'OBSERVER' }
    : { principal: PERSON_OF[who], role: PEOPLE[who].role };

/**
 * The world the case API tests share: the stack, the app, the demo people's
 * access tokens and a UA observer's, requests in a person's name, and cases opened the way
 * the workflow tests do (terminated after each test).
 */
export function useCaseWorld() {
  const w = useApiWorld({}, { workers: 'across' });
  let stack: TestStack;
  let app: Express;
  let tokens: CaseTokens;
  const opened: WorkflowHandle[] = [];

  beforeAll(async () => {
    ({ stack, app } = w);
    tokens = { ...w.people, observerUa: await personToken('observer-ua-1') };
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((h) => h.terminate('test finished').catch(() => undefined)));
  });

  type Who = CaseTokenHolder;
  const get = (who: Who, path: string, requestId = unique('req')) =>
    request(app).get(path).auth(tokens[who], { type: 'bearer' }).set('x-request-id', requestId);
  const post = (who: Who, path: string, body: object) =>
    request(app).post(path).auth(tokens[who], { type: 'bearer' }).send(body);

  /** Opens a case the way the workflow tests do, and waits for its opening record. */
  async function openCase(
    overrides: Partial<CaseInput> = {},
    seeded?: { operationReference: string; containerIds: string[] },
  ) {
    const input = caseInput(seeded ?? (await seedContainers(stack.db, 1)), {
      closedRetention: '1 minute',
      ...overrides,
    });
    const handle = await stack.client.workflow.start(remainsCase, {
      taskQueue: stack.config.temporal.taskQueue,
      workflowId: caseWorkflowId(input.caseNumber),
      args: [input],
    });
    opened.push(handle);
    await eventually(async () => (await handle.query(caseStateQuery)).caseId, 'the opening record');
    return { input, handle, caseNumber: input.caseNumber };
  }

  /** The workflow's state and PostgreSQL's record, to show that a refusal changed neither. */
  const snapshot = async (c: Awaited<ReturnType<typeof openCase>>) => ({
    state: await c.handle.query(caseStateQuery),
    row: await caseRecords(stack.db, c.caseNumber),
  });

  return { world: () => ({ stack, app, tokens }), opened, get, post, openCase, snapshot };
}
