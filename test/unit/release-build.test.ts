import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FIELD_APP_DIR } from '../../src/api/field-app';
import { MIGRATIONS_DIR } from '../../src/db/migrate';
import { BUILT_WORKFLOW_BUNDLE, defaultWorkflowBundle } from '../../src/temporal/worker';
import { ENTRY_POINTS, releaseOutputs, ROOT } from '../helpers/release-build';

/**
 * The release build and the image that runs it, checked without building them
 * (`npm run build` takes a minute; there is no Docker engine here): what
 * tsconfig.build.json compiles, what scripts/build.js copies beside it, and the
 * Dockerfile read instruction by instruction, with altered copies to show that
 * each check notices what it is about.
 */

const BUILT = releaseOutputs();
const built = (source: string) => BUILT.get(source);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RUNTIME_FILES } = require('../../scripts/build.js') as { RUNTIME_FILES: string[] };

/** Every command-line entry point an operator runs from the image. */
const OPERATOR_TOOLS = [
  'tokens',
  'recipients',
  'import-missing',
  'reindex-names',
  'reseal-personal-data',
  'migrate',
  'register-search-attributes',
  'reconcile',
].map((name) => `src/main/${name}.ts`);

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  name?: string;
  instructions: Instruction[];
}

/** The Dockerfile's stages, each a list of instructions (continuation lines joined, comments dropped). */
function stages(dockerfile: string): Stage[] {
  const joined = dockerfile.replace(/\\\n/g, ' ');
  const result: Stage[] = [];
  for (const line of joined.split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue;
    const [keyword, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') result.push({ name: /\sAS\s+(\S+)/i.exec(line)?.[1], instructions: [] });
    result.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return result;
}

const args = (stage: Stage | undefined, keyword: string) =>
  (stage?.instructions ?? []).filter((i) => i.keyword === keyword).map((i) => i.args);

/** What is wrong with a Dockerfile's release build and runtime stage; empty when nothing is. */
function dockerfileProblems(dockerfile: string): string[] {
  const all = stages(dockerfile);
  const runtime = all.at(-1);
  const problems: string[] = [];
  const builder = all.slice(0, -1).find((s) => args(s, 'RUN').some((run) => /\bnpm run build\b/.test(run)));
  if (!builder?.name) problems.push('no named stage runs `npm run build`');
  else if (!args(builder, 'RUN').some((run) => /\bnpm ci\b/.test(run) && !/--omit=dev/.test(run))) {
    problems.push(`stage ${builder.name} builds without the development dependencies (npm ci)`);
  }
  const copies = args(runtime, 'COPY');
  if (!copies.some((c) => builder?.name && c.includes(`--from=${builder.name}`) && /\/dist\s+\S*dist\/?$/.test(c))) {
    problems.push('the runtime stage does not copy dist/ from the build stage');
  }
  for (const c of copies.filter((c) => !c.startsWith('--from='))) {
    if (!/^package\.json package-lock\.json \.\/?$/.test(c))
      problems.push(`the runtime stage copies sources: COPY ${c}`);
  }
  if (!args(runtime, 'RUN').some((run) => /\bnpm ci\b.*--omit=dev/.test(run))) {
    problems.push('the runtime stage does not install production dependencies only (npm ci --omit=dev)');
  }
  const user = args(runtime, 'USER').at(-1);
  if (!user || /^(root|0)(:|$)/.test(user)) problems.push(`the runtime stage runs as ${user ?? 'root (no USER)'}`);
  const cmd = args(runtime, 'CMD').at(-1);
  let command: unknown;
  try {
    command = JSON.parse(cmd ?? '');
  } catch {
    command = undefined;
  }
  const [runner, file, ...rest] = Array.isArray(command) ? (command as string[]) : [];
  if (runner !== 'node' || rest.length) problems.push(`CMD ${cmd} is not ["node", <file of the build>]`);
  else if (file !== built(ENTRY_POINTS.api))
    problems.push(`CMD runs ${file}, not the API's ${built(ENTRY_POINTS.api)}`);
  if ((runtime?.instructions ?? []).some((i) => /\btsx\b/.test(i.args))) problems.push('the runtime stage uses tsx');
  return problems;
}

describe('release build', () => {
  it('when built, then every entry point of the image and compose is compiled into dist/ in the repository layout', () => {
    for (const source of [...Object.values(ENTRY_POINTS), ...OPERATOR_TOOLS]) {
      expect([source, built(source)]).toEqual([source, `dist/${source.replace(/\.ts$/, '.js')}`]);
    }
  });

  it('when built, then tests, benchmarks and scripts stay out of it', () => {
    expect([...BUILT.keys()].filter((source) => !/^(src|workflows|activities)\//.test(source))).toEqual([]);
    expect([...BUILT.keys()].filter((source) => source.endsWith('.test.ts'))).toEqual([]);
  });

  it('when started from the build, then npm start:api and start:worker run it with plain node', () => {
    const { scripts, dependencies } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect([scripts['start:api'], scripts['start:worker']]).toEqual([
      `node ${built(ENTRY_POINTS.api)}`,
      `node ${built(ENTRY_POINTS.worker)}`,
    ]);
    expect(Object.keys(dependencies)).not.toContain('tsx');
  });

  it('when the code reads files beside itself (field app, migrations), then the build copies them there', () => {
    for (const dir of [FIELD_APP_DIR, MIGRATIONS_DIR]) expect(RUNTIME_FILES).toContain(path.relative(ROOT, dir));
  });

  it('when a build has no workflow bundle, then the worker refuses to start and says how to make one', async () => {
    // From source the build's bundle would sit at the root, where nothing writes it.
    expect(existsSync(BUILT_WORKFLOW_BUNDLE)).toBe(false);
    await expect(defaultWorkflowBundle(true)).rejects.toThrow(/no workflow bundle at .*npm run build/);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

  it('when the image is built, then it builds the release and runs it with node as a non-root user', () => {
    expect(dockerfileProblems(dockerfile)).toEqual([]);
  });

  const swap = (from: RegExp, to: string) => (text: string) => {
    if (!from.test(text)) throw new Error(`the Dockerfile no longer has ${from}`);
    return text.replace(from, to);
  };
  it.each<[string, RegExp, (text: string) => string]>([
    ['the build stage is gone', /no named stage runs `npm run build`/, swap(/^(RUN .*)npm run build/m, '$1true')],
    [
      'the build lacks dev dependencies',
      /builds without the development/,
      swap(/npm ci --ignore/, 'npm ci --omit=dev --ignore'),
    ],
    ['dist is not copied', /does not copy dist/, swap(/COPY --from=build .*\n/, '')],
    ['the sources are copied in', /copies sources: COPY \. \./, swap(/(COPY --from=build .*\n)/, '$1COPY . .\n')],
    ['dev dependencies reach the image', /production dependencies only/, swap(/ --omit=dev/, '')],
    ['no USER is set', /runs as root \(no USER\)/, swap(/USER node\n/, '')],
    ['it runs as root', /runs as root$/m, swap(/USER node/, 'USER root')],
    ['CMD runs tsx', /CMD .* is not \["node"/, swap(/CMD .*/, 'CMD ["tsx", "src/main/api.ts"]')],
    ['CMD runs a file the build lacks', /CMD runs dist\/api\.js/, swap(/CMD .*/, 'CMD ["node", "dist/api.js"]')],
    ['CMD goes through npm', /is not \["node"/, swap(/CMD .*/, 'CMD ["npm", "run", "start:api"]')],
  ])('when %s, then the check reports it', (_what, expected, mutate) => {
    expect(dockerfileProblems(mutate(dockerfile)).join('\n')).toMatch(expected);
  });
});
