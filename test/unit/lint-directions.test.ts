import { lintTexts as lint, lines, type Finding } from '../helpers/lint-text';

/**
 * The directions between the layers, kept by eslint.config.mjs and so by
 * `npm run lint`: workflows take only types from activities/ and src/;
 * activities never import src/api; routes never import activities/ nor Prisma,
 * nor query the database; the rest of src/ takes only types from activities/,
 * but the worker that wires them in. And one writer per kind of row: a missing
 * person's family contacts and case events are written by their modules only.
 * Each text below is linted as if it were the file it is keyed by.
 */

const ACTIVITY = lines(
  "import { unavailableDependency } from '../src/api/errors';",
  "import type { Problem } from '../src/api/errors';",
  "import { enqueueNotifications } from '../src/notification/outbox';",
  "import { discrepancyWorkflowId } from '../workflows/shared/ids';",
  'export const used = [unavailableDependency, enqueueNotifications, discrepancyWorkflowId];',
  'export type Answer = Problem;',
);

const ROUTE = lines(
  "import { startDiscrepancyLife } from '../../activities/discrepancy/discrepancies';",
  "import type { Activities } from '../../activities';",
  "import { lifeOfRecord } from './life';",
  'export const used = [startDiscrepancyLife, lifeOfRecord];',
  'export type Called = Activities;',
);

const ROUTE_ON_THE_DATABASE = lines(
  "import { Prisma } from '../generated/prisma/client';",
  "import type { Db } from '../db';",
  "import { findingService } from './finding-service';",
  'export async function route(db: Db, deps: { db: Db }) {',
  "  const person = await db.missingPersonCase.findUnique({ where: { caseNumber: 'MP-1' } });",
  '  const count = await deps.db.remainsMatch.count();',
  '  return [Prisma.sql, person, count, findingService({ db, temporal: undefined as never })];',
  '}',
);

const WRITER = lines(
  "import type { Db } from '../../src/db';",
  'export async function write(db: Db) {',
  '  await db.missingPersonEvent.createMany({ data: [] });',
  "  await db.$transaction(async (tx) => tx.familyContact.update({ where: { id: 'x' }, data: {} }));",
  '  await db.$executeRaw`UPDATE "FamilyContact" SET "position" = 1`;',
  '  await db.$executeRawUnsafe(\'INSERT INTO "MissingPersonEvent" ("id") VALUES (1)\');',
  '  return db.familyContact.findMany();',
  '}',
);

const SERVICE = lines(
  "import { createActivities } from '../activities';",
  "import type { Activities } from '../activities';",
  'export const used = [createActivities];',
  'export type Named = Activities;',
);

const WORKFLOW = lines(
  "import { startDiscrepancyLife } from '../../activities/discrepancy/discrepancies';",
  "import { REVIEW_PERIOD_MS } from '../../src/missing-person/review';",
  "import type { Activities } from '../../activities';",
  "import type { Db } from '../../src/db';",
  "import { discrepancyWorkflowId } from '../shared/ids';",
  'export const used = [startDiscrepancyLife, REVIEW_PERIOD_MS, discrepancyWorkflowId];',
  'export type Named = [Activities, Db];',
);

const WORKER = lines(
  "import { createActivities } from '../../activities';",
  'export const used = [createActivities];',
);

let found: Record<string, Finding[]>;
beforeAll(() => {
  found = lint({
    'activities/lint-directions.ts': ACTIVITY,
    'src/discrepancy/lint-routes.ts': ROUTE,
    // The very file whose reads moved to a service: the rule holds for it with no exception.
    'src/missing-person/family-routes.ts': ROUTE_ON_THE_DATABASE,
    'src/missing-person/lint-directions.ts': SERVICE.replaceAll("'../activities", "'../../activities"),
    'workflows/discrepancy/lint-directions.ts': WORKFLOW,
    'src/temporal/worker.ts': WORKER,
    'activities/missing-person/lint-writers.ts': WRITER,
    'src/missing-person/case-events.ts': WRITER.replaceAll("'../../src/db'", "'../db'"),
  });
}, 180_000);

const refused = (file: string) =>
  found[file].filter((f) => f.rule === '@typescript-eslint/no-restricted-imports').map((f) => f.line);
const others = (file: string) => found[file].filter((f) => f.rule !== '@typescript-eslint/no-restricted-imports');

describe('lint: the directions between workflows, activities, services and routes', () => {
  it('when an activity imports src/api, even a type, then each import is refused and other src/ passes', () => {
    expect(refused('activities/lint-directions.ts')).toEqual([1, 2]);
    expect(found['activities/lint-directions.ts'][0].message).toMatch(/Activities never import src\/api/);
    expect(others('activities/lint-directions.ts')).toEqual([]);
  });

  it('when a route imports activities/, even a type, then it is refused and a service in src/ passes', () => {
    expect(refused('src/discrepancy/lint-routes.ts')).toEqual([1, 2]);
    expect(found['src/discrepancy/lint-routes.ts'][0].message).toMatch(/call a service in src\//);
    expect(others('src/discrepancy/lint-routes.ts')).toEqual([]);
  });

  it('when a route imports Prisma or queries the database it passes to serve(), then each is refused', () => {
    const file = 'src/missing-person/family-routes.ts';
    expect(refused(file)).toEqual([1]);
    expect(found[file][0].message).toMatch(/live in a service of src\//);
    const queries = found[file].filter((f) => f.rule === 'no-restricted-syntax');
    expect(queries.map((f) => f.line)).toEqual([5, 6]);
    expect(queries[0].message).toMatch(/Routes never query the database/);
    expect(others(file).filter((f) => f.rule !== 'no-restricted-syntax')).toEqual([]);
  });

  it('when other code of src/ imports an activity, then it is refused, while `import type` passes', () => {
    expect(refused('src/missing-person/lint-directions.ts')).toEqual([1]);
    expect(others('src/missing-person/lint-directions.ts')).toEqual([]);
  });

  it('when a workflow imports a value from activities/ or src/, then it is refused, while `import type` passes', () => {
    expect(refused('workflows/discrepancy/lint-directions.ts')).toEqual([1, 2]);
    expect(others('workflows/discrepancy/lint-directions.ts')).toEqual([]);
  });

  it('when code other than their writer module writes family contacts or case events, then each write is refused', () => {
    const writes = (file: string) => found[file].filter((f) => f.rule === 'no-restricted-syntax');
    expect(writes('activities/missing-person/lint-writers.ts').map((f) => f.line)).toEqual([3, 4, 5, 6]);
    expect(writes('activities/missing-person/lint-writers.ts')[0].message).toMatch(
      /MissingPersonEvent rows have one writer: call src\/missing-person\/case-events.ts/,
    );
    expect(writes('activities/missing-person/lint-writers.ts')[1].message).toMatch(/contact-rows\.ts/);
    // Inside the events' writer, only the contacts' writes are refused.
    expect(writes('src/missing-person/case-events.ts').map((f) => f.line)).toEqual([4, 5]);
  });

  it('when the worker imports the activities it runs, then it passes', () => {
    expect(found['src/temporal/worker.ts']).toEqual([]);
  });
});
