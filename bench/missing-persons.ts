// `npm run bench:missing`: the 126,000 open missing-person cases of both sides.
// Generates a synthetic register for each party (deterministic seed), imports
// both with `npm run import:missing` (the command itself, as a process of its
// own, while the worker and the API run), then measures what the cases at rest
// cost: worker, API and PostgreSQL memory, and search latency by name and by
// service number through the HTTP API. See docs/benchmarks.md.
//
//   npm run bench:missing                        # 126,000 cases (63,000 a side)
//   npm run bench:missing -- --size 5000         # smaller, same shape
//   npm run bench:missing -- --searches 500 --seed 7
import { readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client as PgClient } from 'pg';
import { createDb } from '../src/db';
import { issueToken } from '../src/api/tokens';
import { MISSING_PERSON_REVIEWS_WORKFLOW_ID } from '../workflows/shared/ids';
import { Api, type Person } from './lib/api';
import { MemorySampler } from './lib/memory';
import { postgresFigures, searchPlans } from './lib/missing-postgres';
import { writeRegister, type RegisterPerson } from './lib/register';
import { fmt, Latencies, loadAverage, machineFacts, mib, summarise, table } from './lib/report';
import { measureOnStack } from './lib/run';
import { openBenchStack, spawnEntry, stopOnSignals, type BenchStack } from './lib/stack';
import { historyFigures } from './lib/temporal';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '126000' },
    seed: { type: 'string', default: '2025' },
    searches: { type: 'string', default: '300' },
    batch: { type: 'string', default: '1000' },
    api: { type: 'string' },
    'worker-pid': { type: 'string' },
    'api-pid': { type: 'string' },
    'log-level': { type: 'string', default: 'warn' },
    'temporal-in-memory': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

const TARGETS = { importSeconds: 600, workerMiB: 1024, searchP99Ms: 100 };
const figure = (n: number) => n.toLocaleString('en-US');
const positive = (name: keyof typeof args) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number`);
  return n;
};

async function main() {
  const size = positive('size');
  const seed = positive('seed');
  const searches = positive('searches');
  const batch = positive('batch');
  const machine = machineFacts();
  console.log(
    `bench:missing — ${figure(size)} missing-person cases (both sides), seed ${seed}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  const stack = await openBenchStack(args, args['log-level']);
  stopOnSignals(stack.stop);
  const memory = new MemorySampler(stack.pids).start();
  const db = new PgClient({ connectionString: stack.databaseUrl });
  await db.connect();
  const result: Record<string, any> = {
    benchmark: 'missing-persons',
    startedAt: new Date().toISOString(),
    options: { size, seed, searches, batch },
    targets: TARGETS,
    machine,
    stack: { owned: stack.owned, ...stack.facts },
    method:
      'Synthetic registers (both parties) imported by the import command (npm run import:missing) as processes of ' +
      'their own while the worker and the API run; then searches by name and by service number through the HTTP ' +
      'API, one at a time, as a tracing officer.',
  };
  await measureOnStack(
    'missing-persons',
    { stack, db, memory },
    result,
    () => run(stack, db, memory, { size, seed, searches, batch }, result),
    printSummary,
  );
}

