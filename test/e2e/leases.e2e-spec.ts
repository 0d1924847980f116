/**
 * The run-once work under leases, through the API (issue #17): two API processes on one DATA_DIR and one Redis
 * (REDIS_URL, so LEASE=auto picks Redis, under this suite's own prefix; SMTP_URL, so the notifier runs too). One
 * runs the deadline consumer and the notifier, the other stands by; /health and /metrics say which; when the holder
 * shuts down, the standby takes over both at once.
 * (A holder killed mid-publicity, on one PostgreSQL schema: postgres-lease-failover.e2e-spec.ts.)
 */
import { rmSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { NotificationsService } from '@shenbao/commands';
import { SmtpTestServer } from '../../libs/notifications/src/testing/smtp-test-server';
import { adminRedis, dropPrefix, REDIS_URL, uniquePrefix } from './support/redis-test';
import { bootTestApp, bootTestAppIn } from './support/test-app';
import type { TestApp } from './support/test-app';

const METRICS_TOKEN = 'm'.repeat(40);

describe('leases of the run-once work, two API processes on one Redis (e2e)', () => {
  const prefix = uniquePrefix();
  let redis: Redis;
  let a: TestApp;
  let b: TestApp | undefined;
  let aClosed = false;
  let smtp: SmtpTestServer;

  const health = async (t: TestApp) => (await t.http().get('/health').expect(200)).body.details;
  const notifier = (t: TestApp) => t.app.get(NotificationsService).status().notifier;
  const held = async (t: TestApp) => {
    const text = (await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text;
    return text.match(/^shenbao_lease_held\{name="deadlines"\} (\d)$/m)?.[1];
  };

  beforeAll(async () => {
    redis = adminRedis();
    smtp = await SmtpTestServer.start();
    const env = { REDIS_URL, REDIS_PREFIX: prefix, METRICS_TOKEN, SMTP_URL: smtp.url };
    a = await bootTestApp(env);
    b = await bootTestAppIn(a.dataDir, env);
  });
  afterAll(async () => {
    await b?.close();
    // a's app was closed by the second test (or is closed here); its directory is removed either way.
    if (!aClosed) await a?.app.close();
    if (a) rmSync(a.dataDir, { recursive: true, force: true });
    await smtp?.close();
    await dropPrefix(redis, prefix);
    await redis.quit();
  });

  it('runs the deadline consumer in one process; the other stands by, both healthy', async () => {
    const [ha, hb] = [await health(a), await health(b!)];
    expect(ha.leases).toMatchObject({ status: 'up', mode: 'redis', deadlines: { kind: 'redis', held: true, since: expect.any(String) }, notifier: { held: true } });
    expect(ha.deadlines).toMatchObject({ status: 'up', state: 'running' });
    expect(hb.leases).toMatchObject({ status: 'up', mode: 'redis', deadlines: { kind: 'redis', held: false }, notifier: { held: false } });
    expect(hb.deadlines).toMatchObject({ status: 'up', state: 'standby', backend: 'bullmq' });
    expect([notifier(a), notifier(b!)]).toEqual(['holding', 'standby']);
    expect(await held(a)).toBe('1');
    expect(await held(b!)).toBe('0');
    expect(await redis.exists(`${prefix}:lease:deadlines`, `${prefix}:lease:notifier`)).toBe(2);
  });

  it('hands the consumer and the notifier over when the holder shuts down (its leases released)', async () => {
    await a.app.close();
    aClosed = true;
    const deadline = Date.now() + 5000;
    let state = '';
    while (Date.now() < deadline) {
      const details = await health(b!);
      state = details.deadlines.state as string;
      if (state === 'running' && details.leases.notifier.held === true) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(state).toBe('running');
    expect((await health(b!)).leases).toMatchObject({ deadlines: { held: true }, notifier: { held: true } });
    expect(notifier(b!)).toBe('holding');
    expect(await held(b!)).toBe('1');
  });
});
