// How each workflow type lives through a deploy (Worker Versioning), and every
// patch made to workflow code after 1.0. docs/versioning.md tells the whole life
// of a change; test/unit/versioning.test.ts holds this module to the code.
import type { VersioningBehavior } from '@temporalio/common';

export type WorkflowTypeName =
  | 'repatriationOperation'
  | 'handoverDay'
  | 'discrepancyLife'
  | 'remainsCase'
  | 'missingPersonCase'
  | 'missingPersonReviews';

export interface Behaviour {
  behavior: VersioningBehavior;
  why: string;
}

/**
 * PINNED: a run finishes on the build it started on, so its code never changes
 * under it and needs no patch; its old workers must run until it ends.
 * AUTO_UPGRADE: a run moves to the current version at its next task, so a change
 * that alters its commands must be guarded by a registered patch.
 */
export const VERSIONING: Record<WorkflowTypeName, Behaviour> = {
  handoverDay: {
    behavior: 'PINNED',
    why: 'a day lives from its scheduling to its sign-off (days, at most weeks): its records are taken under one set of rules, and the old build drains soon after',
  },
  discrepancyLife: {
    behavior: 'PINNED',
    why: 'open for its deadline (3 days by default) and then until the coordinator decides; short enough to drain, and its reminders and escalation stay consistent',
  },
  repatriationOperation: {
    behavior: 'AUTO_UPGRADE',
    why: 'lives for months (planning, days, follow-up): pinning it would keep old workers running for the whole follow-up, so it moves to new builds through patches',
  },
  remainsCase: {
    behavior: 'AUTO_UPGRADE',
    why: 'lives for years (match, identification, family, release): it must run on new code, changed through patches',
  },
  missingPersonCase: {
    behavior: 'AUTO_UPGRADE',
    why: 'open for years, woken by reviews and identifications: it must run on new code, changed through patches',
  },
  missingPersonReviews: {
    behavior: 'AUTO_UPGRADE',
    why: 'the review scan never ends (a daily scan, continue-as-new): pinned, it would hold its build forever',
  },
};

/** The options a run of `type` declares: its behaviour on a versioned worker, none on an unversioned one. */
export function versioningOptions(
  type: WorkflowTypeName,
  versionedWorker: boolean,
): { versioningBehavior?: VersioningBehavior } {
  return versionedWorker ? { versioningBehavior: VERSIONING[type].behavior } : {};
}

export interface PatchEntry {
  /** The id the workflow code passes to `patched` and later `deprecatePatch`. */
  id: string;
  /** The workflow types whose code calls it. */
  workflows: WorkflowTypeName[];
  why: string;
  /** When the patch was added (YYYY-MM-DD). */
  added: string;
  /** The first release (package.json version) whose build carries the patch. */
  since: string;
  /** active: `patched` with both branches; deprecated: `deprecatePatch`, the old branch gone. */
  stage: 'active' | 'deprecated';
  /** For a deprecated patch: the first release carrying deprecatePatch(id). */
  deprecatedIn?: string;
}

/**
 * The patch register: every patch after 1.0, in the order added. Empty at 1.0,
 * when every pre-1.0 patch was removed. An entry leaves the register with its
 * deprecatePatch() call, one release after it was deprecated.
 */
export const PATCHES: readonly PatchEntry[] = [];
