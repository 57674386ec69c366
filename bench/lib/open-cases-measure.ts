// What bench:open-cases measures at each step, with its cases open: the API's
// list latency and PostgreSQL's plans for it, the reminder timers Temporal
// holds, storage; and the tables it prints.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Client as PgClient } from 'pg';
import type { paths } from '../../src/client/api';
import type { Api, People, Person } from './api';
import { fmt, mib, summarise, table, type LatencySummary } from './report';
import type { BenchStack } from './stack';
import { countWorkflows, pendingTimers } from './temporal';

const REMINDER_MS = 30 * 24 * 3600 * 1000; // the case workflow's default reminder period
export const round1 = (n: number) => Math.round(n * 10) / 10;

/** GET /api/cases as people use it, each query `repeats` times one after the other. */
export async function listLatencies(
  api: Api,
  people: People,
  firstOperation: string | undefined,
  total: number,
  repeats: number,
) {
  const deep = Math.max(0, Math.min(total - 50, 10_000));
  type CasesQuery = NonNullable<paths['/api/cases']['get']['parameters']['query']>;
  const queries: Array<[string, Person, CasesQuery]> = [
    ['page 1, no filter (coordinator)', people.coordinator, { limit: 50 }],
    ['status=RECEIVED', people.coordinator, { status: 'RECEIVED', limit: 50 }],
    ['status=IDENTIFIED (none)', people.coordinator, { status: 'IDENTIFIED', limit: 50 }],
    ['party=UA', people.coordinator, { party: 'UA', limit: 50 }],
    ['party=RU&status=RECEIVED', people.coordinator, { party: 'RU', status: 'RECEIVED', limit: 50 }],
    ['operation=<first>', people.coordinator, { operation: firstOperation, limit: 50 }],
    [`offset=${deep}`, people.coordinator, { limit: 50, offset: deep }],
    ['forensic UA, own party', people.forensic.UA, { limit: 50 }],
    ['limit=200', people.observer, { limit: 200 }],
  ];
  const out: Record<string, LatencySummary> = {};
  for (const [name, who, query] of queries) {
    const samples: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const t = performance.now();
      await api.call(who, `list.${name}`, (c) => c.GET('/api/cases', { params: { query } }));
      samples.push(performance.now() - t);
    }
    out[name] = summarise(samples);
  }
  return out;
}

/** The list's SQL (as Prisma sends it, near enough) explained on the data as it is now. */
export async function queryPlans(db: PgClient) {
  const explain = async (sql: string) => {
    const { rows } = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`);
    const plan = rows[0]['QUERY PLAN'][0];
    const nodes: string[] = [];
    const walk = (n: any, depth: number) => {
      nodes.push(
        `${'  '.repeat(depth)}${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''}${n['Sort Method'] ? ` (${n['Sort Method']})` : ''} rows=${n['Actual Rows']}`,
      );
      for (const c of n.Plans ?? []) walk(c, depth + 1);
    };
    walk(plan.Plan, 0);
    return { executionMs: round1(plan['Execution Time']), plan: nodes };
  };
  const page = (where: string) =>
    `SELECT * FROM "RemainsCase" ${where} ORDER BY "createdAt" DESC, "caseNumber" ASC LIMIT 50 OFFSET 0`;
  return {
    pageNoFilter: await explain(page('')),
    pageStatus: await explain(page(`WHERE "status" = 'RECEIVED'`)),
    pagePartyStatus: await explain(page(`WHERE "receivingParty" = 'RU' AND "status" = 'RECEIVED'`)),
    countNoFilter: await explain('SELECT count(*) FROM "RemainsCase"'),
  };
}

/**
 * Reminder timers: every open case that awaits action holds one, due a period
 * after its last progress. Visibility counts the running case workflows; a
 * sample of histories shows the pending timer; the database's lastProgressAt
 * says how the reminders of all cases bunch up.
 */
export async function timerLoad(stack: BenchStack, db: PgClient, sample: number) {
  const client = stack.client;
  const running = await countWorkflows(client, 'WorkflowType = "remainsCase" AND ExecutionStatus = "Running"');
  const receivedRunning = await countWorkflows(
    client,
    'WorkflowType = "remainsCase" AND ExecutionStatus = "Running" AND CaseStatus = "RECEIVED"',
  );
  const { rows: picked } = await db.query(
    `SELECT "caseNumber", "lastProgressAt" FROM "RemainsCase" ORDER BY random() LIMIT $1`,
    [sample],
  );
  let withTimer = 0;
  let timers = 0;
  const driftMs: number[] = [];
  for (const r of picked) {
    const pending = await pendingTimers(client, `case:${r.caseNumber}`).catch(() => []);
    if (pending.length) withTimer += 1;
    timers += pending.length;
    for (const t of pending) driftMs.push(Math.abs(t.dueAt - (new Date(r.lastProgressAt).getTime() + REMINDER_MS)));
  }
  const bunch = async (unit: 'minute' | 'second') =>
    (
      await db.query(
        `SELECT date_trunc('${unit}', "lastProgressAt") AS at, count(*)::int AS n FROM "RemainsCase"
         WHERE "status" NOT IN ('RELEASED','RETURNED_TO_OTHER_PARTY','MERGED','UNIDENTIFIED_RETAINED')
         GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
      )
    ).rows[0];
  const perMinute = await bunch('minute');
  const perSecond = await bunch('second');
  const { rows: span } = await db.query(
    `SELECT min("lastProgressAt") AS first, max("lastProgressAt") AS last, count(*)::int AS n FROM "RemainsCase"
     WHERE "status" NOT IN ('RELEASED','RETURNED_TO_OTHER_PARTY','MERGED','UNIDENTIFIED_RETAINED')`,
  );
  return {
    runningCaseWorkflows: running,
    runningReceived: receivedRunning,
    sampled: picked.length,
    sampledWithPendingTimer: withTimer,
    sampledPendingTimers: timers,
    /** |timer due − (lastProgressAt + 30 days)| over the sample: the database predicts the timers. */
    sampledDueDriftMsMax: driftMs.length ? Math.max(...driftMs) : undefined,
    estimatedPendingTimers:
      picked.length && running !== undefined ? Math.round((running * timers) / picked.length) : undefined,
    remindersDue: {
      inWindowOfS: span[0].first
        ? round1((new Date(span[0].last).getTime() - new Date(span[0].first).getTime()) / 1000)
        : 0,
      total: span[0].n,
      peakPerMinute: perMinute?.n ?? 0,
      peakPerSecond: perSecond?.n ?? 0,
      firstDueAt: span[0].first ? new Date(new Date(span[0].first).getTime() + REMINDER_MS).toISOString() : undefined,
    },
  };
}

