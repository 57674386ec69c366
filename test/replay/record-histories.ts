// Records the histories that test/replay/replay.test.ts replays on every run.
// Run it against a running stack (e.g. `npm run dev` in another terminal):
//   DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:54329/repatriation npm run histories:record
// Commit the files it writes; never edit them by hand.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { loadConfig, requireDatabaseUrl } from '../../src/config';
import { createDb } from '../../src/db';
import { createWorker } from '../../src/temporal/worker';
import { operationWorkflowId } from '../../workflows/ids';
import { operationStateQuery } from '../../workflows/messages';
import { repatriationOperation } from '../../workflows/operation';
import { june2025Agreement } from '../helpers/fixtures';

const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');

async function main() {
  const config = loadConfig({ ...process.env, TEMPORAL_TASK_QUEUE: `record-${randomUUID()}` });
  const db = createDb(requireDatabaseUrl(config));
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createWorker({ config, db, connection: nativeConnection });
  const reference = `HISTORY-${randomUUID().slice(0, 8)}`;

  await worker.runUntil(async () => {
    const handle = await client.workflow.start(repatriationOperation, {
      taskQueue: config.temporal.taskQueue,
      workflowId: operationWorkflowId(reference),
      args: [june2025Agreement(reference)],
    });
    while (!(await handle.query(operationStateQuery)).recorded) await new Promise((r) => setTimeout(r, 200));
    // The operation waits for its lifecycle to move on; end it here to close the history.
    await handle.terminate('history recorded for replay tests');
    const history = await handle.fetchHistory();
    const file = path.join(HISTORIES_DIR, 'operation-planned.json');
    writeFileSync(file, historyToJSON(history));
    console.log(`Wrote ${path.relative(process.cwd(), file)} (${history.events?.length} events)`);
  });
  await nativeConnection.close();
  await connection.close();
  await db.$disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
