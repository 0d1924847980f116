/**
 * DATA_DIR/app.sqlite: the API's own small durable tables when they cannot live beside the events: the directories'
 * rows and checkpoints (persisted-read-model.ts), and the idempotency records when the event store is not the SQLite
 * file (a test's in-memory store); with the embedded SQLite store those share its file and group commit
 * (infrastructure.module.ts). /health checks this database too.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { SqliteSynchronous } from '@shenbao/host';

export type AppDatabase = Database.Database;

export function openAppDatabase(dataDir: string, synchronous: SqliteSynchronous): AppDatabase {
  const db = new Database(join(dataDir, 'app.sqlite'), { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  return db;
}
