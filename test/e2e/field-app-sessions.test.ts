import type { Page } from 'playwright-core';
import request from 'supertest';
import { PeopleFile, peopleFilePath } from '../../src/identity/people';
import { TEST_CLIENT_ID } from '../helpers/identity';
import { eventually } from '../helpers/processes';
import { confirmedOperation, dayPath, scheduleDay } from '../api/support';
import {
  allSent,
  expectText,
  heldActions,
  newTablet,
  queueStatus,
  signInAtProvider,
  signOut,
  useFieldApp,
  type FieldAppWorld,
} from './field-app-world';

/**
 * Sessions that end, on a tablet that changes hands, in Debian's Chromium
 * against the real API and a real OpenID Provider whose access tokens live
 * 15 s: a person disabled at the provider is refused once their token expires,
 * and the action they had queued offline stays queued, is never sent in the
 * name of whoever signs in next, and goes out under its owner's name once they
 * may sign in again; the provider, still holding their session on the tablet,
 * says on its page that the account is disabled. The API documentation page
 * signs people in the same way, with its own Sign in and with Swagger UI's
 * Authorize (a popup that must keep its opener).
 */

const DATE = '2025-06-15';
const fa: FieldAppWorld = useFieldApp({
  accessTokenTtl: '15s',
  redirectPaths: ['/app/', '/docs/oauth2-redirect.html'],
});
const people = () => new PeopleFile(peopleFilePath(fa.provider.dir));
const dayUrl = (reference: string) => `${fa.base}/app/#/operations/${reference}/days/${DATE}`;

/** Who reported incidents on the day, as the API recorded it (RequestAudit: kind and principal of each). */
async function incidentsBy(reference: string): Promise<string[]> {
  const rows = await fa.w.stack.db.requestAudit.findMany({
    where: { path: `${dayPath(reference, DATE)}/incidents`, status: 201 },
    orderBy: { receivedAt: 'asc' },
  });
  return rows.map((r) => `${r.kind} ${r.principal}`);
}

/** At the app's sign-in page: to the provider, and back signed in as `username`, on the page they were on. */
async function signInAs(page: Page, username: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signInAtProvider(fa, page, username);
  await page.locator('header .who', { hasText: username }).waitFor();
}

/** On the day's page: an incident reported (queued first, as every action). */
async function reportIncident(page: Page, note: string): Promise<void> {
  await page.getByLabel('Note').last().fill(note);
  await page.getByRole('button', { name: 'Report the incident' }).click();
}

/** "Try it out" on GET /api/me: answered 200, in the name of `username`. */
async function tryMe(page: Page, username: string): Promise<void> {
  await page.locator('.opblock-summary-path[data-path="/api/me"]').click();
  await page.getByRole('button', { name: 'Try it out' }).click();
  await page.getByRole('button', { name: 'Execute' }).click();
  await expectText(page.locator('.live-responses-table .response-col_status'), '200');
  await expectText(page.locator('.live-responses-table .response-col_description'), `"principal": "${username}"`);
}

const sessionToken = (page: Page): Promise<string> =>
  page.evaluate(`JSON.parse(localStorage.getItem('field-app.session')).person.accessToken`);

