import { declaredEndpoints, type Endpoint } from '../../src/api/endpoint';
import {
  EVERYONE,
  PEOPLE,
  createOperation,
  expectProblem,
  settledSnapshot,
  snapshot,
  useApiWorld,
  type Who,
} from './support';

/**
 * Who may call what, for every declared route and every kind of token, from
 * one table built from the route declarations themselves: a route added with
 * `endpoint(...)` is covered here without a line of this file changing. Each
 * role is tried twice: with a person's access token from the OpenID Provider
 * and with a machine's API token (a service account) of the same role.
 */

const w = useApiWorld();

// Importing ./support built the app, so every route has declared itself.
const GUARDED = declaredEndpoints().filter((e) => e.roles !== 'public');
const label = (e: Endpoint) => `${e.method.toUpperCase()} ${e.path}`;

/** Path parameters that are well formed but name nothing (no such operation, case or day). */
const NOTHING: Record<string, string> = {
  reference: 'NOBODY-OP-1',
  date: '2025-06-07',
  caseNumber: 'PM-NOBODY-1',
  from: 'RU',
  to: 'UA',
  version: '1',
};
const pathOf = (e: Endpoint, values: Record<string, string>) =>
  e.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? NOTHING[name] ?? 'x'));
type Kind = 'person' | 'machine';
const KINDS: Kind[] = ['person', 'machine'];
const call = (e: Endpoint, who: Who, path: string, kind: Kind) => {
  const as = kind === 'person' ? w : w.machine;
  return e.method === 'get' ? as.get(who, path) : as.post(who, path, {});
};

/**
 * What a token of an allowed role gets when the route names nothing: the scope's 404, else the empty body's 400, else
 * the list.
 */
function allowedAnswer(e: Endpoint): string {
  if (/\{(reference|caseNumber)\}/.test(e.path)) return '404';
  return e.method === 'post' ? '400' : '200';
}

describe('every role against every route, from the declarations', () => {
  it('declares every route under /api with roles, and lets an OPERATOR token into none that holds party data', () => {
    expect(GUARDED.length).toBeGreaterThan(20);
    for (const e of GUARDED) {
      expect(`${label(e)}: ${e.path.startsWith('/api/')}`).toBe(`${label(e)}: true`);
      // OPERATOR tokens are for the codec server; at most they learn who they are (GET /api/me).
      if (e.party !== 'none' || e.method !== 'get')
        expect({ route: label(e), roles: e.roles }).not.toEqual({
          route: label(e),
          roles: expect.arrayContaining(['OPERATOR']),
        });
    }
  });

  const table = GUARDED.flatMap((e) =>
    EVERYONE.flatMap((who) => KINDS.map((kind) => [label(e), who, kind, e] as const)),
  );
  it.each(table)(
    "when %s is called with the %s's token (%s), then its role decides before anything is looked up",
    async (_l, who, kind, e) => {
      const res = await call(e, who, pathOf(e, {}), kind);
      if ((e.roles as readonly string[]).includes(PEOPLE[who].role)) {
        expect(`${res.status} ${res.body.detail ?? ''}`).toMatch(new RegExp(`^${allowedAnswer(e)} `));
      } else {
        expectProblem(res, 403);
        expect(res.body.detail).toBe(
          `This action needs the role ${(e.roles as readonly string[]).join(' or ')}; your token has ${PEOPLE[who].role}.`,
        );
      }
    },
  );

  it('when /openapi.json is read, then each route names the same roles and party scope as its guard, and answers 401 and 403', async () => {
    const doc = (await w.get('coordinator', '/openapi.json').expect(200)).body;
    for (const e of declaredEndpoints()) {
      const op = doc.paths[e.path][e.method];
      expect({ route: label(e), operationId: op.operationId }).toEqual({ route: label(e), operationId: e.operationId });
      if (e.roles === 'public') {
        expect(op.security).toEqual([]);
        continue;
      }
      expect({ route: label(e), roles: op['x-roles'], scope: op['x-party-scope'] }).toEqual({
        route: label(e),
        roles: e.roles,
        scope: e.party,
      });
      expect(op.description).toContain(`Roles: ${e.roles.join(', ')}.`);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });
});

describe("a party's token outside the operation, on every route scoped to an operation", () => {
  const SCOPED = GUARDED.filter((e) => e.party === 'operation' && e.roles.includes('PARTY_LIAISON'));

  it('when the BY liaison (signed in, and as a machine) calls each of them on a RU–UA operation, then each answers exactly as for no operation, and nothing changes', async () => {
    expect(SCOPED.length).toBeGreaterThan(5);
    await w.stack.withWorker(async () => {
      const reference = await createOperation(w);
      const before = await settledSnapshot(w, reference);
      for (const kind of KINDS) {
        for (const e of SCOPED) {
          const hidden = await call(e, 'by', pathOf(e, { reference }), kind);
          const absent = await call(e, 'by', pathOf(e, {}), kind);
          expectProblem(hidden, 404);
          expect({ route: label(e), kind, detail: hidden.body.detail }).toEqual({
            route: label(e),
            kind,
            detail: absent.body.detail,
          });
        }
      }
      expect(await snapshot(w, reference)).toEqual(before);
    });
  });
});
