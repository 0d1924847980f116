/**
 * PostgreSQL adapter (node-postgres): the production profile's event store (issue #17). It keeps events exactly as
 * the SQLite adapter does — the canonical JSON text the hash chain was computed over, in a table of its own schema
 * (migrated at open, postgres-schema.ts) — and runs the same append algorithm (append-core.ts), so the same events
 * get byte-identical hashes on either store.
 *
 * GAP-FREE ORDERING. A follower reads "events after position N" and moves its cursor to the last position it saw. If
 * positions came from a sequence, transaction A could take 7, transaction B take 8 and commit first: a reader would
 * see 8, move past 7, and never see A's event once it commits — the classic trap. Two known-correct schemes exist:
 *  - transaction-id filtering (Marten, emmett): store each event's `pg_current_xact_id()` and let readers see only
 *    events of transactions older than `pg_snapshot_xmin(pg_current_snapshot())`; appends run concurrently, but a
 *    reader's view lags by the longest open transaction and the read queries get harder;
 *  - a single position counter row locked inside the append transaction: each append takes the row lock first, gets
 *    its positions from it and holds the lock until COMMIT. Appends therefore commit one after another in position
 *    order (PostgreSQL makes a commit visible before it releases the transaction's locks), and any reader that sees
 *    position n also sees every position before it. Plain `position > N ORDER BY position` reads stay correct.
 * We use the counter row (`event_log_head`): it is simple to check, readers need nothing special, and the store also
 * needs the lock anyway to read stream heads and duplicate ids consistently. Its price is that appends are serialised
 * — one at a time per database, each holding the lock for three round trips and its commit; bench/event-store-postgres
 * measures what that allows (BENCHMARKS.md). The lock is a row lock, so a crashed client's lock goes with its session.
 *
 * LIVE FOLLOWING. Every append sends `pg_notify` in its transaction (delivered at commit). A store with subscribers
 * keeps one connection that LISTENs; a notification wakes the subscriptions, which then read after their cursor. While
 * that connection is down (and while it reconnects, with back-off) subscriptions poll instead (`pollIntervalMs`); while
 * it is up they still poll now and then (`safetyPollMs`), as a net. Notifications only say "read again": the order and
 * the completeness come from the reads.
 */
import type { Client, ClientConfig, Pool, PoolClient } from 'pg';
import { runAppend, validateWrites } from '../append-core';
import { EventStoreError } from '../errors';
import { verifyChain } from '../hash-chain';
import type { ChainedRow } from '../hash-chain';
import { ChangeSignal, DEFAULT_BATCH_SIZE, LiveSubscription } from '../live-subscription';
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
} from '../port';
import { atOrBefore, checkReadAll, instantLimit, tupleToStoredEvent } from '../stored-row';
import type { StoredRow, StoredRowReader, StoredTuple } from '../stored-row';
import { UpcasterRegistry } from '../upcasters';
import { BatchTarget, GroupCommitQueue, batchKeys } from './postgres-group-commit';
import type { PendingAppend, PrefetchedRow } from './postgres-group-commit';
import { checkImport } from './import-check';
import { channelOf, checkSchemaName, migrate, statements } from './postgres-schema';
import type { Statements } from './postgres-schema';

export interface PostgresEventStoreOptions {
  /** `postgres://user:password@host:port/database` (DATABASE_URL). */
  connectionString: string;
  /** The schema that holds the store's tables (default `shenbao`); created and migrated at open. */
  schema?: string;
  upcasters?: UpcasterRegistry;
  /** Connections in the pool for appends and reads (default 10); subscribers share one more for LISTEN. */
  poolSize?: number;
  /** `notify` (default): LISTEN for appends, poll only as a net; `poll`: poll only (no LISTEN connection). */
  follow?: 'notify' | 'poll';
  /** How often an idle subscription reads while it has no working LISTEN connection (default 100 ms). */
  pollIntervalMs?: number;
  /** How often an idle subscription reads anyway while LISTEN works (default 2000 ms). */
  safetyPollMs?: number;
  /**
   * How long an append waits for the position lock held by another writer before it fails with "event store is
   * busy" (default 5000 ms, as the SQLite store's busy timeout).
   */
  lockTimeoutMs?: number;
}

type PgModule = typeof import('pg');

/** SQLSTATE of a lock wait that ran out (lock_timeout). */
const LOCK_NOT_AVAILABLE = '55P03';

/** Array rows as node-postgres returns them: the bigint position as text. */
type PgTuple = [position: string, id: string, stream: string, revision: number, type: string, data: string, metadata: string];

