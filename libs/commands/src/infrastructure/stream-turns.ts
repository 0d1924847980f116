/**
 * What the command runners of one process share so that commands on one stream take turns: the keyed queue, and
 * the writes handed to the event store but not settled yet. A turn passes as soon as its append is made, not when
 * it is durable: the store applies appends in the order they are made (one group commit, each append in its own
 * savepoint, each checking its expected revision), so the next command decides on top of the in-flight events and
 * expects their revision. Should an in-flight append fail, the ones decided on top of it fail their check too and
 * are decided again; nothing unsettled is ever acknowledged or cached.
 */
import type { StreamWrite } from '@shenbao/event-store';
import { KeyedQueue } from './keyed-queue';

export interface InFlightEvent {
  type: string;
  data: unknown;
}

interface Segment {
  /** Revision of the first event. */
  from: number;
  events: InFlightEvent[];
  settled: Promise<unknown>;
}

export class InFlightWrites {
  private readonly byStream = new Map<string, Segment[]>();

  /** Number of streams with writes in flight (0 when idle). */
  get size(): number {
    return this.byStream.size;
  }

  /** Keeps the events of one append until `settled` settles. */
  track(writes: StreamWrite[], settled: Promise<unknown>): void {
    for (const w of writes) {
      // Only an append with a known base revision can be decided on top of.
      if (w.events.length === 0 || (typeof w.expectedRevision !== 'number' && w.expectedRevision !== 'no_stream')) continue;
      const from = w.expectedRevision === 'no_stream' ? 0 : w.expectedRevision + 1;
      const segment: Segment = { from, events: w.events.map((e) => ({ type: e.type, data: e.data })), settled };
      const list = this.byStream.get(w.stream) ?? [];
      list.push(segment);
      this.byStream.set(w.stream, list);
      const forget = () => this.forget(w.stream, segment);
      settled.then(forget, forget);
    }
  }

  /** The in-flight events that directly follow `revision` of the stream, in order, and the revision they reach. */
  after(stream: string, revision: number): { events: InFlightEvent[]; revision: number } {
    const events: InFlightEvent[] = [];
    let last = revision;
    for (const s of this.byStream.get(stream) ?? []) {
      // Already visible in the store (committed, its promise not yet run), or not following on: stop at a gap.
      if (s.from + s.events.length - 1 <= last) continue;
      if (s.from !== last + 1) break;
      events.push(...s.events);
      last += s.events.length;
    }
    return { events, revision: last };
  }

  /** Settles when every write now in flight on these streams has settled, however. */
  async whenSettled(streams: Iterable<string>): Promise<void> {
    const pending = [...streams].flatMap((s) => (this.byStream.get(s) ?? []).map((seg) => seg.settled));
    await Promise.allSettled(pending);
  }

  private forget(stream: string, segment: Segment): void {
    const list = this.byStream.get(stream);
    if (!list) return;
    const i = list.indexOf(segment);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byStream.delete(stream);
  }
}

/** One per process (per app), shared by every CommandRunner in it. */
export class StreamTurns {
  readonly queue = new KeyedQueue();
  readonly inFlight = new InFlightWrites();
}
