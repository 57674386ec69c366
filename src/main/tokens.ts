// API tokens: `npm run tokens -- create --principal liaison-ua-1 --role PARTY_LIAISON --party UA`,
// `npm run tokens -- revoke <id>`, `npm run tokens -- list`. The token is printed once, at creation.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createDb } from '../db';
import { toolDatabaseUrl } from '../db/tool-database';
import { issueToken, revokeToken } from '../api/tokens';
import { ROLES, type Role } from '../../workflows/shared/domain';
import { failStart } from './lifecycle';

const USAGE = `usage:
  npm run tokens -- create --principal <id> --role <${ROLES.join('|')}> [--party <code>]
  npm run tokens -- revoke <token id>
  npm run tokens -- list`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { principal: { type: 'string' }, role: { type: 'string' }, party: { type: 'string' } },
  });
  const [command, id] = positionals;
  const databaseUrl = await toolDatabaseUrl(loadConfig());
  const db = createDb(databaseUrl);
  try {
    if (command === 'create') {
      const role = values.role as Role;
      if (!values.principal || !ROLES.includes(role)) throw new Error(USAGE);
      const issued = await issueToken(db, {
        principal: values.principal,
        role,
        ...(values.party ? { party: values.party } : {}),
      });
      console.log(`id     ${issued.id}\ntoken  ${issued.token}\n(shown once: only its hash is stored)`);
    } else if (command === 'revoke' && id) {
      console.log((await revokeToken(db, id)) ? `Revoked ${id}.` : `No live token has the id ${id}.`);
    } else if (command === 'list') {
      const rows = await db.apiToken.findMany({ orderBy: { createdAt: 'asc' } });
      for (const r of rows) {
        console.log([r.id, r.principal, r.role, r.party ?? '-', r.revokedAt ? 'revoked' : 'live'].join('  '));
      }
    } else {
      throw new Error(USAGE);
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch(failStart);
