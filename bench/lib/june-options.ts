// bench:june's command line: each option with the one line `--help` prints,
// and the checked values the benchmark runs with.
import { parseArgs } from 'node:util';

type Option = { type: 'string' | 'boolean'; default?: string | boolean; short?: string; help: string };

export const JUNE_OPTIONS = {
  scale: { type: 'string', default: '1', help: "share of June's containers, in (0, 1]; 1 is the reference size" },
  reporters: {
    type: 'string',
    default: '3,20',
    help: 'liaisons reporting receipts at once per receiving side, a list: the operation is driven once per count',
  },
  rounds: {
    type: 'string',
    default: '1',
    help: "times each reporter count's operation is driven, each followed by its work raw in the service's order",
  },
  workers: {
    type: 'string',
    default: '1',
    help: 'worker processes of the own stack, all on the same task queues (not with --api)',
  },
  'receipt-batch': {
    type: 'string',
    help: 'tags per receipt request (default 50 × scale, at least 1: a day has as many receipts as at full size)',
  },
  field: {
    type: 'string',
    default: '3',
    help: "the intermediary's field staff (one opens the day, the others spot-check)",
  },
  'spot-check-rate': { type: 'string', default: '0.01', help: 'share of containers spot-checked while receipts go on' },
  'read-every': {
    type: 'string',
    default: '2000',
    help: 'ms between the observer’s reads of the operation and the day',
  },
  'cases-timeout': { type: 'string', default: '60', help: 'minutes to wait for every case to open before failing' },
  'no-baseline': { type: 'boolean', default: false, help: 'skip the raw Temporal baseline (no ratios)' },
  isolate: {
    type: 'string',
    default: '100',
    help: 'receipts of each kind sent one at a time, after the runs, to show where a report’s time goes (0: none)',
  },
  api: { type: 'string', help: 'attach to a running stack at this URL instead of starting one' },
  'worker-pid': { type: 'string', help: 'with --api: pid(s) of its worker(s), comma-separated, to measure memory' },
  'api-pid': { type: 'string', help: 'with --api: pid of its API, to measure memory' },
  reference: {
    type: 'string',
    help: 'operation reference (with several reporter counts or rounds, -R<count>[-<round>] is appended)',
  },
  'log-level': { type: 'string', default: 'info', help: 'log level of the own stack’s worker(s) and API' },
  'temporal-in-memory': { type: 'boolean', default: false, help: 'dev server in memory instead of a SQLite file' },
  keep: { type: 'boolean', default: false, help: 'keep the own stack’s work folder (logs) afterwards' },
  help: { type: 'boolean', short: 'h', default: false, help: 'print this and exit' },
} satisfies Record<string, Option>;

export function juneHelp(): string {
  const rows = Object.entries(JUNE_OPTIONS as Record<string, Option>).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ' <v>' : ''}`;
    const dflt = typeof o.default === 'string' ? ` (default ${o.default})` : '';
    return `  ${flag.padEnd(30)} ${o.help}${dflt}`;
  });
  return [
    'npm run bench:june [-- options]: the June 2025 operation through the HTTP API, once per reporter count,',
    'then the raw Temporal baseline on the same server. See docs/benchmarks.md.',
    '',
    ...rows,
    '',
    'e.g.  npm run bench:june -- --scale 0.1 --workers 2',
    '      npm run bench:june -- --reporters 3 --no-baseline',
    '      npm run bench:june -- --reporters 3 --rounds 3 --isolate 0',
  ].join('\n');
}

/** What openBenchStack takes from the command line. */
export function stackArgs(raw: Record<string, string | boolean | undefined>) {
  const str = (name: string) => (typeof raw[name] === 'string' ? raw[name] : undefined);
  return {
    api: str('api'),
    'worker-pid': str('worker-pid'),
    'api-pid': str('api-pid'),
    workers: str('workers'),
    keep: raw.keep === true,
    'temporal-in-memory': raw['temporal-in-memory'] === true,
  };
}

export interface JuneOptions {
  scale: number;
  reporterCounts: number[];
  /** Operations driven per reporter count, each followed by its raw in-order replay; ratios over them. */
  rounds: number;
  workers: number;
  receiptBatch: number;
  field: number;
  spotCheckRate: number;
  readEveryMs: number;
  casesTimeoutMin: number;
  baseline: boolean;
  /** Receipts of each kind one at a time (through the API, without its key, straight to the workflow); 0: none. */
  isolate: number;
  logLevel: string;
}

const parse = (argv: string[]) =>
  parseArgs({
    args: argv,
    options: Object.fromEntries(
      Object.entries(JUNE_OPTIONS as Record<string, Option>).map(([name, o]) => [
        name,
        {
          type: o.type,
          ...(o.short ? { short: o.short } : {}),
          ...(o.default !== undefined ? { default: o.default } : {}),
        },
      ]),
    ),
  }).values as Record<string, string | boolean | undefined> & { help: boolean };

/** The raw values (for the stack: --api, --workers, --keep…) and the checked options. */
export function parseJuneArgs(argv: string[]): { raw: ReturnType<typeof parse>; options: JuneOptions } {
  const raw = parse(argv);
  const num = (name: string) => {
    const n = Number(raw[name]);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number`);
    return n;
  };
  const whole = (name: string, text: string, least = 1) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < least)
      throw new Error(`--${name}: ${JSON.stringify(text)} is not a whole number ≥ ${least}`);
    return n;
  };
  const scale = num('scale');
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be in (0, 1]');
  const reporterCounts = String(raw.reporters)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => whole('reporters', s));
  if (reporterCounts.length === 0) throw new Error('--reporters needs at least one count');
  const receiptBatch =
    raw['receipt-batch'] !== undefined
      ? whole('receipt-batch', String(raw['receipt-batch']))
      : Math.max(1, Math.round(50 * scale));
  return {
    raw,
    options: {
      scale,
      reporterCounts,
      rounds: whole('rounds', String(raw.rounds)),
      workers: whole('workers', String(raw.workers)),
      receiptBatch,
      field: Math.max(2, num('field')),
      spotCheckRate: num('spot-check-rate'),
      readEveryMs: num('read-every'),
      casesTimeoutMin: num('cases-timeout'),
      baseline: !raw['no-baseline'],
      isolate: whole('isolate', String(raw.isolate), 0),
      logLevel: String(raw['log-level']),
    },
  };
}
