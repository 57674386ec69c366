import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { temporal } from '@temporalio/proto';
import request from 'supertest';
import { KEY_ID_METADATA, generatePayloadKey } from '../../src/temporal/codec';
import { findTemporalCli } from '../../src/tools';
import { missingPersonWorkflowId } from '../../workflows/shared/ids';
import { familyContact } from '../api/support';
import { openRotationWorld, type RotatedService, type RotationWorld } from '../helpers/key-rotation';
import { unique } from '../helpers/stack';

/**
 * Payload-key rotation rehearsed on the real stack (docs/operators.md, "Rotating keys"): cases opened and a
 * lifecycle workflow started under key A; the service restarted with PAYLOAD_KEYS=B,A (new values under B,
 * the workflow carries on); `npm run reseal:personal-data` moves PostgreSQL's values under B; restarted with
 * B alone, every case and relative still reads; a history written under A still decodes with B,A (codec
 * server, Temporal CLI) and is refused, naming A, without it.
 */

jest.setTimeout(180_000);

const A = generatePayloadKey('key-a');
const B = generatePayloadKey('key-b');
const SEARCH_INDEX_KEY = Buffer.alloc(32, 7).toString('base64');
const BASE = '/api/missing-persons';

/** What each case holds, as its reader should see it after every restart. */
interface Expected {
  caseNumber: string;
  party: string;
  name: string;
  contacts: { name: string; address?: string }[];
}

let w: RotationWorld;
const cases: Expected[] = [];
let marchuk: Expected;

async function open(service: RotatedService, party: string, name: string, relatives: string[], extra: object = {}) {
  const n = cases.length;
  const expected: Expected = {
    caseNumber: unique(`MP-${party}`).toUpperCase(),
    party,
    name,
    contacts: relatives.map((r, i) => ({ name: r, address: `+380 44 000 0${n}${i}` })),
  };
  const contacts = expected.contacts.map((c, i) =>
    familyContact({ ...c, relation: 'OTHER_RELATIVE', receivesRemains: i === 0 }),
  );
  await service
    .post('tracing', BASE, { caseNumber: expected.caseNumber, party, person: { name, ...extra }, contacts })
    .expect(201);
  cases.push(expected);
  return expected;
}

/** Every case and relative read through the API as `service` runs, compared with what was opened. */
async function everyCaseReads(service: RotatedService) {
  const list = (await service.get('tracing', `${BASE}?limit=200`).expect(200)).body;
  expect(list.items.filter((i: { personalDataUnreadable?: unknown }) => i.personalDataUnreadable)).toEqual([]);
  expect(new Map(list.items.map((i: Expected) => [i.caseNumber, i.name]))).toEqual(
    new Map(cases.map((c) => [c.caseNumber, c.name])),
  );
  for (const c of cases) {
    const read = (await service.get('tracing', `${BASE}/${c.caseNumber}`).expect(200)).body;
    expect(read.name).toBe(c.name);
    expect(
      read.contacts.map((k: { name: string; address?: string }) => ({ name: k.name, address: k.address })),
    ).toEqual(c.contacts.map((k) => ({ name: k.name, address: k.address })));
  }
}

const sealedKeyIds = async () => {
  const rows = await w.db.$queryRawUnsafe<{ key: string }[]>(
    `SELECT split_part("personalData", ':', 2) AS key FROM "MissingPersonCase"
     UNION ALL SELECT split_part("personalData", ':', 2) FROM "FamilyContact"`,
  );
  return [...new Set(rows.map((r) => r.key))].sort();
};

beforeAll(async () => {
  w = await openRotationWorld();
});
afterAll(async () => {
  if (marchuk) {
    const handle = w
      .service({ PAYLOAD_KEYS: `${B},${A}` })
      .client.workflow.getHandle(missingPersonWorkflowId(marchuk.caseNumber));
    await handle.terminate('key-rotation test done').catch(() => undefined);
  }
  await w.close();
});

describe('rotating the payload key: B first, A kept', () => {
  it('when cases are opened and one set in motion under A alone, then every value is sealed under A', async () => {
    const underA = w.service({ PAYLOAD_KEYS: A, SEARCH_INDEX_KEY });
    marchuk = await open(underA, 'UA', 'Oleksii Marchuk', ['Halyna Marchuk', 'Petro Marchuk'], {
      serviceNumber: 'AB-123456',
    });
    await open(underA, 'RU', 'Дмитрий Воробьёв', ['Ольга Воробьёва']);
    await open(underA, 'UA', 'Taras Hnatiuk', ['Oksana Hnatiuk']);
    await underA.withWorkers(() =>
      underA.post('tracing', `${BASE}/${marchuk.caseNumber}/status`, { status: 'ACTIVE' }).expect(200),
    );
    expect(await sealedKeyIds()).toEqual(['key-a']);
    await everyCaseReads(underA);
  });

  it('when the service restarts with PAYLOAD_KEYS=B,A, then a new case is sealed under B, every case reads, and the workflow begun under A carries on', async () => {
    const rotated = w.service({ PAYLOAD_KEYS: `${B},${A}`, SEARCH_INDEX_KEY });
    await open(rotated, 'UA', 'Stepan Melnyk', ['Iryna Melnyk']);
    expect(await sealedKeyIds()).toEqual(['key-a', 'key-b']);
    await everyCaseReads(rotated);
    // Fresh workers replay the history written under A, then record the change under B.
    const moved = await rotated.withWorkers(() =>
      rotated.post('tracing', `${BASE}/${marchuk.caseNumber}/status`, { status: 'LOCATED_ALIVE' }).expect(200),
    );
    expect(moved.body.status).toBe('LOCATED_ALIVE');
  });
});

