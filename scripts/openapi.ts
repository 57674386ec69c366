/**
 * The OpenAPI document and the typed client's types, both from the route declarations.
 *
 *   npm run openapi -- document <file>   write the document (what GET /openapi.json serves)
 *   npm run openapi -- types             regenerate src/client/api-types.ts (commit it)
 *   npm run openapi -- types --check     exit 1 when that file is not what the declarations give
 *
 * The types are committed rather than generated at set-up, so the code that uses
 * them type-checks right after a clone; test/api/openapi.test.ts runs the check.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import '../src/api/app'; // each route module declares its routes when imported
import { openApiDocument } from '../src/api/openapi';

const TYPES = path.join(__dirname, '..', 'src', 'client', 'api-types.ts');
const HEADER = `/**
 * The API's paths, parameters, bodies and answers as TypeScript types,
 * generated from the OpenAPI document by \`npm run openapi -- types\`. Do not edit.
 */
`;

async function types(): Promise<string> {
  const ast = await openapiTS(openApiDocument() as unknown as OpenAPI3);
  const options = (await resolveConfig(TYPES)) ?? {};
  return format(HEADER + astToString(ast), { ...options, parser: 'typescript' });
}

async function main([command, arg]: string[]): Promise<number> {
  if (command === 'document' && arg) {
    writeFileSync(arg, JSON.stringify(openApiDocument(), null, 2) + '\n');
    return 0;
  }
  if (command === 'types') {
    const wanted = await types();
    if (arg === '--check') {
      const current = readFileSync(TYPES, 'utf8');
      if (current === wanted) return 0;
      console.error(`${path.relative(process.cwd(), TYPES)} is out of date: run npm run openapi -- types`);
      return 1;
    }
    writeFileSync(TYPES, wanted);
    return 0;
  }
  console.error('usage: openapi.ts document <file> | types [--check]');
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
