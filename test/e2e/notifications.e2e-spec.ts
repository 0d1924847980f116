/**
 * E-mail notices over HTTP: the API booted with REDIS_URL (a unique REDIS_PREFIX), SMTP_URL pointing at a real SMTP
 * server started here (smtp-server on an ephemeral port) and WORKERS=inline, so the notifier and the e-mail worker
 * run in the API. A case returned for revision e-mails the applicant's users; with the SMTP server refusing, the
 * e-mail fails after its attempts (short backoff), shows in GET /admin/notifications?status=failed, and an
 * administrator's retry delivers it once the server takes mail again. With WORKERS=external the API only keeps the
 * outbox and apps/worker (composed here as the worker app does it) sends. Without SMTP_URL the endpoints say so.
 */
import { Module } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Redis } from 'ioredis';
import { loadConfig } from '@shenbao/host';
import { NotificationsModule, NotificationsService } from '@shenbao/commands';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { SmtpTestServer } from '../../libs/notifications/src/testing/smtp-test-server';
import { adminRedis, dropPrefix, uniquePrefix } from '../../libs/notifications/src/testing/redis-test.helpers';
import { TestClock } from './support/case-seeding';
import { API, CaseHttp, PASSWORD, TIANHE } from './support/case-http';
import type { UserSpec } from './support/case-http';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';
import { until } from './support/until';

/** Friday 2019-03-01, 10:00 in Guangzhou: inside the program window. */
const T0 = new Date('2019-03-01T02:00:00Z');
const TH_MAIL = 'th.bigdata@example.gov.cn';
const TH2_MAIL = 'th.office@example.gov.cn';
const ATTEMPTS = 2;

interface NotificationItem {
  id: string;
  state: string;
  recipient: string;
  to: string;
  subject: string;
  attempts: number;
  failedReason?: string;
  createdAt: string;
}

