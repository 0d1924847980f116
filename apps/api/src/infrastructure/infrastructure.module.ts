/**
 * The API's process-wide services, global so slices can inject them: configuration, clock, event store, the app's
 * own SQLite file, the command runner, metrics, the idempotency store and the credential table. Stores are closed on shutdown.
 */
import { Global, Inject, Injectable, Logger, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { MemorySnapshotStore, SqliteEventStore, SqliteSnapshotStore } from '@shenbao/event-store';
import type { EventStore, SnapshotStore } from '@shenbao/event-store';
import type { AppConfig, AppOverrides, Clock } from '@shenbao/host';
import { IdempotencyStore } from '../common/idempotency/idempotency.store';
import { IDEMPOTENCY_OPS_MODULE } from '../common/idempotency/idempotency.ops';
import { CredentialStore } from '../auth/credential.store';
import { CREDENTIALS_OPS_MODULE } from '../auth/credentials.ops';
import { MetricsService } from '../observability/metrics.service';
import { openAppDatabase } from './app-database';
import type { AppDatabase } from './app-database';
import { CommandRunner } from './command-runner';
import { InstanceLock } from './instance-lock';
import { IntegrityGuard, incidentsIn } from './integrity-guard';
import { StreamTurns } from './stream-turns';
import { ADMIN_PASSWORD_SINK, APP_CONFIG, APP_DATABASE, CLOCK, EVENT_STORE, HASHING_PROFILE, SNAPSHOT_STORE, stdoutSink, systemClock } from '@shenbao/host';

const INSTANCE_LOCK = Symbol('INSTANCE_LOCK');

/** The event store of DATA_DIR, as the app opens it (exported so that tests can wrap the very same store). */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  if (config.kurrentdbUrl !== undefined) {
    // Refuse rather than silently fall back: an operator who set KURRENTDB_URL expects events to go there.
    throw new Error('KURRENTDB_URL is set, but the API does not run on KurrentDB yet (the adapter exists in libs/event-store/src/kurrentdb; the idempotency records and credentials still share the embedded file); unset it to use the embedded SQLite store.');
  }
  return SqliteEventStore.open({
    path: join(config.dataDir, 'events.sqlite'),
    synchronous: config.sqliteSynchronous,
    writer: config.eventStoreWriter,
    // The idempotency records and the password hashes live in this file and share its group commits
    // (idempotency.store.ts, auth/credential.store.ts).
    writeOps: [IDEMPOTENCY_OPS_MODULE, CREDENTIALS_OPS_MODULE],
  });
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
  static forRoot(config: AppConfig, overrides: AppOverrides = {}): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      { provide: CLOCK, useValue: overrides.clock ?? systemClock },
      // Taken before the event store opens: an offline tool at work on DATA_DIR makes the start wait (or fail), not race it.
      { provide: INSTANCE_LOCK, useFactory: () => InstanceLock.hold(config.dataDir) },
      { provide: HASHING_PROFILE, useValue: overrides.passwordHashing ?? 'recommended' },
      { provide: ADMIN_PASSWORD_SINK, useValue: overrides.adminPasswordSink ?? stdoutSink },
      { provide: EVENT_STORE, useFactory: () => overrides.eventStore ?? openEventStore(config), inject: [INSTANCE_LOCK] },
      {
        provide: SNAPSHOT_STORE,
        // A test's own event store gets snapshots in memory, so they never outlive that store.
        useFactory: (): SnapshotStore =>
          overrides.eventStore ? new MemorySnapshotStore() : SqliteSnapshotStore.open({ path: join(config.dataDir, 'snapshots.sqlite') }),
      },
      { provide: APP_DATABASE, useFactory: () => openAppDatabase(config.dataDir, config.sqliteSynchronous) },
      {
        provide: IdempotencyStore,
        // Beside the events when they are in SQLite: a save's stored response then shares the disk flush of other
        // requests' appends (one fsync per group commit instead of one per file); else in app.sqlite.
        useFactory: (events: EventStore, db: AppDatabase, clock: Clock) => {
          if (!(events instanceof SqliteEventStore)) return new IdempotencyStore(db, clock);
          return new IdempotencyStore(events.readConnection(), clock, events.sharedWrites());
        },
        inject: [EVENT_STORE, APP_DATABASE, CLOCK],
      },
      {
        provide: CredentialStore,
        // Beside the events when they are in SQLite (one flush with the appends), else in app.sqlite.
        useFactory: (events: EventStore, db: AppDatabase, clock: Clock) => {
          if (!(events instanceof SqliteEventStore)) return new CredentialStore(db, clock);
          return new CredentialStore(events.readConnection(), clock, events.sharedWrites());
        },
        inject: [EVENT_STORE, APP_DATABASE, CLOCK],
      },
      MetricsService,
      // One per app: every command runner of this process takes its turns on a stream in the same queue.
      { provide: StreamTurns, useFactory: () => new StreamTurns() },
      {
        provide: IntegrityGuard,
        useFactory: (db: AppDatabase) => new IntegrityGuard(config.integrity.algorithm === 'sm' ? 'sm3' : 'sha256', () => incidentsIn(db)),
        inject: [APP_DATABASE],
      },
      CommandRunner,
      StoreCloser,
    ];
    return {
      module: InfrastructureModule,
      providers,
      exports: [APP_CONFIG, CLOCK, HASHING_PROFILE, ADMIN_PASSWORD_SINK, EVENT_STORE, SNAPSHOT_STORE, APP_DATABASE, IdempotencyStore, CredentialStore, MetricsService, StreamTurns, IntegrityGuard, CommandRunner],
    };
  }
}
