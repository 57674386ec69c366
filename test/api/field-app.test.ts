import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { fieldAppRoutes } from '../../src/api/field-app';
import { errorHandler } from '../../src/api/errors';
import { createLogger } from '../../src/logger';
import { EVERYONE, PEOPLE, expectProblem, useApiWorld } from './support';
import { actors } from '../helpers/actors';

/** What the field app needs from the API: who a token is, and the app itself, served at /app/. */

beforeAll(() => {
  // The app is built by the set-up; unchanged sources make this a no-op.
  execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'setup.js')], { stdio: 'inherit' });
}, 120_000);
const w = useApiWorld();

describe('GET /api/me', () => {
  it.each(EVERYONE)('when %s asks who the token is, then it answers their role and party', async (who) => {
    const res = await w.get(who, '/api/me').expect(200);
    const { role, party } = PEOPLE[who];
    expect(res.body).toEqual({ principal: expect.any(String), role, ...(party ? { party } : {}) });
  });

  it('when a liaison asks, then the principal is the one the token was issued to', async () => {
    expect((await w.get('ua', '/api/me').expect(200)).body.principal).toBe(actors.ua.principal);
  });

  it('when no token is sent, then 401 problem+json', async () => {
    expectProblem(await request(w.app).get('/api/me'), 401);
  });

  it('when the OpenAPI document is read, then /api/me is described with every role', async () => {
    const res = await request(w.app).get('/openapi.json').expect(200);
    expect(res.body.paths['/api/me'].get).toBeDefined();
  });
});

describe('the field app at /app/', () => {
  it('when /app is asked for, then it redirects to /app/, whose page loads its bundled assets from /app/assets', async () => {
    expect((await request(w.app).get('/app').expect(301)).headers.location).toBe('/app/');
    const page = await request(w.app).get('/app/').expect(200);
    expect(page.type).toBe('text/html');
    expect(page.headers['cache-control']).toBe('no-cache');
    const assets = [...page.text.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const res = await request(w.app).get(asset).expect(200);
      expect(res.headers['cache-control']).toContain('immutable');
    }
    // Nothing from elsewhere: every script and stylesheet is the service's own.
    expect(page.text).not.toMatch(/(?:src|href)="https?:/);
  });

  it('when the service worker is fetched, then it is revalidated each time and precaches the page and every asset it loads', async () => {
    const page = await request(w.app).get('/app/').expect(200);
    const sw = await request(w.app).get('/app/sw.js').expect(200);
    expect(sw.type).toMatch(/javascript/);
    expect(sw.headers['cache-control']).toBe('no-cache');
    const precache = JSON.parse(/const PRECACHE = (\[[^\]]*\]);/.exec(sw.text)![1]) as string[];
    const assets = [...page.text.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(precache).toEqual(expect.arrayContaining(['/app/', ...assets]));
  });

  it.each(['br', 'gzip'])(
    'when the browser offers %s, then the assets come compressed by the build, with the same headers',
    async (encoding) => {
      // The page itself is too small to gain from it.
      const page = await request(w.app).get('/app/').set('accept-encoding', `${encoding}, deflate`).expect(200);
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
      const assets = [...page.text.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+)"/g)].map((m) => m[1]);
      for (const asset of assets) {
        const res = await request(w.app).get(asset).set('accept-encoding', encoding).expect(200);
        expect(res.headers['content-encoding']).toBe(encoding);
        expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
        expect(res.headers['cache-control']).toContain('immutable');
        expect(res.type).toMatch(/javascript|css/);
        const plain = await request(w.app).get(asset).set('accept-encoding', 'identity').expect(200);
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(Number(res.headers['content-length'])).toBeLessThan(Number(plain.headers['content-length']) / 2);
      }
    },
  );

  it('when a browser asks for /favicon.ico, then it gets the app icon', async () => {
    const res = await request(w.app).get('/favicon.ico').expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const page = await request(w.app).get('/app/').expect(200);
    expect(page.text).toContain('rel="icon"');
  });

  it('when the app has not been built, then /app/ answers 503 problem+json saying how to build it', async () => {
    const app = express();
    app.use('/app', fieldAppRoutes({ dir: mkdtempSync(path.join(tmpdir(), 'no-app-')) }));
    app.use(errorHandler(createLogger('silent', 'test')));
    const res = await request(app).get('/app/');
    expectProblem(res, 503);
    expect(res.body.detail).toContain('npm run setup');
  });
});
