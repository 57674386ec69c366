// API tokens, for machines (service accounts); people sign in at the OpenID Provider:
//   npm run tokens -- create --principal ua-registry --role PARTY_LIAISON --party UA \
//     --routes submitManifest,reportReceipts --expires-in '90 days'
//   npm run tokens -- revoke <id>
//   npm run tokens -- list
// The token is printed once, at creation. --routes limits it to those operation ids (GET /api/me always
// answers); without it, every route of its role. It expires after --expires-in (default 90 days, at most 730).
import { parseArgs } from 'node:util';
import { msToNumber, type Duration } from '@temporalio/common';
import { loadConfig } from '../config';
import { createDb } from '../db';
import { toolDatabaseUrl } from '../db/tool-database';
import '../api/app';
import { declaredEndpoints } from '../api/endpoint';
import { issueToken, revokeToken } from '../api/tokens';
import { ROLES, type Role } from '../../workflows/shared/domain';
import { failStart } from './lifecycle';

const USAGE = `usage:
  npm run tokens -- create --principal <id> --role <${ROLES.join('|')}> [--party <code>]
                          [--routes <operationId,...>] [--expires-in <duration, e.g. '90 days'>]
  npm run tokens -- revoke <token id>
  npm run tokens -- list`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      principal: { type: 'string' },
      role: { type: 'string' },
      party: { type: 'string' },
      routes: { type: 'string' },
      'expires-in': { type: 'string' },
    },
  });
  const [command, id] = positionals;
  const databaseUrl = await toolDatabaseUrl(loadConfig());
  const db = createDb(databaseUrl);
  try {
    if (command === 'create') {
      const role = values.role as Role;
      if (!values.principal || !ROLES.includes(role)) throw new Error(USAGE);
      const routes = values.routes
        ?.split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      checkRoutes(routes ?? [], role);
      const issued = await issueToken(db, {
        principal: values.principal,
        role,
        ...(values.party ? { party: values.party } : {}),
        ...(routes?.length ? { routes } : {}),
        ...(values['expires-in'] ? { expiresInMs: msToNumber(values['expires-in'] as Duration) } : {}),
      });
      console.log(
        `id       ${issued.id}\ntoken    ${issued.token}\nexpires  ${issued.expiresAt.toISOString()}\n` +
          `routes   ${issued.routes?.join(', ') ?? `every route of ${role}`}\n(shown once: only its hash is stored)`,
      );
    } else if (command === 'revoke' && id) {
      console.log((await revokeToken(db, id)) ? `Revoked ${id}.` : `No live token has the id ${id}.`);
    } else if (command === 'list') {
      const rows = await db.apiToken.findMany({ orderBy: { createdAt: 'asc' } });
      for (const r of rows) {
        const state = r.revokedAt ? 'revoked' : r.expiresAt <= new Date() ? 'expired' : 'live';
        const routes = r.routes.length ? r.routes.join(',') : 'all-routes';
        console.log(
          [r.id, r.principal, r.role, r.party ?? '-', state, `expires ${r.expiresAt.toISOString()}`, routes].join('  '),
        );
      }
    } else {
      throw new Error(USAGE);
    }
  } finally {
    await db.$disconnect();
  }
}

/** Each route must be one the API declares, open to the token's role. */
function checkRoutes(routes: string[], role: Role): void {
  const declared = declaredEndpoints();
  for (const route of routes) {
    const e = declared.find((d) => d.operationId === route);
    if (!e || e.roles === 'public')
      throw new Error(`${route} is not a route of the API that takes a token (see /openapi.json)`);
    if (!e.roles.includes(role)) throw new Error(`${route} needs the role ${e.roles.join(' or ')}, not ${role}`);
  }
}

main().catch(failStart);
