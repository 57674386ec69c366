// Records the history of a handover day with the intermediary as custodian (patch `day-records-projected`), where each custodian attests its own
// take-over and hand-over (patches `custody-by-custodian` and `custody-hand-overs`), for
// test/replay/replay.test.ts, encrypted with the histories' test key. It starts its own parts: a Temporal dev
// server on a free port and a fresh database (on TEST_DATABASE_URL's server, default the machine's PostgreSQL):
//   npx tsx test/replay/record-custody-history.ts
// It never overwrites a file; commit what it writes and never edit it by hand.
import { randomUUID } from 'node:crypto';
import { type Client } from '@temporalio/client';
import {
  acknowledgeManifestUpdate,
  handOverCustodyUpdate,
  openDayUpdate,
  recordReceiptUpdate,
  signOffUpdate,
  submitManifestUpdate,
  takeOverCustodyUpdate,
} from '../../workflows/messages';
import { actors, RU_UA, UA_RU } from '../helpers/actors';
import { june2025Agreement } from '../helpers/fixtures';
import { scheduleDay, startConfirmedOperation } from '../helpers/workflow';
import { recordOnOwnStack, recordCounts, runRecorder, saveHistory as save } from './recorder';

const NAME = 'handover-day-custodian-projected-encrypted';

/** RU sends two bags through the intermediary: taken over, handed over by RU, then by the intermediary, received. */
async function recordCustodianDay(client: Client, taskQueue: string): Promise<void> {
  const june = june2025Agreement(`HISTORY-${randomUUID().slice(0, 8)}`);
  const input = { ...june, agreement: { ...june.agreement, intermediaryRole: 'CUSTODIAN' as const } };
  const { op } = await startConfirmedOperation(client, taskQueue, input);
  const day = await scheduleDay(client, op, '2025-06-12', 2, 0);
  const tags = ['RU-1', 'RU-2'];
  await day.executeUpdate(submitManifestUpdate, {
    args: [{ direction: RU_UA, lines: tags.map((tag) => ({ tag })), by: actors.ru }],
  });
  await day.executeUpdate(acknowledgeManifestUpdate, { args: [{ direction: RU_UA, version: 1, by: actors.ua }] });
  await day.executeUpdate(openDayUpdate, { args: [{ by: actors.field }] });
  await day.executeUpdate(takeOverCustodyUpdate, { args: [{ direction: RU_UA, tags, by: actors.field }] });
  await day.executeUpdate(handOverCustodyUpdate, { args: [{ direction: RU_UA, tags, by: actors.ru }] });
  await day.executeUpdate(handOverCustodyUpdate, { args: [{ direction: RU_UA, tags, by: actors.field }] });
  await day.executeUpdate(recordReceiptUpdate, { args: [{ direction: RU_UA, tags, by: actors.ua }] });
  await recordCounts(day, RU_UA, 2);
  await recordCounts(day, UA_RU, 0);
  await day.executeUpdate(signOffUpdate, { args: [{ party: 'RU', by: actors.ru }] });
  await day.executeUpdate(signOffUpdate, { args: [{ party: 'UA', by: actors.ua }] });
  await day.result();
  await op.terminate('history recorded');
  await save(day, NAME);
}

runRecorder(() =>
  recordOnOwnStack('record_custody', ({ config, client }) => recordCustodianDay(client, config.temporal.taskQueue)),
);
