/**
 * DATA_DIR/instance.lock: tells offline tools (`npm run admin:reset-password`) that an API process is using DATA_DIR.
 * Each API process holds a SQLite SHARED lock on the file (an open read transaction, rollback-journal mode) for as
 * long as it runs; a tool takes an EXCLUSIVE lock, which SQLite refuses while any process holds a SHARED one. The
 * operating system drops the lock when a process ends, however it ends, so a crashed API never blocks the tool, and
 * several API processes on one DATA_DIR can all hold theirs.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';

export const INSTANCE_LOCK_FILE = 'instance.lock';

function open(dataDir: string, timeoutMs: number): Database.Database {
  const db = new Database(join(dataDir, INSTANCE_LOCK_FILE), { timeout: timeoutMs });
  db.pragma('journal_mode = DELETE');
  db.exec('CREATE TABLE IF NOT EXISTS instance (note TEXT)');
  return db;
}

/** Held by a running API; `release()` on shutdown. */
export class InstanceLock {
  private constructor(private readonly db: Database.Database) {}

  /** Waits up to 5 s for a tool that holds the file exclusively. */
  static hold(dataDir: string): InstanceLock {
    const db = open(dataDir, 5000);
    db.exec('BEGIN');
    // Reading makes the transaction take its SHARED lock, kept until it ends.
    db.prepare('SELECT COUNT(*) FROM instance').get();
    return new InstanceLock(db);
  }

  release(): void {
    if (this.db.open) this.db.close();
  }
}

/** For a tool: the EXCLUSIVE lock, or undefined when an API process holds DATA_DIR. Release with `close()`. */
export function lockExclusively(dataDir: string): Database.Database | undefined {
  const db = open(dataDir, 0);
  try {
    db.exec('BEGIN EXCLUSIVE');
    return db;
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return undefined;
    throw e;
  }
}
