// `npm run demo`: the June 2025 operation through the HTTP API of a running
// stack (`npm run dev` in another terminal). Options: --api http://127.0.0.1:3000,
// --scale 0.1 (a smaller operation of the same shape), --reference <ref>.
// Every call goes through the typed client generated from the OpenAPI document (src/client/api.ts).
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config';
import { createDb } from '../db';
import { toolDatabaseUrl } from '../db/tool-database';
import { issueToken } from '../api/tokens';
import { answer, apiClient, type ApiClient, type RequestBody } from '../client/api';
import { demoManifestLine, juneAgreement, scaledDays, type DemoDay } from '../demo/june-2025';
import { JUNE_2025_MISSING, openMissingPersonBody } from '../demo/missing-persons';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import { failStart } from './lifecycle';

type Who = 'coordinator' | 'field' | 'ru' | 'ua' | 'tracing' | 'forensicUa';
const RECEIPT_BATCH = 500;

/** Polls `read` until `done` holds (the workflows move cases on asynchronously), for at most 2 minutes. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The demo's people, each with a client of their own (each POST carries a fresh Idempotency-Key). */
interface Demo {
  api: string;
  reference: string;
  as: Record<Who, ApiClient>;
  /** The operation's path parameters. */
  op: { path: { reference: string } };
}

const liaison = (demo: Demo, party: string): ApiClient => demo.as[party === 'RU' ? 'ru' : 'ua'];

/** --api, --scale and --reference, with their defaults. */
function demoOptions() {
  const { values } = parseArgs({
    options: { api: { type: 'string' }, scale: { type: 'string' }, reference: { type: 'string' } },
  });
  const config = loadConfig();
  const api = values.api ?? `http://${config.api.host}:${config.api.port}`;
  const scale = values.scale ? Number(values.scale) : 1;
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be a number in (0, 1]');
  const reference = values.reference ?? `RU-UA-2025-06-${randomUUID().slice(0, 4)}`;
  return { config, api, scale, reference };
}

/**
 * The demo's people get tokens of their own, written straight into the stack's database
 * (as `npm run tokens` does: DATABASE_URL, else the development start's), not through the API.
 */
async function demoPeople(config: Config, api: string, reference: string): Promise<Demo> {
  const databaseUrl = await toolDatabaseUrl(config);
  const db = createDb(databaseUrl);
  const tokens = {} as Record<Who, string>;
  try {
    tokens.coordinator = (await issueToken(db, { principal: 'demo-coordinator', role: 'COORDINATOR' })).token;
    tokens.field = (await issueToken(db, { principal: 'demo-field', role: 'FIELD_STAFF' })).token;
    tokens.ru = (await issueToken(db, { principal: 'demo-liaison-ru', role: 'PARTY_LIAISON', party: 'RU' })).token;
    tokens.ua = (await issueToken(db, { principal: 'demo-liaison-ua', role: 'PARTY_LIAISON', party: 'UA' })).token;
    tokens.tracing = (await issueToken(db, { principal: 'demo-tracing', role: 'TRACING_OFFICER' })).token;
    tokens.forensicUa = (await issueToken(db, { principal: 'demo-forensic-ua', role: 'FORENSIC', party: 'UA' })).token;
  } finally {
    await db.$disconnect();
  }
  console.log(
    `Tokens for demo-coordinator, demo-field, demo-liaison-ru, demo-liaison-ua, demo-tracing and demo-forensic-ua written into the database at ${new URL(databaseUrl).host}; everything else goes through ${api}.`,
  );
  const as = {} as Record<Who, ApiClient>;
  for (const who of Object.keys(tokens) as Who[]) as[who] = apiClient({ baseUrl: api, token: tokens[who] });
  return { api, reference, as, op: { path: { reference } } };
}

/** The operation created from the agreement and confirmed by both parties; returns its Web UI address. */
async function agreeOperation(demo: Demo): Promise<string> {
  const { as, op, reference } = demo;
  console.log(`Operation ${reference}: agreement of 2 June 2025 (Istanbul)`);
  const created = await answer(as.coordinator.POST('/api/operations', { body: juneAgreement(reference) }));
  console.log(`  started; Temporal Web UI: ${created.workflow.url}`);
  for (const party of ['RU', 'UA']) {
    await answer(
      liaison(demo, party).POST('/api/operations/{reference}/confirmations', { params: op, body: { version: 1 } }),
    );
  }
  console.log('  terms confirmed by both parties');
  return created.workflow.url;
}

