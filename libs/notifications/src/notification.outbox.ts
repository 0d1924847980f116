/**
 * The e-mail outbox: BullMQ queue `notifications`, one job per e-mail with the deterministic id
 * `nt-<noticeId>-<userId>`, so enqueueing a notice again (a replayed event) adds nothing.
 *
 * - A job is tried `attempts` times with exponential backoff, then kept as failed (`removeOnFail: false`): listed by
 *   `list('failed')` and sent again only by `retry` (an administrator), never dropped.
 * - A delivered job is kept for a while (`keepCompleted`, default 7 days / 10,000 jobs) rather than removed at
 *   once: it shows under `completed` and its id keeps blocking a duplicate of the same e-mail meanwhile.
 */
import { Queue, type Job, type JobsOptions, type JobType } from 'bullmq';
import type { EmailJobData } from './email';
import { emailJobId } from './email';
import {
  DEFAULT_PREFIX,
  NOTIFICATIONS_QUEUE,
  RedisCheckpointStore,
  checkpointKey,
  openRedis,
  type OwnedRedis,
  type RedisConnection,
} from './redis';

export type NotificationStatus = 'failed' | 'waiting' | 'completed';
export const NOTIFICATION_STATUSES: readonly NotificationStatus[] = ['failed', 'waiting', 'completed'];

/** `waiting` covers every e-mail not sent yet: queued, waiting out a backoff, or being sent. */
const STATES: Record<NotificationStatus, JobType[]> = {
  failed: ['failed'],
  waiting: ['active', 'waiting', 'prioritized', 'delayed'],
  completed: ['completed'],
};

export interface NotificationOutboxOptions {
  connection: RedisConnection;
  /** BullMQ key prefix (default `shenbao`); the worker must use the same. */
  prefix?: string;
  queueName?: string;
  /** Sends tried before an e-mail is kept as failed (default 5). */
  attempts?: number;
  /** Delay after the first failure, doubled each time (default 30 s; tests use a few ms). */
  backoffMs?: number;
  /** How long delivered jobs are kept (default 7 days, at most 10,000); `false` removes them at once. */
  keepCompleted?: { ageSeconds: number; count: number } | false;
}

export interface NotificationRecord {
  id: string;
  state: string;
  kind: string;
  caseId: string;
  /** The scope key the notice was addressed to. */
  recipient: string;
  userId: string;
  to: string;
  subject: string;
  /** Sends tried so far. */
  attempts: number;
  failedReason?: string;
  createdAt: string;
  finishedAt?: string;
}

export interface NotificationCounts {
  waiting: number;
  delayed: number;
  active: number;
  completed: number;
  failed: number;
}

export class NotificationNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`No notification ${id}.`);
    this.name = 'NotificationNotFoundError';
  }
}

export class NotificationNotRetryableError extends Error {
  constructor(
    readonly id: string,
    readonly state: string,
  ) {
    super(`Notification ${id} is ${state}; only a failed one can be retried.`);
    this.name = 'NotificationNotRetryableError';
  }
}

const iso = (ms: number | undefined): string | undefined => (ms ? new Date(ms).toISOString() : undefined);

export async function toRecord(job: Job<EmailJobData>, state?: string): Promise<NotificationRecord> {
  const d = job.data;
  return {
    id: job.id ?? emailJobId(d.noticeId, d.userId),
    state: state ?? (await job.getState()),
    kind: d.kind,
    caseId: d.caseId,
    recipient: d.recipientKey,
    userId: d.userId,
    to: d.to,
    subject: d.subject,
    attempts: job.attemptsMade,
    ...(job.failedReason ? { failedReason: job.failedReason } : {}),
    createdAt: iso(job.timestamp) ?? new Date(0).toISOString(),
    ...(job.finishedOn ? { finishedAt: iso(job.finishedOn) } : {}),
  };
}

