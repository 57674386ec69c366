import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import { EncryptionCodec, parsePayloadKeys } from '../../src/temporal/codec';
import { dataConverter } from '../../src/temporal/data-converter';
import { launchChromium } from '../helpers/browser';
import { june2025Agreement } from '../helpers/fixtures';
import { eventually, freePort, isAlive, spawnEntryPoint, type Spawned } from '../helpers/processes';
import { unique } from '../helpers/stack';

/**
 * The development start as a newcomer uses it: one command brings up the
 * Temporal dev server with its Web UI, an embedded PostgreSQL, the worker and
 * the API; stopping it and starting again keeps every operation.
 */

jest.setTimeout(240_000);

const dataDir = mkdtempSync(path.join(tmpdir(), 'repatriation-dev-'));
// As root, PostgreSQL runs as the `postgres` user, which must reach its data folder.
chmodSync(dataDir, 0o755);
let env: Record<string, string>;
let api: string;
let ui: string;
let temporalAddress: string;
let databaseUrl: string;
/** The coordinator's and the operator's demo tokens, printed by the first start. */
let coordinatorToken: string | undefined;
let operatorToken: string | undefined;
/** The demo operator's password at the embedded OpenID Provider, printed by the first start. */
let operatorPassword: string | undefined;
const authorised = () => ({ authorization: `Bearer ${coordinatorToken}` });

