import { execFileSync } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import {
  confirmedOperation,
  createOperation,
  eventually,
  openWorld,
  scheduleDay,
  type Who,
  type World,
} from '../api/support';

/**
 * The field app as first-time users found it (issue 25), in Debian's Chromium
 * against the real API, Temporal and PostgreSQL: the operations list, the
 * schedule form, the languages, the tag rule, and long tags on a phone; on
 * a service with no OpenID Provider, so with the API token sign-in.
 */

let w: World;
let server: Server;
let base: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // The app is built by the set-up; unchanged sources make this a no-op.
  execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'setup.js')], { stdio: 'inherit' });
  // No OpenID Provider: the app signs people in with API tokens, as it must where none is configured.
  w = await openWorld({ OIDC_ISSUER: '' });
  server = w.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});
afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
  await w?.stack.close();
});

const PHONE = { width: 390, height: 844 };
const TOKEN_LABEL = { 'en-GB': 'Your API token', uk: 'Ваш токен доступу', ru: 'Ваш токен доступа' } as const;

/** A browser of one person in one language, signed in. */
async function signedIn(who: Who, locale: keyof typeof TOKEN_LABEL = 'en-GB', viewport = { width: 1180, height: 820 }) {
  const context = await browser.newContext({ viewport, locale });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${base}/app/`);
  await page.getByLabel(TOKEN_LABEL[locale]).fill(w.people[who]);
  await page.locator('button[type=submit]').click();
  await page.locator('h1').first().waitFor();
  return page;
}

const held = (page: Page): Promise<number> =>
  page.evaluate(`new Promise((resolve) => {
    const open = indexedDB.open('field-app');
    open.onsuccess = () => {
      const count = open.result.transaction('actions').objectStore('actions').count();
      count.onsuccess = () => resolve(count.result);
    };
  })`);

test('when there are many operations, then the list puts those under way first, newest first, and finds one by reference or phase', async () => {
  await w.stack.withWorker(async () => {
    const older = await confirmedOperation(w);
    const aborted = await confirmedOperation(w);
    const newest = await createOperation(w);
    await w.post('coordinator', `/api/operations/${aborted}/abort`, { reason: 'talks broke down' }).expect(200);
    await eventually(
      () => w.get('coordinator', `/api/operations/${aborted}`),
      (res) => res.body.phase === 'ABORTED',
    );
    const page = await signedIn('coordinator');
    const cards = page.locator('ul.cards > li');
    const order = async () => {
      const all = (await cards.allTextContents()).map((text) => [older, aborted, newest].find((r) => text.includes(r)));
      return all.filter((r): r is string => r !== undefined);
    };
    await eventually(order, (refs) => refs.length === 3, 'the three operations listed');
    expect(await order()).toEqual([newest, older, aborted]);

    await page.getByLabel('Search by reference or title').fill(older.slice(-6));
    await eventually(order, (refs) => refs.length === 1);
    expect(await order()).toEqual([older]);
    await page.getByLabel('Search by reference or title').fill('');
    await page.getByLabel('Phase').selectOption('ABORTED');
    await eventually(order, (refs) => refs.length === 1);
    expect(await order()).toEqual([aborted]);
  });
}, 120_000);

test('when a coordinator opens the schedule form, then nothing is chosen for them, and an empty day needs confirming', async () => {
  await w.stack.withWorker(async () => {
    const reference = await confirmedOperation(w);
    const page = await signedIn('coordinator');
    await page.getByRole('link', { name: new RegExp(reference) }).click();
    const date = page.getByLabel('Date', { exact: true });
    const ruToUa = page.getByLabel('Planned containers RU → UA');
    const uaToRu = page.getByLabel('Planned containers UA → RU');
    expect([await date.inputValue(), await ruToUa.inputValue(), await uaToRu.inputValue()]).toEqual(['', '', '']);

    // One click schedules nothing: the browser asks for the date and the counts.
    await page.getByRole('button', { name: 'Schedule the day' }).click();
    expect(
      await date.evaluate((el) => (el as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing),
    ).toBe(true);
    expect(await held(page)).toBe(0);

    await date.fill('2025-06-13');
    await ruToUa.fill('0');
    await uaToRu.fill('0');
    const confirm = page.getByLabel(/No containers are planned in either direction/);
    await page.getByRole('button', { name: 'Schedule the day' }).click();
    expect(
      await confirm.evaluate((el) => (el as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing),
    ).toBe(true);
    expect(await held(page)).toBe(0);
    await confirm.check();
    await page.getByRole('button', { name: 'Schedule the day' }).click();
    await page.getByRole('link', { name: /Friday,? 13 June 2025/ }).waitFor({ timeout: 30_000 });
    const day = await w.get('coordinator', `/api/operations/${reference}/handovers/2025-06-13`).expect(200);
    expect(day.body.directions.map((d: { plannedCount: number }) => d.plannedCount)).toEqual([0, 0]);
  });
}, 120_000);

test.each([
  ['uk', 'Польовий застосунок передачі', 'клавішу введення (Enter)', 'англійською, саме так: tag,affiliation'],
  ['ru', 'Полевое приложение передачи', 'клавишу ввода (Enter)', 'по-английски, именно так: tag,affiliation'],
] as const)(
  'when a liaison uses the app in %s, then the title and what they read are in it, and what a file must hold is named as such',
  (locale, title, enter, csvHeader) =>
    w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      await scheduleDay(w, reference, '2025-06-11');
      const page = await signedIn('ua', locale);
      expect(await page.title()).toBe(title);
      await page.goto(`${base}/app/#/operations/${reference}/days/2025-06-11/scan/RU/UA`);
      await page.locator('.hint', { hasText: enter }).waitFor();
      await page.goto(`${base}/app/#/operations/${reference}/days/2025-06-11/manifest/UA/RU`);
      await page.locator('body', { hasText: csvHeader }).waitFor();
      expect(await page.locator('main').innerText()).not.toMatch(/\bAPI\b|"tag,affiliation"/);
      expect(await page.title()).toBe(title);
    }),
  120_000,
);

