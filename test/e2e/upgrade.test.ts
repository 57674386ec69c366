import { readFileSync } from 'node:fs';
import { bundleWorkflowCode, type WorkflowBundleOption } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { versionsReport } from '../../src/main/versions';
import { BUNDLE_OPTIONS } from '../../src/temporal/worker';
import { handoverWorkflowId, operationWorkflowId } from '../../workflows/shared/ids';
import { PATCHES, type PatchEntry } from '../../workflows/shared/versioning';
import { BUILD_B, CASE_MEMO, DAY_MEMO, REHEARSAL_CASE_PATCH, REHEARSAL_SIGNAL } from '../fixtures/upgrade-b/rehearsal';
import { RECIPIENTS } from '../helpers/fault-stack';
import { FieldClient } from '../helpers/field-client';
import { FieldOperation, type DirectionPlan } from '../helpers/field-operation';
import { caseWorkflowsOf, settledInvariants } from '../helpers/invariants';
import { eventually } from '../helpers/processes';
import { unique } from '../helpers/stack';
import { openUpgradeWorld, type RunningBuild, type UpgradeWorld } from '../helpers/upgrade';
import { TEST_ENV } from '../setup/state';

/**
 * An upgrade rehearsed end to end on the real dev server (docs/versioning.md):
 * build A (the release) runs an operation; build B (test/fixtures/upgrade-b: a
 * changed handover day, and a remains case changed behind a patch) starts
 * beside it and is made current. The day already running on A finishes there
 * (pinned), the next day runs B's code, the operation and the cases opened on
 * A move to B (auto-upgrade), the cases through their patch. A drains and is
 * stopped; the invariant check then finds every record exactly once.
 */

jest.setTimeout(240_000);

const FIXTURE = require.resolve('../fixtures/upgrade-b/workflows');
const A = '1.0.0-rehearsal-a';
const B = '1.1.0-rehearsal-b';
/** B's register: the release's (empty at 1.0) and B's one patch, as B's release would add it. */
const REGISTER_B: PatchEntry[] = [
  ...PATCHES,
  {
    id: REHEARSAL_CASE_PATCH,
    workflows: ['remainsCase'],
    why: 'upgrade rehearsal: a case acknowledges the upgrade when signalled',
    added: '2026-12-07',
    since: '1.1.0',
    stage: 'active',
  },
];
/** A small day: everything listed arrives and all three counts agree, so no discrepancy (pinned) stays open on A. */
const PLAN: DirectionPlan[] = [
  { from: 'RU', to: 'UA', declared: 3, received: 3 },
  { from: 'UA', to: 'RU', declared: 2, received: 2 },
];
const [DAY1, DAY2, DAY3] = ['2025-06-11', '2025-06-12', '2025-06-13'];

let world: UpgradeWorld;
let bundleB: WorkflowBundleOption;

beforeAll(async () => {
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error };
  [world, bundleB] = await Promise.all([
    openUpgradeWorld(),
    bundleWorkflowCode({ ...BUNDLE_OPTIONS, workflowsPath: FIXTURE, logger: quiet }).then(({ code }) => ({ code })),
  ]);
}, 180_000);
afterAll(() => world?.close());

/** The build ID of every workflow task completed in the run's history, in order, repeats folded. */
async function taskBuilds(handle: WorkflowHandle): Promise<string[]> {
  const { events } = await handle.fetchHistory();
  const builds: string[] = [];
  for (const e of events ?? []) {
    const v = e.workflowTaskCompletedEventAttributes?.deploymentVersion;
    if (!e.workflowTaskCompletedEventAttributes) continue;
    const build = v?.deploymentName === world.deployment ? (v.buildId ?? '?') : 'unversioned';
    if (builds.at(-1) !== build) builds.push(build);
  }
  return builds;
}

async function markers(handle: WorkflowHandle): Promise<string[]> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).flatMap((e) =>
    e.markerRecordedEventAttributes ? [e.markerRecordedEventAttributes.markerName ?? ''] : [],
  );
}

