/**
 * The login throttle through POST /auth/login (apps/api/src/auth/login-throttle.ts): the username lock holds for
 * every client address but those the user signed in from, an address has a budget of failures across usernames,
 * and the client address is read from X-Forwarded-For only when TRUST_PROXY names the peer. With REDIS_URL two API
 * processes share one throttle (login-limiter.ts), under this suite's own key prefix, deleted afterwards.
 */
import type { Redis } from 'ioredis';
import { THROTTLE } from '../../apps/api/src/auth/login-throttle';
import { adminRedis, dropPrefix, REDIS_URL, uniquePrefix } from './support/redis-test';
import { ADMIN_PASSWORD, bootTestApp, bootTestAppIn } from './support/test-app';
import type { TestApp } from './support/test-app';

describe('login throttle (e2e)', () => {
  const login = (t: TestApp, username: string, password: string, from?: string) => {
    const req = t.http().post('/api/v1/auth/login');
    if (from !== undefined) req.set('X-Forwarded-For', from);
    return req.send({ username, password });
  };

  describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await bootTestApp({ TRUST_PROXY: 'loopback' });
      const admin = (await login(t, 'admin', ADMIN_PASSWORD, '198.51.100.1').expect(200)).body.accessToken as string;
      await t.http().post('/api/v1/users').set('Authorization', `Bearer ${admin}`)
        .send({ username: 'carol', password: 'Carol-pass-2019', displayName: 'Carol', role: 'province' }).expect(201);
    });
    afterAll(async () => {
      await t.close();
    });

    it('locks a username for every address once its failures from several addresses add up', async () => {
      for (let i = 0; i < THROTTLE.username.freeFailures; i++) {
        await login(t, 'admin', `Wrong-password-${i}`, `203.0.113.${10 + i}`).expect(401);
      }
      const res = await login(t, 'admin', ADMIN_PASSWORD, '198.51.100.99').expect(429);
      expect(res.body).toMatchObject({ statusCode: 429, error: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: 30 } });
      expect(res.headers['retry-after']).toBe('30');
    });

    it('still lets a user in from an address it signed in from before, while others locked its username', async () => {
      await login(t, 'carol', 'Carol-pass-2019', '198.51.100.20').expect(200);
      for (let i = 0; i < THROTTLE.username.freeFailures; i++) {
        await login(t, 'carol', `Wrong-password-${i}`, `203.0.113.${40 + i}`).expect(401);
      }
      await login(t, 'carol', 'Carol-pass-2019', '203.0.113.99').expect(429);
      await login(t, 'carol', 'Carol-pass-2019', '198.51.100.20').expect(200);
    });

    it('gives each client address a budget of failures across usernames', async () => {
      for (let i = 0; i < THROTTLE.address.freeFailures; i++) {
        await login(t, `sprayed-${i}`, 'Spring2026-password', '192.0.2.50').expect(401);
      }
      const sprayer = await login(t, 'another-user', 'Spring2026-password', '192.0.2.50').expect(429);
      expect(Number(sprayer.headers['retry-after'])).toBe(THROTTLE.address.baseLockMs / 1000);
      // Another address behind the same proxy is not affected.
      await login(t, 'another-user', 'Spring2026-password', '192.0.2.51').expect(401);
    });
  });

  describe('without TRUST_PROXY (the default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await bootTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it('ignores X-Forwarded-For: forged addresses all count against the real peer', async () => {
      for (let i = 0; i < THROTTLE.address.freeFailures; i++) {
        await login(t, `sprayed-${i}`, 'Spring2026-password', `10.9.8.${i}`).expect(401);
      }
      await login(t, 'one-more', 'Spring2026-password', '10.9.9.9').expect(429);
    });
  });

  describe('with REDIS_URL, shared by two API processes', () => {
    const prefix = uniquePrefix();
    let redis: Redis;
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      redis = adminRedis();
      const env = { REDIS_URL, REDIS_PREFIX: prefix, TRUST_PROXY: 'loopback' };
      a = await bootTestApp(env);
      // Two API processes on one DATA_DIR: b knows the users a registers.
      b = await bootTestAppIn(a.dataDir, env);
      const admin = (await login(a, 'admin', ADMIN_PASSWORD, '198.51.100.1').expect(200)).body.accessToken as string;
      await a.http().post('/api/v1/users').set('Authorization', `Bearer ${admin}`)
        .send({ username: 'dora', password: 'Dora-pass-2019', displayName: 'Dora', role: 'province' }).expect(201);
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
      await dropPrefix(redis, prefix);
      await redis.quit();
    });

    it("locks a username on both once the failures sent to either add up, with the same 429 and Retry-After", async () => {
      for (let i = 0; i < THROTTLE.username.freeFailures; i++) {
        await login(i % 2 === 0 ? a : b, 'admin', `Wrong-password-${i}`, `203.0.113.${10 + i}`).expect(401);
      }
      for (const t of [a, b]) {
        const res = await login(t, 'admin', ADMIN_PASSWORD, '198.51.100.99').expect(429);
        expect(res.body).toMatchObject({ statusCode: 429, error: 'TOO_MANY_REQUESTS', message: 'Too many failed sign-ins; try again in 30 s.', details: { retryAfterSeconds: 30 } });
        expect(res.headers['retry-after']).toBe('30');
      }
      expect(await redis.exists(`${prefix}:login:u:admin`)).toBe(1);
    });

    it('exempts, on both, an address the user signed in from on either', async () => {
      await login(a, 'dora', 'Dora-pass-2019', '198.51.100.30').expect(200);
      for (let i = 0; i < THROTTLE.username.freeFailures; i++) {
        await login(i % 2 === 0 ? b : a, 'dora', `Wrong-password-${i}`, `203.0.113.${60 + i}`).expect(401);
      }
      await login(b, 'dora', 'Dora-pass-2019', '203.0.113.99').expect(429);
      await login(b, 'dora', 'Dora-pass-2019', '198.51.100.30').expect(200);
    });

    it("counts an address's failures across usernames on both", async () => {
      for (let i = 0; i < THROTTLE.address.freeFailures; i++) {
        await login(i % 2 === 0 ? a : b, `sprayed-${i}`, 'Spring2026-password', '192.0.2.70').expect(401);
      }
      for (const t of [a, b]) {
        const res = await login(t, 'another-user', 'Spring2026-password', '192.0.2.70').expect(429);
        expect(Number(res.headers['retry-after'])).toBe(THROTTLE.address.baseLockMs / 1000);
      }
      await login(b, 'another-user', 'Spring2026-password', '192.0.2.71').expect(401);
    });
  });
});
