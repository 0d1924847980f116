/**
 * SQLite adapter (better-sqlite3, WAL): the embedded profile's event store. Appends run the shared append algorithm
 * inside one BEGIN IMMEDIATE transaction, so they are atomic across streams and serialised with any other process
 * writing the same file (busy_timeout makes that process wait for the lock instead of failing). Positions are the
 * rowid: assigned inside the write lock and committed in order, so a reader never sees a later position before an
 * earlier one. Subscriptions wake on local appends and poll for other processes' commits.
 *
 * Group commit (sqlite-group-commit.ts): appends made in the same turn of the event loop are committed together,
 * each in its own SAVEPOINT inside one IMMEDIATE transaction (a conflict or bad input rolls back that append only and
 * rejects it); if the COMMIT fails, every append of the group is rejected and none is stored.
 * Every append resolves only after the shared COMMIT, so with synchronous=FULL (the default) an acknowledged append
 * is on disk.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { runAppend } from './append-core';
import type { AppendTarget } from './append-core';
import { EventStoreError } from './errors';
import type { ChainedRow } from './hash-chain';
import { SqliteGroupCommit } from './sqlite-group-commit';
import { verifyChain } from './hash-chain';
import { ChangeSignal, DEFAULT_BATCH_SIZE, LiveSubscription } from './live-subscription';
import { RecentEvents } from './recent-events';
import type {
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StreamWrite,
  SubscribeOptions,
  Subscription,
  VerifyResult,
} from './port';
import { atOrBefore, checkReadAll, instantLimit, tupleToStoredEvent } from './stored-row';
import type { StoredRow, StoredTuple } from './stored-row';
import { UpcasterRegistry } from './upcasters';

export type SqliteSynchronous = 'FULL' | 'NORMAL' | 'OFF';

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:' (then WAL does not apply and no other connection can see it). */
  path: string;
  /** FULL (default): a commit is durable when append resolves. NORMAL: durable at the next checkpoint. */
  synchronous?: SqliteSynchronous;
  upcasters?: UpcasterRegistry;
  /** How long a write waits for another process's write lock (default 5000 ms). */
  busyTimeoutMs?: number;
  /** How often an idle subscription looks for other processes' commits (default 25 ms). */
  pollIntervalMs?: number;
}

const SCHEMA_VERSION = 1;
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    id       TEXT    NOT NULL UNIQUE,
    stream   TEXT    NOT NULL,
    revision INTEGER NOT NULL,
    type     TEXT    NOT NULL,
    data     TEXT    NOT NULL,
    metadata TEXT    NOT NULL,
    UNIQUE (stream, revision)
  ) STRICT;`;
// The UNIQUE (stream, revision) index is the index on stream: every per-stream query uses it as a prefix.

const COLUMNS = 'position, id, stream, revision, type, data, metadata';

function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare<[string, string, number, string, string, string]>(
      'INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    findById: db.prepare<[string], { stream: string; revision: number; position: number }>(
      'SELECT stream, revision, position FROM events WHERE id = ?',
    ),
    streamHead: db.prepare<[string], { revision: number; hash: string }>(
      `SELECT revision, json_extract(metadata, '$.hash') AS hash FROM events
       WHERE stream = ? ORDER BY revision DESC LIMIT 1`,
    ),
    streamRevision: db.prepare<[string], number | null>('SELECT MAX(revision) FROM events WHERE stream = ?').pluck(),
    head: db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck(),
    readAfter: db
      .prepare<[number, number], StoredTuple>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
      .raw(),
    readStream: db
      .prepare<[string, number, number], StoredTuple>(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? AND position <= ? ORDER BY revision`,
      )
      .raw(),
    streamRows: db.prepare<[string], StoredRow>(`SELECT ${COLUMNS} FROM events WHERE stream = ? ORDER BY revision`),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

