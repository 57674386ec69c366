import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import { eventually } from '../helpers/processes';
import { recorded } from '../helpers/workflow';
import {
  confirmedOperation,
  dayPath,
  openWorld,
  ruTags,
  scheduleDay,
  uaTags,
  type Who,
  type World,
} from '../api/support';

/**
 * The field app in a real browser (Debian's Chromium) against the real API,
 * Temporal and PostgreSQL: a whole handover day as two liaisons and a field
 * officer report it, with the network lost in the middle of scanning.
 * FIELD_APP_SCREENSHOTS=<folder> also saves the README's screenshots there.
 */

const DATE = '2025-06-11';
const SCREENSHOTS = process.env.FIELD_APP_SCREENSHOTS;

let w: World;
let server: Server;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const answering = new Set<Promise<void>>();

beforeAll(async () => {
  // The app is built by the set-up; unchanged sources make this a no-op.
  execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'setup.js')], { stdio: 'inherit' });
  w = await openWorld();
  server = express()
    .use((_req, res, next) => {
      // A request whose tablet has gone is still being answered: the stack closes only after it.
      let answered!: () => void;
      const answer = new Promise<void>((resolve) => (answered = resolve));
      answering.add(answer);
      void answer.then(() => answering.delete(answer));
      const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
      res.end = ((...args: unknown[]) => {
        answered();
        return end(...args);
      }) as typeof res.end;
      next();
    })
    .use(w.app)
    .listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
}, 120_000);

// No tablet may still be polling when the stack closes.
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
  await Promise.all(answering);
  await w?.stack.close();
});

/** A tablet of one person, signed in with their token. */
async function tablet(who: Who): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width: 1180, height: 820 }, locale: 'en-GB' });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${base}/app/`);
  await page.getByLabel('Your API token').fill(w.tokens[who]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Operations' }).waitFor();
  return { page, context };
}

const dayUrl = (reference: string, date = DATE) => `${base}/app/#/operations/${reference}/days/${date}`;
const queueStatus = (page: Page) => page.getByTestId('queue-status');

