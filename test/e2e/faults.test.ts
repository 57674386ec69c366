import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowUpdateStage } from '@temporalio/client';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import { recordReceiptUpdate } from '../../workflows/handover-day/messages';
import { actors } from '../helpers/actors';
import { RECIPIENTS, startFaultStack, type FaultStack } from '../helpers/fault-stack';
import { FieldClient, type Attempt } from '../helpers/field-client';
import { FieldOperation, type DirectionPlan } from '../helpers/field-operation';
import { settledInvariants, storedAnswerViolations, type InvariantReport } from '../helpers/invariants';
import { eventually } from '../helpers/processes';
import { unique } from '../helpers/stack';

/**
 * Faults during a running operation, with the production processes: the
 * worker and the API are child processes, on a Temporal dev server that
 * persists to SQLite and a PostgreSQL of the test's own. In the middle of a
 * handover day (receipts being reported, several requests in flight), each
 * fault is injected: the worker killed (-9), the API killed (-9), Temporal
 * stopped and started again, PostgreSQL stopped and started again. People
 * retry with the same Idempotency-Key, as the API asks. Afterwards the day
 * is counted and signed off, the handover phase is ended, and the invariant
 * check finds every manifest line, container, custody event, count, case
 * (row and workflow) and notification exactly once.
 */

jest.setTimeout(180_000);

let stack: FaultStack;

