// `npm run bench:case-start-cost`: what the Temporal server itself spends on
// opening one remains case, against a bare workflow start, measured as the
// server process's own CPU time (utime + stime from /proc), not as a rate: the
// dev server's rate of starts swings by tens of per cent from run to run, its
// CPU per start hardly at all. Each variant starts a batch of case-like
// workflows (50 at once, as a day opens its cases) on a dev server of its own
// and waits for the last one's first task; the variants take turns, round
// after round, on the same server. See docs/benchmarks.md.
//
//   npm run bench:case-start-cost                      # 500 per batch, 3 rounds
//   npm run bench:case-start-cost -- --batch 1000 --rounds 5
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { freePort } from '../src/processes';
import { startDevServer } from '../src/temporal/dev-server';
import { findTemporalCli } from '../src/tools';
import { SearchAttr } from '../workflows/shared/search-attributes';
import { fmt, machineFacts, spread, spreadText, table, writeResults } from './lib/report';
import { startBenchWorker } from './lib/baseline';
import { stopChild } from './lib/stack';

const { values: args } = parseArgs({
  options: {
    batch: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
});

/** What a start carries; the first task of either only sets its timer, as a case's does (no patch). */
interface Variant {
  name: string;
  /** A case's start extras: its two search attributes, its memo and an input of a case's size. */
  extras: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'bare start (bench:june raw baseline)', extras: false },
  { name: "a case (bare start with a case's extras)", extras: true },
];
/** A case's input is about 1.8 KB once encrypted. */
const CASE_INPUT = { sealed: randomBytes(1_350).toString('base64') };
/** History events of a first task done: started, task scheduled/started/completed, timer. */
const EVENTS_AFTER_FIRST_TASK = 5;

/** CPU milliseconds a process has used (user + system). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function main() {
  const batch = Number(args.batch);
  const rounds = Number(args.rounds);
  if (!Number.isInteger(batch) || batch < 50 || !Number.isInteger(rounds) || rounds < 1)
    throw new Error('--batch must be a whole number ≥ 50 and --rounds ≥ 1');
  const workDir = mkdtempSync(path.join(tmpdir(), 'repatriation-bench-start-'));
  console.log(`bench:case-start-cost: ${VARIANTS.length} variants × ${rounds} rounds, ${batch} starts each`);
  const server = await startDevServer({
    cli: findTemporalCli(process.env.TEMPORAL_CLI),
    port: await freePort(),
    namespace: 'default',
    dbFile: path.join(workDir, 'temporal.sqlite'),
  });
  const pid = server.process.pid!;
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const taskQueue = 'bench-case-start';
  const worker = await startBenchWorker(client, {
    address: server.address,
    namespace: 'default',
    taskQueue,
    logFile: path.join(workDir, 'worker.log'),
  });
  try {
    // The server's own idle use, taken off each batch's CPU.
    const idleFrom = cpuMs(pid);
    await sleep(10_000);
    const idlePerMs = (cpuMs(pid) - idleFrom) / 10_000;
    console.log(`  server idle: ${fmt(idlePerMs * 100)} % of a core`);

    const samples = new Map<string, Array<{ cpuMsPerStart: number; perSecond: number }>>();
    for (let round = 1; round <= rounds; round++) {
      for (const v of VARIANTS) {
        const cpuFrom = cpuMs(pid);
        const t0 = performance.now();
        let last = '';
        for (let start = 0; start < batch; start += 50) {
          await Promise.all(
            Array.from({ length: Math.min(50, batch - start) }, (_, i) => {
              const workflowId = `start-${v.extras}-${round}-${start + i}`;
              last = workflowId;
              return client.workflow.start('patchedCase', {
                taskQueue,
                workflowId,
                args: v.extras ? ['30 days', 0, CASE_INPUT] : ['30 days', 0],
                ...(v.extras && {
                  typedSearchAttributes: [
                    { key: SearchAttr.OperationReference, value: 'BENCH-START' },
                    { key: SearchAttr.CaseStatus, value: 'RECEIVED' },
                  ],
                  memo: { operationReference: 'BENCH-START', caseStep: 'RECEIVED' },
                }),
              });
            }),
          );
        }
        while ((await client.workflow.getHandle(last).describe()).historyLength < EVENTS_AFTER_FIRST_TASK)
          await sleep(50);
        const wallMs = performance.now() - t0;
        // Visibility writes trail the first tasks: give them the time to land.
        await sleep(3_000);
        const cpu = cpuMs(pid) - cpuFrom - idlePerMs * (performance.now() - t0);
        const sample = { cpuMsPerStart: cpu / batch, perSecond: batch / (wallMs / 1000) };
        samples.set(v.name, [...(samples.get(v.name) ?? []), sample]);
        console.log(
          `  round ${round}: ${v.name}: ${fmt(sample.cpuMsPerStart, 2)} ms of server CPU per start, ${fmt(sample.perSecond)} opened/s`,
        );
      }
    }

    const bare = spread(samples.get(VARIANTS[0].name)!.map((s) => s.cpuMsPerStart)).median;
    const rows = VARIANTS.map((v) => {
      const cpu = spread(samples.get(v.name)!.map((s) => s.cpuMsPerStart));
      return {
        variant: v.name,
        extras: v.extras,
        serverCpuMsPerStart: cpu,
        againstBare: cpu.median / bare,
        openedPerSecond: spread(samples.get(v.name)!.map((s) => s.perSecond)).median,
      };
    });
    console.log(`\n  Server CPU per start, median of ${rounds} rounds (lowest–highest)`);
    console.log(
      table(
        ['variant', 'server CPU ms / start', 'against bare', 'opened/s (median)'],
        rows.map((r) => [
          r.variant,
          spreadText(r.serverCpuMsPerStart),
          fmt(r.againstBare, 2),
          fmt(r.openedPerSecond),
        ]),
      ),
    );
    const file = writeResults('case-start-cost', {
      benchmark: 'case-start-cost',
      machine: machineFacts(),
      batch,
      rounds,
      serverIdleShareOfCore: idlePerMs,
      variants: rows,
    });
    console.log(`\n  results: ${file}`);
  } finally {
    await stopChild(worker);
    await connection.close();
    await server.stop();
    if (!args.keep) rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`\nbench:case-start-cost failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
