import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { MemoryEventStore } from '@shenbao/event-store';
import type { Deadline } from '../deadline.types';
import { BullmqDeadlineScheduler } from './bullmq-deadline.scheduler';
import { DeadlineWorker, type DeadlineWorkerOptions } from './bullmq-deadline.worker';
import { adminRedis, applyEffect, deadlineIn, dropPrefix, gate, REDIS_URL, uniquePrefix, waitFor } from './redis.spec-helpers';

let redis: Redis;
let prefix: string;
let scheduler: BullmqDeadlineScheduler;
let store: MemoryEventStore;
const workers: DeadlineWorker[] = [];

function worker(options: Omit<DeadlineWorkerOptions, 'connection' | 'prefix'>): DeadlineWorker {
  const w = new DeadlineWorker({ connection: REDIS_URL, prefix, ...options });
  workers.push(w);
  return w;
}
const effects = async (caseId: string): Promise<number> => (await store.readStream(`case-${caseId}`)).length;
const isDone = async (id: string): Promise<boolean> => (await redis.zscore(scheduler.keys.done, id)) !== null;

beforeAll(() => {
  redis = adminRedis();
});
afterAll(async () => {
  await redis.quit();
});
beforeEach(() => {
  prefix = uniquePrefix();
  scheduler = new BullmqDeadlineScheduler({ connection: REDIS_URL, prefix, retry: { attempts: 3, backoffMs: 50 } });
  store = new MemoryEventStore();
});
afterEach(async () => {
  for (const w of workers.splice(0)) await w.close(true);
  await scheduler.close();
  await store.close();
  await dropPrefix(redis, prefix);
});

