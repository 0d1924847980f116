/**
 * The idempotency table and its write operations (a WriteOpsModule, libs/event-store shared-writes.ts): they run in
 * the event store's group commit, on the API's thread or in the store's writer thread, which loads this module by
 * path, so it imports nothing at run time. See idempotency.store.ts for what the records are for.
 */
import type Database from 'better-sqlite3';

export const IDEMPOTENCY_OPS_MODULE = __filename.replace(/\.[cm]?[jt]s$/, '');

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

function createIdempotencyTable(db: Database.Database): void {
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
}

export function createWriteOps(db: Database.Database) {
  createIdempotencyTable(db);
  const read = db.prepare<[string, string], Row>(
    'SELECT method, path, body_hash, state, status, headers, body, created_at FROM idempotency_keys WHERE user_id = ? AND key = ?',
  );
  const claim = db.prepare<[string, string, string, string, string, number]>(
    `INSERT OR REPLACE INTO idempotency_keys (user_id, key, method, path, body_hash, state, created_at)
     VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
  );
  const complete = db.prepare<[number, string, string, string, string]>(
    `UPDATE idempotency_keys SET state = 'done', status = ?, headers = ?, body = ? WHERE user_id = ? AND key = ?`,
  );
  const release = db.prepare<[string, string]>(`DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND state = 'pending'`);
  const purge = db.prepare<[number]>('DELETE FROM idempotency_keys WHERE created_at <= ?');

  return {
    'idempotency.claim': (userId: string, key: string, fp: RequestFingerprint, now: number): Claim => {
      const row = read.get(userId, key);
      const expired = row !== undefined && now - row.created_at >= IDEMPOTENCY_TTL_MS;
      const abandoned = row !== undefined && row.state === 'pending' && now - row.created_at >= STALE_CLAIM_MS;
      if (row !== undefined && !expired) {
        if (row.method !== fp.method || row.path !== fp.path || row.body_hash !== fp.bodyHash) return { kind: 'mismatch' };
        if (row.state === 'done') {
          return { kind: 'replay', response: { status: row.status ?? 200, headers: JSON.parse(row.headers ?? '{}'), body: JSON.parse(row.body ?? 'null') } };
        }
        if (!abandoned) return { kind: 'inFlight' };
      }
      claim.run(userId, key, fp.method, fp.path, fp.bodyHash, now);
      return { kind: 'claimed' };
    },
    /** Headers and body as JSON text, serialised by the caller (off the writer's thread). */
    'idempotency.complete': (userId: string, key: string, status: number, headers: string, body: string): void => {
      complete.run(status, headers, body, userId, key);
    },
    'idempotency.release': (userId: string, key: string): void => {
      release.run(userId, key);
    },
    'idempotency.purge': (createdAtOrBefore: number): number => purge.run(createdAtOrBefore).changes,
  };
}
