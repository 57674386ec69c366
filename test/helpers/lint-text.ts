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

/** Lines of code joined, with the final newline a file has. */
export const lines = (...code: string[]) => [...code, ''].join('\n');
