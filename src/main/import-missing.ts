// `npm run import:missing -- --party UA register.csv`: imports a party's register
// of missing persons (CSV; columns in the README, "Importing a party's
// register"). Options: --rejects <file> (default <register>.rejected.csv),
// --batch <rows per transaction> (default 1000). Re-running the same file
// changes nothing; re-running after an interruption resumes after the last
// committed batch. Exit code 0: every row is in; 2: some rows were rejected
// (see the report); 1: the import failed or was interrupted.
// The console names lines and columns only, never a value (personal data).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { toolDatabaseUrl } from '../db/tool-database';
import { importRegister, type ImportProgress } from '../missing-person/register-import';
import { failStart } from './lifecycle';
import { toolVault } from './tool-vault';

const USAGE = 'usage: npm run import:missing -- --party <UA|RU|…> [--rejects <file>] [--batch <rows>] <register.csv>';

const figure = (n: number) => n.toLocaleString('en-US');
const duration = (s: number) => (s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${s.toFixed(1)} s`);

/** A progress bar on a terminal; elsewhere (a log, a pipe) a plain line every 5 seconds. */
function progressView(started: number) {
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  let last: ImportProgress | undefined;
  const line = (p: ImportProgress) => {
    const fraction = p.totalBytes ? p.bytes / p.totalBytes : 1;
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round((p.imported + p.alreadyPresent) / seconds) : 0;
    const eta = fraction > 0.01 ? duration((seconds / fraction) * (1 - fraction)) : '…';
    return {
      fraction,
      text: `${figure(p.rows)} rows, ${figure(p.imported)} new, ${figure(p.rejected)} rejected, ${figure(rate)} rows/s, ${Math.round(fraction * 100)}%, ${eta} left`,
    };
  };
  return {
    update(p: ImportProgress) {
      last = p;
      const now = performance.now();
      if (tty) {
        if (now - lastLine < 100) return;
        const { fraction, text } = line(p);
        const width = 30;
        const done = Math.round(fraction * width);
        process.stderr.write(`\r[${'#'.repeat(done)}${'-'.repeat(width - done)}] ${text}\x1b[K`);
      } else {
        if (now - lastLine < 5_000) return;
        console.log(`  … ${line(p).text}`);
      }
      lastLine = now;
    },
    end() {
      if (tty && last) process.stderr.write('\n');
    },
  };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { party: { type: 'string' }, rejects: { type: 'string' }, batch: { type: 'string' } },
  });
  const [file] = positionals;
  const party = values.party?.toUpperCase();
  if (!file || positionals.length > 1 || !party) throw new Error(USAGE);
  if (!/^[A-Z]{2,3}$/.test(party)) throw new Error('--party must be a party code of 2 or 3 letters, e.g. UA.');
  if (!existsSync(file)) throw new Error(`No file ${file}.`);
  const batchSize = values.batch ? Number(values.batch) : undefined;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0 && batchSize <= 20_000)) {
    throw new Error('--batch must be a whole number of rows between 1 and 20000.');
  }
  const rejectsFile = values.rejects ?? `${file}.rejected.csv`;
  const config = loadConfig();
  const vault = toolVault(config);
  const databaseUrl = await toolDatabaseUrl(config);

  let stopRequested = false;
  const stop = () => {
    if (stopRequested) process.exit(130);
    stopRequested = true;
    console.log(
      '\n  stopping after the batch being written (Ctrl-C again to stop at once; a re-run resumes either way)',
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const started = performance.now();
  const view = progressView(started);
  console.log(`Importing the register of ${party} from ${path.basename(file)}`);
  const summary = await importRegister({
    databaseUrl,
    party,
    file,
    vault,
    rejectsFile,
    ...(batchSize ? { batchSize } : {}),
    onProgress: (p) => view.update(p),
    shouldStop: () => stopRequested,
  }).finally(() => view.end());

  if (summary.finishedBefore) {
    console.log('  this file was imported before, in full: nothing to write (its rows are checked again below)');
  } else if (summary.resumedAfterLine > 0) {
    console.log(
      `  resumed after line ${figure(summary.resumedAfterLine)}: ${figure(summary.committedBefore)} rows were committed by an earlier run`,
    );
  }
  const rate = summary.seconds > 0 ? Math.round((summary.imported + summary.alreadyPresent) / summary.seconds) : 0;
  console.log(
    `  ${figure(summary.rows)} rows read: ${figure(summary.imported)} new case${summary.imported === 1 ? '' : 's'}, ${figure(summary.alreadyPresent)} already present, ${figure(summary.rejected)} rejected — ${duration(summary.seconds)}, ${figure(rate)} rows/s`,
  );
  if (summary.rejected > 0) {
    console.log(`  rejected rows, by column (details in ${rejectsFile}):`);
    for (const [field, lines] of Object.entries(summary.rejectedByField).sort()) {
      const shown = lines.slice(0, 10).join(', ');
      console.log(
        `    ${field}: ${figure(lines.length)} (line${lines.length > 1 ? 's' : ''} ${shown}${lines.length > 10 ? ', …' : ''})`,
      );
    }
  }
  if (!summary.finished) {
    console.log('  interrupted: run the same command again to resume.');
    process.exit(1);
  }
  process.exit(summary.rejected > 0 ? 2 : 0);
}

main().catch(failStart);
