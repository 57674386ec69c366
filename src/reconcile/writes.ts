import type { Db } from '../db';

/**
 * The workflows' record writes, by the name of the activity (or of a day's
 * change) that asks for them; reconcile runs them again from history. Built
 * by activities/reconcile/writers.ts, wired in by the entry point
 * (src/main/reconcile.ts), as the worker wires the activities.
 */
export interface RecordWriters {
  has(name: string): boolean;
  run(name: string, input: unknown): Promise<void>;
}

export type RecordWritersFor = (db: Db) => RecordWriters;
