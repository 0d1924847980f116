/**
 * DATA_DIR/app.sqlite: the API's own small durable tables (idempotency keys, later local timers), kept apart from
 * the event log so the event store file holds events only.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { SqliteSynchronous } from '../config/app-config';

export type AppDatabase = Database.Database;

export function openAppDatabase(dataDir: string, synchronous: SqliteSynchronous): AppDatabase {
  const db = new Database(join(dataDir, 'app.sqlite'), { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  return db;
}