async function run(
  stack: BenchStack,
  db: PgClient,
  memory: MemorySampler,
  opts: { size: number; seed: number; searches: number; batch: number },
  result: Record<string, any>,
) {
  const dir = stack.workDir ?? os.tmpdir();
  const sides = [
    { party: 'UA' as const, size: Math.ceil(opts.size / 2), seed: opts.seed },
    { party: 'RU' as const, size: Math.floor(opts.size / 2), seed: opts.seed + 1 },
  ];

  // 1. The registers, as the parties would hand them over.
  const people: RegisterPerson[] = [];
  const files: Record<string, string> = {};
  const started = performance.now();
  for (const s of sides) {
    files[s.party] = path.join(dir, `register-${s.party.toLowerCase()}-${s.seed}.csv`);
    people.push(
      ...(await writeRegister(files[s.party], s.party, s.size, s.seed, Math.max(1, Math.floor(s.size / 2000)))),
    );
  }
  result.registers = Object.fromEntries(
    sides.map((s) => [s.party, { rows: s.size, bytes: statSync(files[s.party]).size }]),
  );
  console.log(
    `  registers written in ${((performance.now() - started) / 1000).toFixed(1)} s: ${sides
      .map((s) => `${s.party} ${figure(s.size)} rows (${mib(statSync(files[s.party]).size / 1024)} MiB)`)
      .join(', ')}`,
  );

  // 2. The import command, one party after the other, as a process of its own (its memory measured too).
  await importRegisters(stack, db, sides, files, dir, opts, result);
  result.plans = await searchPlans(db);

  // 3. The cases at rest with the worker running: its memory, and the review scan in place.
  result.reviewScan = await historyFigures(stack.client, MISSING_PERSON_REVIEWS_WORKFLOW_ID);
  const workflowsOpen = await stack.client.workflow.count(`ExecutionStatus = "Running"`).catch(() => undefined);
  result.runningWorkflows = workflowsOpen?.count;

  // 4. Searches through the HTTP API, one at a time, as a tracing officer (sees both sides).
  const { latencies, found, totals } = await searchThroughApi(stack, people, opts);
  memory.sample();
  result.search = {
    byName: latencies.summary((c) => c === 'search.name')['search.name'],
    byNumber: latencies.summary((c) => c === 'search.number')['search.number'],
    baselineMe: latencies.summary((c) => c === 'baseline.me')['baseline.me'],
    byNumberOwnSide: latencies.summary((c) => c === 'search.number.own-side')['search.number.own-side'],
    found,
    matchesPerSearch: summarise(totals),
  };
  result.postgres = await postgresFigures(db);
  result.workerRssMiBAfter = mib(memory.get('worker')?.lastRssKb);
  result.machine.loadAverageAfterSearches = loadAverage();
}

type Side = { party: 'UA' | 'RU'; size: number; seed: number };

/** Each party's register through `npm run import:missing`, in turn, each import a process of its own. */
async function importRegisters(
  stack: BenchStack,
  db: PgClient,
  sides: Side[],
  files: Record<string, string>,
  dir: string,
  opts: { size: number; batch: number },
  result: Record<string, any>,
) {
  const casesBefore = Number((await db.query('SELECT count(*)::int AS n FROM "MissingPersonCase"')).rows[0].n);
  const imports: Record<string, unknown>[] = [];
  const importStarted = performance.now();
  for (const s of sides) {
    const log = path.join(dir, `import-${s.party.toLowerCase()}.log`);
    const started = performance.now();
    const child = spawnEntry('src/main/import-missing.ts', { ...stack.env, LOG_LEVEL: 'warn' }, log, [
      '--party',
      s.party,
      '--batch',
      String(opts.batch),
      files[s.party],
    ]);
    const sampler = new MemorySampler({ import: child.pid }).start(500);
    const ticker = setInterval(() => {
      const lines = readFileSync(log, 'utf8').trim().split('\n');
      console.log(`  ${s.party}: ${lines[lines.length - 1]?.trim()}  (load ${loadAverage().join(' ')})`);
    }, 10_000);
    const [code] = (await once(child, 'exit')) as [number | null];
    clearInterval(ticker);
    sampler.stop();
    const seconds = (performance.now() - started) / 1000;
    const output = readFileSync(log, 'utf8');
    if (code !== 0) throw new Error(`the import of ${s.party}'s register exited with ${code}: see ${log}\n${output}`);
    const figures = {
      party: s.party,
      rows: s.size,
      seconds: Math.round(seconds * 10) / 10,
      rowsPerSecond: Math.round(s.size / seconds),
      importerPeakMiB: mib(sampler.get('import')?.peakKb),
      loadAverageAfter: loadAverage(),
      summary: output
        .split('\n')
        .find((l) => /rows read/.test(l))
        ?.trim(),
    };
    imports.push(figures);
    console.log(
      `  ${s.party} imported: ${figure(s.size)} rows in ${figures.seconds} s (${figure(figures.rowsPerSecond)} rows/s), importer peak ${figures.importerPeakMiB} MiB`,
    );
  }
  const importSeconds = (performance.now() - importStarted) / 1000;
  const cases = Number((await db.query('SELECT count(*)::int AS n FROM "MissingPersonCase"')).rows[0].n) - casesBefore;
  if (cases !== opts.size) throw new Error(`${figure(cases)} cases after the import, not ${figure(opts.size)}`);
  const keys = Number((await db.query('SELECT count(*)::int AS n FROM "MissingPersonSearchKey"')).rows[0].n);
  result.import = {
    seconds: Math.round(importSeconds * 10) / 10,
    rowsPerSecond: Math.round(opts.size / importSeconds),
    cases,
    searchKeys: keys,
    parties: imports,
  };
}

