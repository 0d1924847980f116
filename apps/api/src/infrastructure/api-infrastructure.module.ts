/**
 * What only the HTTP side adds to the shared infrastructure (@shenbao/commands' InfrastructureModule), global so
 * slices can inject it: the idempotency store and the credential table — beside the events when they are in SQLite,
 * sharing the event store's group commits through the write operations named in `API_WRITE_OPS`, or in PostgreSQL
 * beside the events there (EVENT_STORE=postgres: shared by every replica, api-postgres.ts), or as record streams in
 * KurrentDB beside the events there (EVENT_STORE=kurrentdb, shared likewise) — and the password hashing profile and
 * the sink of the first administrator's password.
 */
import { Global, Inject, Injectable, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationShutdown } from '@nestjs/common';
import { SqliteEventStore, openKurrentDbRecordStreams } from '@shenbao/event-store';
import type { EventStore, PostgresTables, RecordStreams } from '@shenbao/event-store';
import { InfrastructureModule, kurrentDbUrl, openEventStore, postgresUrl } from '@shenbao/commands';
import type { AppDatabase } from '@shenbao/commands';
import { ADMIN_PASSWORD_SINK, APP_DATABASE, CLOCK, EVENT_STORE, HASHING_PROFILE, stdoutSink } from '@shenbao/host';
import type { AppConfig, AppOverrides, Clock } from '@shenbao/host';
import { CredentialStore } from '../auth/credential.store';
import { CREDENTIALS_OPS_MODULE } from '../auth/credentials.ops';
import { credentialsOnPostgres } from '../auth/credentials.postgres';
import { credentialsOnRecords } from '../auth/credentials.records';
import { IdempotencyStore } from '../common/idempotency/idempotency.store';
import { IDEMPOTENCY_OPS_MODULE } from '../common/idempotency/idempotency.ops';
import { idempotencyOnPostgres } from '../common/idempotency/idempotency.postgres';
import { idempotencyOnRecords } from '../common/idempotency/idempotency.records';
import { openApiTables } from './api-postgres';

/** The idempotency records and the password hashes live in the event file and share its group commits. */
export const API_WRITE_OPS: readonly string[] = [IDEMPOTENCY_OPS_MODULE, CREDENTIALS_OPS_MODULE];

/** The event store of DATA_DIR as the API opens it (tests wrap the very same store). */
export const openApiEventStore = (config: AppConfig): Promise<EventStore> => openEventStore(config, { writeOps: API_WRITE_OPS });

/** The API's tables in PostgreSQL with EVENT_STORE=postgres; null in the embedded profile. */
const API_TABLES = Symbol('API_TABLES');
/** The API's records in KurrentDB with EVENT_STORE=kurrentdb; null otherwise. */
const API_RECORDS = Symbol('API_RECORDS');

@Injectable()
class ApiTablesCloser implements OnApplicationShutdown {
  constructor(
    @Inject(API_TABLES) private readonly tables: PostgresTables | null,
    @Inject(API_RECORDS) private readonly records: RecordStreams | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.tables?.close();
    await this.records?.close();
  }
}

@Global()
@Module({})
export class ApiInfrastructureModule {
  /** The shared infrastructure (opened with the API's write operations) and this module's own providers. */
  static forRoot(config: AppConfig, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: ApiInfrastructureModule,
      imports: [InfrastructureModule.forRoot(config, overrides, { writeOps: API_WRITE_OPS })],
      providers: [
        { provide: HASHING_PROFILE, useValue: overrides.passwordHashing ?? 'recommended' },
        { provide: ADMIN_PASSWORD_SINK, useValue: overrides.adminPasswordSink ?? stdoutSink },
        {
          provide: API_TABLES,
          // After the event store: its migrations ran first, under the same lock.
          useFactory: (): Promise<PostgresTables> | null =>
            config.eventStore === 'postgres' ? openApiTables(postgresUrl(config), config.databaseSchema) : null,
          inject: [EVENT_STORE],
        },
        {
          provide: API_RECORDS,
          // After the event store: it checked the server answers and takes multi-stream appends.
          useFactory: (): RecordStreams | null =>
            config.eventStore === 'kurrentdb' ? (overrides.records ?? openKurrentDbRecordStreams({ connectionString: kurrentDbUrl(config) })) : null,
          inject: [EVENT_STORE],
        },
        ApiTablesCloser,
        {
          provide: IdempotencyStore,
          // In PostgreSQL or KurrentDB when the events are (every replica sees every key). Beside the events when they
          // are in SQLite: a save's stored response then shares the disk flush of other requests' appends (one fsync
          // per group commit instead of one per file); else in app.sqlite.
          useFactory: (tables: PostgresTables | null, records: RecordStreams | null, events: EventStore, db: AppDatabase, clock: Clock) => {
            if (tables !== null) return new IdempotencyStore(idempotencyOnPostgres(tables), clock);
            if (records !== null) return new IdempotencyStore(idempotencyOnRecords(records), clock);
            if (!(events instanceof SqliteEventStore)) return new IdempotencyStore(db, clock);
            return new IdempotencyStore(events.readConnection(), clock, events.sharedWrites());
          },
          inject: [API_TABLES, API_RECORDS, EVENT_STORE, APP_DATABASE, CLOCK],
        },
        {
          provide: CredentialStore,
          // In PostgreSQL or KurrentDB when the events are; beside the events when they are in SQLite (one flush with
          // the appends), else in app.sqlite.
          useFactory: (tables: PostgresTables | null, records: RecordStreams | null, events: EventStore, db: AppDatabase, clock: Clock) => {
            if (tables !== null) return new CredentialStore(credentialsOnPostgres(tables), clock);
            if (records !== null) return new CredentialStore(credentialsOnRecords(records), clock);
            if (!(events instanceof SqliteEventStore)) return new CredentialStore(db, clock);
            return new CredentialStore(events.readConnection(), clock, events.sharedWrites());
          },
          inject: [API_TABLES, API_RECORDS, EVENT_STORE, APP_DATABASE, CLOCK],
        },
      ],
      exports: [HASHING_PROFILE, ADMIN_PASSWORD_SINK, IdempotencyStore, CredentialStore],
    };
  }
}
