import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { caseStateQuery } from '../../workflows/remains-case/messages';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import { RECIPIENTS } from '../helpers/fault-stack';
import { FieldClient } from '../helpers/field-client';
import { FieldOperation, type DirectionPlan } from '../helpers/field-operation';
import { checkInvariants, settledInvariants } from '../helpers/invariants';
import { eventually } from '../helpers/processes';
import { openRestoreWorld, type RestoreWorld } from '../helpers/restore-world';
import { formatReport } from '../../src/reconcile/report';
import { unique } from '../helpers/stack';

/**
 * A restore rehearsed end to end: mid-operation the application's database
 * is dumped (pg_dump), people carry on (receipts, counts, sign-off, the
 * cases a signed-off day opens, the end of the handovers), the service is
 * stopped, the database dropped and the dump restored, the service started
 * again, and `npm run reconcile -- --repair` writes into PostgreSQL what
 * Temporal holds. The invariant check then finds every record exactly once,
 * and the ids the workflows hold point at the rows written again.
 */

jest.setTimeout(120_000);

let world: RestoreWorld;
let workDir: string;
/** The operation of the first test, which the second goes on with. */
let reference: string;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'repatriation-restore-'));
  world = await openRestoreWorld();
  await world.startService();
}, 60_000);

afterAll(async () => {
  await world?.close();
  rmSync(workDir, { recursive: true, force: true });
});

/** RU→UA with two containers never received (two discrepancies at sign-off), and UA→RU. */
const PLAN: DirectionPlan[] = [
  { from: 'RU', to: 'UA', declared: 5, received: 3 },
  { from: 'UA', to: 'RU', declared: 2, received: 2 },
];
const DAY = '2025-06-11';

const context = () => ({ db: world.db, temporal: world.client, receiver: world.receiver, recipients: RECIPIENTS });

/** Each case's workflow holds its row's id and its container's: after the restore they must name the same rows. */
async function casesPointAtTheirRows(reference: string): Promise<string[]> {
  const wrong: string[] = [];
  const rows = await world.db.remainsCase.findMany({
    where: { operation: { reference } },
    include: { containers: true },
  });
  for (const row of rows) {
    const state = await world.client.workflow.getHandle(row.workflowId).query(caseStateQuery);
    if (state.caseId !== row.id) wrong.push(`${row.caseNumber}: workflow holds case id ${state.caseId}, row ${row.id}`);
    const linked = row.containers.map((c) => c.containerId).join();
    if (state.containerIds.join() !== linked)
      wrong.push(`${row.caseNumber}: containers ${state.containerIds.join()} ≠ ${linked}`);
  }
  return wrong;
}

describe('a restore of the application database, reconciled with Temporal', () => {
  it('when a dump taken mid-operation is restored and reconcile repairs, then every record is there exactly once', async () => {
    const client = new FieldClient(world.api, world.people, { attemptTimeoutMs: 30_000, deadlineMs: 60_000 });
    const op = new FieldOperation(client, unique('R-restore'));
    await op.start();
    const day = await op.prepareDay(DAY, PLAN);
    const batches = op.receiptBatches(day, PLAN, 2);
    for (const b of batches.splice(0, 1)) await op.receive(day, b);
    // The dump holds the first receipts: the day's record has caught up with them.
    const workflowId = handoverWorkflowId(op.reference, DAY);
    await eventually(
      async () => (await world.db.remainsContainer.count({ where: { handover: { workflowId } } })) === 2,
      'the first receipts in PostgreSQL',
      30_000,
      100,
    );
    const dump = path.join(workDir, 'app.dump');
    await world.dump(dump);

    // People carry on: the rest of the receipts, the counts, both sign-offs (cases open), the end of the handovers.
    for (const b of batches) await op.receive(day, b);
    await op.countAndSignOff(day, PLAN);
    await op.completeHandovers();
    const before = await settledInvariants(context(), op.ledger, 60_000);
    expect(before.violations).toEqual([]);

    await world.stopService();
    await world.restore(dump);
    // What was reported after the dump is gone from PostgreSQL (Temporal still has it).
    expect((await checkInvariants(context(), op.ledger)).violations.length).toBeGreaterThan(0);
    await world.startService();

    const check = await world.reconcile(['--operation', op.reference]);
    expect(check.stdout).toContain(`missing in PostgreSQL`);
    expect(check.code).toBe(2);
    const repair = await world.reconcile(['--operation', op.reference, '--repair']);
    expect(repair.stdout).toContain('written to PostgreSQL');
    expect(repair.code).toBe(0);
    // RECONCILE_OUTPUT=1 prints what an operator reads (docs/backup-and-restore.md shows such a run).
    if (process.env.RECONCILE_OUTPUT) console.log(`${check.stdout}\n${repair.stdout}`);

    const after = await settledInvariants(context(), op.ledger, 60_000);
    expect(after.violations).toEqual([]);
    // The notices sent after the dump went out again (with the ids they had): receivers dropped the repeats.
    expect({ ...after.counts, webhookRequests: 0 }).toEqual({ ...before.counts, webhookRequests: 0 });
    expect(await casesPointAtTheirRows(op.reference)).toEqual([]);

    // Run again, it finds nothing left to write.
    const again = await world.reconcileHere(op.reference, true);
    if (process.env.RECONCILE_OUTPUT) console.log(formatReport(again));
    expect(again.operations[0].workflows.filter((w) => w.missing.length || w.stale.length || w.failed.length)).toEqual(
      [],
    );
    reference = op.reference;
  });

  it('when a case row has no running workflow, then --repair starts it again from its record', async () => {
    const row = await world.db.remainsCase.findFirstOrThrow({ where: { operation: { reference } } });
    await world.client.workflow.getHandle(row.workflowId).terminate('rehearsal: the workflow is gone');
    const checked = await world.reconcileHere(reference, false);
    if (process.env.RECONCILE_OUTPUT) console.log(formatReport(checked));
    expect(checked.operations[0].withoutWorkflow).toEqual([
      { kind: 'case', workflowId: row.workflowId, temporal: 'TERMINATED', restarted: false },
    ]);
    const repaired = await world.reconcileHere(reference, true);
    expect(repaired.operations[0].withoutWorkflow.map((r) => r.restarted)).toEqual([true]);
    const state = await eventually(
      () => world.client.workflow.getHandle(row.workflowId).query(caseStateQuery),
      'the case running again',
      30_000,
      200,
    );
    expect({ caseId: state.caseId, status: state.status, sequence: state.sequence }).toEqual({
      caseId: row.id,
      status: row.status,
      sequence: 1,
    });
    expect((await world.reconcileHere(reference, false)).operations[0].withoutWorkflow).toEqual([]);
  });
});
