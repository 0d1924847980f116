/**
 * A bounded LRU of stream folds: the state of a stream after its first `revision + 1` events. It only saves the
 * work of reading and folding a prefix; whoever uses an entry still reads the events after `revision` from the
 * store, so appends by other processes are never missed. Stored events are never rewritten, so an entry can only
 * be incomplete, never wrong.
 */
export interface Folded<S> {
  state: S;
  /** Revision of the last event folded into `state`. */
  revision: number;
}

export class FoldCache<S> {
  private readonly entries = new Map<string, Folded<S>>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  get(stream: string): Folded<S> | undefined {
    const hit = this.entries.get(stream);
    if (hit) {
      // Map keeps insertion order: re-inserting marks the entry as the most recently used.
      this.entries.delete(stream);
      this.entries.set(stream, hit);
    }
    return hit;
  }

  /** Keeps the fold unless a later one is already cached (concurrent commands may finish out of order). */
  remember(stream: string, state: S, revision: number): void {
    const current = this.entries.get(stream);
    this.entries.delete(stream);
    this.entries.set(stream, current && current.revision > revision ? current : { state, revision });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  forget(stream: string): void {
    this.entries.delete(stream);
  }
}
