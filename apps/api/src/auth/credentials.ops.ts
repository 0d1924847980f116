/**
 * The credential table and its write operations (a WriteOpsModule, like idempotency.ops.ts): they run in the event
 * store's group commit, on the API's thread or in the store's writer thread, which loads this module by path, so it
 * imports nothing at run time. See credential.store.ts for how rows relate to the user events.
 */
import type Database from 'better-sqlite3';

export const CREDENTIALS_OPS_MODULE = __filename.replace(/\.[cm]?[jt]s$/, '');

export interface CredentialRow {
  userId: string;
  eventId: string;
  passwordHash: string;
}

export function createCredentialsTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS user_credentials (
    user_id       TEXT    NOT NULL,
    event_id      TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (user_id, event_id)
  ) STRICT;`);
}

export function createWriteOps(db: Database.Database) {
  createCredentialsTable(db);
  const set = db.prepare<[string, string, string, number]>(
    'INSERT OR REPLACE INTO user_credentials (user_id, event_id, password_hash, created_at) VALUES (?, ?, ?, ?)',
  );
  const insertMissing = db.prepare<[string, string, string, number]>(
    'INSERT OR IGNORE INTO user_credentials (user_id, event_id, password_hash, created_at) VALUES (?, ?, ?, ?)',
  );
  const keepOnly = db.prepare<[string, string]>('DELETE FROM user_credentials WHERE user_id = ? AND event_id <> ?');
  const discard = db.prepare<[string, string]>('DELETE FROM user_credentials WHERE user_id = ? AND event_id = ?');
  return {
    'credentials.set': (row: CredentialRow, now: number): void => {
      set.run(row.userId, row.eventId, row.passwordHash, now);
    },
    'credentials.keepOnly': (userId: string, eventId: string): number => keepOnly.run(userId, eventId).changes,
    'credentials.discard': (userId: string, eventId: string): void => {
      discard.run(userId, eventId);
    },
    /** Rows copied from old events; an existing row (a later password) is never replaced. */
    'credentials.insertMissing': (rows: CredentialRow[], now: number): number => {
      let n = 0;
      for (const r of rows) n += insertMissing.run(r.userId, r.eventId, r.passwordHash, now).changes;
      return n;
    },
  };
}