export class PostgresEventStore implements EventStore, StoredRowReader {
  private readonly signal = new ChangeSignal();
  private readonly subscriptions = new Set<LiveSubscription>();
  private readonly sql: Statements;
  private readonly channel: string;
  private readonly commits = new GroupCommitQueue((batch) => this.commitBatch(batch));
  private listener: NotifyListener | undefined;
  private closed = false;

  private constructor(
    private readonly pg: PgModule,
    private readonly pool: Pool,
    private readonly connection: ClientConfig,
    readonly schema: string,
    private readonly upcasters: UpcasterRegistry,
    private readonly options: Required<Pick<PostgresEventStoreOptions, 'follow' | 'pollIntervalMs' | 'safetyPollMs' | 'lockTimeoutMs'>>,
  ) {
    this.sql = statements(schema);
    this.channel = channelOf(schema);
  }

  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema ?? 'shenbao';
    checkSchemaName(schema);
    if (typeof options.connectionString !== 'string' || !/^postgres(ql)?:\/\//.test(options.connectionString)) {
      throw new EventStoreError('connectionString must be a postgres:// or postgresql:// URL');
    }
    const follow = options.follow ?? 'notify';
    if (follow !== 'notify' && follow !== 'poll') throw new EventStoreError(`follow must be notify or poll, got ${String(follow)}`);
    const poolSize = options.poolSize ?? 10;
    if (!Number.isInteger(poolSize) || poolSize < 1) throw new EventStoreError(`poolSize must be an integer >= 1, got ${poolSize}`);
    const lockTimeoutMs = options.lockTimeoutMs ?? 5000;
    if (!Number.isInteger(lockTimeoutMs) || lockTimeoutMs < 1) throw new EventStoreError(`lockTimeoutMs must be an integer >= 1, got ${lockTimeoutMs}`);
    const pg = await import('pg');
    const connection: ClientConfig = { connectionString: options.connectionString, application_name: 'shenbao-event-store' };
    const migrator = new pg.Client(connection);
    try {
      await migrator.connect();
    } catch (error) {
      await migrator.end().catch(() => undefined);
      throw new EventStoreError(`cannot connect to PostgreSQL at ${describe(options.connectionString)}: ${(error as Error).message}`, { cause: error });
    }
    try {
      await migrate(migrator, schema);
    } finally {
      await migrator.end().catch(() => undefined);
    }
    const pool = new pg.Pool({ ...connection, max: poolSize });
    // An idle connection that fails (a server restart) is dropped by the pool and replaced on the next query; without
    // a listener the error would end the process.
    pool.on('error', () => undefined);
    return new PostgresEventStore(pg, pool, connection, schema, options.upcasters ?? new UpcasterRegistry(), {
      follow,
      pollIntervalMs: options.pollIntervalMs ?? 100,
      safetyPollMs: options.safetyPollMs ?? 2000,
      lockTimeoutMs,
    });
  }

  async append(writes: StreamWrite[]): Promise<AppendResult> {
    this.ensureOpen();
    validateWrites(writes);
    return this.commits.append(writes);
  }

  /** One transaction for a batch of appends (postgres-group-commit.ts); settles each of them, never throws. */
  private async commitBatch(batch: PendingAppend[]): Promise<void> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      for (const pending of batch) pending.reject(storeError(error, 'connect'));
      return;
    }
    let broken: Error | undefined;
    try {
      const head = await this.beginLocked(client);
      const { streams, ids } = batchKeys(batch);
      const found = await client.query<PrefetchedRow>(this.sql.heads, [streams, ids]);
      const target = new BatchTarget(head, found.rows);
      const outcomes = batch.map((pending): { ok: true; result: AppendResult } | { ok: false; error: unknown } => {
        target.begin();
        try {
          const result = runAppend(target, pending.writes);
          target.keep();
          return { ok: true, result };
        } catch (error) {
          target.undo();
          return { ok: false, error };
        }
      });
      const rows = target.rows;
      if (rows.length > 0) {
        const column = <K extends keyof ChainedRow>(key: K) => rows.map((r) => r[key]);
        const positions = rows.map((_, i) => head + 1 + i);
        const values = [positions, column('id'), column('stream'), column('revision'), column('type'), column('data'), column('metadata')];
        await client.query(this.sql.insert, [...values, head + rows.length, this.channel]);
      }
      await client.query('COMMIT');
      if (rows.length > 0) this.signal.notify();
      batch.forEach((pending, i) => {
        const outcome = outcomes[i];
        if (outcome.ok) pending.resolve(outcome.result);
        else pending.reject(outcome.error);
      });
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      const failure = this.writeFailure(error, 'append');
      for (const pending of batch) pending.reject(failure);
    } finally {
      client.release(broken);
    }
  }

  /**
   * Imports events exactly as another store keeps them (`npm run events:copy`): ids, streams, revisions, positions and
   * the stored data and metadata text, byte for byte — not re-appended, which would assign new positions and hashes.
   * In one transaction under the position lock, the rows must continue the log: the first at head + 1 and each next
   * position one more; each revision one past its stream's head; each prevHash the stream's last hash (a stream's
   * first event links to GENESIS_HASH); no id already stored. Anything else is refused with the position and the
   * rule, and nothing of the batch is stored. The chain hashes themselves are not recomputed here (the copy verifies
   * the whole log at the end). Returns the new head position.
   */
  async importStored(rows: readonly StoredRow[]): Promise<number> {
    this.ensureOpen();
    if (!Array.isArray(rows) || rows.length === 0) throw new EventStoreError('importStored needs at least one row');
    const client = await this.connect();
    let broken: Error | undefined;
    try {
      const head = await this.beginLocked(client);
      const streams = [...new Set(rows.map((r) => r.stream))];
      const found = await client.query<PrefetchedRow>(this.sql.heads, [streams, rows.map((r) => r.id)]);
      checkImport(head, found.rows, rows);
      const column = <K extends keyof StoredRow>(key: K) => rows.map((r) => r[key]);
      const values = [column('position'), column('id'), column('stream'), column('revision'), column('type'), column('data'), column('metadata')];
      await client.query(this.sql.insert, [...values, head + rows.length, this.channel]);
      await client.query('COMMIT');
      this.signal.notify();
      return head + rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw this.writeFailure(error, 'import');
    } finally {
      client.release(broken);
    }
  }

  /** Events after `afterPosition` in their stored form (text as kept, nothing parsed or upcast), for copies and checks. */
  async readStored(afterPosition: number, limit: number): Promise<StoredRow[]> {
    this.ensureOpen();
    checkReadAll(afterPosition, limit);
    const tuples = await this.tuples(this.sql.readAfter, [afterPosition, limit], false);
    return tuples.map(([position, id, stream, revision, type, data, metadata]) => ({ position, id, stream, revision, type, data, metadata }));
  }

  /** Opens a write transaction and takes the position lock (waiting at most lockTimeoutMs); returns the log's head. */
  private async beginLocked(client: PoolClient): Promise<number> {
    // READ COMMITTED, stated: after the lock wait, each later statement sees every append committed before it.
    const [, , locked] = (await client.query(
      `BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = ${this.options.lockTimeoutMs}; ${this.sql.lockHead.text}`,
    )) as unknown as [unknown, unknown, { rows: { position: string }[] }];
    return Number(locked.rows[0].position);
  }

  /** A failed write transaction as callers see it: "busy" when the position lock was not had in time. */
  private writeFailure(error: unknown, what: string): unknown {
    return (error as { code?: unknown }).code === LOCK_NOT_AVAILABLE
      ? new EventStoreError(`event store is busy: another writer held the position lock longer than ${this.options.lockTimeoutMs} ms`, { cause: error })
      : storeError(error, what);
  }

  /** A stream's events in their stored form (StoredRowReader). */
  async readStreamStored(stream: string): Promise<StoredRow[]> {
    this.ensureOpen();
    const tuples = await this.tuples(this.sql.readStream, [stream, 0, Number.MAX_SAFE_INTEGER], false);
    return tuples.map(([position, id, s, revision, type, data, metadata]) => ({ position, id, stream: s, revision, type, data, metadata }));
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    this.ensureOpen();
    const limitMs = instantLimit(options);
    const rows = await this.tuples(this.sql.readStream, [stream, options.fromRevision ?? 0, options.toPosition ?? Number.MAX_SAFE_INTEGER]);
    return atOrBefore(rows, limitMs);
  }

  async streamRevision(stream: string): Promise<number> {
    this.ensureOpen();
    const { rows } = await this.query<{ revision: number | null }>(this.sql.streamRevision, [stream]);
    return rows[0]?.revision ?? -1;
  }

  async readAll({ fromPosition, limit, types }: ReadAllOptions): Promise<StoredEvent[]> {
    this.ensureOpen();
    checkReadAll(fromPosition, limit, types);
    if (types === undefined) return this.readAfter(fromPosition, limit);
    if (types.length === 0) return [];
    return this.tuples(this.sql.readTypes, [types, fromPosition, limit]);
  }

  async headPosition(): Promise<number> {
    this.ensureOpen();
    const { rows } = await this.query<{ position: string }>(this.sql.head, []);
    return Number(rows[0].position);
  }

  subscribeAll(fromPosition: number, options: SubscribeOptions = {}): Subscription {
    this.ensureOpen();
    if (this.options.follow === 'notify' && !this.listener) {
      this.listener = new NotifyListener(this.pg, this.connection, this.channel, this.signal);
      this.listener.start();
    }
    const listener = this.listener;
    const { pollIntervalMs, safetyPollMs } = this.options;
    const source = {
      readAfter: (position: number, limit: number) => this.readAfter(position, limit),
      signal: this.signal,
      get pollIntervalMs() {
        return listener?.listening ? safetyPollMs : pollIntervalMs;
      },
    };
    const subscription = new LiveSubscription(source, fromPosition, options.batchSize ?? DEFAULT_BATCH_SIZE, (s) => this.subscriptions.delete(s));
    this.subscriptions.add(subscription);
    return subscription;
  }

  async verify(stream: string): Promise<VerifyResult> {
    return verifyChain(await this.readStreamStored(stream));
  }

  /** True while the LISTEN connection is up (subscriptions then wait for notifications rather than poll). */
  get listening(): boolean {
    return this.listener?.listening ?? false;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Appends already accepted are committed (or rejected) before the pool closes, never dropped.
    await this.commits.settled();
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.listener?.close();
    await this.pool.end();
  }

  private async readAfter(position: number, limit: number): Promise<StoredEvent[]> {
    return this.tuples(this.sql.readAfter, [position, limit]);
  }

  private async tuples(statement: { name: string; text: string }, values: unknown[]): Promise<StoredEvent[]>;
  private async tuples(statement: { name: string; text: string }, values: unknown[], parse: false): Promise<StoredTuple[]>;
  private async tuples(statement: { name: string; text: string }, values: unknown[], parse = true): Promise<StoredEvent[] | StoredTuple[]> {
    const { rows } = await this.query<PgTuple>({ ...statement, rowMode: 'array' }, values);
    const tuples = rows.map((r): StoredTuple => [Number(r[0]), r[1], r[2], r[3], r[4], r[5], r[6]]);
    return parse ? tuples.map((t) => tupleToStoredEvent(t, this.upcasters)) : tuples;
  }

  private async query<R>(statement: { name: string; text: string; rowMode?: 'array' }, values: unknown[]): Promise<{ rows: R[] }> {
    try {
      return (await this.pool.query(statement as { name: string; text: string }, values)) as unknown as { rows: R[] };
    } catch (error) {
      throw storeError(error, 'read');
    }
  }

  private async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw storeError(error, 'connect');
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw new EventStoreError('event store is closed');
  }
}