interface Direction {
  from: string;
  to: string;
  declared: number;
  received: number;
}

const tagList = (prefix: string, n: number, start: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(start + i).padStart(5, '0')}`);

/**
 * Each direction's manifest submitted by its sender and acknowledged by its receiver; returns the tags listed,
 * by sender, numbered on from `next` (the next tag number of each side).
 */
async function exchangeManifests(demo: Demo, date: string, directions: Direction[], next: Record<string, number>) {
  const onDay = { path: { reference: demo.reference, date } };
  const listed = new Map<string, string[]>();
  for (const d of directions) {
    const tags = tagList(d.from, d.declared, next[d.from]);
    next[d.from] += d.declared;
    listed.set(d.from, tags);
    const { version } = await answer(
      liaison(demo, d.from).POST('/api/operations/{reference}/handovers/{date}/manifests', {
        params: onDay,
        body: { from: d.from, to: d.to, lines: tags.map(demoManifestLine) },
      }),
    );
    await answer(
      liaison(demo, d.to).POST(
        '/api/operations/{reference}/handovers/{date}/manifests/{from}/{to}/{version}/acknowledgement',
        { params: { path: { ...onDay.path, from: d.from, to: d.to, version } }, body: {} },
      ),
    );
  }
  return listed;
}

/** The day opened, each direction's bags received in batches and counted three times, and both sign-offs. */
async function receiveCountAndSignOff(
  demo: Demo,
  date: string,
  directions: Direction[],
  listed: Map<string, string[]>,
) {
  const { as } = demo;
  const onDay = { path: { reference: demo.reference, date } };
  const count = (who: ApiClient, body: RequestBody<'/api/operations/{reference}/handovers/{date}/counts'>) =>
    answer(who.POST('/api/operations/{reference}/handovers/{date}/counts', { params: onDay, body }));
  await answer(as.field.POST('/api/operations/{reference}/handovers/{date}/opening', { params: onDay, body: {} }));
  for (const d of directions) {
    const received = listed.get(d.from)!.slice(0, d.received);
    for (let i = 0; i < received.length; i += RECEIPT_BATCH) {
      await answer(
        liaison(demo, d.to).POST('/api/operations/{reference}/handovers/{date}/receipts', {
          params: onDay,
          body: { from: d.from, to: d.to, tags: received.slice(i, i + RECEIPT_BATCH) },
        }),
      );
    }
    await count(liaison(demo, d.from), { from: d.from, to: d.to, source: 'SENDER', count: d.declared });
    await count(liaison(demo, d.to), { from: d.from, to: d.to, source: 'RECEIVER', count: d.received });
    await count(as.field, { from: d.from, to: d.to, source: 'INTERMEDIARY', count: d.received });
  }
  for (const party of ['RU', 'UA']) {
    await answer(
      liaison(demo, party).POST('/api/operations/{reference}/handovers/{date}/sign-offs', {
        params: onDay,
        body: { party },
      }),
    );
  }
}

/** Every day scheduled and run to its sign-off, then the handovers completed. */
async function runHandovers(demo: Demo, days: DemoDay[]): Promise<void> {
  const { as, op } = demo;
  const next: Record<string, number> = { RU: 1, UA: 1 };
  for (const day of days) {
    const directions: Direction[] = [
      { from: 'RU', to: 'UA', declared: day.ruToUa.declared, received: day.ruToUa.received },
      ...(day.uaToRu ? [{ from: 'UA', to: 'RU', declared: day.uaToRu, received: day.uaToRu }] : []),
    ];
    await answer(
      as.coordinator.POST('/api/operations/{reference}/handovers', {
        params: op,
        body: {
          date: day.date,
          exchangePoint: 'Belarus–Ukraine border',
          transfers: directions.map((d) => ({ from: d.from, to: d.to, plannedCount: d.declared })),
        },
      }),
    );
    const listed = await exchangeManifests(demo, day.date, directions, next);
    await receiveCountAndSignOff(demo, day.date, directions, listed);
    const summary = directions
      .map((d) => `${d.from}→${d.to} declared ${d.declared}, received ${d.received}`)
      .join('; ');
    console.log(`  ${day.date} signed off: ${summary}`);
  }
  await answer(as.coordinator.POST('/api/operations/{reference}/handover-completion', { params: op, body: {} }));
  const final = await answer(as.coordinator.GET('/api/operations/{reference}', { params: op }));
  console.log(`  handovers complete; phase ${final.phase}`);
}

/**
 * The families' side: people reported missing on both sides, whose identities the senders declared; the first
 * case active, its mother's reference sample profiled, and found by name through the blind index. Returns the
 * case numbers, the first one first.
 */
async function reportMissingPersons({ as }: Demo): Promise<string[]> {
  console.log('Missing persons reported by their families (tracing requests)');
  const missing: string[] = [];
  for (const m of JUNE_2025_MISSING) {
    const opened = await answer(as.tracing.POST('/api/missing-persons', { body: openMissingPersonBody(m) }));
    missing.push(opened.caseNumber);
  }
  const ofParty = (p: string) => JUNE_2025_MISSING.filter((m) => m.party === p).length;
  console.log(
    `  ${missing.length} cases opened (UA ${ofParty('UA')}, RU ${ofParty('RU')}), at rest: ${missing.join(', ')}`,
  );
  const [first] = missing;
  const ofCase = { path: { caseNumber: first } };
  await answer(
    as.tracing.POST('/api/missing-persons/{caseNumber}/status', { params: ofCase, body: { status: 'ACTIVE' } }),
  );
  const sample = await answer(
    as.tracing.POST('/api/missing-persons/{caseNumber}/samples', {
      params: ofCase,
      body: { contactPosition: 1, laboratory: 'LAB-KYIV-1' },
    }),
  );
  for (const status of ['IN_TRANSIT', 'ACCEPTED', 'PROFILED'] as const) {
    await answer(
      as.forensicUa.POST('/api/reference-samples/{barcode}/status', {
        params: { path: { barcode: sample.barcode } },
        body: { status },
      }),
    );
  }
  console.log(`  ${first} ACTIVE; the mother's reference sample ${sample.barcode} PROFILED by the laboratory`);
  const found = await answer(
    as.tracing.GET('/api/missing-persons', { params: { query: { name: 'Oleksii Marchuk' } } }),
  );
  const hit = found.items.some((i) => i.caseNumber === first);
  console.log(
    `  a search by the name in Latin letters finds the case written in Cyrillic (blind index): ${hit ? 'yes' : 'NO'}`,
  );
  if (!hit) throw new Error(`the search by name did not find ${first}`);
  return missing;
}

