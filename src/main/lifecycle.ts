import type { Logger } from '../logger';

/**
 * Runs `stop` once on SIGINT or SIGTERM; a second signal exits at once.
 * Entry points use it so Ctrl-C drains work instead of cutting it.
 */
export function onShutdownSignal(logger: Logger, stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop(signal).then(
      () => process.exit(0),
      (err: Error) => {
        logger.error({ err: { message: err.message } }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

/** Prints a configuration or start-up failure plainly and exits non-zero. */
export function failStart(err: unknown): never {
  console.error(`\n${(err as Error).message ?? err}\n`);
  process.exit(1);
}

/**
 * For a batch tool that resumes: the first Ctrl-C (or SIGTERM) stops it after
 * the batch being written, a second one at once. The signal says it was asked.
 */
export function stopAfterBatch(): AbortSignal {
  const stop = new AbortController();
  const stopping = () => {
    if (stop.signal.aborted) process.exit(130);
    console.log('  stopping after the batch being written (Ctrl-C again to stop at once; a re-run resumes either way)');
    stop.abort();
  };
  process.on('SIGINT', stopping);
  process.on('SIGTERM', stopping);
  return stop.signal;
}
