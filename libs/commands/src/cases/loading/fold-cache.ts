/**
 * A bounded LRU of stream folds: the state of a stream after its first `revision + 1` events. It only saves the
 * work of reading and folding a prefix; whoever uses an entry still reads the events after `revision` from the
 * store, so appends by other processes are never missed. Stored events are never rewritten, so an entry can only
 * be incomplete, never wrong.
 */
import { LruMap } from '@shenbao/event-store';

export interface Folded<S> {
  state: S;
  /** Revision of the last event folded into `state`. */
  revision: number;
}

export class FoldCache<S> {
  private readonly entries: LruMap<string, Folded<S>>;

  constructor(readonly capacity: number) {
    this.entries = new LruMap(capacity);
  }

  get size(): number {
    return this.entries.size;
  }

  get(stream: string): Folded<S> | undefined {
    return this.entries.get(stream);
  }

  /** Keeps the fold unless a later one is already cached (concurrent commands may finish out of order). */
  remember(stream: string, state: S, revision: number): void {
    const current = this.entries.peek(stream);
    this.entries.set(stream, current && current.revision > revision ? current : { state, revision });
  }

  forget(stream: string): void {
    this.entries.delete(stream);
  }
}
