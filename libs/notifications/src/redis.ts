/**
 * How the notification adapters reach Redis and name their keys. The connection, key clean-up and checkpoint
 * plumbing are the deadline adapter's (one implementation in @shenbao/scheduling); this module adds the names:
 *
 *   <prefix>:notifications:…       BullMQ's keys of queue `notifications`
 *   <prefix>:checkpoint:notifier   the notifier's checkpoint (global position)
 */
import type { CheckpointStore } from '@shenbao/scheduling';

export { DEFAULT_PREFIX, RedisCheckpointStore, deleteKeys, openRedis, type OwnedRedis, type RedisConnection } from '@shenbao/scheduling';

export const NOTIFICATIONS_QUEUE = 'notifications';
export const NOTIFIER_CHECKPOINT = 'notifier';

export const checkpointKey = (prefix: string, name: string): string => `${prefix}:checkpoint:${name}`;

/**
 * Where a checkpointed consumer keeps the global position it has processed up to (inclusive); `exists()` is false
 * on a fresh (or emptied) Redis: the cue to start from the log's head instead of its beginning.
 */
export type NotifierCheckpoints = CheckpointStore & { exists(): Promise<boolean> };
