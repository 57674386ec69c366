// `npm run versions [-- --json] [--deployment NAME]`: the Worker Deployment's versions on the
// configured cluster, the open runs each still has, and whether each registered patch may
// move on (docs/versioning.md). Reads only; the operator changes routing with `temporal`.
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { defineSearchAttributeKey } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { loadConfig } from '../config';
import { buildRelease } from '../temporal/deployment';
import { PATCHES, VERSIONING, type PatchEntry, type WorkflowTypeName } from '../../workflows/shared/versioning';
import { failStart } from './lifecycle';

const USED_VERSIONS = defineSearchAttributeKey('TemporalUsedWorkerDeploymentVersions', 'KEYWORD_LIST');
const TYPES = Object.keys(VERSIONING) as WorkflowTypeName[];
const { WorkerDeploymentVersionStatus, VersionDrainageStatus } = temporal.api.enums.v1;

export interface VersionRow {
  buildId: string;
  /** CURRENT, RAMPING, DRAINING, DRAINED, INACTIVE. */
  status: string;
  /** DRAINING / DRAINED, as the server last checked (only for a version no longer current or ramping). */
  drainage: string | undefined;
  createTime: string | undefined;
  /** Open runs whose current version this is, per workflow type (types with none left out). */
  openRuns: Partial<Record<WorkflowTypeName, number>>;
  totalOpen: number;
}

export interface PatchRow {
  id: string;
  stage: PatchEntry['stage'];
  workflows: WorkflowTypeName[];
  added: string;
  /** Open runs of those types that ran on a build older than the patch's stage (unversioned runs are in `unversioned`). */
  openRunsBefore: number;
  /** What the operator may do next. */
  next: string;
}

export interface VersionsReport {
  deployment: string;
  namespace: string;
  current: string | undefined;
  ramping: { buildId: string; percentage: number } | undefined;
  versions: VersionRow[];
  /** Open runs on no version (started by unversioned workers), per type. */
  unversioned: Partial<Record<WorkflowTypeName, number>>;
  patches: PatchRow[];
}

const enumName = (names: Record<number, string>, value: number | null | undefined, prefix: string) =>
  value ? names[value]?.replace(prefix, '') : undefined;
const iso = (t: { seconds?: unknown } | null | undefined) =>
  t?.seconds ? new Date(Number(t.seconds) * 1000).toISOString() : undefined;
const quoted = (values: string[]) => values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(', ');

async function count(client: Client, namespace: string, query: string): Promise<number> {
  const { count: n } = await client.workflowService.countWorkflowExecutions({ namespace, query });
  return Number(n ?? 0);
}

/** Open runs per workflow type matching `where`. */
async function openRunsByType(client: Client, namespace: string, where: string) {
  const counts: Partial<Record<WorkflowTypeName, number>> = {};
  for (const type of TYPES) {
    const n = await count(client, namespace, `ExecutionStatus = 'Running' AND WorkflowType = '${type}' AND ${where}`);
    if (n) counts[type] = n;
  }
  return counts;
}

const releaseBefore = (buildId: string, release: string) => {
  const a = buildRelease(buildId);
  const b = buildRelease(release);
  // A build that names no release (WORKER_BUILD_ID set by hand) might be anything: counted as older.
  if (!a || !b) return true;
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
};

/**
 * Open runs of the patch's types that ran on a build of this deployment older
 * than `release`: their histories may hold the old branch, or lack the marker.
 * Runs that never ran on this deployment are not its concern (unversioned
 * ones are counted apart, in `unversioned`).
 */
async function openRunsBefore(client: Client, namespace: string, deployment: string, p: PatchEntry, release: string) {
  const query = `ExecutionStatus = 'Running' AND WorkflowType IN (${quoted(p.workflows)})`;
  let n = 0;
  for await (const run of client.workflow.list({ query })) {
    const used = (run.typedSearchAttributes.get(USED_VERSIONS) ?? [])
      .filter((v) => v.startsWith(`${deployment}:`))
      .map((v) => v.slice(deployment.length + 1));
    if (used.some((buildId) => releaseBefore(buildId, release))) n++;
  }
  return n;
}

function nextStep(p: PatchEntry, before: number): string {
  if (p.stage === 'active') {
    return before
      ? `keep patched(): ${before} open run(s) ran code from before ${p.since}`
      : 'ready: replace patched() with deprecatePatch() and drop the old branch';
  }
  return before
    ? `keep deprecatePatch(): ${before} open run(s) ran code from before ${p.deprecatedIn ?? '?'}`
    : 'ready: remove deprecatePatch() and its register entry';
}

