/**
 * How the BullMQ deadline adapter reaches Redis and names its keys. One place for the key layout, so the scheduler,
 * the worker, the checkpoint store and the tests' cleanup agree on it:
 *
 *   <prefix>:<queue>:…                 BullMQ's own keys (jobs, delayed set, wait list, events, …)
 *   <prefix>:deadline-entry:<c>-<s>-<e> set of the job ids scheduled for one stage entry (what cancelEntry removes)
 *   <prefix>:deadline-done             sorted set: deadline id → when its handler succeeded (ms), trimmed by age
 *   <prefix>:checkpoint:<name>         a consumer's checkpoint (global position)
 *
 * Our keys sit beside the queue's, not inside `<prefix>:<queue>:`, so they never meet BullMQ's names and survive a
 * `queue.obliterate()`.
 */
import IORedis, { type Redis, type RedisOptions } from 'ioredis';

/** A `redis://` URL, ioredis options, or a client the caller owns (and closes). */
export type RedisConnection = string | RedisOptions | Redis;

export const DEFAULT_PREFIX = 'shenbao';
export const DEADLINES_QUEUE = 'deadlines';

export interface OwnedRedis {
  client: Redis;
  /** Quits the client if this module opened it; a caller's client is left open. */
  release(): Promise<void>;
}

/** BullMQ workers need `maxRetriesPerRequest: null` (their blocking commands must not time out into errors). */
export function openRedis(connection: RedisConnection): OwnedRedis {
  if (connection instanceof IORedis) return { client: connection, release: async () => undefined };
  const client =
    typeof connection === 'string'
      ? new IORedis(connection, { maxRetriesPerRequest: null })
      : new IORedis({ ...connection, maxRetriesPerRequest: null });
  return {
    client,
    release: async () => {
      if (client.status === 'end') return;
      await client.quit().catch(() => client.disconnect());
    },
  };
}

export interface DeadlineKeys {
  done: string;
  entry(caseId: string, stage: string, entry: number): string;
  entryPattern: string;
  checkpoint(name: string): string;
}

export function deadlineKeys(prefix: string): DeadlineKeys {
  return {
    done: `${prefix}:deadline-done`,
    entry: (caseId, stage, entry) => `${prefix}:deadline-entry:${caseId}-${stage}-${entry}`,
    entryPattern: `${prefix}:deadline-entry:*`,
    checkpoint: (name) => `${prefix}:checkpoint:${name}`,
  };
}

/** Deletes every key matching `pattern` (SCAN + UNLINK, never KEYS or FLUSH); returns how many went. */
export async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** How long a done mark is kept (default 30 days): long enough to absorb any replay of the events that planned it. */
export const DEFAULT_DONE_TTL_MS = 30 * 24 * 3600 * 1000;

/** Which of `ids` have a done mark (one ZMSCORE per call; Redis ≥ 6.2). */
export async function doneIds(redis: Redis, key: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const scores = await redis.zmscore(key, ...ids);
  return new Set(ids.filter((_, i) => scores[i] !== null));
}

/** Marks a deadline handled, and drops marks older than `ttlMs` in the same round trip. */
export async function markDone(redis: Redis, key: string, id: string, nowMs: number, ttlMs: number): Promise<void> {
  await redis.multi().zadd(key, nowMs, id).zremrangebyscore(key, '-inf', nowMs - ttlMs).exec();
}
