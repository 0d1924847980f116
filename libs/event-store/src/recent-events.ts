/**
 * The events this instance appended last, kept in memory for the live subscriptions and catch-up reads that follow
 * close behind the head (the projections, the deadline consumer, the notifier: normally all of them). Without it,
 * every subscription read each new event back from SQLite and parsed its JSON on its own after every group commit.
 * Here each event is parsed (and upcast) once, on first read, and the same object goes to every reader, so readers
 * must treat events as read-only (the port says so).
 *
 * Only committed events are added, in position order. A position that does not follow the last one held (another
 * process appended in between) starts the buffer afresh, so it always holds one gap-free run of positions; a read it
 * cannot answer completely from that run is left to SQLite.
 */
import type { ChainedRow } from './hash-chain';
import type { StoredEvent } from './port';
import { toStoredEvent } from './stored-row';
import type { UpcasterRegistry } from './upcasters';

interface Held {
  row: ChainedRow & { position: number };
  event?: StoredEvent;
}

export const DEFAULT_RECENT_CAPACITY = 1024;

export class RecentEvents {
  private held: Held[] = [];
  /** Index in `held` of the oldest event still kept (older ones are dropped in bulk, not one shift at a time). */
  private start = 0;

  constructor(
    private readonly upcasters: UpcasterRegistry,
    private readonly capacity = DEFAULT_RECENT_CAPACITY,
  ) {}

  /** Committed rows of one append, in position order. */
  add(rows: (ChainedRow & { position: number })[]): void {
    for (const row of rows) {
      const last = this.held.length > this.start ? this.held[this.held.length - 1].row.position : undefined;
      if (last !== undefined && row.position !== last + 1) this.clear();
      this.held.push({ row });
    }
    const kept = this.held.length - this.start;
    if (kept > this.capacity) this.start += kept - this.capacity;
    if (this.start > this.capacity) {
      this.held = this.held.slice(this.start);
      this.start = 0;
    }
  }

  /**
   * Up to `limit` events after `position`, or undefined when the buffer cannot answer completely: it starts later
   * than `position + 1`, or holds nothing after `position` (another process may have appended; ask SQLite).
   */
  after(position: number, limit: number): StoredEvent[] | undefined {
    if (this.held.length === this.start) return undefined;
    const first = this.held[this.start].row.position;
    const last = this.held[this.held.length - 1].row.position;
    if (position < first - 1 || position >= last) return undefined;
    const from = this.start + (position + 1 - first);
    const to = Math.min(this.held.length, from + limit);
    const events: StoredEvent[] = [];
    for (let i = from; i < to; i += 1) events.push(this.eventAt(i));
    return events;
  }

  clear(): void {
    this.held = [];
    this.start = 0;
  }

  private eventAt(i: number): StoredEvent {
    const held = this.held[i];
    held.event ??= toStoredEvent(held.row, this.upcasters);
    return held.event;
  }
}
