/**
 * The projection runner: feeds the global event log (`$all`) to the read models, each with its own checkpoint.
 *
 * A batch of events and the projection's new checkpoint are written in ONE SQLite transaction, so each event takes
 * effect exactly once even when the process dies between batches. A projection whose `version` changed is reset and
 * replayed from zero. An error in a projection stops the runner (logged through the injected logger) instead of
 * skipping the event: a read model that silently misses events is worse than one that visibly lags.
 */
import type Database from 'better-sqlite3';
import { PositionWaiters } from '@shenbao/event-store';
import type { EventStore, StoredEvent, Subscription } from '@shenbao/event-store';
import { stmt } from './shared/statements';

export type Db = Database.Database;

export interface Projection {
  readonly name: string;
  /** Bump when the tables or the meaning of `apply` change: the runner then resets and rebuilds this projection. */
  readonly version: number;
  /** Creates the projection's tables when missing (idempotent). */
  setup(db: Db): void;
  /** Applies one event. Synchronous: it runs inside the runner's transaction. Must throw rather than guess. */
  apply(db: Db, event: StoredEvent): void;
  /** Drops the projection's tables (setup recreates them). */
  reset(db: Db): void;
}

export type LogLevel = 'info' | 'warn' | 'error';
export type RunnerLogger = (level: LogLevel, message: string, meta?: Record<string, unknown>) => void;

export interface ProjectionRunnerOptions {
  db: Db;
  store: Pick<EventStore, 'readAll' | 'subscribeAll' | 'headPosition'>;
  projections: Projection[];
  logger?: RunnerLogger;
  /** Events per readAll call and per transaction while catching up (default 500). */
  batchSize?: number;
  /** Called after every applied batch and when the runner fails or stops (e.g. to report checkpoints elsewhere). */
  onProgress?: () => void;
}

/** Raised (and logged) when a projection fails on an event; the runner is stopped afterwards. */
export class ProjectionFailedError extends Error {
  constructor(
    readonly projection: string,
    readonly position: number,
    readonly eventType: string,
    options: { cause: unknown },
  ) {
    const why = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`projection ${projection} failed at position ${position} (${eventType}): ${why}`, options);
    this.name = 'ProjectionFailedError';
  }
}

export type RunnerState = 'idle' | 'following' | 'stopped' | 'failed';

const noopLogger: RunnerLogger = () => undefined;

/** Applies one projection's part of a batch and its checkpoint; `at.event` is the event it was applying. */
type ApplyProjection = (p: Projection, batch: StoredEvent[], from: number, at: { event?: StoredEvent }) => void;

export class ProjectionRunner {
  private readonly db: Db;
  private readonly store: ProjectionRunnerOptions['store'];
  private readonly projections: Projection[];
  private readonly log: RunnerLogger;
  private readonly batchSize: number;
  private readonly onProgress: () => void;
  /** Mirror of the checkpoints table; only changed after the transaction that wrote it committed. */
  private readonly positions = new Map<string, number>();
  private readonly waiters = new PositionWaiters();
  private initialized = false;
  private state: RunnerState = 'idle';
  private failure: ProjectionFailedError | undefined;
  private subscription: Subscription | undefined;
  private following: Promise<void> | undefined;
  private starting: Promise<void> | undefined;
  private buffer: StoredEvent[] = [];
  private flushScheduled = false;
  /** Prepared once (better-sqlite3 transaction functions); the nested one runs as a SAVEPOINT. */
  private transactions: { batch: (work: () => void) => void; projection: ApplyProjection } | undefined;

  constructor(options: ProjectionRunnerOptions) {
    const names = new Set(options.projections.map((p) => p.name));
    if (names.size !== options.projections.length) throw new Error('projection names must be unique');
    this.db = options.db;
    this.store = options.store;
    this.projections = options.projections;
    this.log = options.logger ?? noopLogger;
    this.batchSize = options.batchSize ?? 500;
    this.onProgress = options.onProgress ?? (() => undefined);
  }

