import type { Client as PgClient } from 'pg';
import type { MemorySampler } from './memory';
import { loadAverage, writeResults } from './report';
import type { BenchStack } from './stack';

/**
 * A benchmark's measurement on its stack, however it ends: the memory
 * sampled meanwhile and the load at the end go into the result, which is
 * printed and written (with the error, if it stopped: the stack's files are
 * then kept), the connection closed and the stack stopped. Exits 1 if it stopped.
 */
export async function measureOnStack(
  name: string,
  on: { stack: BenchStack; db: PgClient; memory: MemorySampler },
  result: Record<string, any>,
  measure: () => Promise<void>,
  printSummary: (result: Record<string, any>) => void,
): Promise<void> {
  const { stack, db, memory } = on;
  try {
    await measure();
  } catch (err) {
    result.error = (err as Error).message;
    console.error(`\n  stopped: ${(err as Error).message}`);
    if (stack.workDir) stack.keepFiles();
  } finally {
    memory.stop();
    result.memoryKb = memory.all();
    result.machine.loadAverageAtEnd = loadAverage();
    await db.end().catch(() => undefined);
    printSummary(result);
    const file = writeResults(name, result);
    console.log(`\n  results: ${file}\n           bench/results/latest-${name}.json`);
    await stack.stop();
  }
  if (result.error) process.exit(1);
}