describe('DeadlineWorker', () => {
  it('fires a delayed job when due, hands the deadline to the handler, marks it done and frees the id', async () => {
    const fired: { deadline: Deadline; at: number }[] = [];
    const d = deadlineIn('c1', 300);
    await scheduler.schedule([d]);
    worker({ handler: async (deadline) => void fired.push({ deadline, at: Date.now() }) });

    await waitFor(() => isDone(d.id));
    expect(fired).toHaveLength(1);
    expect(fired[0]!.deadline).toEqual(d);
    expect(fired[0]!.at).toBeGreaterThanOrEqual(Date.parse(d.dueAt));
    await waitFor(async () => (await scheduler.queue.getJob(d.id)) === undefined);
    expect(await scheduler.pending()).toEqual([]);
  });

  it('retries a handler that fails, with backoff, until it succeeds', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const d = deadlineIn('c1', 0);
    await scheduler.schedule([d]);
    worker({
      onError: (error) => errors.push(error),
      handler: async (deadline) => {
        calls += 1;
        if (calls < 3) throw new Error(`command failed (${calls})`);
        await applyEffect(store, deadline);
      },
    });

    await waitFor(() => isDone(d.id));
    expect(calls).toBe(3);
    expect(errors.map((e) => (e as Error).message)).toEqual(['command failed (1)', 'command failed (2)']);
    expect(await effects('c1')).toBe(1);
  });

  it('keeps a job that runs out of attempts as failed, visible and not scheduled again', async () => {
    const d = deadlineIn('c1', 0);
    await scheduler.schedule([d]);
    worker({
      handler: async () => {
        throw new Error('store down');
      },
    });

    await waitFor(async () => (await scheduler.counts()).failed === 1);
    const job = await scheduler.queue.getJob(d.id);
    expect(job?.attemptsMade).toBe(3);
    expect(job?.failedReason).toBe('store down');
    expect(await scheduler.pending()).toEqual([]);
    await scheduler.schedule([d]);
    await scheduler.cancelEntry('c1', 'cityAudit', 2); // history, not pending: cancelling leaves it
    expect(await scheduler.counts()).toEqual({ waiting: 0, delayed: 0, active: 0, failed: 1 });
    expect(await isDone(d.id)).toBe(false);
  });

  it('handles a deadline once: scheduling it again after completion adds nothing, and a redelivered job is skipped', async () => {
    let calls = 0;
    const d = deadlineIn('c1', 0);
    await scheduler.schedule([d]);
    worker({ handler: async () => void (calls += 1) });
    await waitFor(() => isDone(d.id));
    await waitFor(async () => (await scheduler.queue.getJob(d.id)) === undefined);

    await scheduler.schedule([d]);
    expect(await scheduler.queue.getJob(d.id)).toBeUndefined();

    // A delivery the scheduler's guard cannot stop (straight into the queue): the worker sees the done mark.
    await scheduler.queue.add(d.action.type, d, { jobId: d.id, removeOnComplete: false });
    await waitFor(async () => (await scheduler.queue.getJobState(d.id)) === 'completed');
    expect((await scheduler.queue.getJob(d.id))?.returnvalue).toBe('already-done');
    expect(calls).toBe(1);
  });

  it('shuts down gracefully: close waits for the running job, and the jobs not started stay queued for the next worker', async () => {
    const first = deadlineIn('c1', 0);
    const second = deadlineIn('c2', 0);
    await scheduler.schedule([first]);
    const running = gate();
    const release = gate();
    const w1 = worker({
      concurrency: 1,
      handler: async (d) => {
        running.open();
        await release.opened;
        await applyEffect(store, d);
      },
    });
    await running.opened;
    await scheduler.cancelEntry('c1', 'cityAudit', 2); // a running job is not pulled from under its handler
    expect(await scheduler.queue.getJobState(first.id)).toBe('active');
    await scheduler.schedule([second]);

    let closed = false;
    const closing = w1.close().then(() => (closed = true));
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    release.open();
    await closing;
    expect(await effects('c1')).toBe(1);
    expect(await isDone(first.id)).toBe(true);
    expect(await scheduler.queue.getJobState(second.id)).toBe('waiting');

    worker({ handler: (d) => applyEffect(store, d) });
    await waitFor(() => isDone(second.id));
    expect(await effects('c2')).toBe(1);
  });

  it('recovers a job whose worker stopped mid-handler; the effect happens once even when the first handler resumes', async () => {
    const d = deadlineIn('c1', 0);
    await scheduler.schedule([d]);
    const running = gate();
    const resume = gate();
    const lateAppend = gate();
    let calls = 0;
    // Every worker of the queue gets the short interval: the stalled check is queue-wide, and whoever ran it last
    // holds it off for its own interval.
    const w1 = worker({
      lockDurationMs: 500,
      stalledIntervalMs: 200,
      handler: async (deadline) => {
        calls += 1;
        running.open();
        await resume.opened;
        await applyEffect(store, deadline);
        lateAppend.open();
      },
    });
    await running.opened;
    await w1.close(true); // no waiting, no lock renewal: as if the process froze

    worker({ stalledIntervalMs: 200, handler: async (deadline) => void ((calls += 1), await applyEffect(store, deadline)) });
    await waitFor(() => isDone(d.id));
    expect(calls).toBe(2);
    expect(await effects('c1')).toBe(1);

    resume.open(); // the first handler carries on, late: its append is a duplicate
    await lateAppend.opened;
    expect(await effects('c1')).toBe(1);
  });

  describe('a worker process killed while a job runs', () => {
    let child: ChildProcess | undefined;
    afterEach(() => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });

    it('another worker takes the job over and the effect happens exactly once', async () => {
      const d = deadlineIn('c1', 0);
      await scheduler.schedule([d]);
      child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'blocking-worker.fixture.ts')], {
        cwd: join(__dirname, '../../../..'),
        env: { ...process.env, REDIS_URL, PREFIX: prefix, LOCK_MS: '1000', STALLED_MS: '200' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await waitFor(() => out.includes(`started ${d.id}`), 20_000);
      expect(await scheduler.queue.getJobState(d.id)).toBe('active');

      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      let calls = 0;
      worker({ stalledIntervalMs: 200, handler: async (deadline) => void ((calls += 1), await applyEffect(store, deadline)) });
      await waitFor(() => isDone(d.id));
      expect(calls).toBe(1);
      expect(await effects('c1')).toBe(1);
      await waitFor(async () => (await scheduler.queue.getJob(d.id)) === undefined);
    }, 40_000);
  });
});