  /** Creates the checkpoints table and every projection's tables; resets projections whose version changed. */
  init(): void {
    if (this.initialized) return;
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL)',
    );
    const read = this.db.prepare<[string], { version: number; position: number }>(
      'SELECT version, position FROM checkpoints WHERE name = ?',
    );
    for (const p of this.projections) {
      const row = read.get(p.name);
      if (row && row.version === p.version) {
        p.setup(this.db);
        this.positions.set(p.name, row.position);
        continue;
      }
      if (row) this.log('warn', `projection ${p.name}: version ${row.version} → ${p.version}, rebuilding`, { projection: p.name });
      this.db.transaction(() => this.resetOne(p))();
    }
    this.initialized = true;
  }

  /** Applies everything up to the store's current head, batch by batch. Rejects (and stops) on a projection error. */
  async catchUp(): Promise<void> {
    this.init();
    this.assertNotFailed();
    if (this.projections.length === 0) return;
    for (;;) {
      const from = this.minPosition();
      const events = await this.store.readAll({ fromPosition: from, limit: this.batchSize });
      if (events.length === 0) return;
      this.applyBatch(events);
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
        const subscription = this.store.subscribeAll(this.minPosition());
        this.subscription = subscription;
        this.following = this.follow(subscription);
      } finally {
        this.starting = undefined;
      }
    })();
    return this.starting;
  }

  async stop(): Promise<void> {
    if (this.state === 'following') this.state = 'stopped';
    const subscription = this.subscription;
    this.subscription = undefined;
    if (subscription) await subscription.close();
    await this.following;
    this.following = undefined;
    this.onProgress();
  }

  /** Drops every read model and replays the log from zero. Readers see empty tables until it is done. */
  async rebuild(): Promise<void> {
    const wasFollowing = this.state === 'following';
    await this.stop();
    this.init();
    this.failure = undefined;
    this.state = 'idle';
    this.db.transaction(() => {
      for (const p of this.projections) this.resetOne(p);
    })();
    const started = Date.now();
    this.log('info', 'read models reset; replaying the log', { projections: this.projections.map((p) => p.name) });
    if (wasFollowing) await this.start();
    else await this.catchUp();
    this.log('info', 'read models rebuilt', { position: this.minPosition(), ms: Date.now() - started });
  }

  /** True once every projection's checkpoint is ≥ position; false after timeoutMs (or when the runner failed). */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    this.init();
    if (this.minPosition() >= position) return Promise.resolve(true);
    if (this.state === 'failed') return Promise.resolve(false);
    return this.waiters.wait(position, timeoutMs);
  }

  /** Events in the store not yet applied by the slowest projection (for a metrics gauge). */
  async lag(): Promise<number> {
    this.init();
    const head = await this.store.headPosition();
    return Math.max(0, head - this.minPosition());
  }

  checkpoints(): Record<string, number> {
    this.init();
    return Object.fromEntries(this.positions);
  }

  status(): { state: RunnerState; error?: string } {
    return this.failure ? { state: this.state, error: this.failure.message } : { state: this.state };
  }

  private async follow(subscription: Subscription): Promise<void> {
    try {
      for await (const event of subscription) {
        if (this.state !== 'following') break;
        this.buffer.push(event);
        // Events that arrive together (a catch-up burst, a multi-stream append) share one transaction: flush on
        // the next macrotask, or at once when the buffer is full.
        if (this.buffer.length >= this.batchSize) this.flush();
        else this.scheduleFlush();
      }
    } catch (e) {
      if (this.state === 'following') {
        this.log('error', 'projection subscription failed; runner stopped', { error: String(e) });
        this.state = 'stopped';
        this.onProgress();
      }
      return;
    }
    // The subscription ended without stop() (the store was closed): say so instead of claiming to follow.
    if (this.state === 'following') {
      this.log('warn', 'projection subscription ended; runner stopped', {});
      this.state = 'stopped';
      this.onProgress();
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const events = this.buffer;
    this.buffer = [];
    if (events.length === 0 || this.state !== 'following') return;
    try {
      this.applyBatch(events);
    } catch {
      // Already logged by applyBatch; stop following so nothing after the failed event is applied.
      void this.stop();
    }
  }

  /**
   * One transaction per batch, and in it one SAVEPOINT per projection: its events of this batch past its checkpoint,
   * then its new checkpoint. A projection that throws leaves nothing of this batch (its savepoint is rolled back); the
   * projections before it keep theirs, the runner fails after the commit and applies nothing more.
   * (One COMMIT per batch instead of one per projection: the read models are written on the API's event loop.)
   */
  private applyBatch(events: StoredEvent[]): void {
    const last = events[events.length - 1]!.position;
    const save = stmt(this.db, 'UPDATE checkpoints SET position = ? WHERE name = ?');
    this.transactions ??= {
      batch: this.db.transaction((work: () => void) => work()),
      projection: this.db.transaction((p: Projection, batch: StoredEvent[], from: number, at: { event?: StoredEvent }) => {
        for (const event of batch) {
          if (event.position <= from) continue;
          at.event = event;
          p.apply(this.db, event);
        }
        save.run(batch[batch.length - 1]!.position, p.name);
      }),
    };
    const { batch, projection } = this.transactions;
    const applied: string[] = [];
    let failure: ProjectionFailedError | undefined;
    batch(() => {
      for (const p of this.projections) {
        const from = this.positions.get(p.name) ?? 0;
        if (last <= from) continue;
        const at: { event?: StoredEvent } = {};
        try {
          projection(p, events, from, at);
        } catch (cause) {
          failure = new ProjectionFailedError(p.name, at.event?.position ?? last, at.event?.type ?? '?', { cause });
          return;
        }
        applied.push(p.name);
      }
    });
    for (const name of applied) this.positions.set(name, last);
    if (failure) this.fail(failure);
    this.settleWaiters();
    this.onProgress();
  }

  private fail(error: ProjectionFailedError): never {
    this.failure = error;
    this.state = 'failed';
    this.log('error', error.message, {
      projection: error.projection,
      position: error.position,
      eventType: error.eventType,
      stack: error.cause instanceof Error ? error.cause.stack : undefined,
    });
    this.waiters.releaseAll(this.minPosition());
    this.onProgress();
    throw error;
  }

  private assertNotFailed(): void {
    if (this.failure) throw this.failure;
  }

  private resetOne(p: Projection): void {
    p.reset(this.db);
    p.setup(this.db);
    this.db
      .prepare(
        'INSERT INTO checkpoints (name, version, position) VALUES (?, ?, 0) ' +
          'ON CONFLICT(name) DO UPDATE SET version = excluded.version, position = 0',
      )
      .run(p.name, p.version);
    this.positions.set(p.name, 0);
  }

  private minPosition(): number {
    let min = Number.POSITIVE_INFINITY;
    for (const p of this.projections) min = Math.min(min, this.positions.get(p.name) ?? 0);
    return Number.isFinite(min) ? min : 0;
  }

  private settleWaiters(): void {
    this.waiters.settle(this.minPosition());
  }
}
