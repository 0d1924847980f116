/**
 * The stored form of an event as every adapter keeps it (data and metadata as canonical JSON text), and the one way
 * back to a `StoredEvent`: parse, then upcast. Kept apart so both adapters read exactly alike.
 */
import { EventStoreError } from './errors';
import type { ChainedRow } from './hash-chain';
import type { ReadStreamOptions, StoredEvent, StoredEventMetadata } from './port';
import type { UpcasterRegistry } from './upcasters';

export interface StoredRow extends ChainedRow {
  position: number;
}

/** A row as SQLite hands it out in raw mode (arrays are cheaper than objects on long replays). */
export type StoredTuple = [
  position: number,
  id: string,
  stream: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
];

export function tupleToStoredEvent(t: StoredTuple, upcasters: UpcasterRegistry): StoredEvent {
  const event: StoredEvent = {
    id: t[1],
    stream: t[2],
    revision: t[3],
    position: t[0],
    type: t[4],
    data: JSON.parse(t[5]) as unknown,
    metadata: JSON.parse(t[6]) as StoredEventMetadata,
  };
  return upcasters.isEmpty ? event : upcasters.upcast(event);
}

export function toStoredEvent(row: StoredRow, upcasters: UpcasterRegistry): StoredEvent {
  const event: StoredEvent = {
    id: row.id,
    stream: row.stream,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as StoredEventMetadata,
  };
  return upcasters.isEmpty ? event : upcasters.upcast(event);
}

/** Milliseconds of a `toInstant` option, or undefined when absent. */
export function instantLimit(options: ReadStreamOptions | undefined): number | undefined {
  const instant = options?.toInstant;
  if (instant === undefined) return undefined;
  const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (Number.isNaN(ms)) throw new EventStoreError(`toInstant ${String(instant)} is not a valid instant`);
  return ms;
}

/** As-of filter on metadata.at (inclusive); events with an unreadable `at` are kept out. */
export function atOrBefore(events: StoredEvent[], limitMs: number | undefined): StoredEvent[] {
  if (limitMs === undefined) return events;
  return events.filter((e) => Date.parse(e.metadata.at) <= limitMs);
}

export function checkReadAll(fromPosition: number, limit: number, types?: readonly string[]): void {
  if (types !== undefined && (!Array.isArray(types) || types.some((t) => typeof t !== 'string'))) {
    throw new EventStoreError('types must be an array of event type names');
  }
  if (!Number.isInteger(fromPosition) || fromPosition < 0) {
    throw new EventStoreError(`fromPosition must be an integer >= 0, got ${fromPosition}`);
  }
  if (!Number.isInteger(limit) || limit < 1) throw new EventStoreError(`limit must be an integer >= 1, got ${limit}`);
}
