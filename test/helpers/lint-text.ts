import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * ESLint's Node API with the project's config, in a child process (the config
 * is an ES module). Files that do not exist are seen by the type-aware rules
 * through the project's tsconfig as a default project.
 */
const LINT = `
import { ESLint } from 'eslint';
import { existsSync } from 'node:fs';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const texts = JSON.parse(input);
const eslint = new ESLint({
  overrideConfig: {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: Object.keys(texts).filter((f) => !existsSync(f)), defaultProject: 'tsconfig.json' } },
    },
  },
});
const found = {};
for (const [filePath, code] of Object.entries(texts)) {
  const [result] = await eslint.lintText(code, { filePath });
  found[filePath] = result.messages.map((m) => ({ line: m.line, rule: m.ruleId ?? m.message, message: m.message, severity: m.severity }));
}
console.log(JSON.stringify(found));
`;

export interface Finding {
  line: number;
  rule: string;
  message: string;
  /** 1 a warning, 2 an error. */
  severity: number;
}

/** Lints each text as if it were the file it is keyed by (a path relative to the project's root). */
export function lintTexts(texts: Record<string, string>): Record<string, Finding[]> {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', LINT], {
    cwd: ROOT,
    input: JSON.stringify(texts),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, Finding[]>;
}

/**
 * The size limits alone (max-lines, max-lines-per-function) with the project's config, on every file it lints
 * (`paths`, as `npm run lint` names them) and on `texts` (each as if it were the file it is keyed by). The two
 * rules need no type information, so none is built: the whole tree takes seconds, not minutes.
 */
const SIZES = `
import { ESLint } from 'eslint';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { paths, texts } = JSON.parse(input);
const eslint = new ESLint({
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ruleFilter: ({ ruleId }) => ruleId === 'max-lines' || ruleId === 'max-lines-per-function',
});
const results = paths.length ? await eslint.lintFiles(paths) : [];
for (const [filePath, code] of Object.entries(texts)) results.push(...(await eslint.lintText(code, { filePath })));
const files = results.map((r) => r.filePath);
const findings = results.flatMap((r) =>
  r.messages.map((m) => ({ file: r.filePath, line: m.line, rule: m.ruleId ?? m.message, message: m.message, severity: m.severity })),
);
console.log(JSON.stringify({ files, findings }));
`;

export interface SizeFinding extends Finding {
  /** The file's path relative to the project's root. */
  file: string;
}

/** What the size limits find in the files `paths` names (relative to the project's root) and in `texts`. */
export function sizeLimitFindings(
  paths: string[],
  texts: Record<string, string> = {},
): { files: string[]; findings: SizeFinding[] } {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', SIZES], {
    cwd: ROOT,
    input: JSON.stringify({ paths, texts }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
  const { files, findings } = JSON.parse(run.stdout) as { files: string[]; findings: SizeFinding[] };
  const relative = (file: string) => path.relative(ROOT, file);
  return { files: files.map(relative), findings: findings.map((f) => ({ ...f, file: relative(f.file) })) };
}

/** Lines of code joined, with the final newline a file has. */
export const lines = (...code: string[]) => [...code, ''].join('\n');