/** A forensic step of a remains case, as Ukraine's forensic officer. */
const caseStep = ({ as }: Demo, caseNumber: string, body: RequestBody<'/api/cases/{caseNumber}/steps'>) =>
  answer(as.forensicUa.POST('/api/cases/{caseNumber}/steps', { params: { path: { caseNumber } }, body }));

/**
 * From a match to an answer (families first): the remains matched to the first missing person, identified, the
 * family told in person, and the remains released to the designated contact.
 */
async function matchIdentifyAndRelease(demo: Demo, matchedCase: string, first: string): Promise<void> {
  const { as } = demo;
  const ofCase = { path: { caseNumber: first } };
  await answer(
    as.forensicUa.POST('/api/cases/{caseNumber}/matches', {
      params: { path: { caseNumber: matchedCase } },
      body: { missingPersonCaseNumber: first, reportNumber: 'DNA-MR-2025-0091', kinshipStatistic: 1.2e9 },
    }),
  );
  await caseStep(demo, matchedCase, { step: 'IDENTIFIED', reference: 'decision-UA-2025-0311' });
  await until(
    () => answer(as.tracing.GET('/api/missing-persons/{caseNumber}', { params: ofCase })),
    (c) => c.status === 'IDENTIFIED_DECEASED',
    `${first} identified`,
  );
  console.log(
    `  ${matchedCase} matched to ${first} (DNA report DNA-MR-2025-0091) and identified: the family's notice is open`,
  );
  await answer(
    as.ua.POST('/api/missing-persons/{caseNumber}/family-informed', {
      params: ofCase,
      body: {
        remainsCaseNumber: matchedCase,
        informedAt: new Date().toISOString(),
        channel: 'IN_PERSON',
        contactPosition: 1,
      },
    }),
  );
  await until(
    () => answer(as.forensicUa.GET('/api/cases/{caseNumber}', { params: { path: { caseNumber: matchedCase } } })),
    (c) => c.status === 'FAMILY_INFORMED',
    `${matchedCase} told the family was informed`,
  );
  const released = await caseStep(demo, matchedCase, { step: 'RELEASED', releasedTo: 1 });
  console.log(
    `  the family told in person by demo-liaison-ua; ${matchedCase} ${released.status} to the mother, the designated contact`,
  );
}

