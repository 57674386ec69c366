import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import '../../src/api/app'; // each route module declares its routes when imported
import { IDEMPOTENCY_KEY } from '../../src/api/idempotency';
import { openApiDocument } from '../../src/api/openapi';

/**
 * The OpenAPI document as outside tools take it: Redocly's linter with its
 * recommended rules (redocly.yaml), and the typed client's types generated
 * from it (src/client/api-types.ts), which the demo and the benchmarks use.
 */

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
// No telemetry and no update notice: the linter runs offline.
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

interface Operation {
  parameters: { name: string; example?: unknown }[];
  responses: Record<string, { description: string }>;
}
/** Every operation of the document, with its method and path. */
const operations = () =>
  Object.entries((openApiDocument() as { paths: Record<string, Record<string, Operation>> }).paths).flatMap(
    ([path, ops]) => Object.entries(ops).map(([method, op]) => ({ label: `${method.toUpperCase()} ${path}`, op })),
  );

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'openapi-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the OpenAPI document', () => {
  it('when Redocly lints it with the recommended rules, then it reports 0 errors and 0 warnings', async () => {
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(openApiDocument()));
    const { stdout } = await run(bin('redocly'), ['lint', file, '--format=json'], { cwd: ROOT, env }).catch(
      (err: { stdout: string }) => err,
    );
    const report = JSON.parse(stdout) as { totals: object; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('declares the Idempotency-Key header with the pattern and lengths the API enforces', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { parameters: object[] }>> };
    const header = doc.paths['/api/operations'].post.parameters.find(
      (p) => (p as { name: string }).name === 'Idempotency-Key',
    ) as { schema: { pattern: string; minLength: number; maxLength: number } };
    const key = new RegExp(header.schema.pattern);
    expect({ ...header.schema, pattern: undefined }).toMatchObject({ minLength: 8, maxLength: 128 });
    expect(['abc', 'a'.repeat(129), 'has space!'].filter((k) => key.test(k))).toEqual([]);
    expect(['day-7:ru_1.a', 'a'.repeat(128)].every((k) => key.test(k))).toBe(true);
  });

  it('when a route takes an Idempotency-Key, then it declares the 422 of a key reused, and its example key is a placeholder of its own', () => {
    const keyed = operations().filter(({ op }) => op.parameters.some((p) => p.name === 'Idempotency-Key'));
    expect(keyed.length).toBeGreaterThanOrEqual(41);
    expect(keyed.filter(({ op }) => !op.responses['422']).map(({ label }) => label)).toEqual([]);
    expect(keyed.filter(({ op }) => !/Idempotency-Key reused/.test(op.responses['422'].description))).toEqual([]);
    const examples = keyed.map(({ op }) => op.parameters.find((p) => p.name === 'Idempotency-Key')!.example);
    // One per route, so that generated clients do not share a key; each says it is to be replaced.
    expect(new Set(examples).size).toBe(keyed.length);
    expect(examples.filter((k) => !/^replace-me:/.test(String(k)))).toEqual([]);
    const pattern = new RegExp(IDEMPOTENCY_KEY.source);
    expect(examples.filter((k) => !pattern.test(String(k)))).toEqual([]);
  });

  it('when the typed client types are generated again, then they equal the committed src/client/api-types.ts', async () => {
    const check = await run(bin('tsx'), ['scripts/openapi.ts', 'types', '--check'], { cwd: ROOT }).then(
      () => 'current',
      (err: { stderr: string }) => err.stderr,
    );
    expect(check).toBe('current');
  }, 120_000);
});
