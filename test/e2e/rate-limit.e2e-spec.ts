/**
 * The general rate limit (apps/api/src/common/http/rate-limit.ts), with low limits: a budget per verified user and
 * one per client address for everything else; 429 TOO_MANY_REQUESTS with Retry-After in the API's error shape; a
 * forged token cannot spend a user's budget; /health and /metrics are not limited; with REDIS_URL two processes
 * share the counters (under this suite's own key prefix, deleted afterwards).
 */
import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import { adminRedis, dropPrefix, REDIS_URL, uniquePrefix } from './support/redis-test';
import { ADMIN_PASSWORD, bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** An HS256 JWT naming `sub`, signed with a key the server does not have. */
function forgedToken(sub: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, username: 'admin', role: 'admin', exp: Math.floor(Date.now() / 1000) + 3600 })}`;
  return `${unsigned}.${createHmac('sha256', 'not-the-server-secret-not-the-server-secret').update(unsigned).digest('base64url')}`;
}

describe('rate limit (e2e)', () => {
  describe('in one process', () => {
    const USER_MAX = 6;
    const IP_MAX = 4;
    let t: TestApp;
    let admin: string;
    let adminId: string;
    let alice: string;

    beforeAll(async () => {
      t = await bootTestApp({ RATE_LIMIT_USER_MAX: String(USER_MAX), RATE_LIMIT_IP_MAX: String(IP_MAX), RATE_LIMIT_WINDOW_MS: '600000' });
      // Two sign-ins: two of the address's four requests.
      admin = await t.token('admin', ADMIN_PASSWORD);
      adminId = (await t.http().get('/api/v1/users/me').set(bearer(admin)).expect(200)).body.id as string;
      await t.http().post('/api/v1/users').set(bearer(admin)).send({ username: 'alice', password: 'Alice-pass-2019', displayName: 'Alice', role: 'province' }).expect(201);
      alice = await t.token('alice', 'Alice-pass-2019');
    });
    afterAll(async () => {
      await t.close();
    });

    it("answers 429 with Retry-After once a user's budget is spent, leaving other users theirs", async () => {
      for (let i = 0; i < USER_MAX; i++) await t.http().get('/api/v1/users/me').set(bearer(alice)).expect(200);
      const res = await t.http().get('/api/v1/users/me').set(bearer(alice)).expect(429);
      expect(res.body).toEqual({
        statusCode: 429,
        error: 'TOO_MANY_REQUESTS',
        message: expect.stringContaining(`${USER_MAX} requests per 600 s`),
        details: { retryAfterSeconds: expect.any(Number), limit: USER_MAX, windowSeconds: 600 },
      });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(600);
      expect(res.headers['x-correlation-id']).toEqual(expect.any(String));
      // admin has spent two of six.
      await t.http().get('/api/v1/users/me').set(bearer(admin)).expect(200);
    });

    it("counts a forged token's requests against the address, not against the user it names", async () => {
      const forged = bearer(forgedToken(adminId));
      await t.http().get('/api/v1/users/me').set(forged).expect(401);
      await t.http().get('/api/v1/users/me').set(forged).expect(401);
      const limited = await t.http().get('/api/v1/users/me').set(forged).expect(429);
      expect(limited.body.error).toBe('TOO_MANY_REQUESTS');
      // The address is spent (two sign-ins, two forged requests); admin's own budget is untouched by them.
      await t.http().post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(429);
      await t.http().get('/api/v1/users/me').set(bearer(admin)).expect(200);
    });

    it('does not limit /health and /metrics', async () => {
      for (let i = 0; i < IP_MAX + 2; i++) {
        await t.http().get('/health').expect(200);
        await t.http().get('/metrics').set(bearer(admin)).expect(200);
      }
    });

    it("does not count the console's files against the address (an office behind one address loads many chunks)", async () => {
      // The address's budget is spent by now (the tests above); the console's files still load, the API does not.
      await t.http().get('/api/v1/programs').expect(429);
      for (let i = 0; i < IP_MAX + 2; i++) {
        const page = await t.http().get('/cases/some-case');
        expect(page.status).not.toBe(429);
        expect((await t.http().get('/assets/no-such-chunk.js')).status).not.toBe(429);
      }
      await t.http().post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(429);
    });
  });

  describe('with REDIS_URL, shared by two processes', () => {
    const prefix = uniquePrefix();
    let redis: Redis;
    let a: TestApp;
    let b: TestApp;

    beforeAll(async () => {
      redis = adminRedis();
      const env = { REDIS_URL, REDIS_PREFIX: prefix, RATE_LIMIT_IP_MAX: '3', RATE_LIMIT_WINDOW_MS: '600000' };
      a = await bootTestApp(env);
      b = await bootTestApp(env);
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await dropPrefix(redis, prefix);
      await redis.quit();
    });

    it('counts the requests of both against one budget, in Redis under <REDIS_PREFIX>:rate-limit:', async () => {
      await a.http().get('/api/v1/users/me').expect(401);
      await b.http().get('/api/v1/users/me').expect(401);
      await a.http().get('/api/v1/users/me').expect(401);
      await b.http().get('/api/v1/users/me').expect(429);
      await a.http().get('/api/v1/users/me').expect(429);
      const keys = await redis.keys(`${prefix}:rate-limit:*`);
      expect(keys).toEqual([expect.stringMatching(new RegExp(`^${prefix}:rate-limit:ip:`))]);
      expect(Number(await redis.get(keys[0]!))).toBe(5);
    });
  });
});
