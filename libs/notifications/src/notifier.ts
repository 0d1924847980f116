/**
 * The notifier: a checkpointed consumer of the event log that turns notice-bearing case events into e-mail jobs
 * (inbox rows are the inbox projection's, not this). Run it in one process only (the API with WORKERS=inline, or
 * the worker app); two would only enqueue the same job ids twice, which adds nothing, but do the work twice.
 *
 * State: the checkpoint (in Redis beside the queue) and an in-memory cache of folded cases; a case met again after
 * a restart is folded from its own stream up to the event at hand. Each event's jobs are enqueued before the
 * checkpoint moves past it, and job ids are deterministic, so a crash in between re-enqueues nothing new.
 *
 * A missing checkpoint (first start with SMTP, or a Redis that lost its data) starts at the log's head: mailing
 * every notice in the history would be worse than missing the ones of the outage, which the inbox still shows.
 *
 * A handler on the processor kernel (LogFollower): it does the catch-up, the live following, the waiters and the
 * retries (a failure — Redis down — is tried again every `retryDelayMs` until it passes or the notifier stops).
 */
import { evolveCase, type CaseEvent, type CaseFold, type CaseState } from '@shenbao/domain';
import { LogFollower, LruMap } from '@shenbao/event-store';
import type { EventStore, FollowerMetrics, StoredEvent } from '@shenbao/event-store';
import { renderEmail, type EmailJobData } from './email';
import { noticeContextOf } from './notice-context';
import { NOTICE_EVENT_TYPES, noticesFor } from './notices-for';
import type { Recipient, RecipientDirectory } from './recipients';
import type { NotifierCheckpoints } from './redis';

/** A workflow definition, as the domain's case fold takes it. */
export type NotifierDefinition = Parameters<typeof evolveCase>[0];
export type NotifierDefinitionResolver = (key: string, version: number) => NotifierDefinition | Promise<NotifierDefinition>;

export interface NotifierOptions {
  store: Pick<EventStore, 'readAll' | 'readStream' | 'subscribeAll' | 'headPosition'>;
  outbox: { enqueue(emails: EmailJobData[]): Promise<unknown> };
  recipients: RecipientDirectory;
  checkpoints: NotifierCheckpoints;
  resolveDefinition: NotifierDefinitionResolver;
  /** With no checkpoint: start at the log's beginning instead of its head (tests, a deliberate full replay). */
  fromBeginning?: boolean;
  /** Events per read (default 500). */
  batchSize?: number;
  /** Folded cases kept in memory (default 5,000; the least recently used go first). */
  cacheSize?: number;
  /** Delay before the live loop resubscribes after a failure (default 1 s). */
  retryDelayMs?: number;
  /** Told about events it could not fold (skipped) and failures of the live loop (which retries). */
  onError?: (error: unknown, event?: StoredEvent) => void;
  /** Told about the e-mails enqueued for each event. */
  onEnqueued?: (emails: EmailJobData[], event: StoredEvent) => void;
}

const CASE_STREAM = 'case-';
const NOTICE_TYPES = new Set<string>(NOTICE_EVENT_TYPES);

interface Cached {
  state: CaseFold;
  position: number;
}

const isCaseState = (v: unknown): v is CaseState =>
  typeof v === 'object' && v !== null && typeof (v as CaseState).caseId === 'string' && typeof (v as CaseState).machine === 'object';

export class Notifier {
  private readonly cases: LruMap<string, Cached>;
  private readonly onError: (error: unknown, event?: StoredEvent) => void;
  private readonly follower: LogFollower;
  private running = false;
  private position = 0;
  private failure: string | undefined;

  constructor(private readonly options: NotifierOptions) {
    this.onError = options.onError ?? (() => undefined);
    this.cases = new LruMap(options.cacheSize ?? 5000);
    const retryDelayMs = options.retryDelayMs ?? 1000;
    this.follower = new LogFollower(options.store, {
      name: 'notifier',
      batchSize: options.batchSize ?? 500,
      errorPolicy: { kind: 'retry', attempts: Infinity, backoffMs: retryDelayMs, maxBackoffMs: retryDelayMs, report: (error) => this.failed(error) },
      start: () => this.startPosition(),
      handle: (events) => this.handleBatch(events),
    });
  }

  /** Last log position applied. */
  get checkpoint(): number {
    return this.position;
  }

  /** The live loop's last failure, until it moves on again. */
  get lastError(): string | undefined {
    return this.failure;
  }