async function versioning(handle: WorkflowHandle) {
  const d = await handle.describe();
  const info = d.raw.workflowExecutionInfo?.versioningInfo;
  const behavior = temporal.api.enums.v1.VersioningBehavior[info?.behavior ?? 0].replace('VERSIONING_BEHAVIOR_', '');
  return { build: info?.deploymentVersion?.buildId, behavior, memo: d.memo ?? {}, status: d.status.name };
}

const openOn = (build: string) =>
  `TemporalWorkerDeploymentVersion = '${world.deployment}:${build}' AND ExecutionStatus = 'Running'`;

async function casesOfDay(reference: string, date: string, expected: number): Promise<WorkflowHandle[]> {
  const found = await eventually(
    async () => {
      const ids = (await caseWorkflowsOf(world.client, reference))
        .map((w) => w.workflowId)
        .filter((id) => id.includes(`.${date}.`));
      return ids.length === expected ? ids : undefined;
    },
    `${expected} cases of ${date}`,
    60_000,
    250,
  );
  return found.map((id) => world.client.workflow.getHandle(id));
}

/** Runs a prepared day's receipts (from the `from`th batch on), counts and sign-offs; waits for the run to end. */
async function finishDay(op: FieldOperation, date: string, from = 0) {
  const day = op.ledger.days.find((d) => d.date === date)!;
  for (const b of op.receiptBatches(day, PLAN, 2).slice(from)) await op.receive(day, b);
  await op.countAndSignOff(day, PLAN);
  // A day's run ends once its cases are opened.
  await world.client.workflow.getHandle(handoverWorkflowId(op.reference, date)).result();
}

describe('an upgrade from build A to build B', () => {
  it("when B is made current during an operation, then pinned days finish on A, new days run B's code, cases move to B through their patch, A drains, and every record is there once", async () => {
    // B's patches are registered for B (the unit test holds workflows/ to PATCHES; the fixture is held here).
    expect(patchIds(readFileSync(FIXTURE, 'utf8'))).toEqual([REHEARSAL_CASE_PATCH]);
    expect(REGISTER_B.map((p) => p.id)).toContain(REHEARSAL_CASE_PATCH);
    const started = Date.now();
    const buildA = await world.startBuild(A, { code: readFileSync(process.env[TEST_ENV.workflowBundle]!, 'utf8') });
    await world.makeCurrent(buildA);

    // On A: the operation, day 1 through to its cases, and day 2 under way.
    const client = new FieldClient(world.api, world.people, { attemptTimeoutMs: 30_000, deadlineMs: 120_000 });
    const op = new FieldOperation(client, unique('UPG'));
    await op.start();
    await op.prepareDay(DAY1, PLAN);
    await finishDay(op, DAY1);
    const casesA = await casesOfDay(op.reference, DAY1, 5);
    // Each case's first task ran on A before B exists.
    for (const c of casesA) await eventually(async () => (await versioning(c)).build === A, 'a case on A', 60_000, 250);
    const day2 = await op.prepareDay(DAY2, PLAN);
    await op.receive(day2, op.receiptBatches(day2, PLAN, 2)[0]);

    const buildB = await world.startBuild(B, bundleB);
    await world.makeCurrent(buildB);
    const stages = [`A ran day 1 and started day 2 in ${Date.now() - started} ms`];

    // Day 2 finishes on A (pinned); day 3 starts on B.
    await finishDay(op, DAY2, 1);
    await op.prepareDay(DAY3, PLAN);
    await finishDay(op, DAY3);
    await op.completeHandovers();
    // The cases opened on A get their next task: on B, which replays A's history, then takes the patched branch.
    for (const c of casesA) await c.signal(REHEARSAL_SIGNAL);
    for (const c of casesA) {
      await eventually(
        async () => (await versioning(c)).memo[CASE_MEMO] === REHEARSAL_CASE_PATCH,
        'the case patch',
        60_000,
        250,
      );
    }
    stages.push(`B current, days 2-3 and the cases moved by ${Date.now() - started} ms`);

    await expectRunsOnTheirBuilds(op.reference);

    // A drains: no open run is on it any more (days ended, the rest moved), so its workers stop.
    await eventually(async () => (await world.client.workflow.count(openOn(A))).count === 0, 'A to drain', 60_000, 250);
    await stopDrained(buildA);
    stages.push(`A drained and stopped by ${Date.now() - started} ms`);

    const report = await settledInvariants(
      { db: world.db, temporal: world.client, receiver: world.receiver, recipients: RECIPIENTS },
      op.ledger,
      90_000,
    );
    expect(report.violations).toEqual([]);
    expect(report.counts).toMatchObject({
      manifestLines: 15,
      containers: 15,
      custodyEvents: 15,
      cases: 15,
      caseWorkflows: 15,
    });

    // What an operator sees: A holds nothing open; B's patch must stay while the cases opened on A are open.
    const seen = await versionsReport(world.client, buildB.config.temporal.namespace, world.deployment, REGISTER_B);
    expect(seen.current).toBe(B);
    expect(seen.versions.find((v) => v.buildId === A)?.totalOpen).toBe(0);
    expect(seen.patches).toEqual([expect.objectContaining({ id: REHEARSAL_CASE_PATCH, openRunsBefore: 5 })]);
    console.log(`upgrade rehearsal: ${stages.join('; ')}; checked by ${Date.now() - started} ms`);
  });
});