/** Remains found by documents to be a Russian missing person's: queued for Russia, returned, followed there. */
async function returnToTheOtherSide(demo: Demo, foreignCase: string, russian: string): Promise<void> {
  const { as } = demo;
  await answer(
    as.forensicUa.POST('/api/cases/{caseNumber}/foreign-national', {
      params: { path: { caseNumber: foreignCase } },
      body: { missingPersonCaseNumber: russian, evidence: 'DOCUMENTS', reference: 'military-id-RU-2025-0613' },
    }),
  );
  const queue = await answer(as.coordinator.GET('/api/returns', { params: { query: { from: 'UA', to: 'RU' } } }));
  const queued = queue.items.some((i) => i.caseNumber === foreignCase);
  const shared = await answer(
    as.ru.GET('/api/cases/{caseNumber}/shared-record', { params: { path: { caseNumber: foreignCase } } }),
  );
  console.log(
    `  ${foreignCase} found by documents to be ${russian}, reported missing in Russia: ${queued ? 'queued' : 'NOT queued'} for the next manifest UA→RU; Russia reads its shared record (${shared.status})`,
  );
  await caseStep(demo, foreignCase, { step: 'RETURNED_TO_OTHER_PARTY', reference: 'manifest-UA-RU-2025-07' });
  const followed = await answer(
    as.ru.GET('/api/missing-persons/{caseNumber}', { params: { path: { caseNumber: russian } } }),
  );
  const back = followed.remains.some((r) => r.caseNumber === foreignCase && r.returnedAt);
  console.log(`  returned to Russia; ${russian} follows the remains across the border: ${back ? 'yes' : 'NO'}`);
  if (!queued || !back) throw new Error(`the return of ${foreignCase} did not go as it should`);
}

/**
 * The first Ukrainian family's son was among the containers Ukraine received, a Russian family's son among them
 * too: two of Ukraine's remains cases, examined to a profile, go on to an answer and a return.
 */
async function followTwoCases(demo: Demo, missing: string[]): Promise<void> {
  const received = await until(
    () =>
      answer(
        demo.as.forensicUa.GET('/api/cases', {
          params: { query: { operation: demo.reference, party: 'UA', limit: 2 } },
        }),
      ),
    (list) => list.items.length >= 2,
    'two remains cases opened for Ukraine',
  );
  const [matchedCase, foreignCase] = received.items.map((i) => i.caseNumber);
  for (const caseNumber of [matchedCase, foreignCase]) {
    for (const s of ['EXAMINED', 'SAMPLED', 'PROFILED'] as const) await caseStep(demo, caseNumber, { step: s });
  }
  await matchIdentifyAndRelease(demo, matchedCase, missing[0]);
  await returnToTheOtherSide(
    demo,
    foreignCase,
    missing.find((n) => n.startsWith('MP-RU-'))!,
  );
}

/** Where to look next: the operation, its last day, its cases, a missing person, its workflows. */
function printWhereToLook({ api, reference }: Demo, last: DemoDay, firstMissing: string, workflowUrl: string) {
  const opPath = `/api/operations/${reference}`;
  const figure = (n: number) => n.toLocaleString('en-US');
  console.log(`
Look at:
  ${api}${opPath}
      the operation (counts per source, never merged)
  ${api}${opPath}/handovers/${last.date}
      the last day: ${figure(last.ruToUa.declared)} declared vs ${figure(last.ruToUa.received)} received, and its discrepancies
  ${api}/api/cases?operation=${reference}
      remains cases opened for every container received
  ${api}/api/missing-persons/${firstMissing}
      a missing-person case with its family, reference sample and history (demo-tracing's token)
  ${workflowUrl}
      the operation in the Temporal Web UI; filter: OperationReference = "${reference}"
  OPERATOR_TOKEN=<operator-1's token> npm run temporal -- workflow show --workflow-id '${handoverWorkflowId(reference, last.date)}'
      the last day's history, decrypted through the codec server`);
}

async function main() {
  const { config, api, scale, reference } = demoOptions();
  const demo = await demoPeople(config, api, reference);
  const workflowUrl = await agreeOperation(demo);
  const days = scaledDays(scale);
  await runHandovers(demo, days);
  const missing = await reportMissingPersons(demo);
  await followTwoCases(demo, missing);
  printWhereToLook(demo, days[days.length - 1], missing[0], workflowUrl);
}

main().catch(failStart);
