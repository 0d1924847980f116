/**
 * Sends the outbox's e-mails: a BullMQ Worker on queue `notifications` handing each job to nodemailer's SMTP
 * transport (SMTP_URL). A send that throws (connection refused, recipient rejected, timeout) fails the attempt;
 * BullMQ retries it with the job's backoff and keeps it as failed after the last one.
 *
 * Delivery is at least once: a worker that dies after the SMTP server accepted a message but before BullMQ recorded
 * completion sends it again when the job is recovered. The Message-ID is derived from the job id, so a receiving
 * system that de-duplicates on it shows one.
 */
import { Worker, type Job } from 'bullmq';
import { createTransport, type Transporter } from 'nodemailer';
import type { EmailJobData } from './email';
import { DEFAULT_PREFIX, NOTIFICATIONS_QUEUE, openRedis, type OwnedRedis, type RedisConnection } from './redis';

export const DEFAULT_MAIL_FROM = 'shenbao@localhost';

/** What the worker needs of a mail transport (nodemailer's, or a fake in tests). */
export interface MailTransport {
  sendMail(mail: { from: string; to: string; subject: string; text: string; messageId: string; headers: Record<string, string> }): Promise<{
    messageId?: string;
    rejected?: unknown[];
  }>;
  close?(): void;
}

export interface EmailWorkerOptions {
  connection: RedisConnection;
  /** Must match the outbox's (default `shenbao`). */
  prefix?: string;
  queueName?: string;
  /** `smtp://` / `smtps://` URL (SMTP_URL); or pass `transport`. */
  smtpUrl?: string;
  transport?: MailTransport;
  /** Sender address (MAIL_FROM, default shenbao@localhost). */
  from?: string;
  /** E-mails sent at once (default 5). */
  concurrency?: number;
  /** See DeadlineWorker: give every worker of the queue the same value (default 30 s). */
  stalledIntervalMs?: number;
  lockDurationMs?: number;
  /** SMTP connection/greeting/socket timeouts, so a hung server fails the attempt instead of holding it (default 30 s). */
  smtpTimeoutMs?: number;
  /** Told about failed sends (with the job's data) and worker errors. */
  onError?: (error: unknown, email?: EmailJobData) => void;
  /** Told about every delivered e-mail. */
  onSent?: (email: EmailJobData) => void;
}

export interface SendOutcome {
  messageId: string;
}

function smtpTransport(url: string, timeoutMs: number): MailTransport {
  const transporter: Transporter = createTransport({
    url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  } as Parameters<typeof createTransport>[0]);
  return transporter as unknown as MailTransport;
}

export class EmailWorker {
  readonly worker: Worker<EmailJobData, SendOutcome, string>;
  private readonly redis: OwnedRedis;
  private readonly transport: MailTransport;

  constructor(options: EmailWorkerOptions) {
    if (!options.transport && !options.smtpUrl) throw new Error('EmailWorker needs smtpUrl or transport');
    this.transport = options.transport ?? smtpTransport(options.smtpUrl!, options.smtpTimeoutMs ?? 30_000);
    const from = options.from ?? DEFAULT_MAIL_FROM;
    const domain = from.split('@')[1] ?? 'localhost';
    const onError = options.onError ?? (() => undefined);
    this.redis = openRedis(options.connection);

    const send = async (job: Job<EmailJobData, SendOutcome, string>): Promise<SendOutcome> => {
      const mail = job.data;
      const messageId = `<${job.id ?? mail.noticeId}@${domain}>`;
      const info = await this.transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId,
        headers: { 'X-Shenbao-Notice': mail.noticeId, 'X-Shenbao-Case': mail.caseId },
      });
      if (Array.isArray(info.rejected) && info.rejected.length > 0) throw new Error(`recipient rejected: ${mail.to}`);
      options.onSent?.(mail);
      return { messageId: info.messageId ?? messageId };
    };

    this.worker = new Worker<EmailJobData, SendOutcome, string>(options.queueName ?? NOTIFICATIONS_QUEUE, send, {
      connection: this.redis.client,
      prefix: options.prefix ?? DEFAULT_PREFIX,
      concurrency: options.concurrency ?? 5,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      lockDuration: options.lockDurationMs ?? 30_000,
    });
    // An 'error' event with no listener would crash the process.
    this.worker.on('error', (error) => onError(error));
    this.worker.on('failed', (job, error) => onError(error, job?.data));
  }

  /** Resolves once the worker is connected and taking jobs. */
  async ready(): Promise<void> {
    await this.worker.waitUntilReady();
  }

  /** Stops taking jobs; waits for the sends under way unless `force`. */
  async close(force = false): Promise<void> {
    await this.worker.close(force);
    this.transport.close?.();
    await this.redis.release();
  }
}
