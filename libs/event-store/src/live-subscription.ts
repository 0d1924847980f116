/**
 * `subscribeAll` for every adapter: read batches after a cursor until a read comes back empty, then wait for a
 * change signal (local appends) or a poll tick (appends by another process), and read again. Every event comes from
 * one ordered read after the cursor, so there is no gap and no duplicate between catch-up and live. The signal's
 * version is taken before each read, so an append that lands between the read and the wait is not missed.
 */
import { EventStoreError } from './errors';
import type { StoredEvent, Subscription } from './port';

/** Wakes subscribers after a local append. */
export class ChangeSignal {
  private counter = 0;
  private readonly listeners = new Set<() => void>();

  get version(): number {
    return this.counter;
  }

  notify(): void {
    this.counter += 1;
    for (const listener of [...this.listeners]) listener();
  }

  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export interface LiveSource {
  readAfter(position: number, limit: number): StoredEvent[] | Promise<StoredEvent[]>;
  signal: ChangeSignal;
  /** Re-read this often while idle (for writers in other processes); undefined: only on the signal. */
  pollIntervalMs?: number;
}

export const DEFAULT_BATCH_SIZE = 500;

export class LiveSubscription implements Subscription {
  private closed = false;
  private started = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly source: LiveSource,
    private readonly fromPosition: number,
    private readonly batchSize: number,
    private readonly onClose: (subscription: LiveSubscription) => void,
  ) {
    if (!Number.isInteger(fromPosition) || fromPosition < 0) {
      throw new EventStoreError(`fromPosition must be an integer >= 0, got ${fromPosition}`);
    }
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new EventStoreError(`batchSize must be an integer >= 1, got ${batchSize}`);
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    if (this.started) throw new EventStoreError('a subscription can be iterated once');
    this.started = true;
    return this.follow();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    this.onClose(this);
  }

  private async *follow(): AsyncGenerator<StoredEvent> {
    let cursor = this.fromPosition;
    try {
      while (!this.closed) {
        const seen = this.source.signal.version;
        const batch = await this.source.readAfter(cursor, this.batchSize);
        for (const event of batch) {
          if (this.closed) return;
          cursor = event.position;
          yield event;
        }
        if (batch.length < this.batchSize) await this.changedSince(seen);
      }
    } finally {
      // Leaving the loop early (`break` in for-await) closes the subscription too.
      await this.close();
    }
  }

  private changedSince(seen: number): Promise<void> {
    if (this.closed || this.source.signal.version !== seen) return Promise.resolve();
    return new Promise((resolve) => {
      const poll = this.source.pollIntervalMs;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        unlisten();
        this.wake = undefined;
        resolve();
      };
      const timer = poll === undefined ? undefined : setTimeout(done, poll);
      const unlisten = this.source.signal.listen(done);
      this.wake = done;
    });
  }
}