describe('re-sealing PostgreSQL under B, then dropping A', () => {
  it('when npm run reseal:personal-data runs with B,A, then every value is under B, unchanged, and a second run finds nothing to do', async () => {
    const before = await w.db.missingPersonCase.findMany({ select: { caseNumber: true, updatedAt: true } });
    const run = w.tool('reseal-personal-data', { PAYLOAD_KEYS: `${B},${A}`, SEARCH_INDEX_KEY });
    expect((await run.exited).code).toBe(0);
    expect(run.output()).toContain('MissingPersonCase.personalData: 3 under other keys, 3 re-sealed');
    expect(run.output()).toContain('FamilyContact.personalData: 4 under other keys, 4 re-sealed');
    expect(run.output()).toContain('Every sealed value in PostgreSQL opens with "key-b" alone.');
    expect(run.output()).not.toMatch(/Marchuk|Hnatiuk|Melnyk|Воробь/);
    expect(await sealedKeyIds()).toEqual(['key-b']);
    const after = await w.db.missingPersonCase.findMany({ select: { caseNumber: true, updatedAt: true } });
    expect(new Map(after.map((c) => [c.caseNumber, c.updatedAt]))).toEqual(
      new Map(before.map((c) => [c.caseNumber, c.updatedAt])),
    );

    const again = w.tool('reseal-personal-data', { PAYLOAD_KEYS: `${B},${A}`, SEARCH_INDEX_KEY });
    expect((await again.exited).code).toBe(0);
    expect(again.output()).toContain('MissingPersonCase.personalData: 0 under other keys, 0 re-sealed');
    expect(again.output()).toContain('FamilyContact.personalData: key-b 5');
  });

  it('when the service restarts with PAYLOAD_KEYS=B alone, then every case and relative reads and searches find them', async () => {
    const underB = w.service({ PAYLOAD_KEYS: B, SEARCH_INDEX_KEY });
    await everyCaseReads(underB);
    const byName = await underB.get('tracing', `${BASE}?name=marchuk`).expect(200);
    const byNumber = await underB.get('tracing', `${BASE}?serviceNumber=ab123456`).expect(200);
    for (const found of [byName, byNumber]) {
      expect(found.body.items.map((i: Expected) => i.caseNumber)).toEqual([marchuk.caseNumber]);
    }
  });
});

describe('a history written under A', () => {
  /** The workflow's start input, as Temporal keeps it: sealed by the API that started it, under A. */
  async function startInput() {
    const history = await w
      .service({ PAYLOAD_KEYS: `${B},${A}` })
      .client.workflow.getHandle(missingPersonWorkflowId(marchuk.caseNumber))
      .fetchHistory();
    const input = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
    return temporal.api.common.v1.Payload.toObject(temporal.api.common.v1.Payload.fromObject(input), {
      bytes: String,
    }) as {
      metadata: Record<string, string>;
      data: string;
    };
  }

  it('when an operator reads it with PAYLOAD_KEYS=B,A, then the codec server and the Temporal CLI decode it; with B alone the codec server refuses it naming A', async () => {
    const input = await startInput();
    expect(Buffer.from(input.metadata[KEY_ID_METADATA], 'base64').toString()).toBe('key-a');
    const rotated = w.service({ PAYLOAD_KEYS: `${B},${A}` });
    const decode = (app: RotatedService['app']) =>
      request(app)
        .post('/codec/decode')
        .auth(w.people.operator, { type: 'bearer' })
        .send({ payloads: [input] });
    const decoded = await decode(rotated.app).expect(200);
    expect(Buffer.from(decoded.body.payloads[0].data, 'base64').toString()).toContain(marchuk.caseNumber);
    const refused = await decode(w.service({ PAYLOAD_KEYS: B }).app).expect(422);
    expect(refused.body.detail).toContain('"key-a"');

    const base = await rotated.listen();
    const { stdout } = await promisify(execFile)(
      findTemporalCli(process.env.TEMPORAL_CLI),
      ['workflow', 'show', '--workflow-id', missingPersonWorkflowId(marchuk.caseNumber), '--detailed']
        .concat(['--address', rotated.config.temporal.address])
        .concat(['--codec-endpoint', `${base}/codec`, '--codec-auth', `Bearer ${w.people.operator}`]),
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } },
    );
    // The first change was sealed under A, the second under B: both read.
    expect(stdout).toMatch(/status: ACTIVE$/m);
    expect(stdout).toMatch(/status: LOCATED_ALIVE$/m);
    expect(stdout).not.toContain('binary/encrypted');
  });
});
