/**
 * Fires the deadlines of the BullMQ adapter: a BullMQ Worker on queue `deadlines` that hands each due job's Deadline
 * to the handler (which sends the command), then leaves a done mark (see BullmqDeadlineScheduler).
 *
 * Delivery is at least once, and the two ways it can repeat are both absorbed:
 * - a job delivered again after its handler succeeded (the worker died before BullMQ recorded completion) finds the
 *   done mark and is not handed over again;
 * - a job whose worker died mid-handler (lock lost) is put back by another worker's stalled-job check and handled
 *   again; the command it sends is idempotent (the decider ignores a stage entry that is gone or already marked).
 * A handler that throws is retried with the job's attempts and exponential backoff, then kept as failed.
 * `close()` stops taking jobs and waits for the running ones (graceful shutdown on SIGTERM); `close(true)` does not
 * wait, and the jobs it abandons come back through the stalled check once their lock expires.
 */
import { Worker, type Job } from 'bullmq';
import type { Deadline, DeadlineHandler } from '../deadline.types';
import {
  DEADLINES_QUEUE,
  DEFAULT_DONE_TTL_MS,
  DEFAULT_PREFIX,
  deadlineKeys,
  doneIds,
  markDone,
  openRedis,
  type OwnedRedis,
  type RedisConnection,
} from './redis-connection';

export interface DeadlineWorkerOptions {
  connection: RedisConnection;
  /** Must match the scheduler's (default `shenbao`). */
  prefix?: string;
  queueName?: string;
  handler: DeadlineHandler;
  /** Jobs handled at once by this worker (default 10). */
  concurrency?: number;
  /**
   * How often this worker looks for jobs whose worker died (default 30 s). The check is queue-wide and whoever runs it
   * holds it off for their own interval, so give every worker of the queue the same value. A dead worker's job is
   * back within about lockDuration + 2 × stalledInterval (a job is flagged on one check and moved on the next).
   */
  stalledIntervalMs?: number;
  /** How long a job's lock lasts without renewal: how soon a dead worker's job can be taken over (default 30 s). */
  lockDurationMs?: number;
  /** Times a job may be recovered from a dead worker before it is failed (default 1, BullMQ's). */
  maxStalledCount?: number;
  /** How long done marks are kept (default 30 days). */
  doneTtlMs?: number;
  now?: () => Date;
  /** Told about handler failures (with the deadline) and worker errors (for logs). */
  onError?: (error: unknown, deadline?: Deadline) => void;
}

export type DeadlineOutcome = 'handled' | 'already-done';

export class DeadlineWorker {
  readonly worker: Worker<Deadline, DeadlineOutcome, string>;
  private readonly redis: OwnedRedis;

  constructor(private readonly options: DeadlineWorkerOptions) {
    const prefix = options.prefix ?? DEFAULT_PREFIX;
    const doneKey = deadlineKeys(prefix).done;
    const ttl = options.doneTtlMs ?? DEFAULT_DONE_TTL_MS;
    const now = options.now ?? (() => new Date());
    const onError = options.onError ?? (() => undefined);
    this.redis = openRedis(options.connection);
    const redis = this.redis.client;

    const processJob = async (job: Job<Deadline, DeadlineOutcome, string>): Promise<DeadlineOutcome> => {
      const deadline = job.data;
      if ((await doneIds(redis, doneKey, [deadline.id])).size > 0) return 'already-done';
      await options.handler(deadline);
      await markDone(redis, doneKey, deadline.id, now().getTime(), ttl);
      return 'handled';
    };

    this.worker = new Worker<Deadline, DeadlineOutcome, string>(options.queueName ?? DEADLINES_QUEUE, processJob, {
      connection: redis,
      prefix,
      concurrency: options.concurrency ?? 10,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      lockDuration: options.lockDurationMs ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 1,
    });
    // An 'error' event with no listener would crash the process.
    this.worker.on('error', (error) => onError(error));
    this.worker.on('failed', (job, error) => onError(error, job?.data));
  }

  /** Resolves once the worker is connected and taking jobs. */
  async ready(): Promise<void> {
    await this.worker.waitUntilReady();
  }

  /** Stops taking jobs; waits for the running ones unless `force`. */
  async close(force = false): Promise<void> {
    await this.worker.close(force);
    await this.redis.release();
  }
}
