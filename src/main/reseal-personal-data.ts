// `npm run reseal:personal-data`: seals PostgreSQL's personal data again under the current payload key
// (the first of PAYLOAD_KEYS), so that an older key can leave PAYLOAD_KEYS (operators' guide, "Rotating
// keys"). Options: --batch <rows> (default 500); --check counts the values under each key and changes
// nothing. Stopped (Ctrl-C) or killed part-way, it is resumed by running it again; a second run finds
// nothing to do. Exit code 0: every value is under the current key; 2: some name a key PAYLOAD_KEYS does
// not hold (left as they are); 1: failed or stopped. It prints counts and key ids only, never a value.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createDb } from '../db';
import { toolDatabaseUrl } from '../db/tool-database';
import { resealPersonalData, sealedCensus, type ResealProgress, type SealedColumn } from '../missing-person/reseal';
import { failStart, stopAfterBatch } from './lifecycle';
import { toolPayloadKeys, toolVault } from './tool-vault';

const USAGE = 'usage: npm run reseal:personal-data -- [--batch <rows>] [--check]';
const figure = (n: number) => n.toLocaleString('en-US');
const named = (c: SealedColumn) => `${c.table}.${c.column}`;

function report(p: ResealProgress): string {
  const unreadable = Object.entries(p.unreadable).map(([key, n]) => `${figure(n)} under "${key}" not opened`);
  const meanwhile = p.changedMeanwhile
    ? [`${figure(p.changedMeanwhile)} changed meanwhile (left to their writer)`]
    : [];
  return [`${figure(p.found)} under other keys`, `${figure(p.resealed)} re-sealed`, ...meanwhile, ...unreadable].join(
    ', ',
  );
}

async function main() {
  const { values } = parseArgs({ options: { batch: { type: 'string' }, check: { type: 'boolean' } } });
  const batch = values.batch ? Number(values.batch) : undefined;
  if (batch !== undefined && !(Number.isInteger(batch) && batch > 0 && batch <= 10_000)) {
    throw new Error(`--batch must be a whole number of rows between 1 and 10000.\n${USAGE}`);
  }
  const config = loadConfig();
  const keys = toolPayloadKeys(config);
  const vault = toolVault(config);
  const db = createDb(await toolDatabaseUrl(config));
  const stopped = stopAfterBatch();
  try {
    if (!values.check) {
      console.log(`Re-sealing personal data under "${vault.currentKeyId}", the first of PAYLOAD_KEYS.`);
      let shown = performance.now();
      const done = await resealPersonalData(db, vault, {
        batch,
        signal: stopped,
        onBatch: (p) => {
          if (performance.now() - shown < 5_000) return;
          shown = performance.now();
          console.log(`  … ${named(p.column)}: ${report(p)}`);
        },
      });
      for (const p of done) console.log(`  ${named(p.column)}: ${report(p)}`);
      if (stopped.aborted) {
        console.log('Stopped part-way: run the same command again to resume.');
        process.exitCode = 1;
      }
    }
    const census = await sealedCensus(db);
    console.log('Sealed values by key id:');
    for (const { column, byKey } of census) {
      const counts = Object.entries(byKey).map(([key, n]) => `${key} ${figure(n)}`);
      console.log(`  ${named(column)}: ${counts.length ? counts.join(', ') : 'none'}`);
    }
    const others = [...new Set(census.flatMap(({ byKey }) => Object.keys(byKey)))].filter(
      (k) => k !== vault.currentKeyId,
    );
    if (others.length === 0) {
      console.log(`Every sealed value in PostgreSQL opens with "${vault.currentKeyId}" alone.`);
    } else {
      const held = others.filter((k) => keys.some((key) => key.id === k));
      const lost = others.filter((k) => !held.includes(k));
      if (held.length)
        console.log(`Still needed in PAYLOAD_KEYS for PostgreSQL: ${held.map((k) => `"${k}"`).join(', ')}.`);
      if (lost.length) {
        console.log(
          `Not opened: values under ${lost.map((k) => `"${k}"`).join(', ')}, which PAYLOAD_KEYS does not hold; put that key back after the first and run again.`,
        );
        if (!process.exitCode) process.exitCode = 2;
      }
    }
    if (config.searchIndexKeys.length === 0 && keys.length > 1) {
      console.log(
        `SEARCH_INDEX_KEY is not set: names are searched under a key derived from "${keys[keys.length - 1].id}", the last of PAYLOAD_KEYS. ` +
          'Before that key leaves PAYLOAD_KEYS, set SEARCH_INDEX_KEY and run npm run reindex:names, or searches find nothing.',
      );
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch(failStart);
