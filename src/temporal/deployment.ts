// The worker's Worker Deployment version (docs/versioning.md): which build it is,
// and making that version current once the server knows it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import type { WorkerDeploymentVersion } from '@temporalio/common';
import type { WorkerDeploymentConfig } from '../config';
import { PROJECT_ROOT } from '../tools';

/**
 * The file a release build writes beside its code (`{ "commit": "<short sha>" }`),
 * read where git is absent (the Docker image).
 */
export const BUILD_INFO_FILE = 'build-info.json';

/** Where package.json and build-info.json may be: the project root, or above dist/. */
const roots = (root: string) => [root, path.dirname(root)];

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function releaseVersion(root: string): string {
  for (const dir of roots(root)) {
    const pkg = readJson(path.join(dir, 'package.json'));
    if (typeof pkg?.version === 'string') return pkg.version;
  }
  throw new Error(`no package.json with a version at ${root} or above it`);
}

function releaseCommit(root: string): string | undefined {
  for (const dir of roots(root)) {
    const file = path.join(dir, BUILD_INFO_FILE);
    const commit = existsSync(file) ? readJson(file)?.commit : undefined;
    if (typeof commit === 'string' && /^[0-9a-f]{7,40}$/.test(commit)) return commit.slice(0, 12);
  }
  try {
    const out = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5_000,
    });
    return out.toString().trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `<version>-<commit>` (e.g. 1.0.0-3f2a9c1d0b7e), or the version alone when no commit is known. */
export function releaseBuildId(root = PROJECT_ROOT): string {
  const version = releaseVersion(root);
  const commit = releaseCommit(root);
  return commit ? `${version}-${commit}` : version;
}

/** The release a build ID names (its leading x.y.z), if it names one. */
export function buildRelease(buildId: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(buildId);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** The worker's version from its settings (WORKER_BUILD_ID, else the release). */
export function workerVersion(deployment: WorkerDeploymentConfig): WorkerDeploymentVersion {
  return { deploymentName: deployment.name, buildId: deployment.buildId ?? releaseBuildId() };
}

export type MadeCurrent = 'made-current' | 'already-current' | 'left-as-is';

export interface MakeCurrentOptions {
  client: Client;
  namespace: string;
  version: WorkerDeploymentVersion;
  /** The task queues this version's workers poll: the server must know all of them first. */
  taskQueues: string[];
  mode: WorkerDeploymentConfig['makeCurrent'];
  identity?: string;
  timeoutMs?: number;
}

/**
 * Makes the version current once the server has seen it poll every one of its
 * task queues (so no queue is left without the version's workers). With
 * `if-none`, only a deployment without a current version is changed.
 */
export async function makeVersionCurrent(o: MakeCurrentOptions): Promise<MadeCurrent> {
  if (o.mode === 'never') return 'left-as-is';
  const service = o.client.workflowService;
  const { deploymentName, buildId } = o.version;
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  for (;;) {
    try {
      const known = await service.describeWorkerDeploymentVersion({
        namespace: o.namespace,
        deploymentVersion: { deploymentName, buildId },
      });
      const queues = new Set((known.workerDeploymentVersionInfo?.taskQueueInfos ?? []).map((q) => q.name));
      if (o.taskQueues.every((q) => queues.has(q))) {
        const { conflictToken, workerDeploymentInfo } = await service.describeWorkerDeployment({
          namespace: o.namespace,
          deploymentName,
        });
        const current = workerDeploymentInfo?.routingConfig?.currentDeploymentVersion;
        if (current?.buildId === buildId) return 'already-current';
        if (current?.buildId && o.mode === 'if-none') return 'left-as-is';
        await service.setWorkerDeploymentCurrentVersion({
          namespace: o.namespace,
          deploymentName,
          buildId,
          conflictToken,
          identity: o.identity ?? 'repatriation-worker',
        });
        return 'made-current';
      }
    } catch (err) {
      // Not found until the first poll reaches the server; a conflict when another worker of
      // the same version got there first: both are looked at again.
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) {
      throw new Error(`version ${deploymentName}.${buildId} did not poll ${o.taskQueues.join(', ')} in time`);
    }
    await sleep(250);
  }
}
