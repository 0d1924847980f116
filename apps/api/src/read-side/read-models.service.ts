/**
 * The read models of this API process: DATA_DIR/read-models.sqlite, fed from the event log by the projection
 * runner (caught up on boot, then following live appends; in a worker thread with PROJECTIONS=thread, see
 * read-models.thread.ts), with read-your-writes waiting (API.md: `minPosition`,
 * ≤ 2 s), the projection lag gauge and the runner's status for /health. Only the runner writes the tables; queries
 * read `db` directly with the libs/projections query functions.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationShutdown, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PostgresEventStore, SqliteEventStore } from '@shenbao/event-store';
import type { EventStore } from '@shenbao/event-store';
import { ProjectionRunner } from '@shenbao/projections';
import type { Db, RunnerLogger, RunnerState } from '@shenbao/projections';
import type { AppConfig } from '@shenbao/host';
import { APP_CONFIG, EVENT_STORE } from '@shenbao/host';
import { MetricsService, WorkflowCatalog } from '@shenbao/commands';
import { createReadModelRunner, openReadModelsDb, shippedDefinitions } from './read-models.db';
import { ThreadedReadModelFeed } from './read-models.thread';
import type { ReadModelFeed } from './read-models.thread';
import type { WorkerLog } from './read-models.messages';

/** API.md: reads with `minPosition` wait at most this long for the read models to catch up. */
export const MIN_POSITION_WAIT_MS = 2000;
const LAG_INTERVAL_MS = 2000;

/** Where the read models stood when a read was answered. */
export interface ReadPosition {
  /** Every event up to this global position is in the answer (the slowest read model's checkpoint). */
  position: number;
  /** The `minPosition` asked for, if any. */
  minPosition?: number;
  /** False when the wait for `minPosition` timed out: the answer is older than the caller's write. */
  caughtUp: boolean;
}

export interface ReadModelsStatus {
  state: RunnerState;
  /** Position every read model has applied (the slowest checkpoint). */
  position: number;
  /** Where the projections run (PROJECTIONS). */
  runsIn: 'thread' | 'event loop';
  error?: string;
}

@Injectable()
export class ReadModels implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  readonly db: Db;
  private readonly runner: ReadModelFeed;
  private readonly logger = new Logger('ReadModels');
  private lagTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    catalog: WorkflowCatalog,
    private readonly metrics: MetricsService,
  ) {
    this.db = openReadModelsDb(config.dataDir);
    // On this event loop (PROJECTIONS=inline, the default), or in a worker thread (PROJECTIONS=thread) when the log
    // is one the thread can open too: the SQLite file, or PostgreSQL in the production profile (not an event store
    // given by a test). BENCHMARKS.md compares them.
    const log = config.projections === 'thread' ? workerLog(config, store) : undefined;
    this.runner =
      log !== undefined
        ? new ThreadedReadModelFeed({
            dataDir: config.dataDir,
            log,
            ...(store instanceof SqliteEventStore ? { onAppended: (listener: () => void) => store.onAppended(listener) } : {}),
            logger: this.runnerLogger(),
          })
        : createReadModelRunner({
            db: this.db,
            store,
            // Synchronous, as the projections need; a version the catalog has not seen yet is read from the log.
            resolveDefinition: (key, version) => catalog.get(key, version)?.definition ?? shippedDefinitions(key, version),
            logger: this.runnerLogger(),
          });
    // The kernel's metric (position and lag of the slowest read model), as for every follower on this event loop.
    if (this.runner instanceof ProjectionRunner) metrics.watchFollower(this.runner);
  }

  async onModuleInit(): Promise<void> {
    const started = Date.now();
    try {
      await this.runner.start();
      this.logger.log({ position: this.position(), ms: Date.now() - started }, 'Read models caught up; following the event log.');
    } catch (e) {
      // The API still serves commands and stream-folded reads; /health reports the read models down.
      this.logger.error({ err: e }, 'Read models could not catch up; lists, inbox and dashboards are stale.');
    }
    await this.updateLag();
    this.lagTimer = setInterval(() => void this.updateLag(), LAG_INTERVAL_MS);
    this.lagTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.lagTimer);
    // Before the event store is closed (onApplicationShutdown), so the subscription ends cleanly.
    await this.runner.stop();
  }

  onApplicationShutdown(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Read-your-writes: resolves once every read model has applied `minPosition`, or after 2 s with false (the caller
   * then answers with what the read models hold; a position that never comes must not hang a request). `reqId` is the
   * asking request's correlation id, for the log line.
   */
  async waitFor(minPosition: number | undefined, reqId?: string): Promise<boolean> {
    if (minPosition === undefined || minPosition <= 0) return true;
    const caughtUp = await this.runner.waitFor(minPosition, MIN_POSITION_WAIT_MS);
    if (!caughtUp) this.logger.warn({ reqId, minPosition, position: this.position() }, 'Read models did not reach minPosition in time; answering with older data.');
    return caughtUp;
  }

  /**
   * `waitFor`, then where the read models stand: what every list or dashboard answer says in its headers
   * (`markReadPosition`), so a client can tell an answer that does not include its write yet.
   */
  async readAt(minPosition: number | undefined, reqId?: string): Promise<ReadPosition> {
    const waited = await this.waitFor(minPosition, reqId);
    const position = this.position();
    const wanted = minPosition !== undefined && minPosition > 0 ? minPosition : undefined;
    return { position, caughtUp: waited || wanted === undefined || position >= wanted, ...(wanted !== undefined ? { minPosition: wanted } : {}) };
  }

  status(): ReadModelsStatus {
    const { state, error } = this.runner.status();
    const runsIn = this.runner instanceof ThreadedReadModelFeed ? 'thread' : 'event loop';
    return { state, position: this.position(), runsIn, ...(error !== undefined ? { error } : {}) };
  }

  private position(): number {
    const positions = Object.values(this.runner.checkpoints());
    return positions.length === 0 ? 0 : Math.min(...positions);
  }

  private async updateLag(): Promise<void> {
    let head: number;
    try {
      head = await this.store.headPosition();
    } catch {
      return; // the store is down or closing; /health says so
    }
    for (const [projection, position] of Object.entries(this.runner.checkpoints())) {
      this.metrics.setProjectionLag(projection, Math.max(0, head - position));
    }
  }

  private runnerLogger(): RunnerLogger {
    return (level, message, meta = {}) => {
      if (level === 'error') this.logger.error(meta, message);
      else if (level === 'warn') this.logger.warn(meta, message);
      else this.logger.log(meta, message);
    };
  }
}

/** The log a read-model thread can open on its own: the store the app opened from its configuration. */
function workerLog(config: AppConfig, store: EventStore): WorkerLog | undefined {
  if (store instanceof SqliteEventStore) return { kind: 'sqlite' };
  if (store instanceof PostgresEventStore && config.eventStore === 'postgres' && config.databaseUrl !== undefined) {
    return { kind: 'postgres', connectionString: config.databaseUrl, schema: config.databaseSchema };
  }
  // KurrentDB's profile keeps its projections on the event loop: the thread would need its own client, and that path
  // has not run against a KurrentDB server.
  return undefined;
}
