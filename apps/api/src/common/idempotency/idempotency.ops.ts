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

/** A claim whose request never finished (the process stopped): what is needed to tell whether it was carried out. */
export interface AbandonedClaim {
  /** When it was claimed (ms). */
  claimedAt: number;
  /** The event log's head when it was claimed: events the request appended come after it; null from older builds. */
  headPosition: number | null;
}

export type Claim =
  | { kind: 'claimed'; abandoned?: AbandonedClaim }
  | { kind: 'replay'; response: StoredResponse }
  /** `claimedAt` (ms): when the running request claimed the key; it may be taken over STALE_CLAIM_MS later. */
  | { kind: 'inFlight'; claimedAt: number }
  | { kind: 'mismatch' };

/** A stored record as the claim decision reads it (the same columns in SQLite and PostgreSQL). */
export interface ClaimRow {
  method: string;
  path: string;
  body_hash: string;
  state: 'pending' | 'done';
  status: number | null;
  headers: string | null;
  body: string | null;
  created_at: number;
  head_position: number | null;
}

/**
 * What a claim finds, given the key's stored row (if any): the answer, and whether the key is (re)claimed now, with
 * the head position to keep. Shared by both stores' claim operations, so SQLite and PostgreSQL decide alike.
 */
export function decideClaim(row: ClaimRow | undefined, fp: RequestFingerprint, now: number, headPosition: number | null): { claim: Claim; write?: { headPosition: number | null } } {
  const expired = row !== undefined && now - row.created_at >= IDEMPOTENCY_TTL_MS;
  const abandoned = row !== undefined && row.state === 'pending' && now - row.created_at >= STALE_CLAIM_MS;
  if (row !== undefined && !expired) {
    if (row.method !== fp.method || row.path !== fp.path || row.body_hash !== fp.bodyHash) return { claim: { kind: 'mismatch' } };
    if (row.state === 'done') {
      return { claim: { kind: 'replay', response: { status: row.status ?? 200, headers: JSON.parse(row.headers ?? '{}'), body: JSON.parse(row.body ?? 'null') } } };
    }
    if (!abandoned) return { claim: { kind: 'inFlight', claimedAt: row.created_at } };
  }
  if (row === undefined || expired) return { claim: { kind: 'claimed' }, write: { headPosition } };
  // Taken over, it keeps the first claim's head: should this one stop too, the next still looks far enough back.
  return { claim: { kind: 'claimed', abandoned: { claimedAt: row.created_at, headPosition: row.head_position } }, write: { headPosition: row.head_position } };
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
    head_position INTEGER,
    PRIMARY KEY (user_id, key)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS idempotency_keys_created ON idempotency_keys (created_at);`);
  // Tables made before head_position existed get it (NULL in their rows: such a claim cannot be checked).
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(idempotency_keys)').all();
  if (!columns.some((c) => c.name === 'head_position')) db.exec('ALTER TABLE idempotency_keys ADD COLUMN head_position INTEGER');
}

export function createWriteOps(db: Database.Database) {
  createIdempotencyTable(db);
  const read = db.prepare<[string, string], ClaimRow>(
    'SELECT method, path, body_hash, state, status, headers, body, created_at, head_position FROM idempotency_keys WHERE user_id = ? AND key = ?',
  );
  const claim = db.prepare<[string, string, string, string, string, number, number | null]>(
    `INSERT OR REPLACE INTO idempotency_keys (user_id, key, method, path, body_hash, state, created_at, head_position)
     VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
  );
  const complete = db.prepare<[number, string, string, string, string]>(
    `UPDATE idempotency_keys SET state = 'done', status = ?, headers = ?, body = ? WHERE user_id = ? AND key = ?`,
  );
  const release = db.prepare<[string, string]>(`DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND state = 'pending'`);
  const purge = db.prepare<[number]>('DELETE FROM idempotency_keys WHERE created_at <= ?');

  return {
    /**
     * `headPosition`: the event log's head now, kept with the claim; when the request is abandoned, the one taking it
     * over looks after that position for events the request appended (IdempotencyInterceptor).
     */
    'idempotency.claim': (userId: string, key: string, fp: RequestFingerprint, now: number, headPosition: number | null): Claim => {
      const decided = decideClaim(read.get(userId, key), fp, now, headPosition);
      if (decided.write) claim.run(userId, key, fp.method, fp.path, fp.bodyHash, now, decided.write.headPosition);
      return decided.claim;
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
