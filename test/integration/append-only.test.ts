import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../src/db/migrate';
import { seedContainers } from '../helpers/cases';
import { openStack, testDatabaseUrl, unique, type TestStack } from '../helpers/stack';

/**
 * The accountability record cannot be rewritten: every append-only table
 * refuses UPDATE, DELETE and TRUNCATE (even to the owner), a discrepancy's
 * outcome changes only with the statement that brings it about, and the
 * service's own role (prisma/app-role.sql) is refused those outright.
 */

let stack: TestStack;
let owner: Client;
beforeAll(async () => {
  stack = await openStack();
  owner = new Client({ connectionString: testDatabaseUrl() });
  await owner.connect();
});
afterAll(async () => {
  await owner?.end();
  await stack?.close();
});

/** One row in each append-only table, written as the service writes them. */
async function seedRecord() {
  const { operationReference } = await seedContainers(stack.db, 0);
  const operation = await stack.db.repatriationOperation.findUniqueOrThrow({
    where: { reference: operationReference },
  });
  const remains = await stack.db.remainsCase.create({
    data: {
      caseNumber: unique('PM-UA'),
      operationId: operation.id,
      receivingParty: 'UA',
      workflowId: unique('case'),
      responsibleAuthority: 'UA-MOJ',
      lastProgressAt: new Date(),
      events: {
        create: { sequence: 1, kind: 'STEP', step: 'RECEIVED', recordedBy: 'system', occurredAt: new Date() },
      },
    },
  });
  const person = await stack.db.missingPersonCase.create({
    data: {
      caseNumber: unique('MP-UA'),
      party: 'UA',
      source: 'TRACING_REQUEST',
      personalData: 'sealed',
      openedBy: 'tracing-1',
      nextReviewAt: new Date(),
      events: {
        create: {
          key: randomUUID(),
          kind: 'OPENED',
          status: 'REPORTED',
          recordedBy: 'tracing-1',
          occurredAt: new Date(),
        },
      },
    },
  });
  const requestId = randomUUID();
  await stack.db.dataAccessLog.create({
    data: { principal: 'ru-1', role: 'PARTY_LIAISON', party: 'RU', dataParty: 'UA', resource: 'case', requestId },
  });
  await stack.db.requestAudit.create({
    data: {
      tokenId: randomUUID(),
      principal: 'ru-1',
      role: 'PARTY_LIAISON',
      party: 'RU',
      method: 'POST',
      path: '/api/x',
      status: 200,
      requestId,
      receivedAt: new Date(),
    },
  });
  const discrepancy = await openDiscrepancy(operation.id);
  await statement(discrepancy, 1, 'REPORT', 'ua-1', new Date(), { text: 'Three bags missing.' });
  return { remainsId: remains.id, personId: person.id, requestId, discrepancy };
}

async function openDiscrepancy(operationId: string): Promise<string> {
  const d = await stack.db.discrepancy.create({
    data: { operationId, key: unique('d'), kind: 'SCHEDULE_DISPUTE', details: {}, openedAt: new Date() },
  });
  return d.id;
}

async function statement(
  discrepancyId: string,
  sequence: number,
  type: 'REPORT' | 'PROPOSAL' | 'ACCEPTANCE' | 'ESCALATION' | 'DECISION',
  principal: string,
  recordedAt: Date,
  fields: { text?: string; proposal?: number } = {},
) {
  await stack.db.discrepancyStatement.create({
    data: { discrepancyId, sequence, type, principal, role: 'PARTY_LIAISON', actingFor: 'UA', recordedAt, ...fields },
  });
}

const TABLES = [
  'CustodyEvent',
  'DiscrepancyStatement',
  'CaseEvent',
  'MissingPersonEvent',
  'DataAccessLog',
  'RequestAudit',
];

