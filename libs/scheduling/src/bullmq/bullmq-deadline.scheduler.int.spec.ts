import type { Redis } from 'ioredis';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import { planDeadlines } from '../deadline-planner';
import type { Deadline } from '../deadline.types';
import { BullmqDeadlineScheduler } from './bullmq-deadline.scheduler';
import { adminRedis, dropPrefix, REDIS_URL, sh, uniquePrefix } from './redis.spec-helpers';

const NOW = new Date(sh('2019-04-02T10:00:00'));
const plan = (caseId: string, entry = 2): Deadline[] => planDeadlines(GD_BDPZ_2019, caseId, 'cityAudit', entry, NOW);
const ids = (ds: Deadline[]): string[] => ds.map((d) => d.id).sort();

let redis: Redis;
let prefix: string;
let scheduler: BullmqDeadlineScheduler;

beforeAll(() => {
  redis = adminRedis();
});
afterAll(async () => {
  await redis.quit();
});
beforeEach(() => {
  prefix = uniquePrefix();
  scheduler = new BullmqDeadlineScheduler({ connection: REDIS_URL, prefix, now: () => NOW });
});
afterEach(async () => {
  await scheduler.close();
  await dropPrefix(redis, prefix);
});

describe('BullmqDeadlineScheduler', () => {
  it('adds one delayed job per deadline, the job id being the deadline id and the delay its distance from now', async () => {
    const deadlines = plan('c1');
    expect(ids(deadlines)).toEqual(['dl-c1-cityAudit-2-due', 'dl-c1-cityAudit-2-reminder-0', 'dl-c1-cityAudit-2-reminder-1']);
    await scheduler.schedule(deadlines);

    for (const d of deadlines) {
      const job = await scheduler.queue.getJob(d.id);
      expect(job?.id).toBe(d.id);
      expect(job?.name).toBe(d.action.type);
      expect(job?.data).toEqual(d);
      expect(job?.opts.delay).toBe(Date.parse(d.dueAt) - NOW.getTime());
      expect(job?.opts.attempts).toBe(8);
      expect(await job?.getState()).toBe('delayed');
    }
    expect(await scheduler.pending()).toEqual([...deadlines].sort((a, b) => a.dueAt.localeCompare(b.dueAt)));
    expect(await scheduler.counts()).toEqual({ waiting: 0, delayed: 3, active: 0, failed: 0 });
    expect(await redis.smembers(scheduler.keys.entry('c1', 'cityAudit', 2))).toEqual(expect.arrayContaining(ids(deadlines)));
  });

  it('keeps one job per id when the same deadline is scheduled twice (the first data wins)', async () => {
    const [due] = plan('c1');
    await scheduler.schedule([due!, { ...due!, dueAt: sh('2030-01-01T00:00:00') }]);
    await scheduler.schedule([{ ...due!, dueAt: sh('2031-01-01T00:00:00') }]);
    expect(await scheduler.pending()).toEqual([due]);
    expect(await scheduler.counts()).toEqual({ waiting: 0, delayed: 1, active: 0, failed: 0 });
  });

  it('schedules a deadline already due as a waiting job', async () => {
    const d = { ...plan('c1')[0]!, dueAt: sh('2019-04-01T00:00:00') };
    await scheduler.schedule([d]);
    expect(await scheduler.queue.getJobState(d.id)).toBe('waiting');
    expect(await scheduler.pending()).toEqual([d]);
  });

  it('cancelEntry removes every job of that entry and its index, and nothing else', async () => {
    await scheduler.schedule([...plan('c1'), ...plan('c2'), ...plan('c1', 4)]);
    await scheduler.cancelEntry('c1', 'cityAudit', 2);
    expect(ids(await scheduler.pending())).toEqual(ids([...plan('c2'), ...plan('c1', 4)]));
    expect(await scheduler.queue.getJob('dl-c1-cityAudit-2-due')).toBeUndefined();
    expect(await redis.exists(scheduler.keys.entry('c1', 'cityAudit', 2))).toBe(0);

    await scheduler.cancelEntry('c9', 'cityAudit', 2); // nothing there: no-op
    expect(await scheduler.pending()).toHaveLength(6);
  });

  it('does not schedule again a deadline whose handling is marked done', async () => {
    const [due, ...rest] = plan('c1');
    await redis.zadd(scheduler.keys.done, Date.now(), due!.id);
    await scheduler.schedule([due!, ...rest]);
    expect(ids(await scheduler.pending())).toEqual(ids(rest));
  });

  it('clear drops every job not started and the entry indexes, but keeps the done marks', async () => {
    await scheduler.schedule([...plan('c1'), ...plan('c2')]);
    await redis.zadd(scheduler.keys.done, Date.now(), 'dl-c0-cityAudit-2-due');
    await scheduler.clear();
    expect(await scheduler.pending()).toEqual([]);
    expect(await scheduler.counts()).toEqual({ waiting: 0, delayed: 0, active: 0, failed: 0 });
    expect(await redis.keys(`${prefix}:deadline-entry:*`)).toEqual([]);
    expect(await redis.zscore(scheduler.keys.done, 'dl-c0-cityAudit-2-due')).not.toBeNull();
  });

  it('schedules in chunks: 2,500 deadlines all land', async () => {
    const small = new BullmqDeadlineScheduler({ connection: REDIS_URL, prefix, now: () => NOW, chunkSize: 1000 });
    const many = Array.from({ length: 834 }, (_, i) => plan(`k${i}`)).flat();
    await small.schedule(many);
    expect((await small.counts()).delayed).toBe(many.length);
    expect(await small.pending()).toHaveLength(many.length);
    await small.close();
  });

  it('refuses a deadline with an invalid due time, adding nothing', async () => {
    await expect(scheduler.schedule([...plan('c1'), { ...plan('c2')[0]!, dueAt: 'soon' }])).rejects.toThrow(/invalid dueAt/);
    expect(await scheduler.pending()).toEqual([]);
  });

  it('keeps a consumer checkpoint in Redis', async () => {
    const checkpoints = scheduler.checkpointStore('deadlines');
    expect(checkpoints.key).toBe(`${prefix}:checkpoint:deadlines`);
    expect(await checkpoints.exists()).toBe(false);
    expect(await checkpoints.load()).toBe(0);
    await checkpoints.save(42);
    expect(await checkpoints.exists()).toBe(true);
    expect(await scheduler.checkpointStore('deadlines').load()).toBe(42);
    await redis.set(checkpoints.key, 'garbage');
    await expect(checkpoints.load()).rejects.toThrow(/holds garbage/);
  });

  it('accepts a client the caller owns and leaves it open on close', async () => {
    const own = adminRedis();
    const s = new BullmqDeadlineScheduler({ connection: own, prefix });
    await s.schedule(plan('c1'));
    expect(await s.pending()).toHaveLength(3);
    await s.close();
    expect(await own.ping()).toBe('PONG');
    await own.quit();
  });
});