/** The actions this browser still holds (IndexedDB), read in the page (the code runs there, hence a string). */
const heldActions = (page: Page): Promise<number> =>
  page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('field-app');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const count = open.result.transaction('actions').objectStore('actions').count();
      count.onsuccess = () => resolve(count.result);
      count.onerror = () => reject(count.error);
    };
  })`);

/**
 * Nothing left to send: the page says so and the browser holds no action. The two are checked together, as
 * the page may still say so from before an action just queued (answers come within tens of milliseconds).
 */
async function allSent(page: Page): Promise<void> {
  await eventually(
    async () =>
      (await queueStatus(page).first().textContent())?.includes('All sent') && (await heldActions(page)) === 0 ? true : null,
    'the page to say "All sent" with no action held',
    30_000,
    100,
  );
}

async function expectText(locator: ReturnType<Page['getByText']>, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 30_000 });
}

/** A keyboard-wedge scanner: the tag's characters, then Enter. */
async function scan(page: Page, tag: string): Promise<void> {
  const input = page.getByLabel('Tag', { exact: true });
  await input.focus();
  await page.keyboard.type(tag);
  await page.keyboard.press('Enter');
  await expectText(page.getByTestId('scan-verdict'), tag);
}

async function uploadManifest(page: Page, name: string, csv: string): Promise<void> {
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
}

async function recordCount(page: Page, label: string, count: number): Promise<void> {
  await page.getByLabel(label).fill(String(count));
  await page.getByLabel(label).press('Enter');
}

test('when two liaisons and a field officer report a day through the app, losing the network while scanning, then every receipt is recorded once and the day is signed off with nothing left queued', async () => {
  await w.stack.withWorker(async () => {
    const reference = await confirmedOperation(w);
    await scheduleDay(w, reference, DATE, 3, 2);
    const ru = await tablet('ru');
    const ua = await tablet('ua');
    const field = await tablet('field');
    const [ruListed, uaListed] = [ruTags(DATE), uaTags(DATE)];

    // RU's liaison uploads RU's manifest: a file with a repeated tag is shown with its line problem and not sent.
    await ru.page.goto(dayUrl(reference));
    await ru.page.getByRole('link', { name: 'Submit the manifest (CSV)' }).click();
    await uploadManifest(ru.page, 'bad.csv', `tag,affiliation\n${ruListed[0]}\n${ruListed[0]}\n`);
    await expectText(ru.page.getByTestId('manifest-problems'), `Line 3: tag ${ruListed[0]} is already on line 2`);
    expect(await ru.page.getByRole('button', { name: 'Submit 1 container' }).isDisabled()).toBe(true);
    await uploadManifest(ru.page, 'ru.csv', `tag,affiliation\n${ruListed.join('\n')}\n`);
    await ru.page.getByRole('button', { name: 'Submit 3 containers' }).click();
    await expectText(ru.page.getByText(/version 1, 3 containers/), 'awaiting acknowledgement');
    await allSent(ru.page);

    // UA's liaison acknowledges it and uploads UA's own.
    await ua.page.goto(dayUrl(reference));
    await ua.page.getByRole('button', { name: 'Acknowledge manifest version 1 (3 containers)' }).click();
    await ua.page.getByRole('link', { name: 'Submit the manifest (CSV)' }).click();
    await uploadManifest(ua.page, 'ua.csv', uaListed.join('\r\n'));
    await ua.page.getByRole('button', { name: 'Submit 2 containers' }).click();
    await expectText(ua.page.getByText(/version 1, 2 containers/), 'awaiting acknowledgement');
    await allSent(ua.page);

    await ru.page.reload();
    await ru.page.getByRole('button', { name: 'Acknowledge manifest version 1 (2 containers)' }).click();
    await expectText(ru.page.getByText(/version 1, 2 containers/), 'acknowledged');

    // The field officer opens the day, spot-checks a bag and reports a delay; a repeated spot check is refused, visibly.
    await field.page.goto(dayUrl(reference));
    await field.page.getByRole('button', { name: 'Open the day' }).click();
    await expectText(field.page.locator('.subtitle'), 'Open: handover in progress');
    for (let i = 0; i < 2; i++) {
      await field.page.getByLabel('Container tag').fill(ruListed[0]);
      await field.page.getByRole('button', { name: 'Record the spot check' }).click();
    }
    await expectText(
      field.page.locator('main ul.queued li.refused'),
      `Tag ${ruListed[0]} has already been spot-checked.`,
    );
    await expectText(queueStatus(field.page), '1 refused');
    await field.page.getByRole('button', { name: 'Dismiss' }).first().click();
    await field.page.getByLabel('Note').last().fill('convoy late by 20 min');
    await field.page.getByRole('button', { name: 'Report the incident' }).click();
    await allSent(field.page);

    // UA's liaison scans RU's bags; the network goes in the middle, and the app goes on.
    await ua.page.reload();
    await ua.page.getByRole('link', { name: 'Scan containers received' }).click();
    await ua.page.waitForFunction('navigator.serviceWorker.controller !== null');
    await scan(ua.page, ruListed[0]);
    await expectText(ua.page.getByTestId('scan-verdict'), `${ruListed[0]}: listed`);
    await ua.page.getByRole('button', { name: 'Send the batch (1 tag)' }).click();
    await expectText(ua.page.getByText(/The service has 1 received/), '0 extra');

    await ua.context.setOffline(true);
    await scan(ua.page, ruListed[1]);
    await ua.page.getByRole('button', { name: 'Send the batch (1 tag)' }).click();
    await expectText(queueStatus(ua.page), '1 waiting to send');
    await scan(ua.page, ruListed[1]);
    await expectText(ua.page.getByTestId('scan-verdict'), `${ruListed[1]}: already received, not added`);
    await scan(ua.page, ruListed[2]);
    if (SCREENSHOTS) await ua.page.screenshot({ path: path.join(SCREENSHOTS, 'app-scanning.png'), fullPage: true });
    await ua.page.getByRole('button', { name: 'Send the batch (1 tag)' }).click();
    await expectText(queueStatus(ua.page), '2 waiting to send');
    // Offline, the tab is reloaded: the service worker serves the app, and the queue is still there.
    await ua.page.reload();
    await expectText(queueStatus(ua.page), '2 waiting to send');
    await expectText(ua.page.getByRole('status'), 'No connection: showing what this tablet last saw');
    expect(await heldActions(ua.page)).toBe(2);

    await ua.context.setOffline(false);
    await allSent(ua.page);
    await expectText(ua.page.getByText(/The service has 3 received/), '0 extra');

    // RU's liaison scans UA's bags: one listed, one that is on no manifest.
    await ru.page.goto(`${dayUrl(reference)}/scan/UA/RU`);
    await scan(ru.page, uaListed[0]);
    await scan(ru.page, 'UA-UNLISTED-1');
    await expectText(ru.page.getByTestId('scan-verdict'), 'UA-UNLISTED-1: NOT on the manifest, added as extra');
    await ru.page.getByRole('button', { name: 'Send the batch (2 tags)' }).click();
    await expectText(ru.page.getByText(/The service has 1 received/), '1 extra');
    await allSent(ru.page);

    // The three counts of each direction.
    await ru.page.goto(dayUrl(reference));
    await recordCount(ru.page, 'Sender declared for RU → UA: your count', 3);
    await recordCount(ru.page, 'Receiver counted for UA → RU: your count', 2);
    await allSent(ru.page);
    await ua.page.goto(dayUrl(reference));
    await recordCount(ua.page, 'Receiver counted for RU → UA: your count', 3);
    await recordCount(ua.page, 'Sender declared for UA → RU: your count', 2);
    await allSent(ua.page);
    await field.page.reload();
    await recordCount(field.page, 'Intermediary observed for RU → UA: your count', 3);
    await recordCount(field.page, 'Intermediary observed for UA → RU: your count', 2);
    await expectText(field.page.locator('.subtitle'), 'Counts recorded: awaiting sign-off');
    await allSent(field.page);

    // Each liaison signs with the counts side by side, the difference spelled out.
    for (const [liaison, party] of [
      [ua, 'UA'],
      [ru, 'RU'],
    ] as const) {
      await liaison.page.reload();
      await expectText(liaison.page.locator('ul.differences li'), 'All three counts agree: 3 containers.');
      if (SCREENSHOTS && party === 'UA') {
        await liaison.page.screenshot({ path: path.join(SCREENSHOTS, 'app-day.png'), fullPage: true });
      }
      await liaison.page.getByRole('button', { name: `Sign the day off for ${party}` }).click();
      await expectText(
        liaison.page.getByRole('listitem'),
        new RegExp(`${party}: signed by liaison-${party.toLowerCase()}-1`),
      );
      await allSent(liaison.page);
    }
    await expectText(ru.page.locator('.subtitle'), 'Signed off');
    // What the day leaves open is on its page: the bag never received, and the one on no manifest.
    await expectText(
      ru.page.locator('section[aria-labelledby=disc-heading] li'),
      `Missing containers · UA → RU · ${uaListed[1]}`,
    );
    await expectText(
      ru.page.locator('section[aria-labelledby=disc-heading] li'),
      'Containers not on the manifest · UA → RU · UA-UNLISTED-1',
    );

    // PostgreSQL: each tag once, with its outcome; each receipt batch reached the API under one key, once.
    await recorded(w.stack.client.workflow.getHandle(handoverWorkflowId(reference, DATE)));
    const handover = await w.stack.db.handover.findUniqueOrThrow({
      where: { workflowId: handoverWorkflowId(reference, DATE) },
      include: { containers: { select: { tag: true, outcome: true } } },
    });
    expect(handover.status).toBe('SIGNED_OFF');
    const outcomes = Object.fromEntries(handover.containers.map((c) => [c.tag, c.outcome]));
    expect(handover.containers).toHaveLength(6);
    expect(outcomes).toEqual({
      [ruListed[0]]: 'RECEIVED',
      [ruListed[1]]: 'RECEIVED',
      [ruListed[2]]: 'RECEIVED',
      [uaListed[0]]: 'RECEIVED',
      [uaListed[1]]: 'MISSING',
      'UA-UNLISTED-1': 'EXTRA',
    });
    const receipts = await w.stack.db.idempotentRequest.findMany({
      where: { path: `${dayPath(reference, DATE)}/receipts` },
    });
    expect(receipts.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    for (const t of [ru, ua, field]) expect(await heldActions(t.page)).toBe(0);
  });
}, 300_000);

test('when a liaison switches the app to Ukrainian, then the day reads in Ukrainian, dates included, and stays so after a reload', async () => {
  await w.stack.withWorker(async () => {
    const reference = await confirmedOperation(w);
    await scheduleDay(w, reference, '2025-06-12', 3, 2);
    const ua = await tablet('ua');
    await ua.page.goto(dayUrl(reference, '2025-06-12'));
    await ua.page.getByRole('heading', { name: /Handover day: Thursday,? 12 June 2025/ }).waitFor();
    await ua.page.getByLabel('Language').selectOption('uk');
    for (let i = 0; i < 2; i++) {
      await ua.page.getByRole('heading', { name: /День передачі: четвер, 12 червня 2025/ }).waitFor();
      await expectText(ua.page.locator('.subtitle'), 'Заплановано');
      await ua.page.getByRole('link', { name: 'Подати маніфест (CSV)' }).waitFor();
      await expectText(ua.page.locator('table.counts caption'), 'Три підрахунки');
      await expectText(queueStatus(ua.page), 'Усе надіслано');
      expect(await ua.page.evaluate('document.documentElement.lang')).toBe('uk');
      await ua.page.reload();
    }
  });
}, 120_000);

test('when a coordinator schedules a day in the app and postpones it, then the operation lists the day and the day reads postponed to its new date', async () => {
  await w.stack.withWorker(async () => {
    const reference = await confirmedOperation(w);
    const coordinator = await tablet('coordinator');
    await coordinator.page.getByRole('link', { name: new RegExp(reference) }).click();
    await coordinator.page.getByLabel('Date').fill('2025-06-13');
    await coordinator.page.getByLabel('Planned containers RU → UA').fill('4');
    await coordinator.page.getByLabel('Planned containers UA → RU').fill('1');
    await coordinator.page.getByRole('button', { name: 'Schedule the day' }).click();
    await allSent(coordinator.page);
    await coordinator.page.getByRole('link', { name: /Friday,? 13 June 2025/ }).click();
    await expectText(coordinator.page.locator('.subtitle'), 'Scheduled');
    // A coordinator neither scans nor counts: those are the parties' and field staff's.
    expect(await coordinator.page.getByRole('link', { name: 'Scan containers received' }).count()).toBe(0);
    await coordinator.page.getByLabel('New date').fill('2025-06-14');
    await coordinator.page.getByLabel('Reason').fill('convoy held at the checkpoint');
    await coordinator.page.getByRole('button', { name: 'Postpone' }).click();
    await coordinator.page.getByRole('heading', { name: /Handover day: Saturday,? 14 June 2025/ }).waitFor();
    await expectText(coordinator.page.locator('.subtitle'), 'Postponed');
    await allSent(coordinator.page);
    await recorded(w.stack.client.workflow.getHandle(handoverWorkflowId(reference, '2025-06-13')));
    const day = await w.stack.db.handover.findUniqueOrThrow({
      where: { workflowId: handoverWorkflowId(reference, '2025-06-13') },
    });
    expect({ status: day.status, on: day.scheduledOn.toISOString().slice(0, 10) }).toEqual({
      status: 'POSTPONED',
      on: '2025-06-14',
    });
  });
}, 120_000);
