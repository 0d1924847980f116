/**
 * /health's view of Redis (only when REDIS_URL is set): a connection of its own that never queues commands while
 * disconnected, so a PING fails at once when Redis is gone instead of waiting for it to come back (the BullMQ
 * connections do wait, by design). It reconnects in the background like any ioredis client.
 */
import IORedis from 'ioredis';
import type { Redis } from 'ioredis';

export const REDIS_PROBE = Symbol('REDIS_PROBE');

export class RedisProbe {
  private readonly client: Redis;

  constructor(url: string) {
    this.client = new IORedis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1000 });
    // Connection errors are what ping() reports; without a listener ioredis would print each one.
    this.client.on('error', () => undefined);
  }

  /** Round-trip time in ms; rejects when Redis does not answer PONG within `timeoutMs`. */
  async ping(timeoutMs: number): Promise<number> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const reply = await Promise.race([this.client.ping(), timeout]);
      if (reply !== 'PONG') throw new Error(`Redis answered ${reply}`);
      return Date.now() - started;
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }
}