/** Searches by name and by service number, one at a time, as a tracing officer and as UA's liaison. */
async function searchThroughApi(
  stack: BenchStack,
  people: RegisterPerson[],
  opts: { searches: number },
) {
  const dbClient = createDb(stack.databaseUrl);
  const officer: Person = {
    principal: 'bench-tracing',
    token: (await issueToken(dbClient, { principal: 'bench-tracing', role: 'TRACING_OFFICER' })).token,
  };
  // UA's liaison searching UA's cases: the same search without the access log (its own side's data).
  const liaisonUa: Person = {
    principal: 'bench-liaison-ua',
    token: (await issueToken(dbClient, { principal: 'bench-liaison-ua', role: 'PARTY_LIAISON', party: 'UA' })).token,
  };
  await dbClient.$disconnect();
  const latencies = new Latencies();
  const api = new Api(stack.apiUrl, latencies);
  const pick = (i: number) => people[Math.floor((i * people.length) / opts.searches) % people.length];
  const found = { name: 0, number: 0 };
  const totals: number[] = [];
  const search = async (cls: string, query: { name: string } | { serviceNumber: string }, registerId: string) => {
    const answer = await api.call(officer, cls, (c) =>
      c.GET('/api/missing-persons', { params: { query: { ...query, limit: 50 } } }),
    );
    totals.push(answer.total);
    return answer.items.some((i) => i.caseNumber.endsWith(`-${registerId}`)) || answer.total > 50;
  };
  // Warm-up (connections, plans), not counted.
  for (let i = 0; i < 20; i++) await search('warmup', { name: pick(i).name }, pick(i).registerId);
  for (let i = 0; i < opts.searches; i++) {
    const p = pick(i);
    // Every other search by family and given name only, as an officer often knows no more.
    const name = i % 2 === 0 ? p.name : p.name.split(' ').slice(0, 2).join(' ');
    if (await search('search.name', { name }, p.registerId)) found.name++;
    if (await search('search.number', { serviceNumber: p.serviceNumber }, p.registerId)) found.number++;
    // What any authenticated request costs on this machine now: the floor under the searches.
    await api.call(officer, 'baseline.me', (c) => c.GET('/api/me'));
    if (p.registerId.startsWith('UA')) {
      await api.call(liaisonUa, 'search.number.own-side', (c) =>
        c.GET('/api/missing-persons', { params: { query: { serviceNumber: p.serviceNumber, limit: 50 } } }),
      );
    }
  }
  return { latencies, found, totals };
}

