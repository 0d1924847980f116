/**
 * The idempotency records on record streams (libs/event-store record-streams.ts) — with EVENT_STORE=kurrentdb, in
 * KurrentDB beside the events, shared by every API replica: the write operations of idempotency.ops.ts under the same
 * names and with the same decisions (`decideClaim`). A key is one record (named by a hash of the user and the key, so
 * any key makes a valid name); its last version is the row. A claim writes its version expecting the revision it
 * read, so of two replicas claiming one key at once exactly one succeeds; the other reads again and finds the claim
 * in flight (or, for an abandoned one, the takeover is decided by one replica at a time, as with PostgreSQL's row
 * lock). Every write is durable when KurrentDB acknowledges it, so the completion is stored before the answer is sent.
 *
 * A released key is a version `{state: 'released'}` (the key is free again); expiry is the record's max-age, set
 * when it is created, to twice the 24 h the records answer for (the decision itself reads `created_at`, as the
 * tables do), so `purge` has nothing to do here.
 */
import { createHash } from 'node:crypto';
import { asyncWrites, changeRecord } from '@shenbao/event-store';
import type { RecordStreams, SharedWrites } from '@shenbao/event-store';
import { decideClaim, IDEMPOTENCY_TTL_MS } from './idempotency.ops';
import type { Claim, ClaimRow, RequestFingerprint } from './idempotency.ops';
import { keyTurns } from './key-turns';

type Stored = ClaimRow | { state: 'released' };

export interface IdempotencyOnRecords {
  writes: SharedWrites;
}

/** The record of a user's key: a hash, so that neither may make an invalid or a colliding name. */
export const idempotencyRecordName = (userId: string, key: string): string =>
  `idem-${createHash('sha256').update(userId).update('\u0000').update(key).digest('hex').slice(0, 40)}`;

export function idempotencyOnRecords(records: RecordStreams): IdempotencyOnRecords {
  const inTurn = keyTurns();
  /** The key's record changed as `next` decides on its row (none: never claimed, released or expired). */
  const change = <T>(name: string, next: (row: ClaimRow | undefined) => { write?: Stored; result: T }): Promise<T> =>
    changeRecord<Stored, T>(records, name, (stored) => next(stored && stored.state !== 'released' ? (stored as ClaimRow) : undefined), {
      // A record created now expires by itself (set first: a crash right after the write leaves no record without it).
      beforeCreate: () => records.expireAfter(name, (2 * IDEMPOTENCY_TTL_MS) / 1000),
    });

  const ops: Record<string, (...args: never[]) => Promise<unknown>> = {
    'idempotency.claim': (userId: string, key: string, fp: RequestFingerprint, now: number, headPosition: number | null) =>
      inTurn(userId, key, () => change<Claim>(idempotencyRecordName(userId, key), (row) => {
        const decided = decideClaim(row, fp, now, headPosition);
        if (!decided.write) return { result: decided.claim };
        const claimed: ClaimRow = {
          method: fp.method, path: fp.path, body_hash: fp.bodyHash, state: 'pending', status: null, headers: null, body: null,
          created_at: now, head_position: decided.write.headPosition,
        };
        return { write: claimed, result: decided.claim };
      })),
    // As the tables' UPDATE: a key with no row (released, expired) is left alone.
    'idempotency.complete': (userId: string, key: string, status: number, headers: string, body: string) =>
      inTurn(userId, key, () => change<void>(idempotencyRecordName(userId, key), (row) => ({ write: row && { ...row, state: 'done', status, headers, body }, result: undefined }))),
    'idempotency.release': (userId: string, key: string) =>
      inTurn(userId, key, () => change<void>(idempotencyRecordName(userId, key), (row) => ({ write: row?.state === 'pending' ? { state: 'released' } : undefined, result: undefined }))),
    // Expired records go by their max-age.
    'idempotency.purge': async () => 0,
  };
  return { writes: asyncWrites(ops) };
}
