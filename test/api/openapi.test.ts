import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import '../../src/api/app'; // each route module declares its routes when imported
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

  it('when the typed client types are generated again, then they equal the committed src/client/api-types.ts', async () => {
    const check = await run(bin('tsx'), ['scripts/openapi.ts', 'types', '--check'], { cwd: ROOT }).then(
      () => 'current',
      (err: { stderr: string }) => err.stderr,
    );
    expect(check).toBe('current');
  }, 120_000);
});