beforeAll(async () => {
  stack = await startFaultStack();
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

/** A small handover day of the June agreement's shape: RU→UA with two containers missing, and UA→RU. */
const PLAN: DirectionPlan[] = [
  { from: 'RU', to: 'UA', declared: 26, received: 24 },
  { from: 'UA', to: 'RU', declared: 6, received: 6 },
];
const DAY = '2025-06-11';

const context = () => ({ db: stack.db, temporal: stack.temporal, receiver: stack.receiver, recipients: RECIPIENTS });

/** Answers people may get during a fault: a retryable 503 problem, "in progress" (409 + Retry-After), or no answer. */
function unexpectedAnswers(attempts: Attempt[]): Attempt[] {
  return attempts.filter((a) => {
    if (typeof a.status !== 'number') return false;
    if (a.status < 300) return false;
    if (a.status === 503) return !(a.contentType?.includes('application/problem+json') && a.retryAfter);
    if (a.status === 409) return a.problem !== '/problems/request-in-progress' || !a.retryAfter;
    return true;
  });
}

interface Scenario {
  client: FieldClient;
  op: FieldOperation;
}

/**
 * Runs a day through the API with `fault` injected while receipts are being
 * reported (two requests at a time), then counts, signs off, ends the
 * handover phase and checks the invariants.
 */
async function dayWithFault(name: string, fault: (s: Scenario) => Promise<void>): Promise<InvariantReport & Scenario> {
  const client = new FieldClient(stack.api, stack.people, { attemptTimeoutMs: 30_000, deadlineMs: 150_000 });
  const op = new FieldOperation(client, unique(`F-${name}`));
  await op.start();
  const day = await op.prepareDay(DAY, PLAN);
  const batches = op.receiptBatches(day, PLAN, 1);
  // The day is well under way before the fault.
  for (const b of batches.splice(0, 6)) await op.receive(day, b);

  let answered = 0;
  let settled = false;
  const queue = [...batches];
  const sender = async () => {
    for (let b = queue.shift(); b; b = queue.shift()) {
      await op.receive(day, b);
      answered += 1;
    }
  };
  const sending = Promise.all([sender(), sender()]).finally(() => (settled = true));
  await eventually(async () => answered >= 2 || settled, 'receipts under way', 60_000, 20);
  await fault({ client, op });
  await sending;

  await op.countAndSignOff(day, PLAN);
  await op.completeHandovers();
  const report = await settledInvariants(context(), op.ledger, 60_000);
  // DEBUG_FAULTS=1: on a violation, print the day's containers, the receipts sent and the day's history.
  if (report.violations.length && process.env.DEBUG_FAULTS) await printDiagnostics(client, op);
  return { ...report, client, op };
}

async function printDiagnostics(client: FieldClient, op: FieldOperation): Promise<void> {
  const workflowId = handoverWorkflowId(op.reference, DAY);
  const rows = await stack.db.remainsContainer.findMany({
    where: { handover: { workflowId } },
    orderBy: { createdAt: 'asc' },
  });
  const receipts = client.attempts
    .filter((a) => a.path.endsWith('/receipts'))
    .map((a) => {
      const sent = client.sent.get(a.key!)?.body as { tags?: string[] } | undefined;
      return `${a.key} ${sent?.tags?.join(',')} ${a.status} ${a.problem ?? ''} ${a.ms}ms`;
    });
  const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
  const events = (history.events ?? []).map((e) => {
    const update =
      e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId ??
      e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId ??
      '';
    const scheduled = e.activityTaskScheduledEventAttributes;
    const started = e.activityTaskStartedEventAttributes;
    return [
      e.eventId,
      e.eventType,
      update,
      scheduled ? `${scheduled.activityType?.name} #${scheduled.activityId}` : '',
      started ? `attempt ${started.attempt} of ${String(started.scheduledEventId)}` : '',
      e.activityTaskCompletedEventAttributes
        ? `of ${String(e.activityTaskCompletedEventAttributes.scheduledEventId)}`
        : '',
      e.workflowTaskFailedEventAttributes ? `${e.workflowTaskFailedEventAttributes.cause}` : '',
    ].join(' ');
  });
  console.log(
    [
      '--- containers',
      ...rows.map((r) => `${r.createdAt.toISOString()} ${r.tag} ${r.outcome} ${r.receiverIntakeNumber}`),
      '--- receipts',
      ...receipts,
      '--- history',
      ...events,
    ].join('\n'),
  );
}

function expectClean(report: InvariantReport & Scenario): void {
  expect({ violations: report.violations, logs: report.violations.length ? stack.logs() : '' }).toEqual({
    violations: [],
    logs: '',
  });
  expect(report.counts).toMatchObject({
    manifestLines: 32,
    containers: 32,
    custodyEvents: 30,
    cases: 30,
    caseWorkflows: 30,
  });
  expect(unexpectedAnswers(report.client.attempts)).toEqual([]);
}

/** Every Idempotency-Key used answered once, with one stored answer: the one the client got, a success. */
async function expectOneAnswerPerKey(client: FieldClient): Promise<void> {
  expect(await storedAnswerViolations(stack.db, client.attempts)).toEqual([]);
  const keys = [...new Set(client.attempts.filter((a) => a.key).map((a) => a.key!))];
  const rows = await stack.db.idempotentRequest.findMany({ where: { key: { in: keys } } });
  expect(rows.filter((r) => r.status === null || r.status >= 300)).toEqual([]);
}

describe('faults during a handover day', () => {
  it('when the worker is killed (-9) and started again, then the day completes with everything exactly once', async () => {
    const report = await dayWithFault('worker', async () => {
      await stack.killWorker();
      // Requests wait for a worker; the API stays up and ready (readiness is PostgreSQL and Temporal).
      await sleep(1_000);
      expect((await fetch(`${stack.api}/readyz`)).status).toBe(200);
      await stack.startWorker();
    });
    expectClean(report);
    await expectOneAnswerPerKey(report.client);
  });

  it('when the API is killed (-9) and started again, then requests in flight are retried with their keys and take effect once', async () => {
    const report = await dayWithFault('api', async () => {
      await stack.killApi();
      await stack.startApi();
    });
    expectClean(report);
    // The kill cut requests off; each was retried with its key until answered.
    const cut = report.client.attempts.filter((a) => a.status === 'connection-error');
    expect(cut.length).toBeGreaterThan(0);
    await expectOneAnswerPerKey(report.client);

    // A repeat of a request cut off by the kill gets the first answer back, and changes nothing.
    const key = cut[0].key!;
    const { who, method, path, body } = report.client.sent.get(key)!;
    const first = report.client.attempts.filter((a) => a.key === key && a.status === 200);
    expect(first).toHaveLength(1);
    const before = await stack.db.remainsContainer.count();
    const repeat = await report.client.once(who, method, path, body, key);
    expect(repeat.status).toBe(200);
    expect(repeat.attempts[0].replayed).toBe(true);
    expect(await stack.db.remainsContainer.count()).toBe(before);
  });

  it('when the Temporal server is stopped and started again (SQLite), then the day completes with everything exactly once', async () => {
    let readyWhileDown = 0;
    let readWhileDown: Attempt | undefined;
    const report = await dayWithFault('temporal', async ({ client, op }) => {
      await stack.stopTemporal();
      readyWhileDown = (await fetch(`${stack.api}/readyz`)).status;
      readWhileDown = (await client.once('coordinator', 'GET', `/api/operations/${op.reference}`)).attempts[0];
      await sleep(1_000);
      await stack.startTemporal();
    });
    expectClean(report);
    expect(readyWhileDown).toBe(503);
    expect(readWhileDown).toMatchObject({ status: 503, problem: '/problems/unavailable' });
    expect(readWhileDown!.retryAfter).toBeDefined();
    expect(stack.worker()!.child.exitCode).toBeNull();
    await expectOneAnswerPerKey(report.client);
  });

  it('when PostgreSQL is stopped and started again, then the API answers 503 meanwhile, accepted updates wait, and nothing is lost', async () => {
    const whileDown: Record<string, unknown> = {};
    const report = await dayWithFault('postgres', async ({ client, op }) => {
      await stack.stopPostgres();
      const started = Date.now();
      const ready = await fetch(`${stack.api}/readyz`);
      whileDown.readyz = { status: ready.status, type: ready.headers.get('content-type') };
      const read = (await client.once('coordinator', 'GET', `/api/operations/${op.reference}`)).attempts[0];
      whileDown.read = read;
      whileDown.answeredWithinMs = Date.now() - started;

      // An update accepted while PostgreSQL is down: its write retries until the database is back.
      const day = op.ledger.days[0];
      const direction = day.directions[0];
      const tag = direction.manifest[PLAN[0].received]; // the first listed tag not otherwise received
      const handle = stack.temporal.workflow.getHandle(handoverWorkflowId(op.reference, DAY));
      const update = await handle.startUpdate(recordReceiptUpdate, {
        args: [{ direction: { from: direction.from, to: direction.to }, tags: [tag], by: actors.ua }],
        updateId: `fault-test:${op.reference}:${tag}`,
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      whileDown.retrying = await eventually(
        async () => {
          const { raw } = await handle.describe();
          const pending = raw.pendingActivities ?? [];
          return pending.some((a) => (a.attempt ?? 0) >= 2) ? true : null;
        },
        'a database write retrying',
        20_000,
        250,
      );
      await stack.startPostgres();
      await expect(update.result()).resolves.toEqual({ received: 1, extra: 0 });
      direction.received.push(tag);
    });
    // The update accepted during the outage is in the ledger (one more received RU→UA); the counts followed it.
    expect(whileDown).toMatchObject({
      readyz: { status: 503, type: expect.stringContaining('application/problem+json') },
      read: { status: 503, problem: '/problems/unavailable', retryAfter: expect.any(String) },
      retrying: true,
    });
    expect(whileDown.answeredWithinMs).toBeLessThan(5_000);
    expect({ violations: report.violations, logs: report.violations.length ? stack.logs() : '' }).toEqual({
      violations: [],
      logs: '',
    });
    expect(report.counts).toMatchObject({ manifestLines: 32, containers: 32, cases: 31, caseWorkflows: 31 });
    expect(unexpectedAnswers(report.client.attempts)).toEqual([]);
    await expectOneAnswerPerKey(report.client);
  });
});