describe('e-mail notifications (e2e)', () => {
  const clock = new TestClock(T0);
  let smtp: SmtpTestServer;
  let redis: Redis;
  let prefix: string;
  let t: TestApp;
  let h: CaseHttp;
  let programId: string;

  const addUser = async (username: string, spec: UserSpec & { email?: string }): Promise<void> => {
    await h.call('admin', 'post', '/users', { username, password: PASSWORD, displayName: username, ...spec }).expect(201);
    h.tokens[username] = await t.token(username, PASSWORD);
  };
  const failedList = async (): Promise<NotificationItem[]> =>
    (await h.call('admin', 'get', '/admin/notifications?status=failed').expect(200)).body.items as NotificationItem[];
  /** Drafted, filled in, submitted and returned by the city with `comment`. */
  const returnedCase = async (comment: string): Promise<string> => {
    const c = await h.submitted('applicant-th', 'city-gz', TIANHE, programId);
    await h.expectStage(h.act('city-gz', c.id, 'city-audit', { decision: 'return', comment }), 'draft');
    return c.id;
  };

  beforeAll(async () => {
    smtp = await SmtpTestServer.start();
    redis = adminRedis();
    prefix = uniquePrefix();
    t = await bootTestApp(
      {
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        REDIS_PREFIX: prefix,
        SMTP_URL: smtp.url,
        MAIL_FROM: '广东省工业和信息化厅 <noreply@gdii.example.gov.cn>',
        MAIL_ATTEMPTS: String(ATTEMPTS),
        MAIL_BACKOFF_MS: '50',
        WORKERS: 'inline',
      },
      { clock: clock.now },
    );
    h = new CaseHttp(t);
    await h.signInAdmin();
    await addUser('prov', { role: 'province', email: 'prov@gdii.example.gov.cn' });
    await addUser('city-gz', { role: 'city', cityCode: '440100', email: 'gz@example.gov.cn' });
    await addUser('applicant-th', { role: 'applicant', cityCode: '440100', districtCode: '440106', email: TH_MAIL });
    // A second user of the same unit, and one of another unit that must hear nothing.
    await addUser('applicant-th-2', { role: 'applicant', cityCode: '440100', districtCode: '440106', email: TH2_MAIL });
    await addUser('applicant-hz', { role: 'applicant', cityCode: '440100', districtCode: '440105', email: 'hz@example.gov.cn' });
    programId = await h.programIdOf('gd-bdpz-2019');
  });

  afterAll(async () => {
    try {
      await t?.close();
      await smtp?.close();
    } finally {
      if (redis) {
        await dropPrefix(redis, prefix);
        await redis.quit();
      }
    }
  });

  it('registers a user with an e-mail address and refuses a malformed one', async () => {
    const me = await h.call('applicant-th', 'get', '/users/me').expect(200);
    expect(me.body.email).toBe(TH_MAIL);
    const bad = await h.call('admin', 'post', '/users', { username: 'bad-mail', password: PASSWORD, displayName: 'x', role: 'province', email: 'not-an-address' }).expect(400);
    expect(bad.body.error).toBe('VALIDATION_FAILED');
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'email' })]);
  });

  it('a case returned for revision e-mails every user of the applicant unit (退回修改), and nobody else', async () => {
    await returnedCase('请补充重点项目投资明细');
    const [mail] = await until('the e-mail to 天河', () => (smtp.to(TH_MAIL).length > 0 ? smtp.to(TH_MAIL) : undefined));
    expect(mail!.subject).toBe('退回修改：广州市天河区人民政府 | Returned for revision: 广州市天河区人民政府');
    expect(mail!.text).toContain('请补充重点项目投资明细');
    expect(mail!.headers.from).toContain('noreply@gdii.example.gov.cn');
    await until('the e-mail to the second user', () => (smtp.to(TH2_MAIL).length === 1 ? true : undefined));
    expect(smtp.to('hz@example.gov.cn')).toEqual([]);
    expect(smtp.to('gz@example.gov.cn')).toEqual([]);

    const completed = await until('both jobs completed', async () => {
      const res = await h.call('admin', 'get', '/admin/notifications?status=completed').expect(200);
      return (res.body.items as NotificationItem[]).length === 2 ? res.body : undefined;
    });
    expect(completed).toMatchObject({ configured: true, status: 'completed', total: 2, nextCursor: null });
    expect(completed.items).toContainEqual(expect.objectContaining({ to: TH_MAIL, recipient: 'applicant:440100:440106', attempts: 1 }));
  });

  it('an SMTP failure is retried, then kept as failed and listed; an admin retry delivers it once the server is fixed', async () => {
    smtp.failing = true;
    const before = smtp.messages.length;
    await returnedCase('请补充近三年数据');

    const failed = await until('two failed e-mails', async () => {
      const items = await failedList();
      return items.length === 2 ? items : undefined;
    });
    expect(smtp.refusals).toBe(2 * ATTEMPTS);
    const th = failed.find((n) => n.to === TH_MAIL)!;
    expect(th).toMatchObject({
      id: expect.stringMatching(/^nt-[0-9a-f]{32}-/),
      state: 'failed',
      recipient: 'applicant:440100:440106',
      subject: '退回修改：广州市天河区人民政府 | Returned for revision: 广州市天河区人民政府',
      attempts: ATTEMPTS,
      failedReason: expect.stringMatching(/550|reject/i),
      createdAt: expect.any(String),
    });
    const metrics = await t.http().get('/metrics').set('Authorization', `Bearer ${h.tokens.admin}`).expect(200);
    expect(metrics.text).toMatch(/shenbao_queue_jobs\{queue="notifications",state="failed"\} 2/);
    expect(metrics.text).toMatch(/^shenbao_follower_lag_events\{follower="notifier"\} \d+$/m);

    // Only an admin sees or retries; a retry of something that has not failed (or does not exist) is refused.
    await h.call('prov', 'get', '/admin/notifications?status=failed').expect(403);
    await h.call('prov', 'post', `/admin/notifications/${th.id}/retry`).expect(403);
    await h.call('admin', 'get', '/admin/notifications?status=sent').expect(400);
    const unknown = await h.call('admin', 'post', '/admin/notifications/nt-unknown-u1/retry').expect(404);
    expect(unknown.body.error).toBe('NOT_FOUND');

    smtp.failing = false;
    const retried = await h.call('admin', 'post', `/admin/notifications/${th.id}/retry`).expect(200);
    expect(retried.body).toMatchObject({ id: th.id, state: 'waiting' });
    await until('the retried e-mail', () => (smtp.messages.length === before + 1 ? true : undefined));
    const delivered = smtp.messages.slice(before);
    expect(delivered.map((m) => m.to)).toEqual([[TH_MAIL]]);
    expect(delivered[0]!.text).toContain('请补充近三年数据');

    const again = await until('the retried job to complete', async () => {
      const res = await h.call('admin', 'post', `/admin/notifications/${th.id}/retry`);
      return res.status === 409 ? res : undefined;
    });
    expect(again.body).toMatchObject({ error: 'ILLEGAL_TRANSITION', details: { state: 'completed' } });
    expect((await failedList()).map((n) => n.to)).toEqual([TH2_MAIL]);
    expect(smtp.to(TH_MAIL)).toHaveLength(2); // the first return's e-mail and the retried one: nothing twice
  });

  it('pages the list with limit and cursor', async () => {
    const first = await h.call('admin', 'get', '/admin/notifications?status=completed&limit=2').expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.total).toBe(3);
    const second = await h.call('admin', 'get', `/admin/notifications?status=completed&limit=2&cursor=${first.body.nextCursor as string}`).expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    await h.call('admin', 'get', '/admin/notifications?cursor=garbage').expect(400);
  });
});

