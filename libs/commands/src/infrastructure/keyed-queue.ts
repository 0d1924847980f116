/**
 * A FIFO queue per key (stream id) inside this process: whoever holds a key runs alone on it, the next in line
 * starts when it releases. Several keys are always taken in sorted order, so two holders of overlapping key sets
 * cannot wait on each other (no deadlock). An idle key leaves no entry behind, so the map stays as small as the
 * number of keys in use. Across processes it guarantees nothing; the event store's expected revisions do that.
 */

/** Frees the keys taken by `acquire`; calling it again does nothing. */
export type Release = () => void;

export class KeyedQueue {
  /** Per key: the promise that settles when its last holder in line releases it. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Number of keys held or waited for now (0 when idle). */
  get size(): number {
    return this.tails.size;
  }

  /** Waits until every key is held by this caller, taking them one by one in sorted order. */
  async acquire(keys: Iterable<string>): Promise<Release> {
    const sorted = [...new Set(keys)].sort();
    const releases: Release[] = [];
    for (const key of sorted) releases.push(await this.take(key));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const release of releases) release();
    };
  }

  /** Runs `fn` holding the keys, and releases them however it ends. */
  async run<T>(keys: Iterable<string>, fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire(keys);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private take(key: string): Promise<Release> | Release {
    const before = this.tails.get(key);
    let open!: () => void;
    const mine = new Promise<void>((resolve) => (open = resolve));
    this.tails.set(key, mine);
    const release: Release = () => {
      // Only the last in line removes the entry; a later holder has already replaced it.
      if (this.tails.get(key) === mine) this.tails.delete(key);
      open();
    };
    // A free key is taken at once, without waiting for another turn of the event loop.
    return before ? before.then(() => release) : release;
  }
}