/** The store's own errors pass through; a driver or server error becomes an EventStoreError naming what failed. */
function storeError(error: unknown, what: string): unknown {
  if (error instanceof EventStoreError) return error;
  return new EventStoreError(`event store ${what} failed on PostgreSQL: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

/** host:port/database of a URL, without the credentials. */
function describe(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'the given URL';
  }
}

/**
 * The one LISTEN connection of a store: wakes its subscriptions on every notification. When the connection fails it
 * reconnects with back-off (up to 5 s); meanwhile `listening` is false and subscriptions poll.
 */
class NotifyListener {
  private client: Client | undefined;
  private connected = false;
  private closed = false;
  private retryMs = 100;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly pg: PgModule,
    private readonly connection: ClientConfig,
    private readonly channel: string,
    private readonly signal: ChangeSignal,
  ) {}

  get listening(): boolean {
    return this.connected;
  }

  start(): void {
    void this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    this.connected = false;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new this.pg.Client(this.connection);
    this.client = client;
    let lost = false;
    const onLost = (): void => {
      if (lost) return;
      lost = true;
      this.lost(client);
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', () => this.signal.notify());
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch {
      onLost();
      return;
    }
    if (this.closed || lost) return;
    this.connected = true;
    this.retryMs = 100;
    // Appends committed before LISTEN took effect sent no notification this connection heard: read now.
    this.signal.notify();
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.connected = false;
    void client.end().catch(() => undefined);
    if (this.closed) return;
    this.signal.notify(); // waiting subscriptions start polling now
    this.retry = setTimeout(() => void this.connect(), this.retryMs);
    this.retry.unref();
    this.retryMs = Math.min(this.retryMs * 2, 5000);
  }
}
