import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * The field app: built into app/dist by scripts/setup.js and served by the API
 * at /app/. Everything it needs is in the bundle: nothing is loaded from
 * elsewhere at run time.
 */

const BASE = '/app/';
const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Emits sw.js: the service worker (./service-worker.js) with the list of every
 * file of this build to precache, and a version that changes with any of them,
 * so a tablet that visited once loads the app offline, and a new build replaces
 * the old cache.
 */
function serviceWorker(): Plugin {
  return {
    name: 'field-app-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).sort();
      const hash = createHash('sha256');
      for (const name of files) {
        const item = bundle[name];
        hash.update(name).update(item.type === 'chunk' ? item.code : item.source);
      }
      const source = readFileSync(`${here}service-worker.js`, 'utf8')
        .replace('= __PRECACHE__;', `= ${JSON.stringify([BASE, ...files.map((f) => BASE + f)])};`)
        .replace('__VERSION__', hash.digest('hex').slice(0, 16));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

/** The icon, at a name that does not change: /favicon.ico answers with it too (src/api/field-app.ts). */
function icon(): Plugin {
  return {
    name: 'field-app-icon',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'favicon.svg', source: readFileSync(`${here}favicon.svg`) });
    },
  };
}

/**
 * Writes every text file of the build compressed beside it (name.br, name.gz), once, at the
 * highest levels: the API serves them to a browser that offers brotli or gzip.
 */
function precompress(): Plugin {
  const TEXT = /\.(html|js|css|svg|json)$/;
  return {
    name: 'field-app-precompress',
    apply: 'build',
    writeBundle({ dir }) {
      const walk = (folder: string): string[] =>
        readdirSync(folder).flatMap((name) => {
          const full = path.join(folder, name);
          return statSync(full).isDirectory() ? walk(full) : [full];
        });
      for (const file of walk(dir!).filter((f) => TEXT.test(f))) {
        const raw = readFileSync(file);
        if (raw.length < 1024) continue;
        writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(raw, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
          }),
        );
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: BASE,
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  plugins: [icon(), serviceWorker(), precompress()],
});