describe('append-only tables', () => {
  it('when the owner updates, deletes or truncates any append-only row, then PostgreSQL refuses each', async () => {
    const seeded = await seedRecord();
    const where: Record<string, string> = {
      DiscrepancyStatement: `"discrepancyId" = '${seeded.discrepancy}'`,
      CaseEvent: `"caseId" = '${seeded.remainsId}'`,
      MissingPersonEvent: `"caseId" = '${seeded.personId}'`,
      DataAccessLog: `"requestId" = '${seeded.requestId}'`,
      RequestAudit: `"requestId" = '${seeded.requestId}'`,
    };
    for (const [table, condition] of Object.entries(where)) {
      await expect(
        owner.query(`UPDATE "${table}" SET "${column(table)}" = "${column(table)}" WHERE ${condition}`),
      ).rejects.toThrow(/append-only/);
      await expect(owner.query(`DELETE FROM "${table}" WHERE ${condition}`)).rejects.toThrow(/append-only/);
    }
    for (const table of [...TABLES, 'Discrepancy']) {
      await expect(owner.query(`TRUNCATE "${table}" CASCADE`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    }
    // A missing person's case cannot take its history with it either.
    await expect(stack.db.missingPersonCase.delete({ where: { id: seeded.personId } })).rejects.toThrow(/append-only/);
  });
});

const column = (table: string) =>
  ({ CustodyEvent: 'place', DiscrepancyStatement: 'text', CaseEvent: 'reference', MissingPersonEvent: 'reference' })[table] ?? 'principal';

describe("a discrepancy's outcome", () => {
  it('when its row is set resolved or escalated without the matching statement, then PostgreSQL refuses; with it, the change lands and is final', async () => {
    const { discrepancy: id } = await seedRecord();
    const at = new Date('2025-06-20T10:00:00.000Z');
    const resolve = (resolution: string, resolvedBy = 'coordinator-1', resolvedAt = at) =>
      stack.db.discrepancy.update({ where: { id }, data: { status: 'RESOLVED', resolution, resolvedBy, resolvedAt } });

    await expect(resolve('Nothing was missing.')).rejects.toThrow(/outcome follows its statements/);
    await expect(
      stack.db.discrepancy.update({ where: { id }, data: { status: 'ESCALATED', escalatedAt: at } }),
    ).rejects.toThrow(/outcome follows its statements/);

    await statement(id, 2, 'ESCALATION', 'ua-1', at, { text: 'No answer.' });
    await stack.db.discrepancy.update({ where: { id }, data: { status: 'ESCALATED', escalatedAt: at } });
    const decidedAt = new Date('2025-06-21T10:00:00.000Z');
    await statement(id, 3, 'DECISION', 'coordinator-1', decidedAt, { text: 'The bags follow next week.' });
    await expect(resolve('Nothing was missing.', 'coordinator-1', decidedAt)).rejects.toThrow(/outcome follows/);
    await resolve('The bags follow next week.', 'coordinator-1', decidedAt);
    // The deadline may still be moved; the outcome may not.
    await stack.db.discrepancy.update({ where: { id }, data: { deadlineAt: new Date() } });
    await expect(resolve('Nothing was missing.', 'coordinator-1', decidedAt)).rejects.toThrow(/outcome follows/);
    await expect(owner.query(`UPDATE "Discrepancy" SET status = 'OPEN' WHERE id = $1`, [id])).rejects.toThrow(
      /outcome follows/,
    );
  });

  it('when both parties accept a proposal, then the row resolves with that proposal’s text only', async () => {
    const { discrepancy: id } = await seedRecord();
    const at = new Date('2025-06-22T10:00:00.000Z');
    await statement(id, 2, 'PROPOSAL', 'ru-1', at, { text: 'Keep 1,245.', proposal: 1 });
    await statement(id, 3, 'ACCEPTANCE', 'ua-1', at, { proposal: 1 });
    const resolve = (resolution: string) =>
      stack.db.discrepancy.update({
        where: { id },
        data: { status: 'RESOLVED', resolution, resolvedBy: 'ua-1', resolvedAt: at },
      });
    await expect(resolve('Keep 1,248.')).rejects.toThrow(/outcome follows/);
    await resolve('Keep 1,245.');
  });
});

describe("the service's role", () => {
  it('when the service connects as the role prisma/app-role.sql makes, then it reads and adds but cannot update, delete or truncate the record', async () => {
    const seeded = await seedRecord();
    const role = `repatriation_app_${randomUUID().slice(0, 8)}`;
    const script = readFileSync(path.resolve(__dirname, '..', '..', 'prisma', 'app-role.sql'), 'utf8');
    // psql fills :'app_role' and :'app_password'; here the same settings are made by hand.
    await owner.query(
      `SELECT set_config('repatriation.app_role', $1, false), set_config('repatriation.app_password', 'app', false)`,
      [role],
    );
    await owner.query(
      script
        .split('\n')
        .filter((l) => !l.includes(":'"))
        .join('\n'),
    );
    await owner.query(
      script
        .split('\n')
        .filter((l) => !l.includes(":'"))
        .join('\n'),
    ); // twice: idempotent
    const url = new URL(testDatabaseUrl());
    url.username = role;
    url.password = 'app';
    const app = new Client({ connectionString: url.toString() });
    await app.connect();
    try {
      const { rows } = await app.query<{ super: boolean }>(
        'SELECT rolsuper AS super FROM pg_roles WHERE rolname = current_user',
      );
      expect(rows).toEqual([{ super: false }]);
      await app.query('SELECT count(*) FROM "CaseEvent"');
      await app.query(
        `INSERT INTO "DataAccessLog" (id, principal, role, "dataParty", resource, "requestId") VALUES ($1, 'ru-1', 'PARTY_LIAISON', 'UA', 'case', $2)`,
        [randomUUID(), seeded.requestId],
      );
      for (const table of TABLES) {
        await expect(app.query(`UPDATE "${table}" SET "${column(table)}" = NULL WHERE false`)).rejects.toThrow(
          /permission denied/,
        );
        await expect(app.query(`DELETE FROM "${table}" WHERE false`)).rejects.toThrow(/permission denied/);
        await expect(app.query(`TRUNCATE "${table}"`)).rejects.toThrow(/permission denied/);
      }
      await expect(app.query(`DELETE FROM "Discrepancy" WHERE false`)).rejects.toThrow(/permission denied/);
      await expect(app.query(`DROP TRIGGER "CaseEvent_append_only" ON "CaseEvent"`)).rejects.toThrow(/must be owner/);
      // At start the service finds nothing to migrate, and says so without needing to create anything.
      await expect(migrate(url.toString())).resolves.toEqual([]);
    } finally {
      await app.end();
      await owner.query(`DROP OWNED BY ${role}`);
      await owner.query(`DROP ROLE ${role}`);
    }
  });
});