test('when a person is disabled at the provider while their action waits offline, then once their token expires they are refused, the action stays queued and is not sent by the next person, and goes out under its owner once they may sign in again', async () => {
  await fa.w.stack.withWorker(async () => {
    const reference = await confirmedOperation(fa.w);
    await scheduleDay(fa.w, reference, DATE, 3, 2);
    const { page, context } = await newTablet(fa);
    await page.goto(`${fa.base}/app/`);
    await signInAs(page, 'leaver-1');

    // Offline, the field officer reports an incident: kept on the tablet. Then they leave, and are disabled.
    await page.goto(dayUrl(reference));
    await page.getByRole('heading', { name: 'Report an incident' }).waitFor();
    await context.setOffline(true);
    await reportIncident(page, 'generator failed at the crossing');
    await expectText(queueStatus(page), '1 waiting to send');
    const token = await sessionToken(page);
    people().setDisabled('leaver-1', true);
    // Their access token still works until it expires (minutes at most: here 15 s), then the API refuses it.
    await eventually(
      async () => (await request(fa.w.app).get('/api/me').auth(token, { type: 'bearer' })).status === 401,
      "the disabled person's access token to expire",
      60_000,
      500,
    );

    // Back online: the provider refuses to renew the session; the action stays, nothing was sent.
    await context.setOffline(false);
    await page.getByText('Your session as leaver-1 has ended').waitFor({ timeout: 30_000 });
    await expectText(page.getByTestId('kept-actions'), '1 action of leaver-1 is kept on this tablet');
    expect(await heldActions(page)).toBe(1);
    expect(await incidentsBy(reference)).toEqual([]);

    // The leaver tries again. The provider still holds their session on this tablet: its page says the account
    // is disabled (not a server error) and refuses their password.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('leaver-1 is disabled').waitFor();
    await signInAtProvider(fa, page, 'leaver-1');
    await page.getByText('This account is disabled').waitFor();
    // Someone else signs in on the tablet: their own action goes out, the leaver's is kept, not sent in their name.
    await signInAtProvider(fa, page, 'field-1');
    await page.locator('header .who', { hasText: 'field-1' }).waitFor();
    await expectText(queueStatus(page), '1 kept for someone else');
    await page.goto(dayUrl(reference));
    await reportIncident(page, 'convoy late by 20 min');
    await eventually(async () => (await incidentsBy(reference)).length === 1, 'the incident of field-1');
    await expectText(page.locator('main ul.queued li'), 'kept for leaver-1: sent once they sign in');
    expect(await heldActions(page)).toBe(1);
    expect(await incidentsBy(reference)).toEqual(['PERSON field-1']);

    // Enabled again, the leaver signs in on the tablet: their action goes out once, in their name.
    people().setDisabled('leaver-1', false);
    await signOut(page);
    await expectText(page.getByTestId('kept-actions'), '1 action of leaver-1 is kept on this tablet');
    await signInAs(page, 'leaver-1');
    await allSent(page);
    expect(await incidentsBy(reference)).toEqual(['PERSON field-1', 'PERSON leaver-1']);
  });
}, 180_000);

test('when someone signs in on the API documentation page, then "Try it out" acts in their name, until they sign out', async () => {
  const { page } = await newTablet(fa);
  await page.goto(`${fa.base}/docs/`);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await signInAtProvider(fa, page, 'coordinator-1');
  await expectText(
    page.locator('#signed-in'),
    /Signed in as .*coordinator-1.*COORDINATOR.*"Try it out" acts in this name/,
  );
  // Swagger UI sends the token with "Try it out".
  await tryMe(page, 'coordinator-1');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  expect(await page.locator('#signed-in').textContent()).toBe('');
}, 60_000);

test('when someone clicks "Authorize" on the API documentation page, then they sign in at the provider in its popup, and "Try it out" acts in their name', async () => {
  const { page } = await newTablet(fa);
  await page.goto(`${fa.base}/docs/`);
  await page.locator('.auth-wrapper .authorize').click();
  // The OpenID Connect scheme: its client and scopes come from GET /identity; its "Authorize" opens the popup.
  const scheme = page
    .locator('.auth-container div', { has: page.locator('h4', { hasText: 'authorization_code with PKCE' }) })
    .last();
  await eventually(
    async () => (await scheme.locator('input#client_id_authorization_code').inputValue()) === TEST_CLIENT_ID,
    'the client id from GET /identity',
  );
  // The provider offers the authorization code flow only: no implicit flow to choose by mistake.
  expect(await page.locator('.auth-container h4', { hasText: 'implicit' }).count()).toBe(0);
  const popup = page.waitForEvent('popup');
  await scheme.locator('button.authorize').click();
  const signIn = await popup;
  await signInAtProvider(fa, signIn, 'liaison-ua-1');
  // Back at the page (the popup handed the code to its opener and closed): Swagger UI holds the token.
  await signIn.waitForEvent('close');
  await scheme.getByRole('heading', { name: 'Authorized' }).waitFor();
  await page.locator('.modal-ux .btn-done').first().click();
  await expectText(page.locator('#signed-in'), /Signed in as .*liaison-ua-1.*PARTY_LIAISON UA/);
  await tryMe(page, 'liaison-ua-1');
}, 60_000);
