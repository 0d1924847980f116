/**
 * Security headers on every response and CORS (apps/api/src/common/http/security-headers.ts): helmet's headers
 * with a Content-Security-Policy that the Swagger UI at /api/docs (and the coming console) works under; CORS
 * headers only for the exact origins of CORS_ORIGINS.
 */
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const CONSOLE = 'https://console.example.gov.cn';

describe('security headers and CORS (e2e)', () => {
  describe('by default', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await bootTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it.each([
      ['GET', '/health', 200],
      ['GET', '/api/v1/users/me', 401],
      ['GET', '/api/v1/nowhere', 404],
      ['POST', '/api/v1/auth/login', 400],
    ])('sets the security headers on %s %s (%d)', async (method, path, status) => {
      const res = await (method === 'GET' ? t.http().get(path) : t.http().post(path).send({})).expect(status);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
      expect(res.headers['strict-transport-security']).toEqual(expect.stringContaining('max-age='));
    });

    it('serves the Swagger UI in a way its policy allows: only same-origin script files, no inline script', async () => {
      const page = await t.http().get('/api/docs').expect(200);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      const assets = [...page.text.matchAll(/<(?:script|link)[^>]*(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
      for (const [, attributes, inline] of scripts) {
        expect(attributes).toMatch(/src="[^"]+"/);
        expect(inline!.trim()).toBe('');
      }
      for (const asset of assets) {
        const url = new URL(asset, 'http://same.origin/api/docs');
        expect(url.host).toBe('same.origin');
        await t.http().get(url.pathname).expect(200);
      }
      await t.http().get('/api/docs-json').expect(200);
    });

    it('sends no CORS headers, to a preflight or a request with an Origin', async () => {
      const get = await t.http().get('/health').set('Origin', CONSOLE).expect(200);
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await t.http().options('/api/v1/users').set('Origin', CONSOLE).set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    });
  });

  describe('with CORS_ORIGINS', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await bootTestApp({ CORS_ORIGINS: `${CONSOLE},http://localhost:5173` });
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers a preflight from a listed origin with what the API needs', async () => {
      const res = await t.http().options('/api/v1/cases/c-1/application').set('Origin', CONSOLE).set('Access-Control-Request-Method', 'PUT')
        .set('Access-Control-Request-Headers', 'authorization,content-type,if-match,idempotency-key').expect(204);
      expect(res.headers['access-control-allow-origin']).toBe(CONSOLE);
      expect(res.headers['access-control-allow-methods']).toContain('PUT');
      expect(res.headers['access-control-allow-headers']).toEqual(expect.stringMatching(/If-Match/i));
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('names a listed origin on responses, errors included, and exposes ETag and Retry-After', async () => {
      const res = await t.http().get('/api/v1/users/me').set('Origin', 'http://localhost:5173').expect(401);
      expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(res.headers['access-control-expose-headers']).toEqual(expect.stringContaining('ETag'));
      expect(res.headers['content-security-policy']).toEqual(expect.any(String));
    });

    it('gives an origin that is not listed no CORS headers', async () => {
      const res = await t.http().get('/health').set('Origin', 'https://console.example.gov.cn.evil.example').expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await t.http().options('/api/v1/users').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