export async function versionsReport(
  client: Client,
  namespace: string,
  deployment: string,
  patches: readonly PatchEntry[] = PATCHES,
): Promise<VersionsReport> {
  const described = await client.workflowService
    .describeWorkerDeployment({ namespace, deploymentName: deployment })
    .catch((err: { code?: number }) => {
      if (err.code === 5) return undefined; // NOT_FOUND: no worker of the deployment has polled yet.
      throw err;
    });
  const info = described?.workerDeploymentInfo;
  const routing = info?.routingConfig;
  const versions: VersionRow[] = [];
  for (const v of info?.versionSummaries ?? []) {
    const buildId = v.deploymentVersion?.buildId ?? '';
    const openRuns = await openRunsByType(
      client,
      namespace,
      `TemporalWorkerDeploymentVersion = '${deployment}:${buildId}'`,
    );
    versions.push({
      buildId,
      status: enumName(WorkerDeploymentVersionStatus, v.status, 'WORKER_DEPLOYMENT_VERSION_STATUS_') ?? '?',
      drainage: enumName(VersionDrainageStatus, v.drainageInfo?.status, 'VERSION_DRAINAGE_STATUS_'),
      createTime: iso(v.createTime),
      openRuns,
      totalOpen: Object.values(openRuns).reduce((a, b) => a + b, 0),
    });
  }
  versions.sort((a, b) => (a.createTime ?? '').localeCompare(b.createTime ?? ''));
  const rows: PatchRow[] = [];
  for (const p of patches) {
    const release = p.stage === 'active' ? p.since : (p.deprecatedIn ?? p.since);
    const before = await openRunsBefore(client, namespace, deployment, p, release);
    rows.push({
      id: p.id,
      stage: p.stage,
      workflows: p.workflows,
      added: p.added,
      openRunsBefore: before,
      next: nextStep(p, before),
    });
  }
  const ramping = routing?.rampingDeploymentVersion?.buildId;
  return {
    deployment,
    namespace,
    current: routing?.currentDeploymentVersion?.buildId ?? undefined,
    ramping: ramping ? { buildId: ramping, percentage: routing?.rampingVersionPercentage ?? 0 } : undefined,
    versions,
    unversioned: await openRunsByType(client, namespace, 'TemporalWorkerDeploymentVersion IS NULL'),
    patches: rows,
  };
}

const perType = (runs: Partial<Record<WorkflowTypeName, number>>) =>
  Object.entries(runs)
    .map(([type, n]) => `${type} ${n}`)
    .join(', ') || '-';

export function formatReport(r: VersionsReport): string {
  const table = (head: string[], body: string[][]) => {
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
    return [head, ...body]
      .map((row) =>
        row
          .map((c, i) => c.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n');
  };
  const lines = [
    `Worker Deployment ${r.deployment} (namespace ${r.namespace})`,
    `  current: ${r.current ?? 'none'}` +
      (r.ramping ? `   ramping: ${r.ramping.buildId} at ${r.ramping.percentage}%` : ''),
    '',
    r.versions.length
      ? table(
          ['BUILD ID', 'STATUS', 'DRAINAGE', 'CREATED', 'OPEN', 'OPEN RUNS BY TYPE'],
          r.versions.map((v) => [
            v.buildId,
            v.status,
            v.drainage ?? '-',
            v.createTime ?? '-',
            String(v.totalOpen),
            perType(v.openRuns),
          ]),
        )
      : 'No version of this deployment has polled yet.',
    '',
    `Open runs on no version: ${perType(r.unversioned)}`,
    '',
    r.patches.length
      ? table(
          ['PATCH', 'STAGE', 'ADDED', 'WORKFLOWS', 'OPEN RUNS BEFORE', 'NEXT'],
          r.patches.map((p) => [p.id, p.stage, p.added, p.workflows.join(','), String(p.openRunsBefore), p.next]),
        )
      : 'Patch register: empty (no patch since 1.0).',
  ];
  return lines.join('\n');
}

async function main() {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, deployment: { type: 'string' } } });
  const config = loadConfig();
  const deployment = values.deployment ?? config.worker.deployment?.name ?? 'repatriation';
  // Search attributes and routing only: no payload is read, so no key is needed.
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const report = await versionsReport(client, config.temporal.namespace, deployment);
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  } finally {
    await connection.close();
  }
}

if (require.main === module) main().catch(failStart);
