/**
 * Deadlines on BullMQ (REDIS_URL set), against the real Redis under a prefix of this suite's own (REDIS_PREFIX),
 * deleted afterwards. Time is a LiveClock: seeded dates as the other deadline suites use them, moving in real time,
 * so a publicity period of a few seconds ends by a delayed job BullMQ fires when it falls due.
 * - WORKERS=inline: the API plans and fires itself; /health, /metrics and bull-board (/admin/queues, admins only).
 * - WORKERS=external: the API plans and fires nothing; apps/worker, started in-process on the same DATA_DIR, does.
 * - Redis emptied: `deadlines:resync` (and a worker booting on an empty Redis) bring the schedule back, same ids.
 * "Worker killed mid-job, effect once" with the real fired-deadline handler: redis-deadline-takeover.e2e-spec.ts (the
 * worker's own mechanics, a SIGKILLed worker process included: libs/scheduling/src/bullmq/bullmq-deadline.worker.int.spec.ts).
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { existsSync, readFileSync } from 'node:fs';
import { resyncDeadlinesFromLog } from '../../apps/worker/src/deadlines-resync';
import { heartbeatFile, judgeHeartbeat } from '../../apps/worker/src/heartbeat';
import { loadConfig } from '@shenbao/host';
import { CaseHttp, PASSWORD } from './support/case-http';
import { LiveClock, OwnRedis, REDIS_URL, adminRedis, dropPrefix, uniquePrefix } from './support/redis-test';
import { cityGz } from './support/guangzhou-journeys';
import { P, SHORT_PERIOD_DAYS, T0, admin, boot, prov, startWorker, until } from './support/redis-world';
import type { World } from './support/redis-world';
import { bootTestApp } from './support/test-app';

let redis: Redis;
beforeAll(() => {
  redis = adminRedis();
});
afterAll(async () => {
  await redis.quit();
});

describe('deadlines on BullMQ, WORKERS=inline (e2e)', () => {
  const prefix = uniquePrefix();
  let w: World;

  beforeAll(async () => {
    w = await boot(prefix, new LiveClock(T0), 'inline');
    await w.seed.createProgram(P, admin);
  });
  afterAll(async () => {
    await w.t.close();
    await dropPrefix(redis, prefix);
  });

  it('ends a publicity period through a delayed BullMQ job: the case reaches approval by itself', async () => {
    await w.awaitingPublicity('c-pub', '440106');
    const { position } = await w.seed.openPublicity(P, 'c-pub', 'b-pub', prov, SHORT_PERIOD_DAYS);
    const end = await w.pendingDeadline('c-pub', 'end', position);
    // A delayed job in this suite's `deadlines` queue, named by the deadline id, its delay taken from the app clock.
    const job = await w.backend.queue!.getJob(end.id);
    expect(job?.data).toEqual(end);
    expect(await job!.isDelayed()).toBe(true);
    expect(job!.delay).toBeGreaterThan(0);
    expect(job!.delay).toBeLessThanOrEqual(2000);
    expect(await redis.exists(`${prefix}:deadlines:${end.id}`)).toBe(1);

    await w.reaches('c-pub', 'approval');
    const [ended] = await w.ofType('c-pub', 'PublicityEnded');
    expect(ended.data).toEqual({ batchId: 'b-pub' });
    expect(ended.metadata).toMatchObject({ actor: 'system', role: 'province', correlationId: end.id });
    expect(Date.parse(ended.metadata.at)).toBeGreaterThanOrEqual(Date.parse(end.dueAt));
    await until('end job done', async () => ((await w.deadlines.timer(end.id))?.status === 'done' ? true : undefined));
    expect(await w.backend.queue!.getJob(end.id)).toBeUndefined();
  });

  it('runDueNow fires a deadline the clock has reached long before its real delay, exactly once', async () => {
    const position = await w.inCityAudit('c-late', '440104');
    const due = await w.pendingDeadline('c-late', 'due', position);
    w.clock.set(new Date(Date.parse(due.dueAt) + 1000));
    expect(await w.deadlines.runDueNow()).toBeGreaterThanOrEqual(1);
    await w.deadlines.runDueNow();
    const marks = await w.ofType('c-late', 'StageOverdueMarked');
    expect(marks.map((e) => e.data)).toEqual([expect.objectContaining({ stage: 'cityAudit', entry: due.entry, dueAt: due.dueAt })]);
    expect(marks[0].metadata).toMatchObject({ actor: 'system', correlationId: due.id });
    expect((await w.deadlines.timer(due.id))?.status).toBe('done');
  });

  it('reports Redis on /health and the queue on /metrics', async () => {
    const health = await w.t.http().get('/health').expect(200);
    expect(health.body.info.redis).toMatchObject({ status: 'up', pingMs: expect.any(Number) });
    expect(health.body.info.deadlines).toMatchObject({ status: 'up', state: 'running', backend: 'bullmq', failed: 0 });

    const text = await w.metrics();
    for (const state of ['waiting', 'delayed', 'active', 'failed']) {
      expect(text).toMatch(new RegExp(`shenbao_queue_jobs\\{queue="deadlines",state="${state}"\\} \\d+\n`));
    }
    // The approval stage's time limit and reminder of c-pub are still ahead.
    const delayed = Number(/shenbao_queue_jobs\{queue="deadlines",state="delayed"\} (\d+)/.exec(text)?.[1]);
    expect(delayed).toBeGreaterThan(0);
    expect(delayed).toBe((await w.backend.counts()).jobs?.delayed);
    expect(text).toMatch(/shenbao_deadlines_fired_total\{action="EndPublicity",outcome="sent"\} 1/);
  });

  it('serves bull-board at /admin/queues to admins only: bearer or session cookie', async () => {
    const http = new CaseHttp(w.t);
    await http.signInAdmin();
    await http.addUser('prov1', { role: 'province' });

    const anonymous = await w.t.http().get('/admin/queues').expect(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401, error: 'UNAUTHENTICATED' });
    await w.t.http().get('/admin/queues').set('Authorization', 'Bearer not-a-token').expect(401);
    const province = await w.t.http().get('/admin/queues').set('Authorization', `Bearer ${http.tokens.prov1}`).expect(403);
    expect(province.body).toMatchObject({ statusCode: 403, error: 'FORBIDDEN' });

    const page = await w.t.http().get('/admin/queues').set('Authorization', `Bearer ${http.tokens.admin}`).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const api = await w.t.http().get('/admin/queues/api/queues').set('Authorization', `Bearer ${http.tokens.admin}`).expect(200);
    expect((api.body.queues as { name: string }[]).map((q) => q.name)).toContain('deadlines');

    // A browser: the admin asks for a session, then loads the page with the cookie alone.
    await http.call('prov1', 'post', '/admin/queues/session').expect(403);
    const session = await http.call('admin', 'post', '/admin/queues/session').expect(200);
    expect(session.body).toMatchObject({ path: '/admin/queues', expiresAt: expect.any(String) });
    const setCookie = String(session.headers['set-cookie']);
    expect(setCookie).toMatch(/^shenbao_queues=[^;]+; Path=\/admin\/queues; Max-Age=900; HttpOnly; SameSite=Strict/);
    const cookie = setCookie.split(';')[0];
    await w.t.http().get('/admin/queues').set('Cookie', cookie).expect(200);
    // The session token is good for bull-board only: not an access token for the API.
    await http.t.http().get('/api/v1/users/me').set('Authorization', `Bearer ${cookie.split('=')[1]}`).expect(401);
  });

  it('bull-board follows the API’s sessions: a signed-out token, and every session of a reset account, end there too', async () => {
    const http = new CaseHttp(w.t);
    await http.signInAdmin();
    await http.addUser('admin2', { role: 'admin' });
    const signedOut = await w.t.token('admin2', PASSWORD);
    await w.t.http().get('/admin/queues').set('Authorization', `Bearer ${signedOut}`).expect(200);
    await w.t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${signedOut}`).expect(204);
    await w.t.http().get('/admin/queues').set('Authorization', `Bearer ${signedOut}`).expect(401);

    const session = await http.call('admin2', 'post', '/admin/queues/session').expect(200);
    const cookie = String(session.headers['set-cookie']).split(';')[0];
    await w.t.http().get('/admin/queues').set('Cookie', cookie).expect(200);
    const me = await http.call('admin2', 'get', '/users/me').expect(200);
    await http.call('admin', 'post', `/users/${me.body.id}/password-reset`, {}).expect(200);
    await w.t.http().get('/admin/queues').set('Cookie', cookie).expect(401);
    await w.t.http().get('/admin/queues').set('Authorization', `Bearer ${http.tokens.admin2}`).expect(401);
  });

  it('rebuilds the schedule when it boots on an emptied Redis: the same pending jobs, same ids', async () => {
    const before = await w.pendingIds();
    expect(before.length).toBeGreaterThan(0);
    // Emptied under the running app (nothing is appended meanwhile), then a restart finds the checkpoint gone.
    expect(await dropPrefix(redis, prefix)).toBeGreaterThan(0);
    expect(await w.pendingIds()).toEqual([]);
    await w.t.restart({ clock: w.clock.now });
    expect(await w.pendingIds()).toEqual(before);
    expect((await w.deadlines.status()).lag).toBe(0);
  });
});

describe('deadlines on BullMQ, WORKERS=external (e2e)', () => {
  const prefix = uniquePrefix();
  let w: World;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    w = await boot(prefix, new LiveClock(T0), 'external');
    await w.seed.createProgram(P, admin);
  });
  afterAll(async () => {
    await worker?.close();
    await w.t.close();
    await dropPrefix(redis, prefix);
  });

  it('the API plans nothing itself; apps/worker on the same DATA_DIR ends the publicity period', async () => {
    await w.awaitingPublicity('c-ext', '440105');
    const { position } = await w.seed.openPublicity(P, 'c-ext', 'b-ext', prov, 2 * SHORT_PERIOD_DAYS);
    expect(await w.deadlines.status()).toMatchObject({ up: true, state: 'external', backend: 'bullmq', pending: 0, checkpoint: 0 });
    expect(await w.deadlines.caughtUp(position, 300)).toBe(false);
    expect(await w.pendingIds()).toEqual([]);

    worker = await startWorker(w);
    const end = await w.pendingDeadline('c-ext', 'end', position);
    await w.reaches('c-ext', 'approval');
    const [ended] = await w.ofType('c-ext', 'PublicityEnded');
    expect(ended.metadata).toMatchObject({ actor: 'system', correlationId: end.id });

    // The API still reports the queue and the worker's position, read from Redis.
    const health = await w.t.http().get('/health').expect(200);
    expect(health.body.info.deadlines).toMatchObject({ status: 'up', state: 'external', backend: 'bullmq' });
    expect(health.body.info.redis).toMatchObject({ status: 'up' });
    expect(await w.metrics()).toMatch(/shenbao_queue_jobs\{queue="deadlines",state="delayed"\} \d+/);

    // The worker's own health signal, which its container's health check reads (apps/worker/src/heartbeat.ts).
    await until('a healthy worker heartbeat', () => {
      const beat = existsSync(heartbeatFile(w.t.dataDir)) ? readFileSync(heartbeatFile(w.t.dataDir), 'utf8') : undefined;
      return judgeHeartbeat(beat, Date.now()).healthy || undefined;
    }, 15_000);
  });

  it('after Redis lost its data, deadlines:resync brings the pending jobs back under the same ids; nothing is missed', async () => {
    const position = await w.inCityAudit('c-audit', '440103');
    await w.pendingDeadline('c-audit', 'due', position);
    const before = await w.pendingIds();
    expect(before.length).toBeGreaterThan(0);
    await worker!.close();
    worker = undefined;

    // While Redis is empty and no worker runs: a publicity period opens, and ends before anything is rebuilt.
    await w.awaitingPublicity('c-gap', '440106');
    await w.seed.openPublicity(P, 'c-gap', 'b-gap', prov, SHORT_PERIOD_DAYS);
    expect(await dropPrefix(redis, prefix)).toBeGreaterThan(0);
    expect(await w.pendingIds()).toEqual([]);
    const [started] = await w.ofType('c-gap', 'PublicityStarted');
    const endsAt = Date.parse((started.data as { endsAt: string }).endsAt);
    await until('the period is over by the clock', async () => (w.clock.now().getTime() > endsAt ? true : undefined));

    const summary = await resyncDeadlinesFromLog(loadConfig({ DATA_DIR: w.t.dataDir, REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' }), w.clock.now);
    expect(summary.position).toBe(await w.store.headPosition());
    const after = await w.pendingIds();
    expect(after).toEqual(expect.arrayContaining(before));
    // Due already: scheduled to run at once rather than lost with the Redis that never had it.
    expect(after.filter((id) => !before.includes(id))).toEqual([expect.stringMatching(/^dl-c-gap-publicity-\d+-end$/)]);
    expect(summary.pending).toBe(after.length);

    // The worker takes it from there (it finds the checkpoint, so it does not rebuild again) and ends the period.
    worker = await startWorker(w);
    await w.reaches('c-gap', 'approval');
    expect(await w.ofType('c-gap', 'PublicityEnded')).toHaveLength(1);
    expect(await w.ofType('c-ext', 'PublicityEnded')).toHaveLength(1);
  });
});

describe('a published holiday arrangement re-plans BullMQ jobs, WORKERS=external (e2e)', () => {
  const prefix = uniquePrefix();
  let w: World;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    w = await boot(prefix, new LiveClock(T0), 'external');
    worker = await startWorker(w);
    await w.seed.createProgram(P, admin);
  });
  afterAll(async () => {
    await worker?.close();
    await w.t.close();
    await dropPrefix(redis, prefix);
  });

  it('replaces the job of a due time counted into provisional 2027, under the same id, and tells the holder', async () => {
    await w.inCityAudit('c-cal', '440104');
    // Mon 2026-12-21 10:00 Shanghai: recommendation (P10D working) is due at the end of 2027-01-05 while 2027 is
    // provisional, at the end of 2027-01-04 once Saturday 01-02 is an adjusted workday.
    w.clock.set(new Date('2026-12-21T02:00:00Z'));
    const passed = await w.seed.act(P, 'c-cal', cityGz, { type: 'AuditCase', data: { decision: 'pass', comment: '同意推荐' } });
    const due = await w.pendingDeadline('c-cal', 'due', passed.position);
    expect(due).toMatchObject({ dueAt: '2027-01-05T15:59:59.999Z', provisional: true });
    expect((await w.backend.queue!.getJob(due.id))?.data).toEqual(due);

    const h = new CaseHttp(w.t);
    await h.signInAdmin();
    const arrangement = {
      holidays: ['2027-01-01', '2027-05-01', '2027-05-02', '2027-10-01', '2027-10-02', '2027-10-03'],
      adjustedWorkdays: ['2027-01-02'],
      notice: '国办发明电〔2026〕7号',
    };
    await h.call('admin', 'put', '/calendar/2027', arrangement).expect(200);

    const replaced = await until('the job replaced', async () => {
      const job = await w.backend.queue!.getJob(due.id);
      return job?.data.dueAt === '2027-01-04T15:59:59.999Z' ? job : undefined;
    });
    expect(replaced.data).not.toHaveProperty('provisional');
    expect(await replaced.isDelayed()).toBe(true);
    // Delayed to the new due time on the app's clock (the job's timestamp is real time).
    const firesAt = replaced.timestamp + replaced.delay + (w.clock.now().getTime() - Date.now());
    expect(Math.abs(firesAt - Date.parse('2027-01-04T15:59:59.999Z'))).toBeLessThan(60_000);
    await until('the holder told', async () => ((await w.ofType('c-cal', 'StageDueMoved')).length === 1 ? true : undefined));
  });
});

// A redis-server of this test's own, so it can be taken down without touching the shared one (the test fails, saying
// how to get one, when redis-server is not installed).
describe('Redis going down under the API (e2e)', () => {
  it('turns /health 503 with redis down (quickly, not hanging), and 200 again once Redis is back', async () => {
    const server = await OwnRedis.start();
    const t = await bootTestApp({ REDIS_URL: server.url, WORKERS: 'inline' });
    try {
      const up = await t.http().get('/health').expect(200);
      expect(up.body.info.redis.status).toBe('up');

      await server.down();
      const started = Date.now();
      const down = await until('health 503', async () => {
        const res = await t.http().get('/health');
        return res.status === 503 ? res : undefined;
      });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(down.body).toMatchObject({ statusCode: 503 });
      expect(down.body.details.error.redis).toMatchObject({ status: 'down', message: expect.any(String) });

      await server.up();
      const back = await until('health 200', async () => {
        const res = await t.http().get('/health');
        return res.status === 200 ? res : undefined;
      });
      expect(back.body.info.redis.status).toBe('up');
    } finally {
      await t.close();
      await server.down();
    }
  });
});

describe('without REDIS_URL (e2e)', () => {
  it('has no /admin/queues (404), no queue session, and no redis check on /health', async () => {
    const t = await bootTestApp();
    try {
      const http = new CaseHttp(t);
      await http.signInAdmin();
      // Whatever any unknown path answers: nothing is mounted there.
      const unknown = await t.http().get('/admin/nothing').set('Authorization', `Bearer ${http.tokens.admin}`).expect(404);
      const missing = await t.http().get('/admin/queues').set('Authorization', `Bearer ${http.tokens.admin}`).expect(404);
      expect(missing.text).toBe(unknown.text.replace('/admin/nothing', '/admin/queues'));
      await http.call('admin', 'post', '/admin/queues/session').expect(404);
      const health = await t.http().get('/health').expect(200);
      expect(health.body.info.redis).toBeUndefined();
      expect(health.body.info.deadlines).toMatchObject({ backend: 'local', state: 'running' });
    } finally {
      await t.close();
    }
  });
});
