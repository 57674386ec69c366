import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { chromium, type Browser } from 'playwright-core';
import { TOKEN_FAILURES } from '../../src/api/auth';
import { expectProblem, openWorld, useApiWorld } from './support';

/**
 * Security headers (helmet) and the limit on refused tokens (express-rate-limit),
 * with the pages that must keep working under them — /docs and the codec
 * sign-in (where no OpenID Provider is configured) — opened in headless Chromium.
 */

const w = useApiWorld();
let server: Server;
let base: string;
let browser: Browser;
beforeAll(async () => {
  server = w.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('security headers', () => {
  it('when any page or answer is served, then it carries helmet’s headers and a same-origin script policy', async () => {
    for (const path of ['/healthz', '/docs/', '/codec', '/api/operations']) {
      const res = await request(w.app).get(path);
      expect({ path, nosniff: res.headers['x-content-type-options'] }).toEqual({ path, nosniff: 'nosniff' });
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      // Served over plain HTTP too: nothing may be upgraded to an HTTPS that is not there.
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    }
  });

  it('when the codec server answers, then its resources may be read cross-origin (the Temporal Web UI)', async () => {
    const res = await request(w.app)
      .post('/codec/decode')
      .auth(w.people.operator, { type: 'bearer' })
      .send({ payloads: [] });
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const api = await request(w.app).get('/healthz');
    expect(api.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('when /docs is opened in Chromium, then Swagger UI shows every operation and the policy blocks nothing', async () => {
    const page = await browser.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(`${base}/docs/`);
    await page.locator('.opblock').first().waitFor();
    const doc = (await request(w.app).get('/openapi.json')).body as { paths: Record<string, object> };
    const operations = Object.values(doc.paths).reduce((n, p) => n + Object.keys(p).length, 0);
    expect(await page.locator('.opblock').count()).toBe(operations);
    expect(refused).toEqual([]);
    await page.close();
  });

  it('when an operator signs in on the codec page in Chromium (no OpenID Provider), then the form posts and the signed-in page shows', async () => {
    // The codec page has its sign-in form only where no provider is configured (codec-sign-in.test.ts).
    const plain = await openWorld({ OIDC_ISSUER: '' });
    const plainServer = plain.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => plainServer.once('listening', resolve));
    const page = await browser.newPage();
    try {
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
      });
      await page.goto(`http://127.0.0.1:${(plainServer.address() as AddressInfo).port}/codec`);
      await page.locator('input[type=password]').fill(plain.apiTokens.operator);
      await page.locator('button[type=submit]').click();
      await page.getByText('Signed in as operator-1').waitFor();
      expect(refused).toEqual([]);
    } finally {
      await page.close();
      await new Promise((resolve) => plainServer.close(resolve));
      await plain.stack.close();
    }
  });
});

describe('refused tokens from one address', () => {
  it('when more than the limit of refused tokens come in the window, then the next is 429 with Retry-After, and a live token still works', async () => {
    // An app of its own: its limiter has counted nothing yet.
    const fresh = await openWorld();
    try {
      const bad = () => request(fresh.app).get('/api/operations').auth('rpt_not-a-token', { type: 'bearer' });
      for (let i = 0; i < TOKEN_FAILURES.limit; i++) expectProblem(await bad(), 401);
      const held = await bad();
      expectProblem(held, 429);
      expect(held.body.type).toBe('/problems/too-many-refused-tokens');
      expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
      await fresh.get('coordinator', '/api/operations').expect(200);
      // No token at all is no guess: still told to send one.
      expectProblem(await request(fresh.app).get('/api/operations'), 401);
    } finally {
      await fresh.stack.close();
    }
  });
});