test(
  'when a tag has a stray quote, then the manifest and the scan refuse it, as they refuse what the API refuses',
  () =>
    w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      await scheduleDay(w, reference, '2025-06-11');
      const page = await signedIn('ua');
      await page.goto(`${base}/app/#/operations/${reference}/days/2025-06-11/manifest/UA/RU`);
      await page.getByLabel('CSV file').setInputFiles({
        name: 'manifest.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('tag,affiliation\nUA-S3-0003,UA\n"UA-S3-0004,UA\nUA-S3-\u202E0005\n'),
      });
      const problems = page.getByTestId('manifest-problems');
      await problems.waitFor();
      expect(await problems.innerText()).toMatch(/Line 3: a tag holds no quote[\s\S]*Line 4: .*U\+202E/);

      await page.goto(`${base}/app/#/operations/${reference}/days/2025-06-11/scan/RU/UA`);
      const tag = page.getByLabel('Tag', { exact: true });
      await tag.fill('"UA-S3-0004');
      await tag.press('Enter');
      await page.getByTestId('scan-verdict').filter({ hasText: 'Not added: a tag holds no quote' }).waitFor();
      expect(await page.locator('ul.batch li').count()).toBe(0);
    }),
  120_000,
);

test(
  'when a long tag is scanned on a phone, then it stays whole on one line and nothing overflows the screen',
  () =>
    w.stack.withWorker(async () => {
      const reference = await confirmedOperation(w);
      await scheduleDay(w, reference, '2025-06-11');
      const page = await signedIn('ua', 'en-GB', PHONE);
      await page.goto(`${base}/app/#/operations/${reference}/days/2025-06-11/scan/RU/UA`);
      const long = `RU-2025-06-11-S3-${'0123-'.repeat(9)}X`.slice(0, 64);
      const tag = page.getByLabel('Tag', { exact: true });
      await tag.fill(long);
      await tag.press('Enter');
      const shown = page.locator('ul.batch li .tag');
      await shown.waitFor();
      expect(await shown.getAttribute('title')).toBe(long);
      // One line box: a tag broken at its hyphens would give one per line.
      expect(await shown.evaluate((el) => el.getClientRects().length)).toBe(1);
      const lineHeight: number = await page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('ul.batch li .tag')).lineHeight) || 24",
      );
      expect((await shown.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    }),
  120_000,
);
