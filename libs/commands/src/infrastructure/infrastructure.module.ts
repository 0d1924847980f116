/**
 * The process-wide services of apps/api and apps/worker, global so every module can inject them: configuration,
 * clock, the event store (DATA_DIR/events.sqlite, PostgreSQL with EVENT_STORE=postgres, KurrentDB with
 * EVENT_STORE=kurrentdb), snapshots (beside it; per replica in DATA_DIR with KurrentDB),
 * the app's own SQLite file, the command runner, metrics, the stream turns and the integrity guard. Stores are
 * closed on shutdown. What only the HTTP side needs (idempotency records, credentials, password hashing) apps/api
 * adds in its own global module; the write operations those keep in the event file (`writeOps`) are named by the
 * app, so this lib knows nothing of them.
 */
import { Global, Inject, Injectable, Logger, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { MemorySnapshotStore, PostgresEventStore, PostgresSnapshotStore, SqliteEventStore, SqliteSnapshotStore, openKurrentDbEventStore } from '@shenbao/event-store';
import type { EventStore, SnapshotStore } from '@shenbao/event-store';
import type { AppConfig, AppOverrides } from '@shenbao/host';
import { MetricsService } from '../observability/metrics.service';
import { openAppDatabase } from './app-database';
import type { AppDatabase } from './app-database';
import { CommandRunner } from './command-runner';
import { InstanceLock } from './instance-lock';
import { IntegrityGuard, incidentsIn } from './integrity-guard';
import { Leases } from './lease/leases';
import { StreamTurns } from './stream-turns';
import { APP_CONFIG, APP_DATABASE, CLOCK, EVENT_STORE, SNAPSHOT_STORE, systemClock } from '@shenbao/host';

const INSTANCE_LOCK = Symbol('INSTANCE_LOCK');

export interface InfrastructureOptions {
  /**
   * Modules of write operations that share the event store's group commits (libs/event-store shared-writes.ts),
   * loaded by path: the API's idempotency records and password hashes. The worker writes neither.
   */
  writeOps?: readonly string[];
}

/** What opening the event store reads of the configuration (the offline tools pass their parsed environment). */
export type EventStoreConfig = Pick<AppConfig, 'eventStore' | 'kurrentdbUrl' | 'databaseUrl' | 'databaseSchema' | 'dataDir' | 'sqliteSynchronous' | 'eventStoreWriter'>;

/** The event store as the app opens it (exported so that tests and the offline tools open the very same store). */
export async function openEventStore(config: EventStoreConfig, options: InfrastructureOptions = {}): Promise<EventStore> {
  refuseStrayKurrentDbUrl(config);
  if (config.eventStore === 'kurrentdb') {
    // Every replica follows the store's log stream itself into its own DATA_DIR, as on PostgreSQL.
    return openKurrentDbEventStore({ connectionString: kurrentDbUrl(config) });
  }
  if (config.eventStore === 'postgres') {
    // Every replica follows this log itself (subscribeAll: LISTEN/NOTIFY, polling as the net) into its own DATA_DIR.
    return PostgresEventStore.open({ connectionString: postgresUrl(config), schema: config.databaseSchema });
  }
  return SqliteEventStore.open({
    path: join(config.dataDir, 'events.sqlite'),
    synchronous: config.sqliteSynchronous,
    writer: config.eventStoreWriter,
    writeOps: [...(options.writeOps ?? [])],
  });
}

/**
 * KURRENTDB_URL without EVENT_STORE=kurrentdb: refused rather than silently ignored, as an operator who set it expects
 * the events to go there. With EVENT_STORE=postgres the store is named outright and KURRENTDB_URL is not read (as
 * docker/compose.yml, which passes it to every replica, says). The offline tools call this too.
 */
export function refuseStrayKurrentDbUrl(config: Pick<AppConfig, 'kurrentdbUrl' | 'eventStore'>): void {
  if (config.kurrentdbUrl !== undefined && config.eventStore === 'sqlite') {
    throw new Error('KURRENTDB_URL is set but EVENT_STORE is not: set EVENT_STORE=kurrentdb (with REDIS_URL, JWT_SECRET and INTEGRITY_KEY_DIR) to keep the events in KurrentDB, or unset KURRENTDB_URL to use the embedded SQLite store.');
  }
}

/** KURRENTDB_URL, which the config guarantees with EVENT_STORE=kurrentdb. */
export function kurrentDbUrl(config: Pick<AppConfig, 'kurrentdbUrl'>): string {
  if (config.kurrentdbUrl === undefined) throw new Error('EVENT_STORE=kurrentdb needs KURRENTDB_URL');
  return config.kurrentdbUrl;
}

/** DATABASE_URL, which the config guarantees with EVENT_STORE=postgres. */
export function postgresUrl(config: Pick<AppConfig, 'databaseUrl'>): string {
  if (config.databaseUrl === undefined) throw new Error('EVENT_STORE=postgres needs DATABASE_URL');
  return config.databaseUrl;
}

/**
 * Snapshots beside the events: in PostgreSQL (shared by the replicas) or DATA_DIR/snapshots.sqlite — also with
 * KurrentDB, per replica: a snapshot is a cache of a folded stream, valid for any replica's copy of the same events.
 */
function openSnapshotStore(config: AppConfig): SnapshotStore | Promise<SnapshotStore> {
  if (config.eventStore === 'postgres') return PostgresSnapshotStore.open({ connectionString: postgresUrl(config), schema: config.databaseSchema });
  return SqliteSnapshotStore.open({ path: join(config.dataDir, 'snapshots.sqlite') });
}

@Injectable()
class StoreCloser implements OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(
    @Inject(INSTANCE_LOCK) private readonly lock: InstanceLock,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(APP_DATABASE) private readonly db: AppDatabase,
    @Inject(SNAPSHOT_STORE) private readonly snapshots: SnapshotStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.events.close();
    await this.snapshots.close();
    if (this.db.open) this.db.close();
    this.lock.release();
    this.logger.log('Stores closed.');
  }
}

