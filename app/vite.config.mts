import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

export default defineConfig({
  root: here,
  base: BASE,
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  plugins: [serviceWorker()],
});
