/**
 * How the API serves the built web console (apps/api/src/console/console-static.ts): index.html at / and for the
 * console's own routes (never cached), hashed assets cached for a year, and the API's paths unchanged. The console
 * is built first when dist/console is stale.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { defaultConsoleDir, IMMUTABLE, serveConsole } from '../../apps/api/src/console/console-static';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';
import { buildConsoleIfStale } from './support/console-harness';

describe('web console served by the API (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    buildConsoleIfStale();
    t = await bootTestApp();
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  it.each(['/', '/inbox', '/cases/some-case', '/sign-in?x=1'])('answers %s with the console page, never cached', async (path) => {
    const res = await t.http().get(path).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toContain('<div id="root"></div>');
  });

  it('serves the hashed assets as immutable for a year', async () => {
    const asset = readdirSync(join(defaultConsoleDir(), 'assets')).find((f) => f.endsWith('.js'))!;
    const res = await t.http().get(`/assets/${asset}`).expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    await t.http().get('/assets/missing-0000.js').expect(404);
  });

  it("keeps the API's paths: an unknown /api path is the API's 404, /health and the docs answer as before", async () => {
    const res = await t.http().get('/api/v1/no-such-route').expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'NOT_FOUND', message: 'Cannot GET /api/v1/no-such-route' });
    await t.http().get('/admin/nothing').expect(404);
    await t.http().get('/health').expect(200);
    await t.http().get('/api/docs-json').expect(200);
    await t.http().post('/inbox').expect(404);
  });

  it('keeps the JavaScript loaded before any page is shown within 500 KB gzipped (pages load on demand)', () => {
    const dir = defaultConsoleDir();
    const initial = [...readFileSync(join(dir, 'index.html'), 'utf8').matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(initial.length).toBeGreaterThan(0);
    const gzipped = initial.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
    expect(gzipped).toBeLessThanOrEqual(500 * 1024);
    // The pages are separate chunks, not part of that.
    expect(readdirSync(join(dir, 'assets')).filter((f) => /^(InboxPage|CasePage|SignInPage)-/.test(f))).toHaveLength(3);
  });

  it('registers nothing when the console was not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'shenbao-console-'));
    const fastify = Fastify();
    try {
      expect(serveConsole(fastify, empty)).toBe(false);
      expect((await fastify.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
    } finally {
      await fastify.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
