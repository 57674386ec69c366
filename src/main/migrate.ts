// Applies pending database migrations, then exits. API and worker also do it on start.
import { loadConfig, requireDatabaseUrl } from '../config';
import { migrate } from '../db/migrate';
import { failStart } from './lifecycle';

async function main() {
  const config = loadConfig();
  const applied = await migrate(requireDatabaseUrl(config));
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
}

main().catch(failStart);
