/**
 * Deadlines on Redis (REDIS_URL set): one delayed BullMQ job per deadline in queue `deadlines`
 * (libs/scheduling `BullmqDeadlineScheduler`), fired by a `DeadlineWorker`, with the deadline consumer's checkpoint in
 * Redis beside the schedule (so both are lost together and `resyncIfLost` can tell).
 *
 * `runsHere: false` is the API with WORKERS=external: it opens the queue only to read it (counts for /metrics and
 * /health, bull-board) and never starts a worker; apps/worker runs the consumer and the worker. Every process that
 * fires deadlines must use the defaults for lock and stalled-job intervals (the stalled check is queue-wide).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Queue } from 'bullmq';
import IORedis from 'ioredis';
import type { Redis } from 'ioredis';
import type { EventStore } from '@shenbao/event-store';
import { BullmqDeadlineScheduler, CALENDAR_MARK, CONSUMER_CHECKPOINT, DeadlineWorker, resyncDeadlinesIfLost } from '@shenbao/scheduling';
import type { BullmqRetryPolicy, Deadline, DeadlineHandler, DeadlineScheduler, DefinitionResolver, RedisCheckpointStore } from '@shenbao/scheduling';
import type { DeadlineBackend, DeadlineCounts, DeadlineTimer } from './deadline-backend';

export interface BullmqDeadlineBackendOptions {
  /** `redis://` URL; the scheduler and the worker each open their own connection. */
  redisUrl: string;
  /** Key prefix shared by every process of one installation (REDIS_PREFIX). */
  prefix: string;
  /** The app's clock: job delays are computed from it, and `runDue` fires what it says is due. */
  now: () => Date;
  runsHere: boolean;
  onError: (error: unknown, deadline?: Deadline) => void;
  retry?: Partial<BullmqRetryPolicy>;
  /** Jobs handled at once by this process's worker (default 10). */
  concurrency?: number;
  /** Longest `runDue` waits for the jobs it promoted (default 30 s). */
  runDueTimeoutMs?: number;
}

/** Job states in which a promoted job has not finished its attempt yet. */
const UNSETTLED = new Set(['waiting', 'prioritized', 'active', 'waiting-children']);

export class BullmqDeadlineBackend implements DeadlineBackend {
  readonly kind = 'bullmq';
  readonly runsHere: boolean;
  readonly checkpoints: RedisCheckpointStore;
  readonly calendarMark: RedisCheckpointStore;
  private readonly bull: BullmqDeadlineScheduler;
  /** The scheduler's connection, owned here so `timer` can read the done marks too. */
  private readonly redis: Redis;
  private worker: DeadlineWorker | undefined;
  private closed = false;

  constructor(private readonly options: BullmqDeadlineBackendOptions) {
    this.runsHere = options.runsHere;
    // BullMQ needs maxRetriesPerRequest: null on its connections (see openRedis in libs/scheduling).
    this.redis = new IORedis(options.redisUrl, { maxRetriesPerRequest: null });
    this.bull = new BullmqDeadlineScheduler({ connection: this.redis, prefix: options.prefix, now: options.now, retry: options.retry });
    this.checkpoints = this.bull.checkpointStore(CONSUMER_CHECKPOINT);
    this.calendarMark = this.bull.checkpointStore(CALENDAR_MARK);
    // Connection errors while Redis is away; an 'error' event nobody listens to would be printed (or thrown).
    this.bull.queue.on('error', (error) => options.onError(error));
  }

  get scheduler(): DeadlineScheduler {
    return this.bull;
  }

  get queue(): Queue {
    return this.bull.queue;
  }

  async resyncIfLost(store: EventStore, resolveDefinition: DefinitionResolver): Promise<boolean> {
    if (!this.runsHere) throw new Error('this process does not run the deadline consumer (WORKERS=external)');
    return resyncDeadlinesIfLost({ store, scheduler: this.bull, resolveDefinition, checkpoints: this.checkpoints, now: this.options.now });
  }

  start(handler: DeadlineHandler): void {
    if (!this.runsHere) throw new Error('this process does not fire deadlines (WORKERS=external): apps/worker does');
    if (this.closed) throw new Error('the BullMQ deadline backend is closed');
    if (this.worker) throw new Error('the BullMQ deadline worker is already running');
    this.worker = new DeadlineWorker({
      connection: this.options.redisUrl,
      prefix: this.options.prefix,
      handler,
      now: this.options.now,
      concurrency: this.options.concurrency,
      onError: this.options.onError,
    });
  }

  /**
   * Promotes the delayed jobs whose deadline the clock has reached (first attempts only: a retry keeps its backoff)
   * and waits until this process's worker has run them. Delays are real time, so this is how a test clock moved
   * forward, or an operator, fires early what is already due by the app's clock.
   */
  async runDue(): Promise<number> {
    if (!this.worker || this.closed) return 0;
    const now = this.options.now().getTime();
    const due = (await this.bull.pending()).filter((d) => Date.parse(d.dueAt) <= now);
    const promoted: string[] = [];
    for (const d of due) {
      const job = await this.bull.queue.getJob(d.id);
      if (!job || job.attemptsMade > 0) continue;
      // Taken, cancelled or already waiting meanwhile: promote refuses anything not delayed, which is fine.
      if (await job.isDelayed()) await job.promote().catch(() => undefined);
      promoted.push(d.id);
    }
    await this.settled(promoted);
    return promoted.length;
  }

  private async settled(ids: string[]): Promise<void> {
    const limit = Date.now() + (this.options.runDueTimeoutMs ?? 30_000);
    for (;;) {
      const states = await Promise.all(ids.map((id) => this.bull.queue.getJobState(id)));
      if (states.every((s) => !UNSETTLED.has(s))) return;
      if (Date.now() > limit) throw new Error(`deadline jobs still running after ${this.options.runDueTimeoutMs ?? 30_000} ms`);
      await sleep(20);
    }
  }

  async counts(): Promise<DeadlineCounts> {
    const jobs = await this.bull.counts();
    return { pending: jobs.waiting + jobs.delayed + jobs.active, failed: jobs.failed, jobs };
  }

  async timer(id: string): Promise<DeadlineTimer | undefined> {
    const job = await this.bull.queue.getJob(id);
    if (job) {
      const state = await job.getState();
      const status = state === 'failed' ? 'failed' : state === 'completed' ? 'done' : 'pending';
      return {
        id,
        status,
        attempts: job.attemptsMade,
        lastError: job.failedReason ? job.failedReason : null,
        doneAt: status === 'done' && job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
        deadline: job.data,
      };
    }
    // Completed jobs are removed; the done mark is what is left of them (attempts are not kept).
    const doneAt = await this.redis.zscore(this.bull.keys.done, id);
    if (doneAt === null) return undefined;
    return { id, status: 'done', attempts: 0, lastError: null, doneAt: new Date(Number(doneAt)).toISOString() };
  }

  /** Stops taking jobs and waits for the running ones (their commands complete), then closes the queue. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker?.close();
    await this.bull.close();
    // QUIT would wait in the offline queue for a Redis that is down.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}