export class SqliteEventStore implements EventStore {
  private readonly signal = new ChangeSignal();
  private readonly subscriptions = new Set<LiveSubscription>();
  private readonly target: AppendTarget;
  private readonly commits: SqliteGroupCommit;
  private readonly recent: RecentEvents;
  private notifyQueued = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly statements: Statements,
    private readonly upcasters: UpcasterRegistry,
    private readonly pollIntervalMs: number,
  ) {
    const s = statements;
    this.target = {
      findById: (id) => s.findById.get(id),
      streamHead: (stream) => s.streamHead.get(stream),
      insert: (row: ChainedRow) =>
        Number(s.insert.run(row.id, row.stream, row.revision, row.type, row.data, row.metadata).lastInsertRowid),
      headPosition: () => s.head.get() ?? 0,
    };
    this.commits = new SqliteGroupCommit(db);
    this.recent = new RecentEvents(upcasters);
  }

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const synchronous = options.synchronous ?? 'FULL';
    if (!['FULL', 'NORMAL', 'OFF'].includes(synchronous)) {
      throw new EventStoreError(`synchronous must be FULL, NORMAL or OFF, got ${String(synchronous)}`);
    }
    const inMemory = options.path === ':memory:';
    if (!inMemory) mkdirSync(dirname(options.path), { recursive: true });
    const db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5000 });
    try {
      if (!inMemory) db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${synchronous}`);
      migrate(db);
      const statements = prepareStatements(db);
      const upcasters = options.upcasters ?? new UpcasterRegistry();
      return new SqliteEventStore(db, statements, upcasters, options.pollIntervalMs ?? 25);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async append(writes: StreamWrite[]): Promise<AppendResult> {
    this.ensureOpen();
    const rows: (ChainedRow & { position: number })[] = [];
    const target: AppendTarget = {
      ...this.target,
      insert: (row) => {
        const position = this.target.insert(row);
        rows.push({ ...row, position });
        return position;
      },
    };
    try {
      const result = await this.commits.run(() => runAppend(target, writes));
      // Committed: from here on the rows may be handed to readers.
      if (rows.length > 0) {
        this.recent.add(rows);
        this.notifySoon();
      }
      return result;
    } catch (error) {
      throw busyAsStoreError(error);
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    this.ensureOpen();
    const limitMs = instantLimit(options);
    const rows = this.statements.readStream.all(
      stream,
      options.fromRevision ?? 0,
      options.toPosition ?? Number.MAX_SAFE_INTEGER,
    );
    return atOrBefore(
      rows.map((r) => tupleToStoredEvent(r, this.upcasters)),
      limitMs,
    );
  }

  async streamRevision(stream: string): Promise<number> {
    this.ensureOpen();
    return this.statements.streamRevision.get(stream) ?? -1;
  }

  async readAll({ fromPosition, limit }: ReadAllOptions): Promise<StoredEvent[]> {
    this.ensureOpen();
    checkReadAll(fromPosition, limit);
    return this.readAfter(fromPosition, limit);
  }

  async headPosition(): Promise<number> {
    this.ensureOpen();
    return this.statements.head.get() ?? 0;
  }

  subscribeAll(fromPosition: number, options: SubscribeOptions = {}): Subscription {
    this.ensureOpen();
    const source = {
      readAfter: (p: number, n: number) => this.readAfter(p, n),
      signal: this.signal,
      pollIntervalMs: this.pollIntervalMs,
    };
    const subscription = new LiveSubscription(source, fromPosition, options.batchSize ?? DEFAULT_BATCH_SIZE, (s) =>
      this.subscriptions.delete(s),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async verify(stream: string): Promise<VerifyResult> {
    this.ensureOpen();
    return verifyChain(this.statements.streamRows.iterate(stream));
  }

  /**
   * This file's connection and group commit, for a few small tables whose writes should share the events' commits
   * (the API's idempotency records): work queued through `commits` joins the appends of the same turn, so both are
   * made durable by one disk flush. Such tables must not be named `events`.
   */
  sharedConnection(): { db: Database.Database; commits: SqliteGroupCommit } {
    this.ensureOpen();
    return { db: this.db, commits: this.commits };
  }

  /** Calls `listener` after appends through this instance are committed (once per group commit). */
  onAppended(listener: () => void): () => void {
    return this.signal.listen(listener);
  }

  /**
   * Another connection (a worker thread, another process) appended: live subscriptions read now instead of at their
   * next poll.
   */
  poke(): void {
    this.signal.notify();
  }

  /** The pragmas in force on this connection (for health checks and tests). */
  settings(): { journalMode: string; synchronous: SqliteSynchronous } {
    this.ensureOpen();
    const journalMode = String(this.db.pragma('journal_mode', { simple: true }));
    const level = Number(this.db.pragma('synchronous', { simple: true }));
    return { journalMode, synchronous: (['OFF', 'NORMAL', 'FULL'] as const)[level] ?? 'FULL' };
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Appends already accepted are committed (or rejected) before the file closes, never dropped.
    this.commits.flush();
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.db.close();
  }

  private readAfter(position: number, limit: number): StoredEvent[] {
    const recent = this.recent.after(position, limit);
    if (recent !== undefined) return recent;
    return this.statements.readAfter.all(position, limit).map((r) => tupleToStoredEvent(r, this.upcasters));
  }

  /**
   * Wakes the subscriptions once for all the appends settled together: the appends of a group resolve in one
   * microtask checkpoint, and this runs after all of them, so each subscription reads the group in one query.
   */
  private notifySoon(): void {
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      this.signal.notify();
    });
  }

  private ensureOpen(): void {
    if (!this.db.open) throw new EventStoreError('event store is closed');
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new EventStoreError(`event store schema ${version} is newer than this build understands (${SCHEMA_VERSION})`);
  }
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

function busyAsStoreError(error: unknown): unknown {
  // Read structurally: a SqliteError made by the native addon need not be an `instanceof` this realm's Error.
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code !== 'SQLITE_BUSY') return error;
  return new EventStoreError('event store is busy: another writer held the lock too long', { cause: error });
}