export class NotificationOutbox {
  /** The BullMQ queue itself (bull-board, metrics); enqueue through this class. */
  readonly queue: Queue<EmailJobData, unknown, string>;
  readonly prefix: string;
  private readonly redis: OwnedRedis;
  private readonly jobOptions: JobsOptions;

  constructor(options: NotificationOutboxOptions) {
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.redis = openRedis(options.connection);
    this.queue = new Queue<EmailJobData, unknown, string>(options.queueName ?? NOTIFICATIONS_QUEUE, {
      connection: this.redis.client,
      prefix: this.prefix,
    });
    const keep = options.keepCompleted ?? { ageSeconds: 7 * 24 * 3600, count: 10_000 };
    this.jobOptions = {
      attempts: options.attempts ?? 5,
      backoff: { type: 'exponential', delay: options.backoffMs ?? 30_000 },
      removeOnComplete: keep === false ? true : { age: keep.ageSeconds, count: keep.count },
      removeOnFail: false,
    };
  }

  /** Adds one job per e-mail (an id already there, in any state, is left as it is); returns the job ids. */
  async enqueue(emails: EmailJobData[]): Promise<string[]> {
    if (emails.length === 0) return [];
    const jobs = emails.map((data) => ({ name: data.kind, data, opts: { ...this.jobOptions, jobId: emailJobId(data.noticeId, data.userId) } }));
    await this.queue.addBulk(jobs);
    return jobs.map((j) => j.opts.jobId);
  }

  /** One page of e-mails in a status, newest first within each state; `total` counts them all. */
  async list(status: NotificationStatus, page: { offset?: number; limit?: number } = {}): Promise<{ items: NotificationRecord[]; total: number }> {
    const types = STATES[status];
    const limit = page.limit ?? 50;
    const counts = await this.queue.getJobCounts(...types);
    const total = types.reduce((n, t) => n + (counts[t] ?? 0), 0);
    const items: NotificationRecord[] = [];
    let skip = page.offset ?? 0;
    for (const type of types) {
      const inType = counts[type] ?? 0;
      if (skip >= inType) {
        skip -= inType;
        continue;
      }
      const want = limit - items.length;
      if (want <= 0) break;
      const jobs = await this.queue.getJobs([type], skip, skip + want - 1, false);
      // getJobs may hand back an entry for a job removed meanwhile.
      for (const job of jobs) if (job?.data) items.push(await toRecord(job, type));
      skip = 0;
    }
    return { items: items.slice(0, limit), total };
  }

  async listFailed(limit = 50): Promise<NotificationRecord[]> {
    return (await this.list('failed', { limit })).items;
  }

  async get(id: string): Promise<NotificationRecord | undefined> {
    const job = await this.queue.getJob(id);
    return job?.data ? toRecord(job) : undefined;
  }

  /** Sends a failed e-mail again, with a fresh set of attempts. */
  async retry(id: string): Promise<NotificationRecord> {
    const job = await this.queue.getJob(id);
    if (!job?.data) throw new NotificationNotFoundError(id);
    const state = await job.getState();
    if (state !== 'failed') throw new NotificationNotRetryableError(id, state);
    try {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    } catch (e) {
      // Retried by someone else between the check and here.
      const now = await this.queue.getJobState(id);
      if (now !== 'failed') throw new NotificationNotRetryableError(id, now);
      throw e;
    }
    return toRecord(job, 'waiting');
  }

  async counts(): Promise<NotificationCounts> {
    const c = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed');
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      delayed: c.delayed ?? 0,
      active: c.active ?? 0,
      completed: c.completed ?? 0,
      failed: c.failed ?? 0,
    };
  }

  /** A consumer's checkpoint kept beside the queue (`<prefix>:checkpoint:<name>`). */
  checkpointStore(name: string): RedisCheckpointStore {
    return new RedisCheckpointStore(this.redis.client, checkpointKey(this.prefix, name));
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.redis.release();
  }
}
