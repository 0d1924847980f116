/**
 * The BullMQ deadline adapter (used when `REDIS_URL` is set): one delayed job per deadline in queue `deadlines`,
 * the job id being the deadline id, so scheduling twice keeps one job and a rebuilt schedule names the same jobs.
 *
 * Owns the queue's jobs, the per-entry index sets and the done marks (key layout in redis-connection.ts).
 * - Completed jobs are removed (`removeOnComplete`), which frees their id; the worker leaves a done mark first, and
 *   `schedule` skips ids that carry one, so replaying the events that planned a fired deadline does not fire it again
 *   (the port's "an id already known is left as it is"). The check and the add are two steps: a deadline completing
 *   in between can be added once more, which is harmless (the command it sends is idempotent).
 * - Failed jobs are kept (`removeOnFail: false`): visible in bull-board, retried by hand, and their id stays taken.
 * - `cancelEntry` removes the entry's jobs that have not started (waiting or delayed, retries included); a running
 *   one finishes and its command finds the entry gone.
 */
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CheckpointStore, Deadline, DeadlineScheduler } from '../deadline.types';
import { RedisCheckpointStore } from './redis-checkpoint.store';
import {
  DEADLINES_QUEUE,
  DEFAULT_PREFIX,
  deadlineKeys,
  deleteKeys,
  openRedis,
  type DeadlineKeys,
  type OwnedRedis,
  type RedisConnection,
} from './redis-connection';

export interface BullmqRetryPolicy {
  /** Handler calls before a job is kept as failed (default 8). */
  attempts: number;
  /** Delay after the first failure, doubled each time (default 1 s). */
  backoffMs: number;
}

export interface BullmqDeadlineSchedulerOptions {
  connection: RedisConnection;
  /** BullMQ key prefix (default `shenbao`); the worker must use the same. */
  prefix?: string;
  queueName?: string;
  /** The clock the delays are computed from (default: the system clock). */
  now?: () => Date;
  retry?: Partial<BullmqRetryPolicy>;
  /** Jobs per `addBulk` call (default 1,000). */
  chunkSize?: number;
}

export interface DeadlineJobCounts {
  /** Due and waiting for a worker. */
  waiting: number;
  /** Not due yet, or waiting out a retry backoff. */
  delayed: number;
  active: number;
  /** Out of attempts; kept until someone retries or removes them. */
  failed: number;
}

/** Job states that mean "not started yet" (cancellable, listed by `pending`). */
const NOT_STARTED = ['delayed', 'waiting', 'prioritized'] as const;
const PAGE = 1000;

export class BullmqDeadlineScheduler implements DeadlineScheduler {
  /** The BullMQ queue itself (for bull-board and metrics); schedule through this class, not through it. */
  readonly queue: Queue<Deadline, void, string>;
  readonly keys: DeadlineKeys;
  private readonly redis: OwnedRedis;
  private readonly now: () => Date;
  private readonly jobOptions: JobsOptions;
  private readonly chunkSize: number;

  constructor(options: BullmqDeadlineSchedulerOptions) {
    const prefix = options.prefix ?? DEFAULT_PREFIX;
    this.redis = openRedis(options.connection);
    this.keys = deadlineKeys(prefix);
    this.now = options.now ?? (() => new Date());
    this.chunkSize = options.chunkSize ?? 1000;
    this.queue = new Queue<Deadline, void, string>(options.queueName ?? DEADLINES_QUEUE, { connection: this.redis.client, prefix });
    this.jobOptions = {
      attempts: options.retry?.attempts ?? 8,
      backoff: { type: 'exponential', delay: options.retry?.backoffMs ?? 1000 },
      removeOnComplete: true,
      removeOnFail: false,
    };
  }

  private get client(): Redis {
    return this.redis.client;
  }

  async schedule(deadlines: Deadline[]): Promise<void> {
    const unique = new Map<string, Deadline>();
    for (const d of deadlines) {
      if (Number.isNaN(Date.parse(d.dueAt))) throw new RangeError(`deadline ${d.id} has an invalid dueAt: ${d.dueAt}`);
      if (!unique.has(d.id)) unique.set(d.id, d);
    }
    const list = [...unique.values()];
    for (let i = 0; i < list.length; i += this.chunkSize) await this.scheduleChunk(list.slice(i, i + this.chunkSize));
  }

  private async scheduleChunk(chunk: Deadline[]): Promise<void> {
    // One round trip for the done check and the entry index. Indexing first (done ids too) is harmless: an id with no
    // job behind it is skipped by cancelEntry, and a crash before the add below leaves only such ids.
    const ids = chunk.map((d) => d.id);
    const step = this.client.pipeline().zmscore(this.keys.done, ...ids);
    for (const d of chunk) step.sadd(this.keys.entry(d.caseId, d.stage, d.entry), d.id);
    const results = (await step.exec()) ?? [];
    for (const [error] of results) if (error) throw error;
    const scores = results[0]?.[1] as (string | null)[] | undefined;
    if (!scores) throw new Error('Redis gave no reply to the done check');
    const fresh = chunk.filter((_, i) => scores[i] === null);
    if (fresh.length === 0) return;
    const now = this.now().getTime();
    await this.queue.addBulk(
      fresh.map((d) => ({
        name: d.action.type,
        data: d,
        opts: { ...this.jobOptions, jobId: d.id, delay: Math.max(0, Date.parse(d.dueAt) - now) },
      })),
    );
  }

  async cancelEntry(caseId: string, stage: string, entry: number): Promise<void> {
    const key = this.keys.entry(caseId, stage, entry);
    const ids = await this.client.smembers(key);
    await Promise.all(
      ids.map(async (id) => {
        const state = await this.queue.getJobState(id);
        // Running, failed or gone: left alone. `remove` would refuse a running job anyway (its lock); it finishes,
        // and its command finds the entry gone.
        if ((NOT_STARTED as readonly string[]).includes(state)) await this.queue.remove(id);
      }),
    );
    await this.client.del(key);
  }

  /** Reads the jobs' data (BullMQ keeps no index of it); the callers cache the answer. */
  async provisionalPending(): Promise<{ count: number; lastDueAt?: string }> {
    const flagged = (await this.pending()).filter((d) => d.provisional === true);
    return flagged.length === 0 ? { count: 0 } : { count: flagged.length, lastDueAt: flagged[flagged.length - 1]!.dueAt };
  }

  async pending(): Promise<Deadline[]> {
    const out: Deadline[] = [];
    for (let start = 0; ; start += PAGE) {
      const jobs = await this.queue.getJobs([...NOT_STARTED], start, start + PAGE - 1, true);
      // getJobs may hand back an entry for a job removed meanwhile.
      for (const job of jobs) if (job?.data) out.push(job.data);
      if (jobs.length < PAGE) break;
    }
    return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
  }

  /**
   * Drops every job that has not started and every entry index (a rebuild follows: see resyncDeadlines). Running
   * and failed jobs stay, and so do the done marks: they record what already fired, which a rebuild must not undo.
   */
  async clear(): Promise<void> {
    await this.queue.drain(true);
    await deleteKeys(this.client, this.keys.entryPattern);
  }

  async counts(): Promise<DeadlineJobCounts> {
    const c = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed');
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      delayed: c.delayed ?? 0,
      active: c.active ?? 0,
      failed: c.failed ?? 0,
    };
  }

  /** A consumer's checkpoint kept in Redis beside the schedule (`<prefix>:checkpoint:<name>`). */
  checkpointStore(name: string): RedisCheckpointStore & CheckpointStore {
    return new RedisCheckpointStore(this.client, this.keys.checkpoint(name));
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.redis.release();
  }
}
