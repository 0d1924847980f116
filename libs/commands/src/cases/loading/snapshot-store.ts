/**
 * Lets the shared CommandRunner start a fold from a cached state instead of revision 0, without changing it: this
 * EventStore decorator answers `readStream(stream)` with one `$folded` pseudo-event (the cached state, carrying the
 * cached revision) followed by the stored events after it, and a model wrapped with `resumable()` turns that
 * pseudo-event back into the state. The runner then sees the right last revision for its expected-revision check.
 * `$folded` exists only between this decorator and the runner; it is never appended.
 */
import type {
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StreamWrite,
  SubscribeOptions,
  Subscription,
  VerifyResult,
} from '@shenbao/event-store';
import type { EventMessage, StreamModel } from '../../infrastructure/command-runner';
import type { Folded } from './fold-cache';

export const FOLDED_TYPE = '$folded';
export type FoldedMessage<S> = { type: typeof FOLDED_TYPE; data: { state: S } };

/** A model that accepts the `$folded` pseudo-event as "the state so far". */
export function resumable<S, E extends EventMessage>(model: StreamModel<S, E>): StreamModel<S, E | FoldedMessage<S>> {
  return {
    initialState: model.initialState,
    evolve: (state, event) => (event.type === FOLDED_TYPE ? (event as FoldedMessage<S>).data.state : model.evolve(state, event as E)),
  };
}

function foldedEvent(stream: string, folded: Folded<unknown>): StoredEvent {
  return {
    id: `${FOLDED_TYPE}:${stream}:${folded.revision}`,
    stream,
    revision: folded.revision,
    position: 0,
    type: FOLDED_TYPE,
    data: { state: folded.state },
    metadata: { actor: 'system', role: 'system', at: '', correlationId: '', causationId: '', schemaVersion: 1, prevHash: '', hash: '' },
  };
}

export class SnapshotReadingStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly snapshotOf: (stream: string) => Folded<unknown> | undefined,
  ) {}

  async readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    // Only the runner's plain "whole stream" read is served from a snapshot; as-of reads go to the store.
    const snapshot = options === undefined ? this.snapshotOf(stream) : undefined;
    if (!snapshot) return this.inner.readStream(stream, options);
    const tail = await this.inner.readStream(stream, { fromRevision: snapshot.revision + 1 });
    return [foldedEvent(stream, snapshot), ...tail];
  }

  append(writes: StreamWrite[]): Promise<AppendResult> {
    return this.inner.append(writes);
  }

  streamRevision(stream: string): Promise<number> {
    return this.inner.streamRevision(stream);
  }

  readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    return this.inner.readAll(options);
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  subscribeAll(fromPosition: number, options?: SubscribeOptions): Subscription {
    return this.inner.subscribeAll(fromPosition, options);
  }

  verify(stream: string): Promise<VerifyResult> {
    return this.inner.verify(stream);
  }

  /** The wrapped store belongs to the app (closed on shutdown), not to this view of it. */
  async close(): Promise<void> {}
}
