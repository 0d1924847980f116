/**
 * The outbox and the e-mail worker against a real SMTP server (smtp-server, started here on an ephemeral port) and
 * the real Redis under a unique prefix: delivery, retries with backoff, failures kept and listed, an operator's
 * retry delivering exactly once.
 */
import type { Redis } from 'ioredis';
import { renderEmail, type EmailJobData } from './email';
import { EmailWorker } from './email.worker';
import { NotificationNotFoundError, NotificationNotRetryableError, NotificationOutbox } from './notification.outbox';
import { noticesFor } from './notices-for';
import { SmtpTestServer } from './testing/smtp-test-server';
import { REDIS_URL, adminRedis, dropPrefix, uniquePrefix, waitFor } from './testing/redis-test.helpers';

const ATTEMPTS = 3;
const BACKOFF_MS = 40;
const TH_MAIL = 'th.applicant@example.gov.cn';

let redis: Redis;
let smtp: SmtpTestServer;
let prefix: string;
let outbox: NotificationOutbox;
let worker: EmailWorker;
const workerErrors: unknown[] = [];

/** The e-mail of a return for revision to 天河's applicant user. */
function returnedMail(eventId = 'e0000000-0000-4000-8000-000000000001'): EmailJobData {
  const [notice] = noticesFor(
    { id: eventId, type: 'CaseReturnedForRevision', data: { cityCode: '440100', comment: '请补充重点项目表' }, metadata: { at: '2019-04-02T02:00:00Z' } },
    { caseId: 'c1', unitName: '广州市天河区人民政府', parties: [{ cityCode: '440100', districtCode: '440106' }], cities: ['440100'] },
  );
  return renderEmail(notice!, { userId: 'u-th', email: TH_MAIL, displayName: '天河区申报员' });
}

const failedCount = async (): Promise<number> => (await outbox.counts()).failed;

beforeAll(async () => {
  redis = adminRedis();
  smtp = await SmtpTestServer.start();
});
afterAll(async () => {
  await smtp.close();
  await redis.quit();
});
beforeEach(async () => {
  prefix = uniquePrefix();
  smtp.messages.splice(0);
  smtp.failing = false;
  smtp.refusals = 0;
  workerErrors.splice(0);
  outbox = new NotificationOutbox({ connection: REDIS_URL, prefix, attempts: ATTEMPTS, backoffMs: BACKOFF_MS });
  worker = new EmailWorker({
    connection: REDIS_URL,
    prefix,
    smtpUrl: smtp.url,
    from: 'shenbao@gdii.gov.cn',
    smtpTimeoutMs: 2000,
    onError: (e) => workerErrors.push(e),
  });
  await worker.ready();
});
afterEach(async () => {
  try {
    await worker.close(true);
    await outbox.close();
    await smtp.start(); // a test that stopped it
  } finally {
    await dropPrefix(redis, prefix);
  }
});