function printSummary(result: Record<string, any>) {
  const mem = result.memoryKb ?? {};
  const imp = result.import ?? {};
  const s = result.search ?? {};
  const verdict = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? 'met' : 'MISSED');
  console.log(
    `\nbench:missing — ${figure(result.options.size)} cases, load average at start ${result.machine.loadAverageAtStart?.join(' ')}, at end ${result.machine.loadAverageAtEnd?.join(' ')}`,
  );
  for (const p of imp.parties ?? []) {
    console.log(
      `  import ${p.party}: ${figure(p.rows)} rows in ${p.seconds} s (${figure(p.rowsPerSecond)} rows/s), importer peak ${p.importerPeakMiB} MiB — ${p.summary ?? ''}`,
    );
  }
  console.log(
    '\n' +
      table(
        ['figure', 'measured', 'target', ''],
        [
          [
            'import, both registers',
            imp.seconds === undefined ? '–' : `${imp.seconds} s (${figure(imp.rowsPerSecond)} rows/s)`,
            `≤ ${TARGETS.importSeconds} s`,
            verdict(imp.seconds === undefined ? undefined : imp.seconds <= TARGETS.importSeconds),
          ],
          [
            'worker RSS peak / after',
            `${mib(mem.worker?.peakKb) ?? '–'} / ${result.workerRssMiBAfter ?? '–'} MiB`,
            `≤ ${TARGETS.workerMiB} MiB`,
            verdict(mem.worker?.peakKb === undefined ? undefined : mib(mem.worker.peakKb)! <= TARGETS.workerMiB),
          ],
          ['API RSS peak', `${mib(mem.api?.peakKb) ?? '–'} MiB`, '', ''],
          ['Temporal RSS peak', `${mib(mem.temporal?.peakKb) ?? '–'} MiB`, '', ''],
          [
            'PostgreSQL backends RSS',
            result.postgres
              ? `${result.postgres.backendsRssMiB} MiB (${result.postgres.backends} backends; shared_buffers ${result.postgres.sharedBuffers})`
              : '–',
            '',
            '',
          ],
          ['database size', result.postgres ? `${result.postgres.databaseSizeMiB} MiB` : '–', '', ''],
          [
            'search by name p50 / p95 / p99',
            s.byName ? `${fmt(s.byName.p50)} / ${fmt(s.byName.p95)} / ${fmt(s.byName.p99)} ms` : '–',
            `p99 ≤ ${TARGETS.searchP99Ms} ms`,
            verdict(s.byName ? s.byName.p99 <= TARGETS.searchP99Ms : undefined),
          ],
          [
            'search by number p50 / p95 / p99',
            s.byNumber ? `${fmt(s.byNumber.p50)} / ${fmt(s.byNumber.p95)} / ${fmt(s.byNumber.p99)} ms` : '–',
            `p99 ≤ ${TARGETS.searchP99Ms} ms`,
            verdict(s.byNumber ? s.byNumber.p99 <= TARGETS.searchP99Ms : undefined),
          ],
          [
            "by number, UA's liaison, UA's cases (no access log)",
            s.byNumberOwnSide
              ? `${fmt(s.byNumberOwnSide.p50)} / ${fmt(s.byNumberOwnSide.p95)} / ${fmt(s.byNumberOwnSide.p99)} ms`
              : '–',
            '',
            '',
          ],
          [
            'GET /api/me p50 / p95 / p99 (floor)',
            s.baselineMe ? `${fmt(s.baselineMe.p50)} / ${fmt(s.baselineMe.p95)} / ${fmt(s.baselineMe.p99)} ms` : '–',
            '',
            '',
          ],
        ],
      ),
  );
  if (s.found)
    console.log(
      `  searches that found their person: by name ${s.found.name}, by number ${s.found.number} (of ${s.byName?.count ?? 0} each); matches per search ${JSON.stringify(s.matchesPerSearch)}`,
    );
  if (result.reviewScan)
    console.log(
      `  review scan ${result.reviewScan.workflowId}: ${result.reviewScan.status}; running workflows ${result.runningWorkflows ?? '–'}`,
    );
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
