import path from 'node:path';
import type { Page } from 'playwright-core';
import { handoverWorkflowId } from '../../workflows/shared/ids';
import { recorded } from '../helpers/workflow';
import { confirmedOperation, dayPath, ruTags, scheduleDay, uaTags } from '../api/support';
import {
  allSent,
  expectText,
  heldActions,
  queueStatus,
  signOut,
  tablet as signedInTablet,
  useFieldApp,
  type FieldAppWorld,
} from './field-app-world';

/**
 * The field app in a real browser (Debian's Chromium) against the real API,
 * Temporal and PostgreSQL: a whole handover day as two liaisons and a field
 * officer report it, each signed in through the OpenID Provider's login page
 * (access tokens of 30 s, renewed as the day goes on), with the network lost
 * in the middle of scanning; then they sign out. People disabled at the
 * provider and tablets changing hands: field-app-sessions.test.ts.
 * FIELD_APP_SCREENSHOTS=<folder> also saves the README's screenshots there.
 */

const DATE = '2025-06-11';
const SCREENSHOTS = process.env.FIELD_APP_SCREENSHOTS;

const fa: FieldAppWorld = useFieldApp();
const tablet = (who: Parameters<typeof signedInTablet>[1]) => signedInTablet(fa, who);
const dayUrl = (reference: string, date = DATE) => `${fa.base}/app/#/operations/${reference}/days/${date}`;

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

type Tablet = Awaited<ReturnType<typeof tablet>>;

/**
 * RU's liaison uploads RU's manifest (a file with a repeated tag is shown with its line problem and not sent),
 * UA's liaison acknowledges it and uploads UA's own, which RU's acknowledges.
 */
async function exchangeManifests(ru: Tablet, ua: Tablet, reference: string): Promise<void> {
  const [ruListed, uaListed] = [ruTags(DATE), uaTags(DATE)];
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
}

/** The field officer opens the day, spot-checks a bag and reports a delay; a repeated spot check is refused, visibly. */
async function openAndReportFromTheField(field: Tablet, reference: string): Promise<void> {
  const ruListed = ruTags(DATE);
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
}

/** UA's liaison scans RU's bags; the network goes in the middle, and the app goes on. */
async function scanThroughALostNetwork(ua: Tablet): Promise<void> {
  const ruListed = ruTags(DATE);
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
}

/** RU's liaison scans UA's bags: one listed, one that is on no manifest. */
async function scanOneUnlisted(ru: Tablet, reference: string): Promise<void> {
  const uaListed = uaTags(DATE);
  await ru.page.goto(`${dayUrl(reference)}/scan/UA/RU`);
  await scan(ru.page, uaListed[0]);
  await scan(ru.page, 'UA-UNLISTED-1');
  await expectText(ru.page.getByTestId('scan-verdict'), 'UA-UNLISTED-1: NOT on the manifest, added as extra');
  await ru.page.getByRole('button', { name: 'Send the batch (2 tags)' }).click();
  await expectText(ru.page.getByText(/The service has 1 received/), '1 extra');
  await allSent(ru.page);
}

/** The three counts of each direction, each by its own person. */
async function recordTheCounts(ru: Tablet, ua: Tablet, field: Tablet, reference: string): Promise<void> {
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
}

/** Each liaison signs with the counts side by side, the difference spelled out; the day shows what it leaves open. */
async function signOffByBoth(ru: Tablet, ua: Tablet): Promise<void> {
  const uaListed = uaTags(DATE);
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
}

/** PostgreSQL: each tag once, with its outcome; each receipt batch reached the API under one key, once. */
async function expectEachTagOnce(reference: string): Promise<void> {
  const [ruListed, uaListed] = [ruTags(DATE), uaTags(DATE)];
  await recorded(fa.w.stack.client.workflow.getHandle(handoverWorkflowId(reference, DATE)));
  const handover = await fa.w.stack.db.handover.findUniqueOrThrow({
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
  const receipts = await fa.w.stack.db.idempotentRequest.findMany({
    where: { path: `${dayPath(reference, DATE)}/receipts` },
  });
  expect(receipts.map((r) => r.status)).toEqual([200, 200, 200, 200]);
}

/**
 * Signing out ends the provider's session too: signing in again asks for the password (no silent return),
 * and the actions were all sent under the liaison's own name (RequestAudit of the day: a person, their subject).
 */
async function signOutEverywhere(ru: Tablet, reference: string): Promise<void> {
  await signOut(ru.page);
  await ru.page.getByRole('button', { name: 'Sign in' }).click();
  await ru.page.getByLabel('Password').waitFor();
  expect(ru.page.url().startsWith(fa.provider.issuer)).toBe(true);
  const audit = await fa.w.stack.db.requestAudit.findMany({
    where: { principal: 'liaison-ru-1', path: { startsWith: dayPath(reference, DATE) } },
  });
  expect(audit.length).toBeGreaterThan(0);
  expect(new Set(audit.map((a) => a.kind))).toEqual(new Set(['PERSON']));
}

test('when two liaisons and a field officer sign in at the provider and report a day through the app, losing the network while scanning, then every receipt is recorded once, the day is signed off with nothing left queued, and they sign out', async () => {
  await fa.w.stack.withWorker(async () => {
    const reference = await confirmedOperation(fa.w);
    await scheduleDay(fa.w, reference, DATE, 3, 2);
    const ru = await tablet('ru');
    const ua = await tablet('ua');
    const field = await tablet('field');

    await exchangeManifests(ru, ua, reference);
    await openAndReportFromTheField(field, reference);
    await scanThroughALostNetwork(ua);
    await scanOneUnlisted(ru, reference);
    await recordTheCounts(ru, ua, field, reference);
    await signOffByBoth(ru, ua);
    await expectEachTagOnce(reference);
    for (const t of [ru, ua, field]) expect(await heldActions(t.page)).toBe(0);
    await signOutEverywhere(ru, reference);
  });
}, 300_000);

test('when a liaison switches the app to Ukrainian, then the day reads in Ukrainian, dates included, and stays so after a reload', async () => {
  await fa.w.stack.withWorker(async () => {
    const reference = await confirmedOperation(fa.w);
    await scheduleDay(fa.w, reference, '2025-06-12', 3, 2);
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
  await fa.w.stack.withWorker(async () => {
    const reference = await confirmedOperation(fa.w);
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
    await recorded(fa.w.stack.client.workflow.getHandle(handoverWorkflowId(reference, '2025-06-13')));
    const day = await fa.w.stack.db.handover.findUniqueOrThrow({
      where: { workflowId: handoverWorkflowId(reference, '2025-06-13') },
    });
    expect({ status: day.status, on: day.scheduledOn.toISOString().slice(0, 10) }).toEqual({
      status: 'POSTPONED',
      on: '2025-06-14',
    });
  });
}, 120_000);
