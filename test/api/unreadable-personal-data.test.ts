import pino from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app';
import { personalDataVault } from '../../src/missing-person/personal-data';
import { parsePayloadKeys, generatePayloadKey } from '../../src/temporal/codec';
import { ownDatabase } from '../helpers/own-database';
import { openStack, unique, type TestStack } from '../helpers/stack';
import { personTokens, type TestTokens } from '../helpers/tokens';
import { expectProblem, familyContact, type Who } from './support';

/**
 * A case sealed under a key the API does not hold (a key dropped too early, a
 * restore from before a rotation) does not fail a list: the list answers with
 * that case's name withheld and says why; reading that case answers a problem
 * an operator can act on. Both are logged without personal data and counted on
 * /metrics. On a database of its own: its unreadable case must not reach other
 * tests' lists.
 */

let database: Awaited<ReturnType<typeof ownDatabase>>;
let stack: TestStack;
let app: Express;
let tokens: TestTokens;
const logLines: string[] = [];
const get = (who: Who, path: string) => request(app).get(path).auth(tokens[who], { type: 'bearer' });

beforeAll(async () => {
  database = await ownDatabase();
  stack = await openStack({ DATABASE_URL: database.url });
  tokens = await personTokens();
  const logger = pino({ level: 'info', name: 'api' }, { write: (line: string) => void logLines.push(line) });
  app = createApp({ config: stack.config, db: stack.db, temporal: stack.client, logger });
});
afterAll(async () => {
  await stack.close();
  await database.drop();
});

const BASE = '/api/missing-persons';

async function openReadable(): Promise<string> {
  const caseNumber = unique('MP-UA').toUpperCase();
  const person = { name: 'Oleksii Marchuk', serviceNumber: 'AB-123456' };
  const body = { caseNumber, party: 'UA', person, contacts: [familyContact()] };
  await request(app).post(BASE).auth(tokens.tracing, { type: 'bearer' }).send(body).expect(201);
  return caseNumber;
}

/** A UA case whose name and relative are sealed under "retired-2024", a key the API does not hold. */
async function sealedElsewhere(): Promise<string> {
  const caseNumber = unique('MP-UA').toUpperCase();
  const vault = personalDataVault(parsePayloadKeys(generatePayloadKey('retired-2024')));
  await stack.db.missingPersonCase.create({
    data: {
      caseNumber,
      party: 'UA',
      source: 'TRACING_REQUEST',
      personalData: vault.seal({ name: 'Taras Hnatiuk' }),
      openedBy: 'tracing-1',
      nextReviewAt: new Date(Date.now() + 86_400_000),
      contacts: {
        create: [
          {
            position: 1,
            relation: 'MOTHER',
            personalData: vault.seal({ name: 'Oksana Hnatiuk' }),
            preferredChannel: 'PHONE',
            preferredLanguage: 'uk',
            receivesRemains: true,
            consentScope: 'IDENTIFICATION_ONLY',
            shareWithOtherParty: false,
          },
        ],
      },
    },
  });
  return caseNumber;
}

const unreadableCount = async () => {
  const text = (await request(app).get('/metrics').expect(200)).text;
  return Number(/^repatriation_personal_data_unreadable_total\{reason="KEY_NOT_HELD"\} (\d+)$/m.exec(text)?.[1] ?? 0);
};

describe('a case sealed under a key the API does not hold', () => {
  let readable: string;
  let unreadable: string;
  beforeAll(async () => {
    readable = await openReadable();
    unreadable = await sealedElsewhere();
  });

  it.each<Who>(['tracing', 'ua', 'forensic'])(
    'when %s lists missing persons, then the list answers 200: that case with its name withheld and the reason, the others whole',
    async (who) => {
      const items = (await get(who, BASE).expect(200)).body.items as { caseNumber: string; name: string | null }[];
      expect(items.find((i) => i.caseNumber === readable)).toMatchObject({ name: 'Oleksii Marchuk' });
      expect(items.find((i) => i.caseNumber === readable)).not.toHaveProperty('personalDataUnreadable');
      expect(items.find((i) => i.caseNumber === unreadable)).toEqual({
        caseNumber: unreadable,
        party: 'UA',
        status: 'REPORTED',
        source: 'TRACING_REQUEST',
        name: null,
        personalDataUnreadable: { reason: 'KEY_NOT_HELD', keyId: 'retired-2024' },
        nextReviewAt: expect.any(String),
        createdAt: expect.any(String),
      });
    },
  );

  it.each<Who>(['ru', 'forensicRu', 'by'])(
    'when %s lists missing persons, then it answers 200 with its own side only',
    async (who) => {
      expect((await get(who, BASE).expect(200)).body.items).toEqual([]);
    },
  );

  it('when a search by service number runs, then the readable case is found as before', async () => {
    const res = await get('tracing', `${BASE}?serviceNumber=ab%20123456`).expect(200);
    expect(res.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual([readable]);
  });

  it('when that case is read, then the answer is a 500 problem naming the key id and what an operator does, and nothing of the person', async () => {
    const res = await get('tracing', `${BASE}/${unreadable}`);
    expectProblem(res, 500);
    expect(res.body.type).toBe('/problems/personal-data-unreadable');
    expect(res.body.detail).toContain('"retired-2024"');
    expect(res.body.detail).toContain('PAYLOAD_KEYS');
    expect(JSON.stringify(res.body)).not.toMatch(/Hnatiuk|Taras|Oksana/);
    await get('tracing', `${BASE}/${readable}`).expect(200);
  });

  it('when the list or the case meets it, then each time is logged with the case number and key id only, and counted on /metrics', async () => {
    const before = await unreadableCount();
    logLines.length = 0;
    await get('tracing', BASE).expect(200);
    await get('tracing', `${BASE}/${unreadable}`).expect(500);
    expect(await unreadableCount()).toBe(before + 2);
    const warnings = logLines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'personal data unreadable');
    expect(warnings).toHaveLength(2);
    for (const w of warnings)
      expect(w).toMatchObject({ caseNumber: unreadable, keyId: 'retired-2024', reason: 'KEY_NOT_HELD' });
    expect(logLines.join('\n')).not.toMatch(/Hnatiuk|Taras|Oksana|Marchuk/);
  });
});
