/**
 * How the notification adapters reach Redis and name their keys (the same layout as the deadline adapter's, which
 * this lib does not import):
 *
 *   <prefix>:notifications:…       BullMQ's keys of queue `notifications`
 *   <prefix>:checkpoint:notifier   the notifier's checkpoint (global position)
 */
import IORedis, { type Redis, type RedisOptions } from 'ioredis';

/** A `redis://` URL, ioredis options, or a client the caller owns (and closes). */
export type RedisConnection = string | RedisOptions | Redis;

export const DEFAULT_PREFIX = 'shenbao';
export const NOTIFICATIONS_QUEUE = 'notifications';
export const NOTIFIER_CHECKPOINT = 'notifier';

export const checkpointKey = (prefix: string, name: string): string => `${prefix}:checkpoint:${name}`;

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

/** Where a checkpointed consumer keeps the global position it has processed up to (inclusive). */
export interface NotifierCheckpoints {
  load(): Promise<number>;
  save(position: number): Promise<void>;
  /** False on a fresh (or emptied) Redis: the cue to start from the log's head instead of its beginning. */
  exists(): Promise<boolean>;
}

export class RedisCheckpointStore implements NotifierCheckpoints {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
  ) {}

  async load(): Promise<number> {
    const value = await this.redis.get(this.key);
    if (value === null) return 0;
    const position = Number(value);
    if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`checkpoint ${this.key} holds ${value}`);
    return position;
  }

  async save(position: number): Promise<void> {
    await this.redis.set(this.key, String(position));
  }

  async exists(): Promise<boolean> {
    return (await this.redis.exists(this.key)) === 1;
  }
}
