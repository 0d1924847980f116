/**
 * Durable record of commands sent with an `Idempotency-Key`, scoped per user (in DATA_DIR/events.sqlite beside the
 * events, sharing their group commit, or in DATA_DIR/app.sqlite when the event store is not that file).
 *
 * A request claims its key in this process's memory: a repeat while it runs is refused (409), another request under
 * the same key is refused (422), and nothing is written yet. Its successful response is then written in one durable
 * commit, shared with the appends and responses of the other requests of that turn; a repeat within 24 h gets that
 * response back. A failed request only frees its claim.
 *
 * Claims used to be rows too (pending, then done). Keeping them in memory takes one write to a random page of the
 * key index and one group-commit turn off every request (measured in BENCHMARKS.md), and loses nothing: a claim lost
 * in a crash was never answered, so the retry simply runs the request. It does mean claims are per process: one API
 * process serves a DATA_DIR (as the read models already require).
 */
import type { Statement } from 'better-sqlite3';
import type { AppDatabase } from '../../infrastructure/app-database';
import { SqliteGroupCommit } from '@shenbao/event-store';
import type { Clock } from '../../infrastructure/tokens';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim older than this whose request never finished (a handler that never settled) may be taken over. */
export const STALE_CLAIM_MS = 60 * 1000;

export interface RequestFingerprint {
  method: string;
  path: string;
  bodyHash: string;
}

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'inFlight' }
  | { kind: 'mismatch' };

interface Row {
  method: string;
  path: string;
  body_hash: string;
  state: 'pending' | 'done';
  status: number | null;
  headers: string | null;
  body: string | null;
  created_at: number;
}

interface Held {
  fp: RequestFingerprint;
  at: number;
}

const sameRequest = (a: RequestFingerprint, b: { method: string; path: string; body_hash?: string; bodyHash?: string }): boolean =>
  a.method === b.method && a.path === b.path && a.bodyHash === (b.bodyHash ?? b.body_hash);

export class IdempotencyStore {
  private lastPurge = 0;
  private readonly commits: SqliteGroupCommit;
  /** Requests of this process that hold their key now, by user and key. */
  private readonly held = new Map<string, Held>();
  private readonly statements: {
    read: Statement<[string, string], Row>;
    store: Statement<[string, string, string, string, string, number, string, string, number]>;
  };

  constructor(
    private readonly db: AppDatabase,
    private readonly clock: Clock,
    /** The connection's group commit when it is shared (the event store's); otherwise one of its own. */
    commits?: SqliteGroupCommit,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS idempotency_keys (
      user_id    TEXT    NOT NULL,
      key        TEXT    NOT NULL,
      method     TEXT    NOT NULL,
      path       TEXT    NOT NULL,
      body_hash  TEXT    NOT NULL,
      state      TEXT    NOT NULL CHECK (state IN ('pending', 'done')),
      status     INTEGER,
      headers    TEXT,
      body       TEXT,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (user_id, key)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS idempotency_keys_created ON idempotency_keys (created_at);`);
    // 'pending' rows were claims written by older builds; none of them was answered, so none needs keeping.
    db.exec(`DELETE FROM idempotency_keys WHERE state = 'pending'`);
    this.commits = commits ?? new SqliteGroupCommit(db);
    this.statements = {
      read: db.prepare('SELECT method, path, body_hash, state, status, headers, body, created_at FROM idempotency_keys WHERE user_id = ? AND key = ?'),
      store: db.prepare(`INSERT OR REPLACE INTO idempotency_keys (user_id, key, method, path, body_hash, state, status, headers, body, created_at)
                         VALUES (?, ?, ?, ?, ?, 'done', ?, ?, ?, ?)`),
    };
  }

  claim(userId: string, key: string, fp: RequestFingerprint): Promise<Claim> {
    const now = this.clock().getTime();
    this.purgeExpired(now);
    const id = heldId(userId, key);
    const held = this.held.get(id);
    if (held !== undefined && now - held.at < STALE_CLAIM_MS) {
      return Promise.resolve(sameRequest(fp, held.fp) ? { kind: 'inFlight' } : { kind: 'mismatch' });
    }
    const row = this.statements.read.get(userId, key);
    if (row !== undefined && row.state === 'done' && now - row.created_at < IDEMPOTENCY_TTL_MS) {
      if (!sameRequest(fp, row)) return Promise.resolve({ kind: 'mismatch' });
      return Promise.resolve({
        kind: 'replay',
        response: { status: row.status ?? 200, headers: JSON.parse(row.headers ?? '{}'), body: JSON.parse(row.body ?? 'null') },
      });
    }
    this.held.set(id, { fp, at: now });
    return Promise.resolve({ kind: 'claimed' });
  }

  /**
   * Stores the response of a claimed request; resolves once it is durable (so a retry after the answer was sent
   * always gets it). The claim is let go once the response is stored, or when storing it failed.
   */
  async complete(userId: string, key: string, response: StoredResponse): Promise<void> {
    const id = heldId(userId, key);
    const held = this.held.get(id);
    if (held === undefined) throw new Error(`Idempotency-Key "${key}" was not claimed by this process`);
    const headers = JSON.stringify(response.headers);
    const body = JSON.stringify(response.body ?? null);
    const { method, path, bodyHash } = held.fp;
    try {
      await this.commits.run(() =>
        void this.statements.store.run(userId, key, method, path, bodyHash, response.status, headers, body, held.at),
      );
    } finally {
      if (this.held.get(id) === held) this.held.delete(id);
    }
  }

  /** The request failed: nothing was stored for it, so the key is free for a retry. */
  release(userId: string, key: string): Promise<void> {
    this.held.delete(heldId(userId, key));
    return Promise.resolve();
  }

  /** Drops expired rows; runs at most once a minute from `claim`. */
  purgeExpired(now = this.clock().getTime()): number {
    if (now - this.lastPurge < 60_000) return 0;
    this.lastPurge = now;
    return this.db.prepare('DELETE FROM idempotency_keys WHERE created_at <= ?').run(now - IDEMPOTENCY_TTL_MS).changes;
  }

  /** Stored responses (not the claims in flight). */
  count(): number {
    return this.db.prepare<[], number>('SELECT COUNT(*) FROM idempotency_keys').pluck().get() ?? 0;
  }
}

const heldId = (userId: string, key: string): string => `${userId}\n${key}`;