beforeAll(async () => {
  const [apiPort, pgPort, temporalPort, uiPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  env = {
    DATA_DIR: dataDir,
    API_PORT: String(apiPort),
    DEV_POSTGRES_PORT: String(pgPort),
    DEV_TEMPORAL_PORT: String(temporalPort),
    DEV_TEMPORAL_UI_PORT: String(uiPort),
    // The embedded OpenID Provider, off its default port (another start may hold it).
    IDENTITY_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    // The worker's Prometheus endpoint, off its fixed default port (another start may hold it).
    WORKER_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
    ...(process.env.TEMPORAL_CLI ? { TEMPORAL_CLI: process.env.TEMPORAL_CLI } : {}),
  };
  api = `http://127.0.0.1:${apiPort}`;
  ui = `http://127.0.0.1:${uiPort}`;
  temporalAddress = `127.0.0.1:${temporalPort}`;
  // The embedded PostgreSQL of the development start (src/db/embedded-postgres.ts).
  databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${pgPort}/repatriation`;
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function startDev(): Promise<Spawned> {
  const dev = spawnEntryPoint('src/main/dev.ts', env);
  const ready = eventually(
    async () => (await fetch(`${api}/readyz`)).status === 200,
    '/readyz to answer 200',
    120_000,
    500,
  );
  const died = dev.exited.then(({ code, signal }) => {
    throw new Error(`the development start exited (${code ?? signal}) before it was ready:\n${dev.output()}`);
  });
  await Promise.race([ready, died]);
  // The demo tokens are printed by the first start that got as far as issuing them.
  const coordinator = /coordinator-1 \(COORDINATOR\)\s+(rpt_\S+)/.exec(dev.output());
  const operator = /operator-1 \(OPERATOR\)\s+(rpt_\S+)/.exec(dev.output());
  if (coordinator && operator) [coordinatorToken, operatorToken] = [coordinator[1], operator[1]];
  // Printed the same way, before the tokens: the demo people's passwords.
  const password = /operator-1 \(OPERATOR\)\s+(?!rpt_)(\S+)/.exec(dev.output());
  if (password) operatorPassword = password[1];
  return dev;
}

async function stopDev(
  dev: Spawned,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  dev.child.kill(signal);
  return dev.exited;
}

const temporalServerPid = () => Number(readFileSync(path.join(dataDir, 'temporal', 'server.pid'), 'utf8'));

async function readOperation(reference: string) {
  const res = await fetch(`${api}/api/operations/${reference}`, { headers: authorised() });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/**
 * What an operator finds in the Web UI after the demo: each search attribute
 * filters the operation's workflows, and their raw histories hold none of the
 * declared names the manifests carried, which the dev start's key opens.
 */
async function expectOperatorView(reference: string): Promise<void> {
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  const names = (
    await pg.query<{ name: string }>(
      `SELECT DISTINCT l."declaredName" AS name FROM "ManifestLine" l
         JOIN "Manifest" m ON m.id = l."manifestId" JOIN "Handover" h ON h.id = m."handoverId"
         JOIN "RepatriationOperation" o ON o.id = h."operationId"
        WHERE o.reference = $1 AND l."declaredName" IS NOT NULL`,
      [reference],
    )
  ).rows.map((r) => r.name);
  await pg.end();
  expect(names.length).toBeGreaterThan(0);

  const keys = parsePayloadKeys(readFileSync(path.join(dataDir, 'payload-keys'), 'utf8'));
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const client = new Client({ connection, dataConverter: dataConverter(keys) });
    const ids = async (query: string) => {
      const found: string[] = [];
      for await (const wf of client.workflow.list({ query })) found.push(wf.workflowId);
      return found;
    };
    const mine = `OperationReference = "${reference}"`;
    const all = await ids(mine);
    expect(all).toContain(`operation:${reference}`);
    expect(all.filter((id) => id.startsWith('handover:'))).toHaveLength(5);
    expect(all.filter((id) => id.startsWith('case:'))).toHaveLength(62);
    for (const [filter, expected] of [
      ['OperationPhase = "FOLLOW_UP"', `operation:${reference}`],
      ['Parties = "UA"', `operation:${reference}`],
      ['IntermediaryRole = "OBSERVER"', `operation:${reference}`],
      [
        'HandoverDate >= "2025-06-16T00:00:00Z" AND HandoverDate < "2025-06-17T00:00:00Z"',
        `handover:${reference}:2025-06-16`,
      ],
      ['CaseStatus = "RECEIVED"', all.find((id) => id.startsWith('case:'))!],
    ]) {
      expect({ filter, found: await ids(`${mine} AND ${filter}`) }).toEqual({
        filter,
        found: expect.arrayContaining([expected]),
      });
    }

    const codec = new EncryptionCodec(keys);
    let opened = '';
    for (const workflowId of all.filter((id) => !id.startsWith('case:'))) {
      const { history } = await connection.workflowService.getWorkflowExecutionHistory({
        namespace: 'default',
        execution: { workflowId },
        maximumPageSize: 10_000,
      });
      const raw = Buffer.from(temporal.api.history.v1.History.encode(history!).finish());
      for (const name of names) expect(raw.toString('utf8')).not.toContain(name);
      const payloads = (history!.events ?? []).flatMap(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads ?? [],
      );
      opened += (await codec.decode(payloads)).map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');
    }
    for (const name of names) expect(opened).toContain(name);
  } finally {
    await connection.close();
  }
}

// The blocks below run in order on one data folder: what one start made, the next one finds.
const reference = unique('dev');

describe('the development start: started, stopped and started again', () => {
  it('when started, then the API is ready, prints where everything is, and the Temporal Web UI answers behind sign-in', async () => {
    const dev = await startDev();
    try {
      expect(dev.output()).toContain(`API docs          ${api}/docs`);
      expect(dev.output()).toContain(`Temporal Web UI   ${ui}`);
      // The field app, built by the set-up, is served where the start says.
      expect(dev.output()).toContain(`Field app         ${api}/app/`);
      const app = await fetch(`${api}/app/`);
      expect(app.status).toBe(200);
      expect(await app.text()).toContain('<div id="root">');
      // The first start prints a token per demo role, once (startDev keeps them).
      expect(coordinatorToken).toMatch(/^rpt_/);
      expect(operatorToken).toMatch(/^rpt_/);
      expect(await fetch(`${api}/api/operations`)).toHaveProperty('status', 401);
      // The Web UI sends a visitor to sign in at the provider (the first start printed the people's passwords).
      expect(operatorPassword).toMatch(/^[\w-]{18}$/);
      const page = await fetch(ui, { headers: { accept: 'text/html' }, redirect: 'manual' });
      expect(page.status).toBe(302);
      const signIn = new URL(page.headers.get('location')!);
      expect(`${signIn.origin}${signIn.pathname}`).toBe(`http://127.0.0.1:${env.IDENTITY_PORT}/auth`);
      expect(signIn.searchParams.get('redirect_uri')).toBe(`${ui}/auth/callback`);

      const created = await fetch(`${api}/api/operations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authorised() },
        body: JSON.stringify(june2025Agreement(reference)),
      });
      expect(created.status).toBe(201);
      const recorded = await eventually(async () => {
        const { body } = await readOperation(reference);
        return body.recorded ? body : null;
      }, 'the operation to be recorded');
      expect(recorded).toMatchObject({ phase: 'PLANNED', workflow: { status: 'RUNNING' } });

      // Visible to operators in Temporal, filterable by its custom search attribute.
      const connection = await Connection.connect({ address: temporalAddress });
      try {
        // The key the development start made in its data folder, the same across restarts.
        const keys = parsePayloadKeys(readFileSync(path.join(dataDir, 'payload-keys'), 'utf8'));
        const client = new Client({ connection, dataConverter: dataConverter(keys) });
        const ids = await eventually(async () => {
          const found: string[] = [];
          for await (const wf of client.workflow.list({ query: `OperationReference = "${reference}"` })) {
            found.push(wf.workflowId);
          }
          return found.length ? found : null;
        }, 'the workflow in visibility');
        expect(ids).toEqual([`operation:${reference}`]);
      } finally {
        await connection.close();
      }
    } finally {
      const exit = await stopDev(dev, 'SIGINT');
      expect(exit.code).toBe(0);
    }
    // Ctrl-C stops all of it: no Temporal server or PostgreSQL left behind.
    expect(isAlive(temporalServerPid())).toBe(false);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('when stopped and started again, then the operation and its workflow are still there', async () => {
    const dev = await startDev();
    try {
      expect(dev.output()).not.toContain('rpt_');
      const { status, body } = await readOperation(reference);
      expect(status).toBe(200);
      expect(body).toMatchObject({ reference, phase: 'PLANNED', recorded: true, workflow: { status: 'RUNNING' } });
      const again = await fetch(`${api}/api/operations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authorised() },
        body: JSON.stringify(june2025Agreement(reference)),
      });
      expect(again.status).toBe(409);

      // `npm run tokens` finds the running development database as `npm run dev` does, without DATABASE_URL.
      const tokens = spawnEntryPoint('src/main/tokens.ts', env, ['list']);
      expect({ exit: (await tokens.exited).code, output: tokens.output() }).toMatchObject({ exit: 0 });
      expect(tokens.output()).toMatch(/operator-1\s+OPERATOR\s+-\s+live/);
    } finally {
      await stopDev(dev, 'SIGTERM');
    }
  });

  it('when the development stack is not running, then `npm run tokens` says to start it', async () => {
    const tokens = spawnEntryPoint('src/main/tokens.ts', env, ['list']);
    expect((await tokens.exited).code).toBe(1);
    expect(tokens.output()).toContain(`No PostgreSQL answers at 127.0.0.1:${env.DEV_POSTGRES_PORT}`);
    expect(tokens.output()).toContain('npm run dev');
  });
});

