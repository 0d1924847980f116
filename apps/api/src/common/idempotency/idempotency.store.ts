/**
 * Durable record of commands sent with an `Idempotency-Key`, scoped per user (in DATA_DIR/events.sqlite beside the
 * events, sharing their group commit, or in DATA_DIR/app.sqlite when the event store is not that file): the first
 * request claims the key, its successful response is stored, and a repeat within 24 h gets that response back.
 * Claims are taken inside the write transaction, so two API processes on one DATA_DIR cannot both run a request.
 * Writes are the write operations of idempotency.ops.ts, run through the event store's shared writes: the claims
 * (and completions) of the requests handled in one turn share one COMMIT with the appends, on whichever thread the
 * store writes. A completion resolves only once it is on disk; a claim does not wait for the disk (see `claim`).
 * In the production profile (EVENT_STORE=postgres) the records are a table in PostgreSQL shared by every replica
 * (idempotency.postgres.ts): the same operations and decisions, each committed durably, claims exclusive across
 * processes. With EVENT_STORE=kurrentdb they are records in KurrentDB (idempotency.records.ts), with the same
 * operations and decisions.
 */
import type Database from 'better-sqlite3';
import { localWrites } from '@shenbao/event-store';
import type { SharedWrites } from '@shenbao/event-store';
import type { Clock } from '@shenbao/host';
import { createWriteOps, IDEMPOTENCY_TTL_MS } from './idempotency.ops';
import type { Claim, RequestFingerprint, StoredResponse } from './idempotency.ops';
import type { IdempotencyOnPostgres } from './idempotency.postgres';
import type { IdempotencyOnRecords } from './idempotency.records';

export { IDEMPOTENCY_TTL_MS, STALE_CLAIM_MS } from './idempotency.ops';
export type { AbandonedClaim, Claim, RequestFingerprint, StoredResponse } from './idempotency.ops';

export class IdempotencyStore {
  private lastPurge = 0;
  private readonly writes: SharedWrites;
  /** In the event store's file: an append's flush also writes out the claims committed before it. */
  private readonly besideEvents: boolean;
  private readonly countRows: () => Promise<number>;

  constructor(
    /** Where the table is read (and, without `writes`, written); or the table in PostgreSQL; or KurrentDB's records. */
    db: Database.Database | IdempotencyOnPostgres | IdempotencyOnRecords,
    private readonly clock: Clock,
    /**
     * The event store's shared writes when the table lives in its file (its `writeOps` include idempotency.ops, which
     * created the table); otherwise writes of its own on `db`, which create it.
     */
    writes?: SharedWrites,
  ) {
    if ('writes' in db) {
      // Every COMMIT there is durable: nothing to ask of the disk per operation.
      const shared = db;
      this.writes = shared.writes;
      this.besideEvents = false;
      this.countRows = () => ('count' in shared ? shared.count() : Promise.reject(new Error('the idempotency records in KurrentDB cannot be counted')));
      return;
    }
    const sqlite = db as Database.Database;
    this.writes = writes ?? localWrites(sqlite, createWriteOps(sqlite));
    this.besideEvents = writes !== undefined;
    this.countRows = async () => sqlite.prepare<[], number>('SELECT COUNT(*) FROM idempotency_keys').pluck().get() ?? 0;
  }

  /**
   * `headPosition`: the event log's head, read before claiming (see AbandonedClaim); null when unknown, and then an
   * abandoned claim cannot be checked.
   */
  claim(userId: string, key: string, fp: RequestFingerprint, headPosition: number | null = null): Promise<Claim> {
    const now = this.clock().getTime();
    this.purgeSoon(now);
    // Beside the events, not flushed on its own: a claim lost in a crash was never answered and nothing it led to was
    // committed (an append's flush writes out every commit before it in the file), so the retry simply runs the
    // request. In a file of its own (the log elsewhere) it is flushed: the claim must outlive any event of its request.
    return this.writes.run<Claim>('idempotency.claim', [userId, key, fp, now, headPosition], { durable: !this.besideEvents });
  }

  /** The store's clock (ms), for answers that name times relative to a claim. */
  now(): number {
    return this.clock().getTime();
  }

  /** Stores the response; resolves once it is durable (so a retry after the answer was sent always gets it). */
  complete(userId: string, key: string, response: StoredResponse): Promise<void> {
    const headers = JSON.stringify(response.headers);
    const body = JSON.stringify(response.body ?? null);
    return this.writes.run('idempotency.complete', [userId, key, response.status, headers, body]);
  }

  /** The request failed: nothing was stored for it, so the key is free for a retry. */
  release(userId: string, key: string): Promise<void> {
    return this.writes.run('idempotency.release', [userId, key]);
  }

  /** Drops expired rows; resolves to how many. */
  purgeExpired(now = this.clock().getTime()): Promise<number> {
    this.lastPurge = now;
    return this.writes.run<number>('idempotency.purge', [now - IDEMPOTENCY_TTL_MS], { durable: false });
  }

  count(): Promise<number> {
    return this.countRows();
  }

  /** At most once a minute, from `claim`; a failed purge is tried again at the next one. */
  private purgeSoon(now: number): void {
    if (now - this.lastPurge < 60_000) return;
    void this.purgeExpired(now).catch(() => undefined);
  }
}
