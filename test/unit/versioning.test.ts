import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as workflows from '../../workflows';
import { PATCHES, VERSIONING, versioningOptions, type PatchEntry } from '../../workflows/shared/versioning';
import { buildRelease, releaseBuildId } from '../../src/temporal/deployment';
import { loadConfig } from '../../src/config';
import { deploymentOptions } from '../../src/temporal/worker';

const WORKFLOWS_DIR = path.resolve(__dirname, '../../workflows');

function sources(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts')
      ? [{ file: path.relative(WORKFLOWS_DIR, full), text: readFileSync(full, 'utf8') }]
      : [];
  });
}

/** Every patched(...) / deprecatePatch(...) call in workflows/, with its argument as written. */
function patchCalls(files: Array<{ file: string; text: string }>) {
  const calls: Array<{ file: string; fn: string; arg: string }> = [];
  for (const { file, text } of files) {
    const code = text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of code.matchAll(/\b(patched|deprecatePatch)\s*\(\s*([^)]*?)\s*\)/g)) {
      calls.push({ file, fn: m[1], arg: m[2] });
    }
  }
  return calls;
}

const literal = (arg: string) => /^(['"`])([^'"`$]+)\1$/.exec(arg)?.[2];

/** The register's faults against the calls found: unregistered ids, unused entries, wrong stage. */
function registerFaults(calls: ReturnType<typeof patchCalls>, register: readonly PatchEntry[]): string[] {
  const faults: string[] = [];
  for (const c of calls) {
    const id = literal(c.arg);
    const entry = id && register.find((p) => p.id === id);
    if (!id) faults.push(`${c.file}: ${c.fn}(${c.arg}) must name its patch with a string literal`);
    else if (!entry) faults.push(`${c.file}: ${c.fn}('${id}') is not in the patch register (workflows/shared/versioning.ts)`);
    else if ((entry.stage === 'active') !== (c.fn === 'patched'))
      faults.push(`${c.file}: ${c.fn}('${id}') but the register says it is ${entry.stage}`);
  }
  const used = new Set(calls.map((c) => literal(c.arg)));
  for (const p of register) if (!used.has(p.id)) faults.push(`register entry '${p.id}' is used nowhere in workflows/`);
  return faults;
}

describe('the patch register', () => {
  it('when workflows/ is read, then every patch id it uses is registered and every registered patch is used', () => {
    expect(registerFaults(patchCalls(sources(WORKFLOWS_DIR)), PATCHES)).toEqual([]);
  });

  it('when a patch is unregistered, named by a variable or no longer used, then the check says so', () => {
    const files = [
      { file: 'a.ts', text: "if (patched('new-rule')) x(); // patched('in-a-comment')\nif (patched(SOME_ID)) y();" },
      { file: 'b.ts', text: "deprecatePatch('still-active');" },
    ];
    const register: PatchEntry[] = [
      {
        id: 'still-active',
        workflows: ['remainsCase'],
        why: 't',
        added: '2026-01-01',
        since: '1.1.0',
        stage: 'active',
      },
      { id: 'gone', workflows: ['remainsCase'], why: 't', added: '2026-01-01', since: '1.1.0', stage: 'active' },
    ];
    expect(registerFaults(patchCalls(files), register)).toEqual([
      "a.ts: patched('new-rule') is not in the patch register (workflows/shared/versioning.ts)",
      'a.ts: patched(SOME_ID) must name its patch with a string literal',
      "b.ts: deprecatePatch('still-active') but the register says it is active",
      "register entry 'gone' is used nowhere in workflows/",
    ]);
  });

  it('when an entry is read, then it names known workflow types, a date and releases', () => {
    for (const p of PATCHES) {
      expect(p.workflows.every((t) => t in VERSIONING)).toBe(true);
      expect(p.added).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(buildRelease(p.since)).toBeDefined();
      if (p.stage === 'deprecated') expect(buildRelease(p.deprecatedIn ?? '')).toBeDefined();
    }
    expect(new Set(PATCHES.map((p) => p.id)).size).toBe(PATCHES.length);
  });
});

describe('versioning behaviour per workflow type', () => {
  const exported = Object.entries(workflows).filter(([, v]) => typeof v === 'function');

  it('when the worker loads workflows/, then every exported workflow declares its behaviour, on versioned workers only', () => {
    expect(exported.map(([name]) => name).sort()).toEqual(Object.keys(VERSIONING).sort());
    for (const [name, fn] of exported) {
      expect(VERSIONING[name as keyof typeof VERSIONING].why.length).toBeGreaterThan(20);
      // A getter, read at the run's first task (workflowInfo() is only there inside a workflow).
      expect({
        name,
        options: typeof (fn as { workflowDefinitionOptions?: unknown }).workflowDefinitionOptions,
      }).toEqual({
        name,
        options: 'function',
      });
    }
    expect(versioningOptions('remainsCase', true)).toEqual({ versioningBehavior: 'AUTO_UPGRADE' });
    expect(versioningOptions('handoverDay', true)).toEqual({ versioningBehavior: 'PINNED' });
    expect(versioningOptions('handoverDay', false)).toEqual({});
  });

  it('when short-lived, then pinned; when living months or years, then auto-upgrading', () => {
    expect(VERSIONING.handoverDay.behavior).toBe('PINNED');
    expect(VERSIONING.discrepancyLife.behavior).toBe('PINNED');
    for (const t of ['repatriationOperation', 'remainsCase', 'missingPersonCase', 'missingPersonReviews'] as const) {
      expect(VERSIONING[t].behavior).toBe('AUTO_UPGRADE');
    }
  });
});

describe("the worker's deployment version", () => {
  it('when nothing is set, then the worker polls as repatriation.<release> and bootstraps an empty deployment only', () => {
    const config = loadConfig({});
    const options = deploymentOptions(config).workerDeploymentOptions!;
    const version = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')).version as string;
    expect(options.useWorkerVersioning).toBe(true);
    expect(options.version.deploymentName).toBe('repatriation');
    expect(options.version.buildId).toBe(releaseBuildId());
    expect(options.version.buildId.startsWith(version)).toBe(true);
    expect(config.worker.deployment?.makeCurrent).toBe('if-none');
  });

  it('when WORKER_BUILD_ID and the deployment name are given, then both workers use them', () => {
    const config = loadConfig({
      WORKER_BUILD_ID: '1.2.0-abc',
      WORKER_DEPLOYMENT_NAME: 'field',
      WORKER_MAKE_CURRENT: 'always',
    });
    expect(deploymentOptions(config).workerDeploymentOptions?.version).toEqual({
      deploymentName: 'field',
      buildId: '1.2.0-abc',
    });
  });

  it('when versioning is off, then the worker runs unversioned', () => {
    expect(deploymentOptions(loadConfig({ WORKER_VERSIONING: 'off' }))).toEqual({});
  });

  it('when the deployment name has a dot, then the settings are refused', () => {
    expect(() => loadConfig({ WORKER_DEPLOYMENT_NAME: 'a.b' })).toThrow(/WORKER_DEPLOYMENT_NAME/);
  });

  it('when a build ID names a release, then its release is read from it', () => {
    expect(buildRelease('1.10.2-3f2a9c1d0b7e')).toEqual([1, 10, 2]);
    expect(buildRelease('hand-made')).toBeUndefined();
  });
});
