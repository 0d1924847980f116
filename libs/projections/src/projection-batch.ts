/**
 * The projection runner's handler on the processor kernel (LogFollower): the `checkpoints` table, each projection's
 * position, and a batch applied in ONE SQLite transaction with every projection's new checkpoint — so each event
 * takes effect exactly once even when the process dies between batches.
 */
import type Database from 'better-sqlite3';
import type { ErrorPolicy, FollowerHandler, StoredEvent } from '@shenbao/event-store';
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

/** Applies one projection's part of a batch and its checkpoint; `at.event` is the event it was applying. */
type ApplyProjection = (p: Projection, batch: readonly StoredEvent[], from: number, checkpoint: number, at: { event?: StoredEvent }) => void;

export interface ProjectionBatchOptions {
  batchSize: number;
  errorPolicy: ErrorPolicy;
  log: RunnerLogger;
  /** After a batch committed (the positions moved). */
  onApplied: () => void;
}

export class ProjectionBatches implements FollowerHandler {
  readonly name = 'projections';
  readonly batchSize: number;
  readonly errorPolicy: ErrorPolicy;
  /** Mirror of the checkpoints table; only changed after the transaction that wrote it committed. */
  readonly positions = new Map<string, number>();
  private initialized = false;
  /** Prepared once (better-sqlite3 transaction functions); the nested one runs as a SAVEPOINT. */
  private transactions: { batch: (work: () => void) => void; projection: ApplyProjection } | undefined;

  constructor(
    private readonly db: Db,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionBatchOptions,
  ) {
    this.batchSize = options.batchSize;
    this.errorPolicy = options.errorPolicy;
  }

  /** Creates the checkpoints table and every projection's tables; resets projections whose version changed. */
  init(): void {
    if (this.initialized) return;
    this.db.exec('CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL)');
    const read = this.db.prepare<[string], { version: number; position: number }>('SELECT version, position FROM checkpoints WHERE name = ?');
    for (const p of this.projections) {
      const row = read.get(p.name);
      if (row && row.version === p.version) {
        p.setup(this.db);
        this.positions.set(p.name, row.position);
        continue;
      }
      if (row) this.options.log('warn', `projection ${p.name}: version ${row.version} → ${p.version}, rebuilding`, { projection: p.name });
      this.db.transaction(() => this.resetOne(p))();
    }
    this.initialized = true;
  }

  /** The kernel starts at the slowest projection's checkpoint. */
  start(): number {
    this.init();
    return this.minPosition();
  }

  /** Drops every read model and its checkpoint (setup recreates the tables). */
  resetAll(): void {
    this.init();
    this.db.transaction(() => {
      for (const p of this.projections) this.resetOne(p);
    })();
  }

  /**
   * One transaction per batch, and in it one SAVEPOINT per projection: its events of this batch past its checkpoint,
   * then its new checkpoint. A projection that throws leaves nothing of this batch (its savepoint is rolled back); the
   * projections before it keep theirs, the batch commits and then the ProjectionFailedError is thrown, so the kernel
   * keeps its position (the slowest checkpoint) and a later run passes over what the others applied.
   * (One COMMIT per batch instead of one per projection: the read models are written on the API's event loop.)
   * `events` may be empty (the kernel moving past skipped events): the checkpoints alone move.
   */
  handle(events: readonly StoredEvent[], checkpoint: number): void {
    const save = stmt(this.db, 'UPDATE checkpoints SET position = ? WHERE name = ?');
    this.transactions ??= {
      batch: this.db.transaction((work: () => void) => work()),
      projection: this.db.transaction((p: Projection, batch: readonly StoredEvent[], from: number, to: number, at: { event?: StoredEvent }) => {
        for (const event of batch) {
          if (event.position <= from) continue;
          at.event = event;
          p.apply(this.db, event);
        }
        save.run(to, p.name);
      }),
    };
    const { batch, projection } = this.transactions;
    const applied: string[] = [];
    let failure: ProjectionFailedError | undefined;
    batch(() => {
      for (const p of this.projections) {
        const from = this.positions.get(p.name) ?? 0;
        if (checkpoint <= from) continue;
        const at: { event?: StoredEvent } = {};
        try {
          projection(p, events, from, checkpoint, at);
        } catch (cause) {
          failure = new ProjectionFailedError(p.name, at.event?.position ?? checkpoint, at.event?.type ?? '?', { cause });
          return;
        }
        applied.push(p.name);
      }
    });
    for (const name of applied) this.positions.set(name, checkpoint);
    if (applied.length > 0) this.options.onApplied();
    if (failure) throw failure;
  }

  minPosition(): number {
    let min = Number.POSITIVE_INFINITY;
    for (const p of this.projections) min = Math.min(min, this.positions.get(p.name) ?? 0);
    return Number.isFinite(min) ? min : 0;
  }

  private resetOne(p: Projection): void {
    p.reset(this.db);
    p.setup(this.db);
    this.db
      .prepare('INSERT INTO checkpoints (name, version, position) VALUES (?, ?, 0) ON CONFLICT(name) DO UPDATE SET version = excluded.version, position = 0')
      .run(p.name, p.version);
    this.positions.set(p.name, 0);
  }
}
