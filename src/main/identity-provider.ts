// The embedded OpenID Provider as a service of its own (the compose stack's `identity`; `npm run dev` runs
// it in its own process instead): `node dist/src/main/identity-provider.js`. Its people and keys live in
// DATA_DIR/identity; the first start creates the demonstration people and prints their passwords once.
import { loadConfig } from '../config';
import { createDemoPeopleOnce, peopleFilePath } from '../identity/people';
import { startIdentityProvider } from '../identity/provider';
import { createLogger } from '../logger';
import { failStart, onShutdownSignal } from './lifecycle';
import { passwordLines } from './identity';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'identity');
  const created = await createDemoPeopleOnce(peopleFilePath(config.identity.dataDir));
  const provider = await startIdentityProvider(config.identity, logger);
  logger.info({ issuer: provider.issuer }, 'identity provider listening');
  if (created.length) console.log(passwordLines(provider.issuer, created).join('\n'));
  onShutdownSignal(logger, () => provider.stop());
}

if (require.main === module) main().catch(failStart);
