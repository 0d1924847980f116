/**
 * E-mail notices of this process. With SMTP_URL (and REDIS_URL) set it owns the outbox (queue `notifications`),
 * and where the jobs run here (the API with WORKERS=inline, or apps/worker) also the e-mail worker and the notifier
 * that feeds the outbox from the event log. Without SMTP_URL there is nothing to send: inbox rows (the projection's)
 * are the only notices, and the admin endpoints say `configured: false`.
 * The notifier stops in `onModuleDestroy`, before the event store closes (StoreCloser, on shutdown).
 * Among several processes the notifier runs once, under the lease `notifier` (Leases): it starts when this process
 * holds it and stops when it is lost (each event's jobs are enqueued before its checkpoint moves, with deterministic
 * job ids, so an event the next holder handles again enqueues nothing new). The e-mail worker runs in every such
 * process: BullMQ gives each job to one of them.
 */
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { EventStore } from '@shenbao/event-store';
import {
  DEFAULT_MAIL_FROM,
  DEFAULT_PREFIX,
  EmailWorker,
  NOTIFIER_CHECKPOINT,
  NotificationOutbox,
  Notifier,
  type NotificationCounts,
  type NotificationRecord,
  type NotificationStatus,
  type NotifierDefinition,
  type RecipientDirectory,
} from '@shenbao/notifications';
import type { Queue } from 'bullmq';
import type { AppConfig } from '@shenbao/host';
import { APP_CONFIG, EVENT_STORE } from '@shenbao/host';
import { MetricsService } from '../observability/metrics.service';
import { LeasedWork } from '../infrastructure/lease/leased-work';
import { Leases } from '../infrastructure/lease/leases';
import type { LeasedState } from '../infrastructure/lease/leased-work';
import { WorkflowCatalog } from '../workflow-definitions/workflow-catalog';

export const RECIPIENT_DIRECTORY = Symbol('RECIPIENT_DIRECTORY');
/** Where an operator sees the BullMQ queues (apps/api's bull-board); absent in apps/worker. */
export const QUEUE_BOARD = Symbol('QUEUE_BOARD');

export interface QueueShelf {
  /** Shows a queue on the board. */
  add(queue: Queue): void;
}
/** Whether this process runs the e-mail worker and the notifier (not only the outbox). */
export const NOTIFICATIONS_RUN_JOBS = Symbol('NOTIFICATIONS_RUN_JOBS');

export interface NotificationsStatus {
  configured: boolean;
  /** The worker and notifier run in this process. */
  runsJobs: boolean;
  /** The notifier's lease: `holding` (it runs here), `standby` (another process runs it) or `stopped`. */
  notifier?: LeasedState;
  checkpoint?: number;
  error?: string;
}

@Injectable()
export class NotificationsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Notifications');
  /** Present when SMTP_URL and REDIS_URL are set. */
  readonly outbox: NotificationOutbox | undefined;
  private worker: EmailWorker | undefined;
  private notifier: Notifier | undefined;
  private work: LeasedWork | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(NOTIFICATIONS_RUN_JOBS) private readonly runsJobs: boolean,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(RECIPIENT_DIRECTORY) private readonly recipients: RecipientDirectory,
    private readonly catalog: WorkflowCatalog,
    private readonly metrics: MetricsService,
    private readonly leases: Leases,
    @Optional() @Inject(QUEUE_BOARD) private readonly board?: QueueShelf,
  ) {
    if (config.smtpUrl === undefined || config.redisUrl === undefined) return;
    this.outbox = new NotificationOutbox({
      connection: config.redisUrl,
      prefix: config.redisPrefix ?? DEFAULT_PREFIX,
      attempts: config.mailAttempts,
      backoffMs: config.mailBackoffMs,
    });
  }

  get configured(): boolean {
    return this.outbox !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const outbox = this.outbox;
    if (!outbox) return;
    this.board?.add(outbox.queue);
    this.metrics.onScrape(async () => this.metrics.setQueueJobs('notifications', await outbox.counts()));
    if (!this.runsJobs) return;
    this.worker = new EmailWorker({
      connection: this.config.redisUrl!,
      prefix: outbox.prefix,
      smtpUrl: this.config.smtpUrl!,
      from: this.config.mailFrom ?? DEFAULT_MAIL_FROM,
      onError: (error, email) => {
        // Each failed attempt is logged; the job retries with backoff and is kept as failed after the last one.
        if (email) this.logger.warn({ err: error, noticeId: email.noticeId, userId: email.userId, caseId: email.caseId }, 'E-mail not sent; will retry.');
        else this.logger.error({ err: error }, 'E-mail worker error.');
      },
    });
    this.notifier = new Notifier({
      store: this.store,
      outbox,
      recipients: this.recipients,
      checkpoints: outbox.checkpointStore(NOTIFIER_CHECKPOINT),
      resolveDefinition: (key, version) => this.definition(key, version),
      onError: (error, event) => {
        if (event) this.logger.error({ err: error, position: event.position, stream: event.stream, type: event.type }, 'Notifier skipped an event.');
        else this.logger.error({ err: error, checkpoint: this.notifier?.checkpoint }, 'Notifier failed; retrying.');
      },
    });
    this.metrics.watchFollower(this.notifier);
    const notifier = this.notifier;
    const lease = this.leases.lease('notifier');
    this.work = new LeasedWork(lease, { start: () => notifier.start(), stop: () => notifier.stop() }, this.logger);
    // Held at once (one process, or the first replica): started before boot goes on; else it stands by.
    if (await lease.tryAcquire().catch(() => false)) await this.work.run();
    else void this.work.run();
    this.logger.log({ queue: `${outbox.prefix}:notifications` }, 'E-mail notices on: e-mail worker running, the notifier whenever this process holds its lease.');
  }

  async onModuleDestroy(): Promise<void> {
    await this.work?.stop();
    await this.worker?.close();
    await this.outbox?.close();
    this.notifier = undefined;
    this.work = undefined;
    this.worker = undefined;
  }

  list(status: NotificationStatus, offset: number, limit: number): Promise<{ items: NotificationRecord[]; total: number }> {
    return this.outbox ? this.outbox.list(status, { offset, limit }) : Promise.resolve({ items: [], total: 0 });
  }

  counts(): Promise<NotificationCounts | undefined> {
    return this.outbox ? this.outbox.counts() : Promise.resolve(undefined);
  }

  /** Resolves true once the notifier has handled the log up to `position` (false when it does not run here). */
  caughtUp(position: number, timeoutMs?: number): Promise<boolean> {
    return this.notifier ? this.notifier.caughtUp(position, timeoutMs) : Promise.resolve(false);
  }

  status(): NotificationsStatus {
    const base = { configured: this.configured, runsJobs: this.notifier !== undefined, ...(this.work ? { notifier: this.work.state } : {}) };
    if (!this.notifier) return base;
    const error = this.notifier.lastError;
    return { ...base, checkpoint: this.notifier.checkpoint, ...(error !== undefined ? { error } : {}) };
  }

  private async definition(key: string, version: number): Promise<NotifierDefinition> {
    let published = this.catalog.get(key, version);
    if (!published) {
      await this.catalog.catchUp();
      published = this.catalog.get(key, version);
    }
    if (!published) throw new Error(`workflow ${key}@${version} is not published`);
    return published.definition;
  }
}