@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: AppConfig, overrides: AppOverrides = {}, options: InfrastructureOptions = {}): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      { provide: CLOCK, useValue: overrides.clock ?? systemClock },
      // Taken before the event store opens: an offline tool at work on DATA_DIR makes the start wait (or fail), not race it.
      { provide: INSTANCE_LOCK, useFactory: () => InstanceLock.hold(config.dataDir) },
      { provide: EVENT_STORE, useFactory: () => overrides.eventStore ?? openEventStore(config, options), inject: [INSTANCE_LOCK] },
      {
        provide: SNAPSHOT_STORE,
        // A test's own event store gets snapshots in memory, so they never outlive that store.
        // After the event store opened: on PostgreSQL, its migrations made the snapshot table.
        useFactory: (): SnapshotStore | Promise<SnapshotStore> => (overrides.eventStore ? new MemorySnapshotStore() : openSnapshotStore(config)),
        inject: [EVENT_STORE],
      },
      { provide: APP_DATABASE, useFactory: () => openAppDatabase(config.dataDir, config.sqliteSynchronous) },
      MetricsService,
      // One per app: every command runner of this process takes its turns on a stream in the same queue.
      { provide: StreamTurns, useFactory: () => new StreamTurns() },
      {
        provide: IntegrityGuard,
        useFactory: (db: AppDatabase) => new IntegrityGuard(config.integrity.algorithm === 'sm' ? 'sm3' : 'sha256', () => incidentsIn(db)),
        inject: [APP_DATABASE],
      },
      CommandRunner,
      Leases,
      StoreCloser,
    ];
    return {
      module: InfrastructureModule,
      providers,
      exports: [APP_CONFIG, CLOCK, EVENT_STORE, SNAPSHOT_STORE, APP_DATABASE, MetricsService, StreamTurns, IntegrityGuard, CommandRunner, Leases],
    };
  }
}
