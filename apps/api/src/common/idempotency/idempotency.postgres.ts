/**
 * The idempotency records in PostgreSQL (EVENT_STORE=postgres), shared by every API replica: the write operations of
 * idempotency.ops.ts under the same names and with the same decisions (`decideClaim`), each in a transaction of its
 * own. A claim is exclusive across processes: it first tries `INSERT … ON CONFLICT DO NOTHING` on its own (of two
 * replicas claiming a new key at once, one inserts and the other waits for its COMMIT, then finds its row); a key that
 * exists is read `FOR UPDATE` in a transaction, so a takeover of an abandoned claim is decided by one replica at a
 * time (and a row deleted in between — released, purged — sends the claim back to the INSERT). Every COMMIT is
 * durable (synchronous_commit), so the completion is on disk before the answer is sent, as in SQLite.
 *
 * Within one process, the operations on one key run in call order (as in SQLite's group commit, where the claims of
 * one turn settle one after the other): each waits for the one before it on that key.
 */
import { asyncWrites } from '@shenbao/event-store';
import type { PostgresTables, Queryable, SharedWrites } from '@shenbao/event-store';
import { decideClaim } from './idempotency.ops';
import { keyTurns } from './key-turns';
import type { Claim, ClaimRow, RequestFingerprint } from './idempotency.ops';

/** bigint columns arrive as text from node-postgres. */
interface PgRow extends Omit<ClaimRow, 'created_at' | 'head_position'> {
  created_at: string;
  head_position: string | null;
}

const COLUMNS = 'method, path, body_hash, state, status, headers, body, created_at, head_position';

export interface IdempotencyOnPostgres {
  writes: SharedWrites;
  count(): Promise<number>;
}

export function idempotencyOnPostgres(tables: PostgresTables): IdempotencyOnPostgres {
  const table = tables.table('idempotency_keys');
  const inTurn = keyTurns();

  /** A new key: one statement, committed on its own (the usual case, one round trip). True when it was inserted. */
  const insertNew = async (userId: string, key: string, fp: RequestFingerprint, now: number, headPosition: number | null): Promise<boolean> =>
    (
      await tables.query(
        `INSERT INTO ${table} (user_id, key, method, path, body_hash, state, created_at, head_position)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) ON CONFLICT (user_id, key) DO NOTHING RETURNING 1`,
        [userId, key, fp.method, fp.path, fp.bodyHash, now, headPosition],
      )
    ).length === 1;

  /** A key that exists: read under the row lock, decided, taken over when abandoned or expired. */
  const claimExisting = (tx: Queryable, userId: string, key: string, fp: RequestFingerprint, now: number, headPosition: number | null) =>
    (async (): Promise<Claim | undefined> => {
      const [raw] = await tx.query<PgRow>(`SELECT ${COLUMNS} FROM ${table} WHERE user_id = $1 AND key = $2 FOR UPDATE`, [userId, key]);
      // Deleted between the two statements (released or purged): try again.
      if (raw === undefined) return undefined;
      const row: ClaimRow = { ...raw, created_at: Number(raw.created_at), head_position: raw.head_position === null ? null : Number(raw.head_position) };
      const decided = decideClaim(row, fp, now, headPosition);
      if (decided.write) {
        await tx.query(
          `UPDATE ${table} SET method = $3, path = $4, body_hash = $5, state = 'pending', status = NULL, headers = NULL, body = NULL,
           created_at = $6, head_position = $7 WHERE user_id = $1 AND key = $2`,
          [userId, key, fp.method, fp.path, fp.bodyHash, now, decided.write.headPosition],
        );
      }
      return decided.claim;
    })();

  const ops: Record<string, (...args: never[]) => Promise<unknown>> = {
    'idempotency.claim': (userId: string, key: string, fp: RequestFingerprint, now: number, headPosition: number | null) =>
      inTurn(userId, key, async () => {
        for (;;) {
          if (await insertNew(userId, key, fp, now, headPosition)) return { kind: 'claimed' } as Claim;
          const claim = await tables.transaction((tx) => claimExisting(tx, userId, key, fp, now, headPosition));
          if (claim !== undefined) return claim;
        }
      }),
    'idempotency.complete': (userId: string, key: string, status: number, headers: string, body: string) =>
      inTurn(userId, key, async () => {
        await tables.query(`UPDATE ${table} SET state = 'done', status = $3, headers = $4, body = $5 WHERE user_id = $1 AND key = $2`, [userId, key, status, headers, body]);
      }),
    'idempotency.release': (userId: string, key: string) =>
      inTurn(userId, key, async () => {
        await tables.query(`DELETE FROM ${table} WHERE user_id = $1 AND key = $2 AND state = 'pending'`, [userId, key]);
      }),
    'idempotency.purge': async (createdAtOrBefore: number) => {
      const [row] = await tables.query<{ n: number }>(`WITH d AS (DELETE FROM ${table} WHERE created_at <= $1 RETURNING 1) SELECT count(*)::int AS n FROM d`, [createdAtOrBefore]);
      return row.n;
    },
  };
  return {
    writes: asyncWrites(ops),
    count: async () => (await tables.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n,
  };
}
