/**
 * Snapshots: a cache of folded state at a stream revision, so loading a long stream reads the snapshot and only the
 * events after it. They are never the source of truth: the log is. A snapshot is keyed by stream and by a `key` that
 * names the fold that made it (aggregate kind, workflow version, and a fingerprint of the evolve code), so a change
 * of code or definition simply misses the old snapshot and folds from the log again. Losing the file loses nothing.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { EventStore, StoredEvent } from './port';

export interface Snapshot<S = unknown> {
  stream: string;
  key: string;
  /** Revision of the last event folded into `state`. */
  revision: number;
  state: S;
}

export interface SnapshotStore {
  load<S>(stream: string, key: string): Promise<Snapshot<S> | undefined>;
  /** The stream's snapshot whatever its key, for callers that learn the key from the state (then check it). */
  latest<S>(stream: string): Promise<Snapshot<S> | undefined>;
  save<S>(snapshot: Snapshot<S>): Promise<void>;
  close(): Promise<void>;
}

export class MemorySnapshotStore implements SnapshotStore {
  private readonly rows = new Map<string, { key: string; revision: number; json: string }>();

  async load<S>(stream: string, key: string): Promise<Snapshot<S> | undefined> {
    const row = this.rows.get(stream);
    if (!row || row.key !== key) return undefined;
    return { stream, key, revision: row.revision, state: JSON.parse(row.json) as S };
  }

  async latest<S>(stream: string): Promise<Snapshot<S> | undefined> {
    const row = this.rows.get(stream);
    return row ? this.load<S>(stream, row.key) : undefined;
  }

  async save<S>(snapshot: Snapshot<S>): Promise<void> {
    const current = this.rows.get(snapshot.stream);
    if (current && current.key === snapshot.key && current.revision > snapshot.revision) return;
    // Stored as JSON, as SQLite does, so a caller can never mutate a stored snapshot.
    this.rows.set(snapshot.stream, { key: snapshot.key, revision: snapshot.revision, json: JSON.stringify(snapshot.state) });
  }

  async close(): Promise<void> {
    this.rows.clear();
  }
}

/** One row per stream (the newest snapshot wins); `synchronous=NORMAL`: a lost snapshot is only a slower load. */
export class SqliteSnapshotStore implements SnapshotStore {
  private constructor(
    private readonly db: Database.Database,
    private readonly loadStmt: Database.Statement<[string], { key: string; revision: number; state: string }>,
    private readonly saveStmt: Database.Statement<[string, string, number, string]>,
  ) {}

  static open(options: { path: string }): SqliteSnapshotStore {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const db = new Database(options.path, { timeout: 5000 });
    if (options.path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE IF NOT EXISTS snapshots (
      stream TEXT PRIMARY KEY, key TEXT NOT NULL, revision INTEGER NOT NULL, state TEXT NOT NULL) STRICT`);
    return new SqliteSnapshotStore(
      db,
      db.prepare('SELECT key, revision, state FROM snapshots WHERE stream = ?'),
      // Never replace a newer snapshot by an older one (two processes may race).
      db.prepare(`INSERT INTO snapshots (stream, key, revision, state) VALUES (?, ?, ?, ?)
        ON CONFLICT(stream) DO UPDATE SET key = excluded.key, revision = excluded.revision, state = excluded.state
        WHERE excluded.revision >= snapshots.revision OR excluded.key <> snapshots.key`),
    );
  }

  async load<S>(stream: string, key: string): Promise<Snapshot<S> | undefined> {
    const row = this.loadStmt.get(stream);
    if (!row || row.key !== key) return undefined;
    return { stream, key, revision: row.revision, state: JSON.parse(row.state) as S };
  }

  async latest<S>(stream: string): Promise<Snapshot<S> | undefined> {
    const row = this.loadStmt.get(stream);
    return row ? { stream, key: row.key, revision: row.revision, state: JSON.parse(row.state) as S } : undefined;
  }

  async save<S>(snapshot: Snapshot<S>): Promise<void> {
    this.saveStmt.run(snapshot.stream, snapshot.key, snapshot.revision, JSON.stringify(snapshot.state));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

export interface SnapshottedFoldOptions<S> {
  store: EventStore;
  snapshots: SnapshotStore;
  stream: string;
  key: string;
  initialState: S;
  evolve: (state: S, event: StoredEvent) => S;
  /** Save a new snapshot when at least this many events were folded after the last one. Default 100. */
  every?: number;
}

export interface FoldedStream<S> {
  state: S;
  /** Revision of the last event folded; -1 for a stream that does not exist. */
  revision: number;
  /** Events read from the log (after the snapshot, if one was used). */
  eventsRead: number;
  fromSnapshot: boolean;
}

/** Loads a stream's state: the snapshot for `key` if any, then the events after it; refreshes the snapshot. */
export async function foldWithSnapshots<S>(options: SnapshottedFoldOptions<S>): Promise<FoldedStream<S>> {
  const { store, snapshots, stream, key, evolve } = options;
  const every = options.every ?? 100;
  const snapshot = await snapshots.load<S>(stream, key);
  let state = snapshot ? snapshot.state : options.initialState;
  let revision = snapshot ? snapshot.revision : -1;
  const tail = await store.readStream(stream, { fromRevision: revision + 1 });
  for (const event of tail) {
    state = evolve(state, event);
    revision = event.revision;
  }
  if (tail.length >= every) await snapshots.save({ stream, key, revision, state });
  return { state, revision, eventsRead: tail.length, fromSnapshot: snapshot !== undefined };
}
