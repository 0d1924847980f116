/**
 * A lease as a Redis key: `SET <prefix>:lease:<name> <random token> NX PX <ttl>` takes it; a Lua compare-and-pexpire
 * renews it every TTL/3; a Lua compare-and-del releases it (only the holder's token deletes it). For profiles
 * without PostgreSQL.
 *
 * A holder killed stops renewing: its key expires at most `ttlMs` after its last renewal and a standby, which waits
 * exactly until the key's PTTL when that is sooner than its retry interval, takes it then. The default TTL (8 s) keeps
 * that failover under 10 s with the standby's scheduling margin.
 *
 * A renewal that fails (Redis slow or away) is not yet a loss while the key surely still lives: the holder keeps the
 * lease while `now + checkMs` is before `last successful renewal sent + ttl`, and declares it lost before that —
 * so it stops before a standby can have taken the key. A renewal that finds another token (or none) is a loss at once.
 */
import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import type { Redis } from 'ioredis';
import { BaseLease } from './lease';
import type { LeaseTiming } from './lease';

export interface RedisLeaseOptions extends LeaseTiming {
  url: string;
  name: string;
  /** Key prefix (REDIS_PREFIX); the key is `<prefix>:lease:<name>`. */
  prefix: string;
  /** Default 8000 ms. */
  ttlMs?: number;
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export const DEFAULT_REDIS_LEASE_TTL_MS = 8000;

export class RedisLease extends BaseLease {
  readonly kind = 'redis' as const;
  readonly key: string;
  private readonly token = randomBytes(16).toString('hex');
  private readonly ttlMs: number;
  private readonly redis: Redis;
  /** When the last successful take or renewal was sent. */
  private renewedAt = 0;

  constructor(options: RedisLeaseOptions) {
    const ttlMs = options.ttlMs ?? DEFAULT_REDIS_LEASE_TTL_MS;
    super(options.name, { retryMs: options.retryMs, checkMs: options.checkMs ?? Math.floor(ttlMs / 3) });
    this.ttlMs = ttlMs;
    this.key = `${options.prefix}:lease:${options.name}`;
    this.redis = new IORedis(options.url, {
      connectTimeout: 2000,
      commandTimeout: Math.max(200, Math.floor(this.checkMs / 2)),
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: true,
    });
    this.redis.on('error', () => undefined);
  }

  protected async attempt(): Promise<boolean> {
    await this.ready();
    const sent = Date.now();
    const ok = await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX');
    if (ok !== 'OK') return false;
    this.renewedAt = sent;
    return true;
  }

  protected async verify(): Promise<boolean> {
    const sent = Date.now();
    try {
      await this.ready();
      const renewed = (await this.redis.eval(RENEW, 1, this.key, this.token, String(this.ttlMs))) === 1;
      if (renewed) this.renewedAt = sent;
      return renewed;
    } catch (e) {
      // Still surely ours until the next check: try again then; else stop before the key can have expired.
      if (Date.now() + this.checkMs < this.renewedAt + this.ttlMs) return true;
      throw e;
    }
  }

  protected override async nextAttemptIn(): Promise<number> {
    const pttl = await this.redis.pttl(this.key).catch(() => -1);
    return pttl >= 0 ? Math.min(this.retryMs, pttl + 2) : Math.min(this.retryMs, 50);
  }

  protected async drop(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.token);
  }

  protected async dispose(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private async ready(): Promise<void> {
    if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
  }
}