/** Which build each run's tasks ran on, and which build's code it ran. */
async function expectRunsOnTheirBuilds(reference: string) {
  const handle = (id: string) => world.client.workflow.getHandle(id);
  const day = (date: string) => handle(handoverWorkflowId(reference, date));
  // Days: pinned to the build they started on; only B's days carry B's mark.
  for (const [date, build] of [
    [DAY1, A],
    [DAY2, A],
    [DAY3, B],
  ] as const) {
    expect({ date, builds: await taskBuilds(day(date)) }).toEqual({ date, builds: [build] });
    const v = await versioning(day(date));
    expect({ date, behavior: v.behavior, mark: v.memo[DAY_MEMO] }).toEqual({
      date,
      behavior: 'PINNED',
      mark: build === B ? BUILD_B : undefined,
    });
  }
  // The operation moved to B at its first task after B became current.
  const operation = handle(operationWorkflowId(reference));
  expect(await taskBuilds(operation)).toEqual([A, B]);
  expect(await versioning(operation)).toMatchObject({ build: B, behavior: 'AUTO_UPGRADE', status: 'RUNNING' });
  // Cases of day 1 opened on A and moved, recording B's patch; cases opened after (by day 2 on A, day 3 on B) start on B.
  for (const c of await casesOfDay(reference, DAY1, 5)) {
    expect(await taskBuilds(c)).toEqual([A, B]);
    expect((await markers(c)).filter((m) => m === 'core_patch')).toHaveLength(1);
    expect(await versioning(c)).toMatchObject({ build: B, behavior: 'AUTO_UPGRADE' });
  }
  for (const date of [DAY2, DAY3]) {
    for (const c of await casesOfDay(reference, date, 5)) {
      expect({ id: c.workflowId, builds: await taskBuilds(c) }).toEqual({ id: c.workflowId, builds: [B] });
    }
  }
}

/** Stops A once the server no longer routes to it, saying what it reports of its drainage. */
async function stopDrained(build: RunningBuild) {
  const described = await world.client.workflowService.describeWorkerDeploymentVersion({
    namespace: build.config.temporal.namespace,
    deploymentVersion: { deploymentName: world.deployment, buildId: build.buildId },
  });
  const info = described.workerDeploymentVersionInfo;
  const status = temporal.api.enums.v1.WorkerDeploymentVersionStatus[info?.status ?? 0];
  // DRAINED comes after the server's own visibility grace period (minutes): DRAINING is as far as a short test sees.
  expect(['WORKER_DEPLOYMENT_VERSION_STATUS_DRAINING', 'WORKER_DEPLOYMENT_VERSION_STATUS_DRAINED']).toContain(status);
  await build.stop();
}

/** Every patched()/deprecatePatch() id in a source file (string literals, as test/unit/versioning.test.ts requires). */
function patchIds(source: string): string[] {
  const code = source.replace(/\/\/.*$/gm, '');
  return [...code.matchAll(/\b(?:patched|deprecatePatch)\s*\(\s*(['"`])([^'"`]+)\1\s*\)/g)].map((m) => m[2]);
}
