// Screenshots of the Temporal Web UI for the README's operator guide, taken
// with headless Chromium (Debian's package: apt-get install chromium) against a
// running development start with the demo run:
//   npx tsx scripts/ui-screenshots.ts --ui http://127.0.0.1:8233 \
//     --operator-password <operator-1's password> --reference RU-UA-2025-06-xxxx
// It does what the operators' guide tells an operator: opens the Web UI, signs
// in on the OpenID Provider's page it is sent to, filters by a search attribute
// (in the address, then in the query field the </> button opens) and opens a
// history; the UI's codec setting stays as preset. Where the
// service has no provider, --operator-token rpt_... signs in at the Web UI's
// /codec instead (the codec server's own page), and the page of someone
// without a session is taken too.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

const { values } = parseArgs({
  options: {
    ui: { type: 'string', default: 'http://127.0.0.1:8233' },
    'operator-token': { type: 'string' },
    operator: { type: 'string', default: 'operator-1' },
    'operator-password': { type: 'string' },
    reference: { type: 'string' },
    date: { type: 'string', default: '2025-06-11' },
    out: { type: 'string', default: path.resolve(__dirname, '..', 'docs', 'images') },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});

async function settle(page: Page, text: string) {
  await page.getByText(text, { exact: false }).first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1_500);
}

async function main() {
  const token = values['operator-token'];
  const password = values['operator-password'];
  const reference = values.reference;
  if (!(token || password) || !reference)
    throw new Error('give --operator-password (or --operator-token) and --reference');
  const browser = await chromium.launch({ executablePath: values.chromium, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    if (password) {
      // 1. The Web UI sends the operator to the provider's page; back at the UI once signed in.
      await page.goto(values.ui);
      await page.getByLabel('User name').fill(values.operator);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.href.startsWith(values.ui));
    } else {
      // 1. Sign in at the codec server under the Web UI's address: a session cookie for this browser.
      await page.goto(`${values.ui}/codec`);
      await page.fill('input[name=token]', token!);
      await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
      await settle(page, 'Signed in as');
      await page.screenshot({ path: path.join(values.out, 'codec-sign-in.png') });
    }

    // 2. Filter by search attribute: every workflow of the operation.
    const query = `OperationReference = "${reference}"`;
    await page.goto(`${values.ui}/namespaces/default/workflows?query=${encodeURIComponent(query)}`);
    await settle(page, 'remainsCase');
    await page.screenshot({ path: path.join(values.out, 'ui-filter-by-operation.png') });
    // The same filter in the query field the unlabelled </> button opens (its tooltip now: Hide raw query).
    await page.getByTestId('toggle-manual-query').click();
    await page.getByText('Hide raw query').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(values.out, 'ui-query-field.png') });

    // 3. A handover day's history, its manifests decrypted through the codec server.
    const day = encodeURIComponent(`handover:${reference}:${values.date}`);
    await page.goto(`${values.ui}/namespaces/default/workflows/${day}`);
    await settle(page, 'handoverDay');
    await page.screenshot({ path: path.join(values.out, 'ui-handover-day.png'), fullPage: false });

    // 4. Without a provider, the same page for someone who is not signed in as an operator: ciphertext only.
    if (password) return console.log(`screenshots written to ${values.out}`);
    const stranger = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await stranger.goto(`${values.ui}/namespaces/default/workflows/${day}`);
    await settle(stranger, 'handoverDay');
    await stranger.screenshot({ path: path.join(values.out, 'ui-without-operator-session.png') });
    console.log(`screenshots written to ${values.out}`);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
