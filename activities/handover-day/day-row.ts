import type { Db } from '../../src/db';

/** The day's row, by its workflow's id: every record of the day hangs from it. */
export const handoverOf = (db: Db, workflowId: string) => db.handover.findUniqueOrThrow({ where: { workflowId } });
