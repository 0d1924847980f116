/**
 * PostgresLease against the real server the Jest global setup found or started (SHENBAO_TEST_DATABASE_URL, or
 * DATABASE_URL): session advisory locks under a namespace of this run's own. Two contenders, one holder; release
 * hands over; the health checks keep it; a terminated session is noticed at once; the session carries the timeouts
 * that bound a hung holder; a holder process killed with SIGKILL hands over within 10 s.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PostgresLease, lockKey } from './postgres-lease';
import { measureFailovers } from './lease-contender';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function databaseUrl(): string {
  const url = process.env.SHENBAO_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error(process.env.SHENBAO_TEST_DATABASE_ERROR ?? 'no PostgreSQL server: run through jest (test/postgres-global-setup.cjs) or set DATABASE_URL');
  return url;
}

describe('PostgresLease (real PostgreSQL)', () => {
  const namespace = `lease-test-${randomBytes(5).toString('hex')}`;
  let admin: Client;
  const leases: PostgresLease[] = [];
  const lease = (name: string) => {
    const l = new PostgresLease({ connectionString: databaseUrl(), name, namespace, retryMs: 50, checkMs: 150 });
    leases.push(l);
    return l;
  };

  beforeAll(async () => {
    admin = new Client({ connectionString: databaseUrl() });
    await admin.connect();
  });
  afterEach(async () => {
    await Promise.all(leases.splice(0).map((l) => l.close()));
  });
  afterAll(async () => {
    await admin.end();
  });

  it('lets one of two contenders hold it (an advisory lock under the namespace and name keys)', async () => {
    const a = lease('excl');
    const b = lease('excl');
    const got = await Promise.all([a.tryAcquire(), b.tryAcquire()]);
    expect(got.filter(Boolean)).toHaveLength(1);
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::int::oid AND objid = $2::int::oid`, [lockKey(namespace), lockKey('excl')]);
    expect(rows[0].n).toBe(1);
    expect(await (a.held ? b : a).tryAcquire()).toBe(false);
    // Another name is another lock.
    expect(await lease('other').tryAcquire()).toBe(true);
  });

  it('hands over on release: the waiting standby holds it at its next try', async () => {
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
  });

  it('keeps it across its health checks; a contender never gets it meanwhile', async () => {
    const a = lease('keep');
    const b = lease('keep');
    const lost = jest.fn();
    a.onLost(lost);
    await a.acquire();
    for (let i = 0; i < 6; i++) {
      await wait(200);
      expect(await b.tryAcquire()).toBe(false);
    }
    expect(a.held).toBe(true);
    expect(lost).not.toHaveBeenCalled();
  });

  it('notices at once when its session is terminated (the server dropped the lock); a standby then holds it', async () => {
    const a = lease('terminated');
    const b = lease('terminated');
    await a.acquire();
    const lost = new Promise<string>((resolve) => a.onLost(resolve));
    const pid = await a.backendPid();
    const standby = b.acquire();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await expect(lost).resolves.toMatch(/connection holding it|could not be checked|no longer held/);
    expect(a.held).toBe(false);
    await standby;
    expect(b.held).toBe(true);
  });

  it('sets the session timeouts that bound a hung holder and a vanished host', async () => {
    const a = lease('timeouts');
    await a.acquire();
    const pid = await a.backendPid();
    const { rows } = await admin.query(`SELECT application_name FROM pg_stat_activity WHERE pid = $1`, [pid]);
    expect(rows[0].application_name).toBe('shenbao-lease-timeouts');
    // Read on the lease's own session through a second lease object would need its connection: ask it directly.
    const settings = await (a as unknown as { client: Client }).client.query(
      `SELECT current_setting('idle_session_timeout') AS idle, current_setting('tcp_keepalives_idle') AS ka_idle`,
    );
    expect(settings.rows[0]).toEqual({ idle: '10s', ka_idle: expect.stringMatching(/^(5|5s|0)$/) });
  });

  it('fails over within 10 s when the holder process is killed (kill -9)', async () => {
    const times = await measureFailovers(['postgres', 'failover', databaseUrl(), namespace], 2);
    expect(times).toHaveLength(2);
    for (const t of times) {
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThanOrEqual(10_000);
    }
  }, 60_000);
});
