/**
 * RedisLease against the real server (REDIS_URL, default 127.0.0.1:6379; the Jest global setup starts one when none
 * answers), under a key prefix of its own, deleted afterwards; and against a redis-server of the test's own for an
 * outage. Two contenders, one holder; release hands over; renewal keeps it past its TTL; another token, an expired
 * key or an unreachable server is noticed as a loss before a standby can hold the lease.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import IORedis from 'ioredis';
import type { Redis } from 'ioredis';
import { RedisLease } from './redis-lease';
import { measureFailovers } from './lease-contender';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('RedisLease (real Redis)', () => {
  const prefix = `lease-test-${randomBytes(5).toString('hex')}`;
  let admin: Redis;
  const leases: RedisLease[] = [];
  const lease = (name: string, ttlMs = 1500, url = REDIS_URL) => {
    const l = new RedisLease({ url, name, prefix, ttlMs, retryMs: 50 });
    leases.push(l);
    return l;
  };

  beforeAll(() => {
    admin = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 });
  });
  afterEach(async () => {
    await Promise.all(leases.splice(0).map((l) => l.close()));
  });
  afterAll(async () => {
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  it('lets one of two contenders hold it, under <prefix>:lease:<name> with a TTL', async () => {
    const a = lease('excl');
    const b = lease('excl');
    const got = await Promise.all([a.tryAcquire(), b.tryAcquire()]);
    expect(got.filter(Boolean)).toHaveLength(1);
    expect([a.held, b.held].filter(Boolean)).toHaveLength(1);
    const ttl = await admin.pttl(`${prefix}:lease:excl`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1500);
    expect(await (a.held ? b : a).tryAcquire()).toBe(false);
  });

  it('hands over on release: the waiting standby holds it at once', async () => {
    const a = lease('handover');
    const b = lease('handover');
    await a.acquire();
    const waiting = b.acquire();
    await wait(200);
    expect(b.held).toBe(false);
    const released = Date.now();
    await a.release();
    await waiting;
    expect(b.held).toBe(true);
    expect(Date.now() - released).toBeLessThan(500);
    // The holder's release deleted only its own key: the standby's is there.
    expect(await admin.exists(`${prefix}:lease:handover`)).toBe(1);
  });

  it('keeps it by renewal well past its TTL; a contender never gets it meanwhile', async () => {
    const a = lease('renew', 600);
    const b = lease('renew', 600);
    const lost = jest.fn();
    a.onLost(lost);
    await a.acquire();
    for (let i = 0; i < 8; i++) {
      await wait(250);
      expect(await b.tryAcquire()).toBe(false);
    }
    expect(a.held).toBe(true);
    expect(lost).not.toHaveBeenCalled();
  });

  it('notices another holder (its key taken over) at the next renewal', async () => {
    const a = lease('stolen', 900);
    const lost = new Promise<string>((resolve) => a.onLost(resolve));
    await a.acquire();
    await admin.set(`${prefix}:lease:stolen`, 'someone-else', 'PX', 5000);
    await expect(lost).resolves.toContain('no longer held');
    expect(a.held).toBe(false);
  });

  it('notices an unreachable server before its key can have expired', async () => {
    const port = await freePort();
    const server: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    try {
      const url = `redis://127.0.0.1:${port}`;
      const probe = new IORedis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
      for (let i = 0; i < 50 && (await probe.ping().catch(() => '')) !== 'PONG'; i++) await wait(100);
      probe.disconnect();
      const ttlMs = 1500;
      const a = lease('outage', ttlMs, url);
      await a.acquire();
      const lost = new Promise<number>((resolve) => a.onLost(() => resolve(Date.now())));
      const killed = Date.now();
      server.kill('SIGKILL');
      const at = await lost;
      // Lost before the last renewal's TTL ran out: a standby could not hold it yet.
      expect(at - killed).toBeLessThan(ttlMs);
      expect(a.held).toBe(false);
    } finally {
      server.kill('SIGKILL');
    }
  });

  it('fails over within 10 s when the holder process is killed (kill -9), default TTL', async () => {
    const times = await measureFailovers(['redis', 'failover', REDIS_URL, prefix], 1);
    expect(times).toHaveLength(1);
    expect(times[0]).toBeGreaterThan(0);
    expect(times[0]).toBeLessThanOrEqual(10_000);
  }, 60_000);
});
