// `npm run reconcile [-- --operation <reference>] [--repair] [--json]`: compares PostgreSQL with
// Temporal for one operation, or every open one, and with --repair writes into PostgreSQL what
// Temporal holds and starts again what PostgreSQL holds without a workflow
// (docs/backup-and-restore.md). Safe to run at any time, twice, or while people report.
import { parseArgs } from 'node:util';
import type { Logger as TemporalLogger, LogLevel, LogMetadata } from '@temporalio/common';
import { createRecordWriters } from '../../activities/reconcile/writers';
import { loadConfig } from '../config';
import { createDb } from '../db';
import { toolDatabaseUrl } from '../db/tool-database';
import { createLogger, type Logger } from '../logger';
import { reconcile } from '../reconcile/reconcile';
import { differs, formatReport, leftOver } from '../reconcile/report';
import { createTemporalClient } from '../temporal/client';
import { failStart } from './lifecycle';

/** What the record writes log (identifiers only), as JSON lines on stderr: stdout is the report. */
function writesLogger(logger: Logger): TemporalLogger {
  const at = (level: LogLevel) => (message: string, meta?: LogMetadata) =>
    logger[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'debug' | 'info' | 'warn' | 'error')](
      meta ?? {},
      message,
    );
  return {
    log: (level, message, meta) => at(level)(message, meta),
    trace: at('TRACE'),
    debug: at('DEBUG'),
    info: at('INFO'),
    warn: at('WARN'),
    error: at('ERROR'),
  };
}

async function main() {
  const { values } = parseArgs({
    options: { operation: { type: 'string' }, repair: { type: 'boolean' }, json: { type: 'boolean' } },
  });
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'reconcile');
  const db = createDb(await toolDatabaseUrl(config));
  const client = await createTemporalClient(config);
  try {
    const report = await reconcile(
      {
        db,
        client,
        writersFor: (txDb) => createRecordWriters(txDb, writesLogger(logger)),
        taskQueue: config.temporal.taskQueue,
        discrepancyTiming: config.discrepancies,
      },
      { reference: values.operation, repair: values.repair ?? false },
    );
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    // 0: all in agreement (or repaired); 2: differences found by a check; 1: a repair left something behind.
    process.exitCode = report.repair ? (leftOver(report) ? 1 : 0) : differs(report) ? 2 : 0;
  } finally {
    await client.connection.close();
    await db.$disconnect();
  }
}

main().catch(failStart);