describe('e-mail delivery', () => {
  it('delivers a notice to its user: To, bilingual subject and text, sender; the job is kept as completed', async () => {
    const mail = returnedMail();
    const [id] = await outbox.enqueue([mail]);
    expect(id).toBe(`nt-${mail.noticeId}-u-th`);

    await waitFor('the e-mail', () => smtp.to(TH_MAIL).length === 1);
    const [received] = smtp.to(TH_MAIL);
    expect(received!.subject).toBe('退回修改：广州市天河区人民政府 | Returned for revision: 广州市天河区人民政府');
    expect(received!.headers.from).toBe('shenbao@gdii.gov.cn');
    expect(received!.headers['x-shenbao-notice']).toBe(mail.noticeId);
    expect(received!.text).toContain('请补充重点项目表');
    expect(received!.text.indexOf('退回修改')).toBeLessThan(received!.text.indexOf('returned for revision'));

    await waitFor('completion', async () => (await outbox.counts()).completed === 1);
    expect((await outbox.list('completed')).items).toEqual([expect.objectContaining({ id, state: 'completed', to: TH_MAIL, recipient: 'applicant:440100:440106', attempts: 1 })]);
  });

  it('enqueueing the same notice for the same user again adds nothing', async () => {
    await outbox.enqueue([returnedMail(), returnedMail()]);
    await waitFor('completion', async () => (await outbox.counts()).completed === 1);
    await outbox.enqueue([returnedMail()]);
    expect(await outbox.counts()).toEqual({ waiting: 0, delayed: 0, active: 0, completed: 1, failed: 0 });
    expect(smtp.messages).toHaveLength(1);
  });

  it('a refused recipient is retried with backoff, kept as failed and listed, then an operator retry delivers it once', async () => {
    smtp.failing = true;
    const [id] = await outbox.enqueue([returnedMail()]);

    await waitFor('the job to fail for good', async () => (await failedCount()) === 1);
    expect(smtp.refusals).toBe(ATTEMPTS);
    expect(smtp.messages).toEqual([]);
    const job = await outbox.queue.getJob(id!);
    // Backoff doubles: at least 40 + 80 ms between the first and the last attempt.
    expect(job!.finishedOn! - job!.timestamp).toBeGreaterThanOrEqual(BACKOFF_MS * 3);
    expect(workerErrors.length).toBeGreaterThanOrEqual(ATTEMPTS);

    const failed = await outbox.listFailed();
    expect(failed).toEqual([
      expect.objectContaining({ id, state: 'failed', to: TH_MAIL, userId: 'u-th', attempts: ATTEMPTS, failedReason: expect.stringMatching(/550|rejected/i) }),
    ]);
    expect(await outbox.get(id!)).toMatchObject({ id, state: 'failed' });

    smtp.failing = false;
    expect(await outbox.retry(id!)).toMatchObject({ id, state: 'waiting' });
    await waitFor('the retried e-mail', () => smtp.to(TH_MAIL).length === 1);
    await waitFor('completion', async () => (await outbox.counts()).completed === 1);
    expect(await outbox.listFailed()).toEqual([]);
    expect(smtp.messages).toHaveLength(1);
    await expect(outbox.retry(id!)).rejects.toThrow(NotificationNotRetryableError);
  });

  it('an unreachable server (connection refused) fails the same way; once it is back a retry delivers', async () => {
    await smtp.stop();
    const [id] = await outbox.enqueue([returnedMail()]);
    await waitFor('the job to fail for good', async () => (await failedCount()) === 1);
    expect((await outbox.get(id!))!.failedReason).toMatch(/ECONNREFUSED|connect/i);

    await smtp.start();
    await outbox.retry(id!);
    await waitFor('the retried e-mail', () => smtp.to(TH_MAIL).length === 1);
    await waitFor('completion', async () => (await outbox.counts()).completed === 1);
    expect(smtp.messages).toHaveLength(1);
  });

  it('retry refuses unknown ids and e-mails that have not failed', async () => {
    await expect(outbox.retry('nt-nope-u1')).rejects.toThrow(NotificationNotFoundError);
    await worker.close(); // nothing takes the job: it stays waiting
    const [id] = await outbox.enqueue([returnedMail()]);
    await expect(outbox.retry(id!)).rejects.toThrow(NotificationNotRetryableError);
    expect((await outbox.list('waiting')).items.map((r) => r.id)).toEqual([id]);
  });

  it('pages a status with offset and limit', async () => {
    await worker.close();
    const mails = ['1', '2', '3'].map((n) => returnedMail(`e0000000-0000-4000-8000-00000000000${n}`));
    const ids = await outbox.enqueue(mails);
    const first = await outbox.list('waiting', { limit: 2 });
    const second = await outbox.list('waiting', { offset: 2, limit: 2 });
    expect(first.total).toBe(3);
    expect([...first.items, ...second.items].map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(second.items).toHaveLength(1);
  });
});
