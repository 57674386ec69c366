import { lintTexts } from '../helpers/lint-text';

/**
 * The workflow rule set of eslint.config.mjs, run by `npm run lint`: code
 * under workflows/ that reaches outside the replayable sandbox is refused,
 * while the same code elsewhere and sound workflow code pass.
 */

/** The rules each text breaks, linted as if it were the file it is keyed by (../helpers/lint-text.ts). */
function rulesBroken(texts: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(lintTexts(texts)).map(([file, findings]) => [file, findings.map((f) => f.rule)]),
  );
}

const OUTSIDE_IMPORTS = [
  "import { readFileSync } from 'node:fs';",
  "import { randomUUID } from 'crypto';",
  "import { PrismaClient } from '@prisma/client';",
  "import { loadConfig } from '../../src/config';",
  'export const x = [readFileSync, randomUUID, PrismaClient, loadConfig];',
  '',
].join('\n');

const CLOCK_AND_PROCESS = [
  'export const at = Date.now();',
  'export const roll = Math.random();',
  'export const today = new Date();',
  'export const env = process.env.X;',
  'setTimeout(() => undefined, 10);',
  '',
].join('\n');

const SOUND = [
  "import { sleep } from '@temporalio/workflow';",
  "import type { Activities } from '../../activities';",
  "import { nowIso, workflowNow } from '../shared/time';",
  'export type Recorder = Activities;',
  'export async function wait(): Promise<string> {',
  '  await sleep(workflowNow() % 1000);',
  '  return nowIso();',
  '}',
  '',
].join('\n');

let broken: Record<string, string[]>;
beforeAll(() => {
  broken = rulesBroken({
    'workflows/handover-day/lint-imports.ts': OUTSIDE_IMPORTS,
    // Beside workflows/index.ts, one level up is already outside workflows/.
    'workflows/lint-imports.ts': OUTSIDE_IMPORTS.replace('../../src/config', '../src/config'),
    'src/lint-imports.ts': OUTSIDE_IMPORTS.replace('../../src/config', './config'),
    'workflows/lint-clock.ts': CLOCK_AND_PROCESS,
    'workflows/handover-day/lint-sound.ts': SOUND,
  });
}, 180_000);

describe('lint rules for workflow code', () => {
  it('when workflow code imports a Node built-in, the database client or src/, then each import is refused', () => {
    for (const file of ['workflows/handover-day/lint-imports.ts', 'workflows/lint-imports.ts']) {
      expect(broken[file]).toEqual(Array(4).fill('@typescript-eslint/no-restricted-imports'));
    }
  });

  it('when code outside workflows/ makes the same imports, then they pass', () => {
    expect(broken['src/lint-imports.ts']).toEqual([]);
  });

  it('when workflow code reads the clock or randomness, waits on a Node timer or reads the process, then it is refused', () => {
    expect([...broken['workflows/lint-clock.ts']].sort()).toEqual([
      'no-restricted-globals',
      'no-restricted-globals',
      'no-restricted-properties',
      'no-restricted-properties',
      'no-restricted-syntax',
    ]);
  });

  it('when workflow code uses the SDK, its own modules and types from elsewhere, then it passes', () => {
    expect(broken['workflows/handover-day/lint-sound.ts']).toEqual([]);
  });
});
