/**
 * The credential table in PostgreSQL (EVENT_STORE=postgres), shared by every API replica: the write operations of
 * credentials.ops.ts under the same names and with the same effects, each committed durably, and the read of a hash.
 * See credential.store.ts for how rows relate to the user events.
 */
import { asyncWrites } from '@shenbao/event-store';
import type { PostgresTables, SharedWrites } from '@shenbao/event-store';
import type { CredentialRow } from './credentials.ops';

export interface CredentialsOnPostgres {
  writes: SharedWrites;
  hashFor(userId: string, eventId: string): Promise<string | undefined>;
}

export function credentialsOnPostgres(tables: PostgresTables): CredentialsOnPostgres {
  const table = tables.table('user_credentials');
  const deleted = async (where: string, values: unknown[]): Promise<number> =>
    (await tables.query<{ n: number }>(`WITH d AS (DELETE FROM ${table} WHERE ${where} RETURNING 1) SELECT count(*)::int AS n FROM d`, values))[0].n;
  const ops: Record<string, (...args: never[]) => Promise<unknown>> = {
    'credentials.set': async (row: CredentialRow, now: number) => {
      await tables.query(
        `INSERT INTO ${table} (user_id, event_id, password_hash, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, event_id) DO UPDATE SET password_hash = excluded.password_hash, created_at = excluded.created_at`,
        [row.userId, row.eventId, row.passwordHash, now],
      );
    },
    'credentials.keepOnly': (userId: string, eventId: string) => deleted('user_id = $1 AND event_id <> $2', [userId, eventId]),
    'credentials.discard': async (userId: string, eventId: string) => {
      await deleted('user_id = $1 AND event_id = $2', [userId, eventId]);
    },
    /** Rows copied from old events; an existing row (a later password) is never replaced. */
    'credentials.insertMissing': async (rows: CredentialRow[], now: number) => {
      const [row] = await tables.query<{ n: number }>(
        `WITH i AS (INSERT INTO ${table} (user_id, event_id, password_hash, created_at)
           SELECT u, e, h, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS r(u, e, h)
           ON CONFLICT (user_id, event_id) DO NOTHING RETURNING 1) SELECT count(*)::int AS n FROM i`,
        [rows.map((r) => r.userId), rows.map((r) => r.eventId), rows.map((r) => r.passwordHash), now],
      );
      return row.n;
    },
  };
  return {
    writes: asyncWrites(ops),
    hashFor: async (userId, eventId) =>
      (await tables.query<{ password_hash: string }>(`SELECT password_hash FROM ${table} WHERE user_id = $1 AND event_id = $2`, [userId, eventId]))[0]?.password_hash,
  };
}
