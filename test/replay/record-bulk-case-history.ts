// Records the history of a remains case opened in bulk (its opening written with its day's batch before it
// starts, `caseId` in its input: no opening activity, no publish) for test/replay/replay.test.ts, encrypted
// with the histories' test key: started by a signed-off day, then a step. It starts its own parts:
// a Temporal dev server on a free port and a fresh database (on TEST_DATABASE_URL's server, default the
// machine's PostgreSQL):
//   npx tsx test/replay/record-bulk-case-history.ts [name]
// (name: the file's, without .json; recorded again under a new name when the case workflow changes).
// It never overwrites a file; commit what it writes and never edit it by hand.
import { randomUUID } from 'node:crypto';
import { type Client } from '@temporalio/client';
import { recordCaseStepUpdate } from '../../workflows/case-messages';
import { caseWorkflowId } from '../../workflows/ids';
import {
  acknowledgeManifestUpdate,
  openDayUpdate,
  recordReceiptUpdate,
  signOffUpdate,
  submitManifestUpdate,
} from '../../workflows/messages';
import type { remainsCase } from '../../workflows/case';
import type { Db } from '../../src/db';
import { actors, RU_UA, UA_RU } from '../helpers/actors';
import { june2025Agreement } from '../helpers/fixtures';
import { scheduleDay, startConfirmedOperation } from '../helpers/workflow';
import { recordOnOwnStack, recordCounts, runRecorder, saveHistory as save } from './recorder';

const NAME = process.argv[2] ?? 'case-opened-in-bulk-encrypted';

/** A day of two bags signed off: its cases open in bulk; the first takes a step. */
async function recordBulkCase(client: Client, db: Db, taskQueue: string): Promise<void> {
  const input = june2025Agreement(`HISTORY-${randomUUID().slice(0, 8)}`);
  const { op } = await startConfirmedOperation(client, taskQueue, input);
  const day = await scheduleDay(client, op, '2025-06-14', 2, 0);
  const tags = ['RU-1', 'RU-2'];
  await day.executeUpdate(submitManifestUpdate, {
    args: [{ direction: RU_UA, lines: tags.map((tag) => ({ tag })), by: actors.ru }],
  });
  await day.executeUpdate(acknowledgeManifestUpdate, { args: [{ direction: RU_UA, version: 1, by: actors.ua }] });
  await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
  await day.executeUpdate(recordReceiptUpdate, { args: [{ direction: RU_UA, tags, by: actors.ua }] });
  await recordCounts(day, RU_UA, 2);
  await recordCounts(day, UA_RU, 0);
  await day.executeUpdate(signOffUpdate, { args: [{ party: 'RU', by: actors.ru }] });
  await day.executeUpdate(signOffUpdate, { args: [{ party: 'UA', by: actors.ua }] });
  await day.result();
  const containers = await db.remainsContainer.findMany({
    where: { handover: { workflowId: day.workflowId } },
    orderBy: { receiverIntakeNumber: 'asc' },
  });
  const cases = containers.map((c) =>
    client.workflow.getHandle<typeof remainsCase>(caseWorkflowId(c.receiverIntakeNumber!)),
  );
  const [first] = cases;
  await first.executeUpdate(recordCaseStepUpdate, { args: [{ step: 'EXAMINED', by: 'ua-forensic-07' }] });
  for (const handle of cases) await handle.terminate('history recorded');
  await op.terminate('history recorded');
  await save(first, NAME);
}

runRecorder(() =>
  recordOnOwnStack(
    'record_bulk_case',
    ({ config, db, client }) => recordBulkCase(client, db, config.temporal.taskQueue),
    {
      // The day's cases start on the cases queue: its worker too.
      workerPair: true,
    },
  ),
);
