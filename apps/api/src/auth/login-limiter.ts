/**
 * Where the sign-in throttle (login-throttle.ts: per username, per client address, known addresses exempt from the
 * username lock) keeps its state: in the process (no REDIS_URL: the in-memory LoginThrottle, as before), or in Redis
 * under `<REDIS_PREFIX>:login:` so that every API replica counts the same failures — N replicas no longer allow N
 * times the attempts. The rules are the same: each failure is one Lua script (read, window, count, lock, expiry in
 * one atomic step), a key lives as long as its window or its lock, whichever ends later, so memory is bounded by
 * Redis's expiry instead of the in-process eviction. Durations are relative (PEXPIRE), so the app's clock may be
 * a test's.
 *
 * If Redis fails, the throttle falls back to the in-process one for that call (and says so once in the log): a
 * sign-in must not fail because its counter store is down, and the process still limits what it sees.
 */
import { Logger } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import type { Redis } from 'ioredis';
import { LoginThrottle, THROTTLE } from './login-throttle';
import type { LockRule, ThrottleLimits } from './login-throttle';

export const LOGIN_LIMITER = Symbol('LOGIN_LIMITER');

export interface LoginLimiter {
  /** Milliseconds the caller must still wait, or 0 when an attempt is allowed. */
  retryAfterMs(username: string, ip: string): Promise<number>;
  recordFailure(username: string, ip: string): Promise<void>;
  recordSuccess(username: string, ip: string): Promise<void>;
}

/** The process's own throttle (no REDIS_URL). */
export class MemoryLoginLimiter implements LoginLimiter {
  constructor(readonly throttle: LoginThrottle) {}

  async retryAfterMs(username: string, ip: string): Promise<number> {
    return this.throttle.retryAfterMs(username, ip);
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    this.throttle.recordFailure(username, ip);
  }

  async recordSuccess(username: string, ip: string): Promise<void> {
    this.throttle.recordSuccess(username, ip);
  }
}

/** FailureLocks.fail in one step; returns the lock's end (0: none). ARGV: now, window, free failures, base, max. */
const FAIL = `
local now, window, free, base, max = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local v = redis.call('HMGET', KEYS[1], 'f', 'l', 'u')
local f, last, locked = tonumber(v[1]) or 0, tonumber(v[2]) or now, tonumber(v[3]) or 0
if now - last >= window then f = 0 end
f = f + 1
local over = f - free
if over >= 0 then locked = now + math.min(max, base * math.pow(2, over)) end
redis.call('HSET', KEYS[1], 'f', f, 'l', now, 'u', string.format('%d', locked))
redis.call('PEXPIRE', KEYS[1], string.format('%d', math.max(window, locked - now)))
return string.format('%d', locked)`;

/** KnownAddresses.remember: the address, the last `keep` of the user's, for `ttl`. ARGV: now, ip, keep, ttl. */
const REMEMBER = `
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

export interface RedisLoginLimiterOptions {
  url: string;
  prefix: string;
  now: () => number;
  limits?: ThrottleLimits;
}

export class RedisLoginLimiter implements LoginLimiter, OnApplicationShutdown {
  private readonly logger = new Logger('LoginThrottle');
  private readonly redis: Redis;
  private readonly limits: ThrottleLimits;
  private readonly fallback: LoginThrottle;
  private warned = false;

  constructor(private readonly options: RedisLoginLimiterOptions) {
    this.limits = options.limits ?? THROTTLE;
    this.fallback = new LoginThrottle(options.now, this.limits);
    this.redis = new IORedis(options.url, { connectTimeout: 1000, commandTimeout: 1000, maxRetriesPerRequest: 1, enableOfflineQueue: true, disconnectTimeout: 200 });
    this.redis.on('error', () => undefined);
  }

  async retryAfterMs(username: string, ip: string): Promise<number> {
    const user = username.toLowerCase();
    const now = this.options.now();
    return this.orFallback(async () => {
      const [userLock, addressLock, knownAt] = await Promise.all([
        this.redis.hget(this.key('u', user), 'u'),
        this.redis.hget(this.key('a', ip), 'u'),
        this.redis.zscore(this.key('k', user), ip),
      ]);
      const known = knownAt !== null && now - Number(knownAt) < this.limits.knownAddressMs;
      const userWait = known ? 0 : Math.max(0, Number(userLock ?? 0) - now);
      return Math.max(userWait, Math.max(0, Number(addressLock ?? 0) - now));
    }, () => this.fallback.retryAfterMs(username, ip));
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    const user = username.toLowerCase();
    await this.orFallback(async () => {
      await Promise.all([this.fail(this.key('u', user), this.limits.username), this.fail(this.key('a', ip), this.limits.address)]);
    }, () => this.fallback.recordFailure(username, ip));
  }

  async recordSuccess(username: string, ip: string): Promise<void> {
    const user = username.toLowerCase();
    await this.orFallback(async () => {
      await this.redis.del(this.key('u', user));
      await this.redis.eval(REMEMBER, 1, this.key('k', user), this.options.now(), ip, this.limits.knownAddressesPerUser, this.limits.knownAddressMs);
    }, () => this.fallback.recordSuccess(username, ip));
  }

  async onApplicationShutdown(): Promise<void> {
    // QUIT waits for a connection that may never come (Redis away): only a ready one is asked to quit.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  private fail(key: string, rule: LockRule): Promise<unknown> {
    return this.redis.eval(FAIL, 1, key, this.options.now(), rule.windowMs, rule.freeFailures, rule.baseLockMs, rule.maxLockMs);
  }

  private key(kind: 'u' | 'a' | 'k', id: string): string {
    return `${this.options.prefix}:login:${kind}:${id}`;
  }

  private async orFallback<T>(work: () => Promise<T>, local: () => T): Promise<T> {
    try {
      const result = await work();
      this.warned = false;
      return result;
    } catch (e) {
      if (!this.warned) this.logger.warn({ err: e }, 'Redis does not answer: sign-in throttling falls back to this process alone until it does.');
      this.warned = true;
      return local();
    }
  }
}
