import path from 'node:path';
import ts from 'typescript';

/** The entry point each app service of docker-compose.yml runs, from the release build. */
export const ENTRY_POINTS: Record<string, string> = {
  api: 'src/main/api.ts',
  worker: 'src/main/worker.ts',
  migrate: 'src/main/migrate.ts',
  'temporal-search-attributes': 'src/main/register-search-attributes.ts',
  identity: 'src/main/identity-provider.ts',
  'temporal-ui-proxy': 'src/main/ui-proxy.ts',
};

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * What `npm run build` compiles, as TypeScript itself reads tsconfig.build.json
 * (without compiling): each source file, relative to the root, and the
 * JavaScript file it becomes (e.g. src/main/api.ts → dist/src/main/api.js).
 */
export function releaseOutputs(): Map<string, string> {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.build.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('tsconfig.build.json could not be read');
  const outputs = new Map<string, string>();
  for (const file of parsed.fileNames) {
    const js = ts.getOutputFileNames(parsed, file, false).find((out) => out.endsWith('.js'));
    if (js) outputs.set(path.relative(ROOT, file), path.relative(ROOT, js));
  }
  return outputs;
}