  /** Processes everything after the checkpoint up to the store's head; returns the new checkpoint. */
  catchUp(): Promise<number> {
    return this.follower.catchUp();
  }

  /**
   * Follows the log live from the checkpoint, in the background, until `stop`. A start after a stop reads the
   * checkpoint again and forgets the folded cases: under a lease another process may have moved on meanwhile.
   */
  start(): void {
    if (this.running) throw new Error('Notifier already started');
    this.running = true;
    this.cases.clear();
    this.follower.rewind();
    this.follower.follow((error) => this.failed(error));
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.follower.stop();
  }

  /** Its position and lag (the kernel's metric). */
  metrics(): Promise<FollowerMetrics> {
    return this.follower.metrics();
  }

  /** Resolves true once the log up to `position` has been handled; false after `timeoutMs`. */
  caughtUp(position: number, timeoutMs = 5000): Promise<boolean> {
    return this.follower.waitFor(position, timeoutMs);
  }

  /** Checkpoints event by event (in Redis): a batch given again after a failure resumes at the event that failed. */
  private async handleBatch(events: readonly StoredEvent[]): Promise<void> {
    for (const event of events) {
      if (event.position <= this.position) continue;
      await this.handle(event);
      await this.saved(event.position);
    }
  }

  private failed(error: unknown): void {
    this.failure = error instanceof Error ? error.message : String(error);
    this.onError(error);
    // Fold again from the streams: the cache may hold a case past the checkpoint the retry starts from.
    this.cases.clear();
  }

  /** Applies one event: folds it into its case and enqueues the e-mails of its notices. */
  async handle(event: StoredEvent): Promise<EmailJobData[]> {
    if (!event.stream.startsWith(CASE_STREAM)) return [];
    const cached = this.cases.get(event.stream);
    if (cached && event.position <= cached.position) return []; // seen already (a redelivery)
    const before = cached ? cached.state : event.revision > 0 ? await this.fold(event.stream, event.position - 1) : null;
    const after = await this.evolve(before, event);
    let emails: EmailJobData[] = [];
    if (before && NOTICE_TYPES.has(event.type)) {
      emails = await this.emailsFor(event, before);
      if (emails.length > 0) {
        await this.options.outbox.enqueue(emails);
        this.options.onEnqueued?.(emails, event);
      }
    }
    // Only after the enqueue: a failure above leaves the case as it was before this event, for the retry.
    this.remember(event.stream, { state: after, position: event.position });
    return emails;
  }

  private async emailsFor(event: StoredEvent, before: CaseState): Promise<EmailJobData[]> {
    const byKey = new Map<string, Recipient[]>();
    const emails: EmailJobData[] = [];
    for (const notice of noticesFor(event, noticeContextOf(before))) {
      let recipients = byKey.get(notice.recipientKey);
      if (!recipients) byKey.set(notice.recipientKey, (recipients = await this.options.recipients.recipients(notice.recipientKey)));
      for (const r of recipients) emails.push(renderEmail(notice, r));
    }
    return emails;
  }

  private remember(stream: string, entry: Cached): void {
    this.cases.set(stream, entry);
  }

  private async startPosition(): Promise<number> {
    if (!(await this.options.checkpoints.exists())) {
      const start = this.options.fromBeginning ? 0 : await this.options.store.headPosition();
      await this.options.checkpoints.save(start);
    }
    this.position = await this.options.checkpoints.load();
    return this.position;
  }

  private async saved(position: number): Promise<void> {
    await this.options.checkpoints.save(position);
    this.position = position;
    this.failure = undefined;
  }

  private async fold(stream: string, toPosition: number): Promise<CaseFold> {
    let state: CaseFold = null;
    for (const event of await this.options.store.readStream(stream, { toPosition })) state = await this.evolve(state, event);
    return state;
  }

  /**
   * The domain's fold, guarded: an event it cannot fold (one newer than this build, or a corrupt stream) is
   * reported and leaves the case as it was, so notices keep flowing for the rest.
   */
  private async evolve(state: CaseFold, event: StoredEvent): Promise<CaseFold> {
    const ref = state ? state.workflow : (event.data as { workflow?: { key: string; version: number } } | null)?.workflow;
    if (!ref) return state;
    // Not guarded: a definition that cannot be had now (not published yet here) is worth a retry, not a skip.
    const def = await this.options.resolveDefinition(ref.key, ref.version);
    try {
      const next = evolveCase(def, state, { type: event.type, data: event.data } as CaseEvent);
      return isCaseState(next) ? next : state;
    } catch (error) {
      this.onError(error, event);
      return state;
    }
  }
}
