import type { Db } from '../src/db';
import { createRecordActivities } from './records';

export interface ActivityDeps {
  db: Db;
}

/** Every activity the worker registers, built from injected dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createRecordActivities(deps.db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
