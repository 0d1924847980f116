/**
 * RedisLoginLimiter on the real Redis (REDIS_URL, default 127.0.0.1:6379), a key prefix of its own: two limiters
 * (two API replicas) count the same failures by LoginThrottle's rules, keys expire with their window or lock, and
 * with Redis away each falls back to its own in-process throttle.
 */
import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import type { Redis } from 'ioredis';
import { RedisLoginLimiter } from './login-limiter';
import { THROTTLE } from './login-throttle';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RedisLoginLimiter (real Redis)', () => {
  const prefix = `login-test-${randomBytes(5).toString('hex')}`;
  let now = Date.parse('2019-06-01T08:00:00Z');
  let admin: Redis;
  const limiters: RedisLoginLimiter[] = [];
  const limiter = (url = REDIS_URL) => {
    const l = new RedisLoginLimiter({ url, prefix, now: () => now });
    limiters.push(l);
    return l;
  };

  beforeAll(() => {
    admin = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 });
  });
  afterAll(async () => {
    await Promise.all(limiters.map((l) => l.onApplicationShutdown()));
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  it('locks a username on both replicas once the failures on either add up, doubling, cleared by a success', async () => {
    const [a, b] = [limiter(), limiter()];
    for (let i = 0; i < THROTTLE.username.freeFailures - 1; i++) await (i % 2 ? a : b).recordFailure('Erin', `203.0.113.${i}`);
    expect(await a.retryAfterMs('erin', '198.51.100.1')).toBe(0);
    await b.recordFailure('erin', '203.0.113.50');
    expect(await a.retryAfterMs('erin', '198.51.100.1')).toBe(THROTTLE.username.baseLockMs);
    expect(await b.retryAfterMs('ERIN', '198.51.100.1')).toBe(THROTTLE.username.baseLockMs);
    await a.recordFailure('erin', '203.0.113.51');
    expect(await b.retryAfterMs('erin', '198.51.100.1')).toBe(2 * THROTTLE.username.baseLockMs);
    const ttl = await admin.pttl(`${prefix}:login:u:erin`);
    expect(ttl).toBeGreaterThan(THROTTLE.username.windowMs - 5000);
    expect(ttl).toBeLessThanOrEqual(THROTTLE.username.windowMs);
    now += 2 * THROTTLE.username.baseLockMs;
    expect(await b.retryAfterMs('erin', '198.51.100.1')).toBe(0);
    await a.recordSuccess('erin', '198.51.100.1');
    expect(await admin.exists(`${prefix}:login:u:erin`)).toBe(0);
  });

  it("exempts on both an address the user signed in from; an address's budget spans usernames on both", async () => {
    const [a, b] = [limiter(), limiter()];
    await a.recordSuccess('fay', '198.51.100.7');
    for (let i = 0; i < THROTTLE.username.freeFailures; i++) await b.recordFailure('fay', `203.0.113.${100 + i}`);
    expect(await a.retryAfterMs('fay', '203.0.113.200')).toBeGreaterThan(0);
    expect(await b.retryAfterMs('fay', '198.51.100.7')).toBe(0);
    for (let i = 0; i < THROTTLE.address.freeFailures - 1; i++) await (i % 2 ? a : b).recordFailure(`user-${i}`, '192.0.2.9');
    expect(await a.retryAfterMs('nobody', '192.0.2.9')).toBe(0);
    await a.recordFailure('user-last', '192.0.2.9');
    expect(await b.retryAfterMs('nobody', '192.0.2.9')).toBe(THROTTLE.address.baseLockMs);
  });

  it('falls back to its own process when Redis does not answer (still throttling what it sees)', async () => {
    const away = limiter('redis://127.0.0.1:1');
    for (let i = 0; i < THROTTLE.username.freeFailures; i++) await away.recordFailure('gus', '203.0.113.9');
    expect(await away.retryAfterMs('gus', '198.51.100.1')).toBe(THROTTLE.username.baseLockMs);
  });
});
