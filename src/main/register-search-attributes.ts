// Registers the project's search attributes on TEMPORAL_NAMESPACE (idempotent).
// docker-compose runs it once against its Temporal cluster; the dev server gets them at start.
import { Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { registerSearchAttributes } from '../temporal/search-attributes';
import { failStart } from './lifecycle';

async function main() {
  const config = loadConfig();
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const added = await registerSearchAttributes(connection, config.temporal.namespace);
    console.log(added.length ? `Registered: ${added.join(', ')}` : 'All search attributes were already registered.');
  } finally {
    await connection.close();
  }
}

main().catch(failStart);
