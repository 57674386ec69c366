import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { passwordOf, startTestProvider, type TestProvider } from '../helpers/identity';
import { eventually, freePort } from '../helpers/processes';
import { PERSON_OF } from '../helpers/tokens';
import { openWorld, type Who, type World } from '../api/support';

/**
 * The field app in a real browser (Debian's Chromium) against the real API,
 * Temporal and PostgreSQL, with people signing in at an OpenID Provider of the
 * file's own (its redirect URI is this API's free port; its access tokens live
 * `accessTokenTtl`, short, so they expire and are renewed while a test runs).
 * One stack, one provider and one browser per file; a tablet is a browser
 * context of one person.
 */

export interface FieldAppWorld {
  w: World;
  base: string;
  browser: Browser;
  provider: TestProvider;
  /** The tablets open now: afterEach closes them. */
  contexts: BrowserContext[];
}

export interface FieldAppOptions {
  /** How long the provider's access tokens live. */
  accessTokenTtl?: string;
  /** The pages of this API the provider may send people back to. */
  redirectPaths?: string[];
}

export function useFieldApp({
  accessTokenTtl = '30s',
  redirectPaths = ['/app/'],
}: FieldAppOptions = {}): FieldAppWorld {
  const opened: Partial<FieldAppWorld> = {};
  let server: Server | undefined;
  let dataDir: string | undefined;
  const contexts: BrowserContext[] = [];
  const answering = new Set<Promise<void>>();

  beforeAll(async () => {
    // The app is built by the set-up; unchanged sources make this a no-op.
    execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'setup.js')], { stdio: 'inherit' });
    const port = await freePort();
    opened.base = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'field-app-identity-'));
    opened.provider = await startTestProvider(dataDir, {
      IDENTITY_REDIRECT_URIS: redirectPaths.map((p) => `${opened.base}${p}`).join(','),
      IDENTITY_ACCESS_TOKEN_TTL: accessTokenTtl,
    });
    // The API trusts that provider, with no clock tolerance to speak of: an expired token is refused at once.
    opened.w = await openWorld({ OIDC_ISSUER: opened.provider.issuer, OIDC_CLOCK_TOLERANCE: '1s' });
    const app = opened.w.app;
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
      .use(app)
      .listen(port, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));
    opened.browser = await launchChromium();
  }, 120_000);

  // No tablet may still be polling when the stack closes.
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await opened.browser?.close();
    if (server) await new Promise((resolve) => server!.close(resolve));
    await Promise.all(answering);
    await opened.w?.stack.close();
    await opened.provider?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  return {
    get w() {
      return opened.w!;
    },
    get base() {
      return opened.base!;
    },
    get browser() {
      return opened.browser!;
    },
    get provider() {
      return opened.provider!;
    },
    contexts,
  };
}

/** A new tablet (browser context) that afterEach closes. */
export async function newTablet(fa: FieldAppWorld): Promise<{ page: Page; context: BrowserContext }> {
  const context = await fa.browser.newContext({ viewport: { width: 1180, height: 820 }, locale: 'en-GB' });
  fa.contexts.push(context);
  return { page: await context.newPage(), context };
}

/** On the provider's own login page: the person's user name and password, then back in the app. */
export async function signInAtProvider(fa: FieldAppWorld, page: Page, username: string): Promise<void> {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(passwordOf(fa.provider.dir, username));
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A tablet of one person, signed in through the provider's login page. */
export async function tablet(fa: FieldAppWorld, who: Who): Promise<{ page: Page; context: BrowserContext }> {
  const t = await newTablet(fa);
  await t.page.goto(`${fa.base}/app/`);
  await t.page.getByRole('button', { name: 'Sign in' }).click();
  await signInAtProvider(fa, t.page, PERSON_OF[who]);
  await t.page.getByRole('heading', { name: 'Operations' }).waitFor();
  return t;
}

/** Signs out in the app, confirms at the provider, and is back at the app's sign-in. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await page.getByText("With your organisation's account").waitFor();
}

export const queueStatus = (page: Page) => page.getByTestId('queue-status');

/** The actions this browser still holds (IndexedDB), read in the page (the code runs there, hence a string). */
export const heldActions = (page: Page): Promise<number> =>
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
export async function allSent(page: Page): Promise<void> {
  await eventually(
    async () =>
      (await queueStatus(page).first().textContent())?.includes('All sent') && (await heldActions(page)) === 0
        ? true
        : null,
    'the page to say "All sent" with no action held',
    30_000,
    100,
  );
}

export async function expectText(locator: ReturnType<Page['getByText']>, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 30_000 });
}
