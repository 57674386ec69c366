// Derives every missing-person case's name keys (the blind index) again:
// `npm run reindex:names`, after the name folds or SEARCH_INDEX_KEY change.
// Resumable and idempotent; searches keep working while it runs.
import { loadConfig, requirePayloadKeys } from '../config';
import { createDb } from '../db';
import { toolDatabaseUrl } from '../db/tool-database';
import { reindexNameKeys } from '../missing-person/name-index';
import { personalDataVault } from '../missing-person/personal-data';
import { failStart } from './lifecycle';

async function main() {
  const config = loadConfig();
  const db = createDb(await toolDatabaseUrl(config));
  try {
    const { cases, changed, unreadable } = await reindexNameKeys(db, personalDataVault(requirePayloadKeys(config), config.searchIndexKey));
    console.log(`Name keys checked for ${cases} case(s); ${changed} re-derived.`);
    if (unreadable) console.log(`${unreadable} case(s) could not be opened with PAYLOAD_KEYS and were left as they are.`);
  } finally {
    await db.$disconnect();
  }
}

main().catch(failStart);
