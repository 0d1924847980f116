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

/**
 * An adapter that hands out events as stored: the canonical text the hash chain was computed over, byte for byte,
 * nothing parsed or upcast. What the integrity check verifies and a verifiable record carries: re-serialising what
 * `readAll` returns would verify the upcast form instead (a false alarm on every event an upcaster changes) and would
 * not see a stored text changed in a way that parses the same.
 */
export interface StoredRowReader {
  /** Up to `limit` rows after `afterPosition`, in position order. */
  readStored(afterPosition: number, limit: number): Promise<StoredRow[]>;
  /** A stream's rows in revision order. */
  readStreamStored(stream: string): Promise<StoredRow[]>;
}

export const readsStoredRows = (store: object): store is StoredRowReader =>
  typeof (store as Partial<StoredRowReader>).readStored === 'function' && typeof (store as Partial<StoredRowReader>).readStreamStored === 'function';

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
