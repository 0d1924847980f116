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
 * is on disk. With `writer: 'thread'` the same group commit runs in a writer thread of its own (sqlite-writer.ts),
 * and this thread keeps the reads.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { runAppend } from './append-core';
import { EventStoreError } from './errors';
import { SqliteGroupCommit } from './sqlite-group-commit';
import { appendTarget, busyAsStoreError, checkSynchronous, migrate, prepareStatements, readTypesStatement } from './sqlite-schema';
import type { CommittedRow, SqliteSynchronous, Statements, StoredTupleStatement } from './sqlite-schema';
import { SqliteWriterThread } from './sqlite-writer';
import { loadWriteOps, localWrites } from './shared-writes';
import type { SharedWrites, WriteOps } from './shared-writes';
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
import type { StoredRow, StoredRowReader } from './stored-row';
import { UpcasterRegistry } from './upcasters';

export type { SqliteSynchronous } from './sqlite-schema';

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
  /**
   * 'inline' (default): appends are written on this thread. 'thread': a writer thread of its own does the writing
   * (checks, hashing, inserts, the COMMIT and its disk flush) while this thread goes on; reads stay here. Not for
   * ':memory:'. `sharedWrites()` then runs in the writer thread too.
   */
  writer?: 'inline' | 'thread';
  /**
   * Modules of write operations for small tables kept in this file (shared-writes.ts), run through `sharedWrites()`
   * in the same group commits as the appends, on whichever thread writes.
   */
  writeOps?: string[];
}

export class SqliteEventStore implements EventStore, StoredRowReader {
  private readonly signal = new ChangeSignal();
  private readonly subscriptions = new Set<LiveSubscription>();
  private readonly commits: SqliteGroupCommit;
  private readonly shared: SharedWrites;
  private readonly recent: RecentEvents;
  /** `readAll` by type, one statement per number of types asked for. */
  private readonly typeReads = new Map<number, StoredTupleStatement>();
  private notifyQueued = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly statements: Statements,
    private readonly upcasters: UpcasterRegistry,
    private readonly pollIntervalMs: number,
    private readonly writer: SqliteWriterThread | undefined,
    ops: WriteOps,
  ) {
    this.commits = new SqliteGroupCommit(db);
    this.shared = writer ?? localWrites(db, ops, this.commits);
    this.recent = new RecentEvents(upcasters);
  }

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const synchronous = options.synchronous ?? 'FULL';
    checkSynchronous(synchronous);
    const inMemory = options.path === ':memory:';
    const writerMode = options.writer ?? 'inline';
    if (writerMode !== 'inline' && writerMode !== 'thread') throw new EventStoreError(`writer must be inline or thread, got ${String(writerMode)}`);
    if (writerMode === 'thread' && inMemory) throw new EventStoreError('a writer thread cannot share a :memory: database');
    if (!inMemory) mkdirSync(dirname(options.path), { recursive: true });
    const db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5000 });
    try {
      if (!inMemory) db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${synchronous}`);
      migrate(db);
      const statements = prepareStatements(db);
      const upcasters = options.upcasters ?? new UpcasterRegistry();
      const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
      const writeOps = options.writeOps ?? [];
      // Loaded here in either mode: this creates their tables before any thread writes them.
      const ops = loadWriteOps(db, writeOps);
      const writer =
        writerMode === 'thread' ? await SqliteWriterThread.start({ path: options.path, synchronous, busyTimeoutMs, writeOps }) : undefined;
      return new SqliteEventStore(db, statements, upcasters, options.pollIntervalMs ?? 25, writer, ops);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async append(writes: StreamWrite[]): Promise<AppendResult> {
    this.ensureOpen();
    if (this.writer) {
      const { result, rows } = await this.writer.append(writes);
      this.committed(rows);
      return result;
    }
    const rows: CommittedRow[] = [];
    const target = appendTarget(this.statements, rows);
    try {
      const result = await this.commits.run(() => runAppend(target, writes));
      this.committed(rows);
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

  async readAll({ fromPosition, limit, types }: ReadAllOptions): Promise<StoredEvent[]> {
    this.ensureOpen();
    checkReadAll(fromPosition, limit, types);
    if (types === undefined) return this.readAfter(fromPosition, limit);
    if (types.length === 0) return [];
    let statement = this.typeReads.get(types.length);
    if (!statement) this.typeReads.set(types.length, (statement = readTypesStatement(this.db, types.length)));
    return statement.all(...types, fromPosition, limit).map((r) => tupleToStoredEvent(r, this.upcasters));
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

  /** Events in their stored form (StoredRowReader). */
  async readStored(afterPosition: number, limit: number): Promise<StoredRow[]> {
    this.ensureOpen();
    checkReadAll(afterPosition, limit);
    return this.statements.readAfter.all(afterPosition, limit).map(([position, id, stream, revision, type, data, metadata]) => ({ position, id, stream, revision, type, data, metadata }));
  }

  async readStreamStored(stream: string): Promise<StoredRow[]> {
    this.ensureOpen();
    return this.statements.streamRows.all(stream);
  }

  /**
   * The write operations of `writeOps`, run in the same group commits as the appends (so their disk flush is shared),
   * on this thread or in the writer thread. Their tables must not be named `events`.
   */
  sharedWrites(): SharedWrites {
    this.ensureOpen();
    return this.shared;
  }

  /** A connection to this file for reading (the tables of `writeOps` too); never write through it. */
  readConnection(): Database.Database {
    this.ensureOpen();
    return this.db;
  }

  /** Where appends are written: on this thread, or by the store's writer thread. */
  get writesIn(): 'event loop' | 'thread' {
    return this.writer ? 'thread' : 'event loop';
  }

  /** Throws why appends can no longer be written (the writer thread failed or ended), for health checks. */
  checkWritable(): void {
    this.ensureOpen();
    const failure = this.writer?.failed;
    if (failure) throw failure;
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
    await this.writer?.close();
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.db.close();
  }

  private readAfter(position: number, limit: number): StoredEvent[] {
    const recent = this.recent.after(position, limit);
    if (recent === undefined) return this.fromFile(position, limit);
    // The buffer ends with this instance's newest append; another process may have committed after it.
    const end = recent.length > 0 ? recent[recent.length - 1].position : position;
    if (recent.length === limit || (this.statements.head.get() ?? 0) <= end) return recent;
    return [...recent, ...this.fromFile(end, limit - recent.length)];
  }

  private fromFile(position: number, limit: number): StoredEvent[] {
    return this.statements.readAfter.all(position, limit).map((r) => tupleToStoredEvent(r, this.upcasters));
  }

  /** Committed rows of one append: kept for the readers close behind, and the subscriptions woken. */
  private committed(rows: CommittedRow[]): void {
    if (rows.length === 0) return;
    this.recent.add(rows);
    this.notifySoon();
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
