/**
 * Password hashes, outside the append-only log: a row per (user, event) in `user_credentials`, in DATA_DIR/events.sqlite
 * beside the events (sharing their group commit) or in DATA_DIR/app.sqlite when the log is elsewhere. The log says
 * which row counts: the user's latest password-setting event (registration, change, reset) names it by its event
 * id. A handler writes the row first (durably), then appends the event with that id, then drops the user's older
 * rows, so a crash in between leaves an unused row and the previous password in force, never a password without
 * its event. Hashes that old events carry (before this table) are copied in on start (`migrateLegacy`).
 * In the production profile (EVENT_STORE=postgres) the table is in PostgreSQL, shared by every replica
 * (credentials.postgres.ts), with the same operations; with EVENT_STORE=kurrentdb they are records in KurrentDB
 * (credentials.records.ts).
 */
import type Database from 'better-sqlite3';
import { localWrites } from '@shenbao/event-store';
import type { SharedWrites } from '@shenbao/event-store';
import type { Clock } from '@shenbao/host';
import { createWriteOps } from './credentials.ops';
import type { CredentialRow } from './credentials.ops';
import type { CredentialsOnPostgres } from './credentials.postgres';
import type { CredentialsOnRecords } from './credentials.records';

export class CredentialStore {
  private readonly writes: SharedWrites;
  private readonly read: (userId: string, eventId: string) => Promise<string | undefined>;

  constructor(
    db: Database.Database | CredentialsOnPostgres | CredentialsOnRecords,
    private readonly clock: Clock,
    /** The event store's shared writes when the table is in its file (its writeOps created it). */
    writes?: SharedWrites,
  ) {
    if ('writes' in db && 'hashFor' in db) {
      this.writes = db.writes;
      this.read = db.hashFor;
      return;
    }
    const sqlite = db as Database.Database;
    this.writes = writes ?? localWrites(sqlite, createWriteOps(sqlite));
    const read = sqlite.prepare<[string, string], string>('SELECT password_hash FROM user_credentials WHERE user_id = ? AND event_id = ?').pluck();
    this.read = async (userId, eventId) => read.get(userId, eventId);
  }

  /** The hash stored for the password that event set, if any. */
  hashFor(userId: string, eventId: string): Promise<string | undefined> {
    return this.read(userId, eventId);
  }

  /** Resolves once the row is on disk. */
  set(row: CredentialRow): Promise<void> {
    return this.writes.run('credentials.set', [row, this.clock().getTime()]);
  }

  /**
   * After the event naming `eventId` is appended: the user's other rows are of no use any more. Not flushed on its
   * own: a row a crash brings back is never read (the log names another) and goes with the next change.
   */
  keepOnly(userId: string, eventId: string): Promise<number> {
    return this.writes.run<number>('credentials.keepOnly', [userId, eventId], { durable: false });
  }

  /** The event for this row was not appended (refused or failed); not flushed on its own, as `keepOnly`. */
  discard(userId: string, eventId: string): Promise<void> {
    return this.writes.run('credentials.discard', [userId, eventId], { durable: false });
  }

  migrateLegacy(rows: CredentialRow[]): Promise<number> {
    if (rows.length === 0) return Promise.resolve(0);
    return this.writes.run<number>('credentials.insertMissing', [rows, this.clock().getTime()]);
  }
}