describe('the development start: the demo, and what an operator sees of it', () => {
  it('when the demo runs against a fresh stack, then the June 2025 operation goes through every day, green', async () => {
    const dev = await startDev();
    try {
      const demoArgs = ['--api', api, '--scale', '0.01', '--reference', 'RU-UA-2025-06-DEMO'];
      const run = spawnEntryPoint('src/main/demo.ts', env, demoArgs);
      const exit = await run.exited;
      expect({ exit: exit.code, output: run.output() }).toMatchObject({ exit: 0 });
      for (const date of ['2025-06-11', '2025-06-13', '2025-06-14', '2025-06-15', '2025-06-16']) {
        expect(run.output()).toContain(`${date} signed off`);
      }
      expect(run.output()).toContain('RU→UA declared 15, received 12');
      expect(run.output()).toContain('phase FOLLOW_UP');
      // The families' side: missing-person cases of both sides, a reference sample, the blind index.
      expect(run.output()).toContain('8 cases opened (UA 6, RU 2), at rest');
      expect(run.output()).toMatch(/MP-UA-\w+ ACTIVE; the mother's reference sample RS-\w{10} PROFILED/);
      expect(run.output()).toContain('finds the case written in Cyrillic (blind index): yes');
      // From a match to an answer, and a national of the other side returned.
      expect(run.output()).toMatch(/matched to MP-UA-\w+ \(DNA report DNA-MR-2025-0091\) and identified/);
      expect(run.output()).toMatch(/RELEASED to the mother, the designated contact/);
      expect(run.output()).toMatch(/found by documents to be MP-RU-\w+, reported missing in Russia: queued/);
      expect(run.output()).toMatch(/returned to Russia; MP-RU-\w+ follows the remains across the border: yes/);
      expect(run.output()).not.toContain('Марчук');
      // What it prints is what happened at this scale, and names the workflows it made.
      expect(run.output()).toContain('the last day: 15 declared vs 12 received');
      expect(run.output()).not.toContain('1,248');
      expect(run.output()).toContain(
        "npm run temporal -- workflow show --workflow-id 'handover:RU-UA-2025-06-DEMO:2025-06-16'",
      );
      const { status, body } = await readOperation('RU-UA-2025-06-DEMO');
      expect(status).toBe(200);
      expect(body.phase).toBe('FOLLOW_UP');
      // At 1 %: 12 received by Ukraine each day, Russia declaring three more on the last day; 1 + 1 to Russia.
      expect(body.progress.handovers.map((h: { status: string }) => h.status)).toEqual(Array(5).fill('SIGNED_OFF'));
      expect(body.progress.totals).toEqual({
        'RU>UA': { SENDER: 63, RECEIVER: 60, INTERMEDIARY: 60 },
        'UA>RU': { SENDER: 2, RECEIVER: 2, INTERMEDIARY: 2 },
      });
      expect(body.progress.discrepancies).toEqual({ open: 2, byKind: { COUNT_MISMATCH: 1, MISSING_TAG: 1 } });
      // Two of Ukraine's went on: one released to its family, one returned to Russia.
      const settledCases = { UA: { RECEIVED: 58, RELEASED: 1, RETURNED_TO_OTHER_PARTY: 1 }, RU: { RECEIVED: 2 } };
      const cases = await eventually(
        async () => {
          const { body: now } = await readOperation('RU-UA-2025-06-DEMO');
          const ua = Object.values((now.progress.cases.UA ?? {}) as Record<string, number>).reduce((x, y) => x + y, 0);
          return ua === 60 && now.progress.cases.RU?.RECEIVED === 2 ? now.progress.cases : null;
        },
        'a case for every container received',
        60_000,
      );
      expect(cases).toEqual(settledCases);
      await expectOperatorView('RU-UA-2025-06-DEMO');
    } finally {
      await stopDev(dev, 'SIGINT');
    }
  });

  it('when an operator signs in to the Web UI through the provider, then it shows input, memo and query answers decrypted, with its default codec setting', async () => {
    const dev = await startDev();
    const browser = await launchChromium();
    try {
      const day = `${ui}/namespaces/default/workflows/${encodeURIComponent('handover:RU-UA-2025-06-DEMO:2025-06-16')}`;
      const operation = `${ui}/namespaces/default/workflows/${encodeURIComponent('operation:RU-UA-2025-06-DEMO')}`;

      // The guide's steps: open the day, sign in at the provider's page, and the day reads decrypted.
      // No codec setting is touched.
      const page = await (await browser.newContext()).newPage();
      await page.goto(day);
      await page.getByLabel('User name').fill('operator-1');
      await page.getByLabel('Password').fill(operatorPassword!);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('"exchangePoint": "Belarus–Ukraine border"').first().waitFor({ timeout: 60_000 });
      await page.getByText('"missing": 3').first().waitFor();

      await page.goto(operation);
      await page.getByText('repatriationOperation').first().waitFor({ timeout: 60_000 });
      await page.locator('a[href$="/memo"]').first().click();
      await page.getByText('"title": "Repatriation of June 2025"').first().waitFor();
      await page.locator('a[href$="/query"]').first().click();
      await page.getByRole('button', { name: 'Run Query' }).click();
      await page.getByText('"phase": "FOLLOW_UP"').first().waitFor({ timeout: 60_000 });
    } finally {
      await browser.close();
      await stopDev(dev, 'SIGINT');
    }
  });
});

describe('the development start: killed outright', () => {
  it('when killed outright (kill -9), then the next start clears what it left running and loses nothing', async () => {
    const first = await startDev();
    const orphanedTemporal = temporalServerPid();
    const exit = await stopDev(first, 'SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    expect(isAlive(orphanedTemporal)).toBe(true);

    const dev = await startDev();
    try {
      expect(isAlive(orphanedTemporal)).toBe(false);
      const { status, body } = await readOperation(reference);
      expect(status).toBe(200);
      expect(body.workflow.status).toBe('RUNNING');
    } finally {
      const stopped = await stopDev(dev, 'SIGINT');
      expect(stopped.code).toBe(0);
    }
  });
});