export async function storage(stack: BenchStack, db: PgClient) {
  const { rows } = await db.query(
    `SELECT relname AS table, pg_total_relation_size(relid)::bigint AS bytes FROM pg_catalog.pg_statio_user_tables
     ORDER BY 2 DESC LIMIT 6`,
  );
  let temporalSqliteBytes: number | undefined;
  if (stack.workDir) {
    try {
      temporalSqliteBytes = statSync(path.join(stack.workDir, 'temporal.sqlite')).size;
    } catch {
      /* in memory */
    }
  }
  return {
    postgresLargestTablesMiB: Object.fromEntries(rows.map((r) => [r.table, round1(Number(r.bytes) / 2 ** 20)])),
    temporalSqliteMiB: temporalSqliteBytes !== undefined ? round1(temporalSqliteBytes / 2 ** 20) : undefined,
  };
}

export function printStep(s: any) {
  console.log(
    table(
      ['list query (ms)', 'p50', 'p95', 'max'],
      Object.entries(s.listLatencyMs as Record<string, LatencySummary>).map(([q, l]) => [
        q,
        fmt(l.p50),
        fmt(l.p95),
        fmt(l.max),
      ]),
    ),
  );
  const t = s.timers;
  console.log(
    `  timers: ${t.runningCaseWorkflows ?? '?'} running case workflows; ${t.sampledWithPendingTimer}/${t.sampled} sampled hold a reminder timer; ` +
      `reminders due over ${t.remindersDue.inWindowOfS} s, peak ${t.remindersDue.peakPerMinute}/min, ${t.remindersDue.peakPerSecond}/s`,
  );
}

export function printSummary(r: any) {
  if (!r.steps.length) return;
  console.log('\n  Open remains cases');
  console.log(
    table(
      [
        'open cases',
        'time to open (s)',
        'cases/s',
        'slowest report (s)',
        'worker RSS MiB (peak)',
        'API RSS MiB',
        'Temporal RSS MiB',
        'list p50/p95 ms',
        'status filter p50',
        'running case wfs',
        'reminders peak/min',
      ],
      r.steps.map((s: any) => [
        s.opened.toLocaleString('en'),
        fmt(s.timeToOpenS),
        fmt(s.casesPerSecond),
        fmt(s.slowestReportS),
        `${fmt(mib(s.memoryKb.worker?.rssNow), 0)} (${fmt(mib(s.memoryKb.worker?.peakSoFar), 0)})`,
        fmt(mib(s.memoryKb.api?.rssNow), 0),
        fmt(mib(s.memoryKb.temporal?.rssNow), 0),
        `${fmt(s.listLatencyMs['page 1, no filter (coordinator)'].p50)}/${fmt(s.listLatencyMs['page 1, no filter (coordinator)'].p95)}`,
        fmt(s.listLatencyMs['status=RECEIVED'].p50),
        s.timers.runningCaseWorkflows ?? '?',
        s.timers.remindersDue.peakPerMinute,
      ]),
    ),
  );
}
