/**
 * The password hashes on record streams (libs/event-store record-streams.ts) — with EVENT_STORE=kurrentdb, in
 * KurrentDB beside the events (never in the event log itself), shared by every API replica: the write operations of
 * credentials.ops.ts under the same names and with the same effects, and the read of a hash. A user's rows are one
 * record (named by a hash of the user id); its last version holds every row the tables would hold for that user
 * (`{eventId: {hash, createdAt}}`, usually one). Each change writes a whole new version expecting the revision it read,
 * then drops the versions before it, so a replaced hash is gone from reads at once and from disk at KurrentDB's next
 * scavenge. See credential.store.ts for how rows relate to the user events.
 */
import { createHash } from 'node:crypto';
import { asyncWrites, changeRecord } from '@shenbao/event-store';
import type { RecordStreams, SharedWrites } from '@shenbao/event-store';
import type { CredentialRow } from './credentials.ops';

type Rows = Record<string, { hash: string; createdAt: number }>;

export interface CredentialsOnRecords {
  writes: SharedWrites;
  hashFor(userId: string, eventId: string): Promise<string | undefined>;
}

export const credentialRecordName = (userId: string): string => `cred-${createHash('sha256').update(userId).digest('hex').slice(0, 40)}`;

export function credentialsOnRecords(records: RecordStreams): CredentialsOnRecords {
  /** Applies `edit` to the user's rows (a copy); writes them when it changed something; resolves to what it returned. */
  const change = (userId: string, edit: (rows: Rows) => number): Promise<number> => {
    const name = credentialRecordName(userId);
    return changeRecord<{ rows: Rows }, number>(
      records,
      name,
      (current) => {
        const rows: Rows = { ...(current?.rows ?? {}) };
        const changed = edit(rows);
        return changed === 0 ? { result: 0 } : { write: { rows }, result: changed };
      },
      // The earlier versions hold hashes this one dropped or replaced.
      { afterWrite: (revision) => records.dropBefore(name, revision) },
    );
  };

  const ops: Record<string, (...args: never[]) => Promise<unknown>> = {
    'credentials.set': async (row: CredentialRow, now: number) => {
      await change(row.userId, (rows) => {
        rows[row.eventId] = { hash: row.passwordHash, createdAt: now };
        return 1;
      });
    },
    'credentials.keepOnly': (userId: string, eventId: string) =>
      change(userId, (rows) => {
        const others = Object.keys(rows).filter((id) => id !== eventId);
        for (const id of others) delete rows[id];
        return others.length;
      }),
    'credentials.discard': async (userId: string, eventId: string) => {
      await change(userId, (rows) => {
        if (!Object.hasOwn(rows, eventId)) return 0;
        delete rows[eventId];
        return 1;
      });
    },
    /** Rows copied from old events; an existing row (a later password) is never replaced. */
    'credentials.insertMissing': async (rows: CredentialRow[], now: number) => {
      const byUser = new Map<string, CredentialRow[]>();
      for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
      let inserted = 0;
      for (const [userId, mine] of byUser) {
        inserted += await change(userId, (current) => {
          let n = 0;
          for (const r of mine) {
            if (Object.hasOwn(current, r.eventId)) continue;
            current[r.eventId] = { hash: r.passwordHash, createdAt: now };
            n += 1;
          }
          return n;
        });
      }
      return inserted;
    },
  };
  return {
    writes: asyncWrites(ops),
    hashFor: async (userId, eventId) => {
      const rows = (await records.last<{ rows: Rows }>(credentialRecordName(userId)))?.data.rows;
      return rows && Object.hasOwn(rows, eventId) ? rows[eventId].hash : undefined;
    },
  };
}