describe('e-mail notifications without SMTP_URL (e2e)', () => {
  let t: TestApp;
  let h: CaseHttp;

  beforeAll(async () => {
    t = await bootTestApp();
    h = new CaseHttp(t);
    await h.signInAdmin();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists nothing with configured: false, and every retry is 404', async () => {
    const res = await t.http().get(`${API}/admin/notifications`).set('Authorization', `Bearer ${h.tokens.admin}`).expect(200);
    expect(res.body).toEqual({ configured: false, status: 'failed', items: [], nextCursor: null, total: 0 });
    const retry = await h.call('admin', 'post', '/admin/notifications/nt-x-u1/retry').expect(404);
    expect(retry.body.error).toBe('NOT_FOUND');
  });
});

describe('e-mail notifications sent by apps/worker (WORKERS=external) (e2e)', () => {
  const clock = new TestClock(T0);
  const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let smtp: SmtpTestServer;
  let redis: Redis;
  let prefix: string;
  let t: TestApp;
  let worker: INestApplicationContext | undefined;
  let h: CaseHttp;

  beforeAll(async () => {
    smtp = await SmtpTestServer.start();
    redis = adminRedis();
    prefix = uniquePrefix();
    const env = { REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: smtp.url, WORKERS: 'external' };
    t = await bootTestApp(env, { clock: clock.now });
    // What apps/worker runs once NotificationsModule.forRoot(config, 'worker') is among its job modules.
    const config = loadConfig({ DATA_DIR: t.dataDir, LOG_LEVEL: 'silent', ...env });
    @Module({ imports: [WorkerModule.forRoot(config, { clock: clock.now }), NotificationsModule.forRoot(config, 'worker')] })
    class WorkerWithNotifications {}
    worker = await NestFactory.createApplicationContext(WorkerWithNotifications, { logger: false });
    await worker.init();
    h = new CaseHttp(t);
    await h.signInAdmin();
    for (const [name, spec] of Object.entries({
      'city-gz': { role: 'city', cityCode: '440100' },
      'applicant-th': { role: 'applicant', cityCode: '440100', districtCode: '440106', email: TH_MAIL },
    } as Record<string, UserSpec & { email?: string }>)) {
      await h.call('admin', 'post', '/users', { username: name, password: PASSWORD, displayName: name, ...spec }).expect(201);
      h.tokens[name] = await t.token(name, PASSWORD);
    }
  });

  afterAll(async () => {
    try {
      await worker?.close();
      await t?.close();
      await smtp?.close();
    } finally {
      if (redis) {
        await dropPrefix(redis, prefix);
        await redis.quit();
      }
    }
  });

  it('the API keeps only the outbox; the worker folds users from the log and sends', async () => {
    expect(t.app.get(NotificationsService).status()).toEqual({ configured: true, runsJobs: false });
    expect(worker!.get(NotificationsService).status()).toMatchObject({ configured: true, runsJobs: true });

    const c = await h.submitted('applicant-th', 'city-gz', TIANHE, await h.programIdOf('gd-bdpz-2019'));
    await h.expectStage(h.act('city-gz', c.id, 'city-audit', { decision: 'return', comment: '请补充材料' }), 'draft');
    const [mail] = await until('the e-mail sent by the worker', () => (smtp.to(TH_MAIL).length > 0 ? smtp.to(TH_MAIL) : undefined));
    expect(mail!.subject).toContain('退回修改');
    expect(mail!.headers.from).toBe('shenbao@localhost');
    await until('the job listed as completed by the API', async () => {
      const res = await h.call('admin', 'get', '/admin/notifications?status=completed').expect(200);
      return (res.body.items as NotificationItem[]).some((n) => n.to === TH_MAIL) ? true : undefined;
    });
  });
});
