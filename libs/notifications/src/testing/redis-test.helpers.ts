/**
 * For the lib's Redis integration tests: a unique key prefix per test on the real Redis (127.0.0.1:6379 unless
 * REDIS_URL says otherwise), cleanup by prefix (SCAN + UNLINK, never FLUSH), and condition waits.
 */
import { randomBytes } from 'node:crypto';
import IORedis, { type Redis } from 'ioredis';
import { deleteKeys } from '../redis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const uniquePrefix = (): string => `test-nt-${randomBytes(6).toString('hex')}`;

export const adminRedis = (): Redis => new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 });

export const dropPrefix = (redis: Redis, prefix: string): Promise<number> => deleteKeys(redis, `${prefix}:*`);

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
