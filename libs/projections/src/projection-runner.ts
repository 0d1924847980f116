/**
 * The projection runner: feeds the global event log (`$all`) to the read models, each with its own checkpoint. A
 * handler on the processor kernel (LogFollower, @shenbao/event-store), which does the catch-up in batches, the live
 * following, the waiters for `minPosition`, the error policy and the metric (position and lag); the handler
 * (projection-batch.ts) writes a batch and the projections' new checkpoints in ONE SQLite transaction, so each event
 * takes effect exactly once even when the process dies between batches. A projection whose `version` changed is reset
 * and replayed from zero.
 *
 * Error policy: `stop` by default — an error in a projection stops the runner (logged through the injected logger)
 * instead of skipping the event: a read model that silently misses events is worse than one that visibly lags. The
 * kernel's `retry` policy may be given instead (a projection that fails for a passing reason); `skip` is refused.
 */
import { FollowerFailedError, LogFollower } from '@shenbao/event-store';
import type { ErrorPolicy, EventStore, FollowerMetrics } from '@shenbao/event-store';
import { ProjectionBatches, ProjectionFailedError } from './projection-batch';
import type { Db, Projection, RunnerLogger } from './projection-batch';

export { ProjectionFailedError } from './projection-batch';
export type { Db, LogLevel, Projection, RunnerLogger } from './projection-batch';

export interface ProjectionRunnerOptions {
  db: Db;
  store: Pick<EventStore, 'readAll' | 'subscribeAll' | 'headPosition'>;
  projections: Projection[];
  logger?: RunnerLogger;
  /** Events per readAll call and per transaction (default 500). */
  batchSize?: number;
  /** The kernel's error policy: `stop` (default) or `retry`. */
  errorPolicy?: Exclude<ErrorPolicy, { kind: 'skip' }>;
  /** Called after every applied batch and when the runner fails or stops (e.g. to report checkpoints elsewhere). */
  onProgress?: () => void;
}

export type RunnerState = 'idle' | 'following' | 'stopped' | 'failed';

const noopLogger: RunnerLogger = () => undefined;

export class ProjectionRunner {
  private readonly batches: ProjectionBatches;
  private readonly follower: LogFollower;
  private readonly log: RunnerLogger;
  private readonly onProgress: () => void;
  private readonly empty: boolean;
  private state: RunnerState = 'idle';
  private failure: ProjectionFailedError | undefined;
  private starting: Promise<void> | undefined;

  constructor(options: ProjectionRunnerOptions) {
    const names = new Set(options.projections.map((p) => p.name));
    if (names.size !== options.projections.length) throw new Error('projection names must be unique');
    const policy: ErrorPolicy = options.errorPolicy ?? { kind: 'stop' };
    if ((policy as ErrorPolicy).kind === 'skip') throw new Error('errorPolicy: a projection runner never skips an event (use stop or retry)');
    this.log = options.logger ?? noopLogger;
    this.onProgress = options.onProgress ?? (() => undefined);
    this.empty = options.projections.length === 0;
    this.batches = new ProjectionBatches(options.db, options.projections, {
      batchSize: options.batchSize ?? 500,
      errorPolicy: policy,
      log: this.log,
      onApplied: () => this.onProgress(),
    });
    this.follower = new LogFollower(options.store, this.batches);
  }

  /** Creates the checkpoints table and every projection's tables; resets projections whose version changed. */
  init(): void {
    this.batches.init();
  }

  /** Applies everything up to the store's current head, batch by batch. Rejects (and stops) on a projection error. */
  async catchUp(): Promise<void> {
    this.init();
    if (this.failure) throw this.failure;
    if (this.empty) return;
    try {
      await this.follower.catchUp();
    } catch (error) {
      throw this.failed(error);
    }
  }

  /** Catches up, then follows live appends until `stop()`. Resolves once catch-up is done and following began. */
  start(): Promise<void> {
    if (this.state === 'following') return Promise.resolve();
    // Two callers starting at once share one catch-up and one subscription.
    this.starting ??= (async () => {
      try {
        await this.catchUp();
        this.state = 'following';
        this.follower.follow((error) => this.onFollowError(error), { onEnd: () => this.ended('projection subscription ended; runner stopped', 'warn') });
      } finally {
        this.starting = undefined;
      }
    })();
    return this.starting;
  }

  async stop(): Promise<void> {
    if (this.state === 'following') this.state = 'stopped';
    await this.follower.stop();
    this.onProgress();
  }

  /** Drops every read model and replays the log from zero. Readers see empty tables until it is done. */
  async rebuild(): Promise<void> {
    const wasFollowing = this.state === 'following';
    await this.stop();
    this.failure = undefined;
    this.state = 'idle';
    this.batches.resetAll();
    // The kernel asks the handler where to start again: 0.
    this.follower.rewind();
    const started = Date.now();
    this.log('info', 'read models reset; replaying the log', { projections: Object.keys(this.checkpoints()) });
    if (wasFollowing) await this.start();
    else await this.catchUp();
    this.log('info', 'read models rebuilt', { position: this.batches.minPosition(), ms: Date.now() - started });
  }

  /** True once every projection's checkpoint is ≥ position; false after timeoutMs (or when the runner failed). */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    this.init();
    if (this.batches.minPosition() >= position) return Promise.resolve(true);
    if (this.state === 'failed') return Promise.resolve(false);
    return this.follower.waitFor(position, timeoutMs);
  }

  /** Events in the store not yet applied by the slowest projection (for a metrics gauge). */
  async lag(): Promise<number> {
    return (await this.metrics()).lag;
  }

  /** The kernel's metric: the slowest projection's position, the head, the lag (MetricsService.watchFollower). */
  async metrics(): Promise<FollowerMetrics> {
    this.init();
    const position = this.batches.minPosition();
    const head = await this.follower.metrics().then((m) => m.head);
    return { follower: this.follower.name, position, head, lag: Math.max(0, head - position) };
  }

  checkpoints(): Record<string, number> {
    this.init();
    return Object.fromEntries(this.batches.positions);
  }

  status(): { state: RunnerState; error?: string } {
    return this.failure ? { state: this.state, error: this.failure.message } : { state: this.state };
  }

  /** A live run failed: a projection (the runner fails and stops following) or the subscription (it stops). */
  private onFollowError(error: unknown): void {
    const cause = error instanceof FollowerFailedError ? error.cause : error;
    if (cause instanceof ProjectionFailedError) this.failed(cause);
    else this.ended('projection subscription failed; runner stopped', 'error', { error: String(error) });
  }

  private ended(message: string, level: 'warn' | 'error', meta: Record<string, unknown> = {}): void {
    if (this.state !== 'following') return;
    this.log(level, message, meta);
    this.state = 'stopped';
    void this.follower.stop();
    this.onProgress();
  }

  /**
   * Records and logs a projection's failure (once, until a rebuild) and stops following, which answers the waiting
   * readers; returns what the caller rethrows. Anything else (the store failing) is returned as it is.
   */
  private failed(error: unknown): unknown {
    const cause = error instanceof FollowerFailedError ? error.cause : error;
    if (!(cause instanceof ProjectionFailedError)) return error;
    const wasFollowing = this.state === 'following';
    this.state = 'failed';
    if (this.failure === undefined) {
      this.failure = cause;
      this.log('error', cause.message, {
        projection: cause.projection,
        position: cause.position,
        eventType: cause.eventType,
        stack: cause.cause instanceof Error ? cause.cause.stack : undefined,
      });
      this.onProgress();
    }
    if (wasFollowing) void this.follower.stop();
    return this.failure;
  }
}
