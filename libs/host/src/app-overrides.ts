/** What tests (and only tests) may replace when booting the app with `createApp`. */
import type { EventStore, RecordStreams } from '@shenbao/event-store';
import type { Clock, HashingProfile, PasswordSink } from './tokens';

export interface AppOverrides {
  clock?: Clock;
  /** An event store to use instead of DATA_DIR/events.sqlite (e.g. a MemoryEventStore); closed with the app. */
  eventStore?: EventStore;
  /**
   * Record streams to use instead of KurrentDB's with EVENT_STORE=kurrentdb (the idempotency records and password
   * hashes; e.g. a MemoryRecordStreams shared by two apps); closed with the app.
   */
  records?: RecordStreams;
  /** argon2 parameters; `fast` keeps e2e suites quick. Production always uses `recommended`. */
  passwordHashing?: HashingProfile;
  /** Receives the generated first admin password box instead of stdout. */
  adminPasswordSink?: PasswordSink;
}
