/**
 * Durable record of commands sent with an `Idempotency-Key`, scoped per user (in DATA_DIR/events.sqlite beside the
 * events, sharing their group commit, or in DATA_DIR/app.sqlite when the event store is not that file): the first
 * request claims the key, its successful response is stored, and a repeat within 24 h gets that response back.
 * Claims are taken in an IMMEDIATE transaction, so two API processes on one DATA_DIR cannot both run a request.
 * Writes go through a group commit: the claims (and completions) of the requests handled in one turn of the event
 * loop share one COMMIT. A completion resolves only once it is on disk; a claim does not wait for the disk (see
 * `claim`).
 */
import type { Statement } from 'better-sqlite3';
import type { AppDatabase } from '../../infrastructure/app-database';
import { SqliteGroupCommit } from '@shenbao/event-store';
import type { Clock } from '../../infrastructure/tokens';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim older than this whose request never finished (the process died) may be taken over. */
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

export class IdempotencyStore {
  private lastPurge = 0;
  private readonly commits: SqliteGroupCommit;
  private readonly statements: {
    read: Statement<[string, string], Row>;
    claim: Statement<[string, string, string, string, string, number]>;
    complete: Statement<[number, string, string, string, string]>;
    release: Statement<[string, string]>;
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
    this.commits = commits ?? new SqliteGroupCommit(db);
    this.statements = {
      read: db.prepare('SELECT method, path, body_hash, state, status, headers, body, created_at FROM idempotency_keys WHERE user_id = ? AND key = ?'),
      claim: db.prepare(`INSERT OR REPLACE INTO idempotency_keys (user_id, key, method, path, body_hash, state, created_at)
                         VALUES (?, ?, ?, ?, ?, 'pending', ?)`),
      complete: db.prepare(`UPDATE idempotency_keys SET state = 'done', status = ?, headers = ?, body = ? WHERE user_id = ? AND key = ?`),
      release: db.prepare(`DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND state = 'pending'`),
    };
  }

  claim(userId: string, key: string, fp: RequestFingerprint): Promise<Claim> {
    const now = this.clock().getTime();
    this.purgeExpired(now);
    return this.commits.run((): Claim => {
      const row = this.statements.read.get(userId, key);
      const expired = row !== undefined && now - row.created_at >= IDEMPOTENCY_TTL_MS;
      const abandoned = row !== undefined && row.state === 'pending' && now - row.created_at >= STALE_CLAIM_MS;
      if (row !== undefined && !expired) {
        if (row.method !== fp.method || row.path !== fp.path || row.body_hash !== fp.bodyHash) return { kind: 'mismatch' };
        if (row.state === 'done') {
          return { kind: 'replay', response: { status: row.status ?? 200, headers: JSON.parse(row.headers ?? '{}'), body: JSON.parse(row.body ?? 'null') } };
        }
        if (!abandoned) return { kind: 'inFlight' };
      }
      this.statements.claim.run(userId, key, fp.method, fp.path, fp.bodyHash, now);
      return { kind: 'claimed' };
      // Not flushed on its own: a claim lost in a crash was never answered, so the retry simply runs the request.
      // What must survive is the stored response (`complete`), which is flushed, and with it any claim before it.
    }, { durable: false });
  }

  /** Stores the response; resolves once it is durable (so a retry after the answer was sent always gets it). */
  complete(userId: string, key: string, response: StoredResponse): Promise<void> {
    const headers = JSON.stringify(response.headers);
    const body = JSON.stringify(response.body ?? null);
    return this.commits.run(() => void this.statements.complete.run(response.status, headers, body, userId, key));
  }

  /** The request failed: nothing was stored for it, so the key is free for a retry. */
  release(userId: string, key: string): Promise<void> {
    return this.commits.run(() => void this.statements.release.run(userId, key));
  }

  /** Drops expired rows; runs at most once a minute from `claim`. */
  purgeExpired(now = this.clock().getTime()): number {
    if (now - this.lastPurge < 60_000) return 0;
    this.lastPurge = now;
    return this.db.prepare('DELETE FROM idempotency_keys WHERE created_at <= ?').run(now - IDEMPOTENCY_TTL_MS).changes;
  }

  count(): number {
    return this.db.prepare<[], number>('SELECT COUNT(*) FROM idempotency_keys').pluck().get() ?? 0;
  }
}
