// `npm run reindex:names`: derives every missing-person case's blind-index entries (name parts, service
// number) again under the current SEARCH_INDEX_KEY (the first), after the name folds or that key change.
// Resumable (Ctrl-C stops after a batch; run it again) and idempotent; searches keep working while it runs
// when the API searches the old key too (SEARCH_INDEX_KEY=new,old: operators' guide, "Rotating keys").
import { loadConfig } from '../config';
import { createDb } from '../db';
import { toolDatabaseUrl } from '../db/tool-database';
import { reindexNameKeys, type ReindexResult } from '../missing-person/name-index';
import { failStart, stopAfterBatch } from './lifecycle';
import { toolVault } from './tool-vault';

const figure = (n: number) => n.toLocaleString('en-US');
const line = (r: ReindexResult) => `${figure(r.cases)} case(s) checked, ${figure(r.changed)} re-derived`;

async function main() {
  const config = loadConfig();
  const vault = toolVault(config);
  const db = createDb(await toolDatabaseUrl(config));
  const stopped = stopAfterBatch();
  try {
    let shown = performance.now();
    const result = await reindexNameKeys(db, vault, {
      signal: stopped,
      onBatch: (r) => {
        if (performance.now() - shown < 5_000) return;
        shown = performance.now();
        console.log(`  … ${line(r)}`);
      },
    });
    console.log(`Search keys: ${line(result)}.`);
    if (result.unreadable) {
      console.log(
        `${figure(result.unreadable)} case(s) could not be opened with PAYLOAD_KEYS and were left as they are.`,
      );
    }
    if (stopped.aborted) {
      console.log('Stopped part-way: run the same command again to finish.');
      process.exitCode = 1;
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch(failStart);
