/**
 * A consumer's checkpoint in Redis (`<prefix>:checkpoint:<name>`), for the deadline consumer when the schedule lives
 * in BullMQ: checkpoint and schedule then share one fate. If Redis loses its data, both go together and `exists()`
 * says so, which is the cue to rebuild with resyncDeadlines rather than replay every past entry's deadlines.
 */
import type { Redis } from 'ioredis';
import type { CheckpointStore } from '../deadline.types';

export class RedisCheckpointStore implements CheckpointStore {
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
