/**
 * The pure half of the KurrentDB adapter: how the port's streams, revisions, positions and stored rows map onto
 * KurrentDB streams, stream states and records. No I/O here, so every rule is unit-tested without a server.
 *
 * Layout of one Shenbao store (all names under one `prefix`, so several stores — or test runs — share a server):
 * - `<prefix>-<stream>`: the port's stream, one record per event, record id = event id, revision = the port's revision.
 * - `<prefix>_log`: the store's global log, one record per event, a copy of it; the record at log revision r is the
 *   event at port position r + 1. Every append writes to the log with the log's expected revision, so appends are
 *   serialised by KurrentDB itself and positions come out dense and gap-free (1, 2, 3, …) across processes.
 * - `<prefix>_id-<event id>`: one record per event id, written with NO_STREAM: the index that finds an id already
 *   stored anywhere in the store (KurrentDB itself only deduplicates ids within one stream, and only recent ones).
 * The three are written in one `multiStreamAppend` (atomic), so none of them can exist without the others.
 */
import { createHash } from 'node:crypto';
import { EventStoreError } from '../errors';
import { canonicalJson } from '../hash-chain';
import type { ExpectedRevision, StoredEventMetadata } from '../port';
import type { StoredRow } from '../stored-row';

/** Stream and event-type names KurrentDB's multi-stream append accepts (its StreamName/SchemaName validators). */
export const KURRENT_NAME = /^[a-zA-Z0-9_.-]+$/;
/** Record ids must be UUIDs. */
export const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Record properties (KurrentDB ≥ 25.1 takes string → string only and hands them back merged into the record's
 * metadata, beside its own `$schema.*` keys). The stored metadata goes in as its canonical text, untouched, so the
 * hash chain reads back byte for byte what the SQLite adapter stores.
 */
export const PROPERTY = {
  metadata: 'shenbao.metadata',
  position: 'shenbao.position',
  stream: 'shenbao.stream',
  revision: 'shenbao.revision',
  id: 'shenbao.id',
} as const;

export const ID_RECORD_TYPE = 'ShenbaoEventId';
export const PROBE_RECORD_TYPE = 'ShenbaoProbe';

/** A stream state as @kurrent/kurrentdb-client spells it (its ANY / NO_STREAM constants, or a revision). */
export type KurrentStreamState = 'any' | 'no_stream' | bigint;

export interface StoreNames {
  readonly prefix: string;
  readonly log: string;
  readonly probe: string;
  eventStream(stream: string): string;
  idStream(eventId: string): string;
}

export function storeNames(prefix: string): StoreNames {
  if (typeof prefix !== 'string' || !KURRENT_NAME.test(prefix) || prefix.length > 64) {
    throw new EventStoreError(`KurrentDB prefix must be 1-64 characters of letters, digits, _ . -, got ${JSON.stringify(prefix)}`);
  }
  return {
    prefix,
    log: `${prefix}_log`,
    probe: `${prefix}_probe`,
    eventStream: (stream) => `${prefix}-${stream}`,
    idStream: (eventId) => `${prefix}_id-${eventId}`,
  };
}

/** The port's expected revision as a KurrentDB stream state: 'any' → ANY, 'no_stream' and -1 → NO_STREAM, n → n. */
export function toStreamState(expected: ExpectedRevision): KurrentStreamState {
  if (expected === 'any') return 'any';
  if (expected === 'no_stream' || expected === -1) return 'no_stream';
  if (!Number.isSafeInteger(expected) || expected < -1) throw new EventStoreError(`invalid expected revision ${String(expected)}`);
  return BigInt(expected);
}

/** A KurrentDB stream revision (bigint) as the port's revision. */
export function fromRevision(revision: bigint): number {
  const n = Number(revision);
  if (!Number.isSafeInteger(n) || n < 0) throw new EventStoreError(`KurrentDB revision ${revision} is out of range`);
  return n;
}

/** The port position of the event whose copy sits at this log revision (positions are 1-based). */
export const positionOfLogRevision = (revision: bigint): number => fromRevision(revision) + 1;

/** Where to start reading the log for the events after `position` (exclusive): the log revision equal to it. */
export const logRevisionAfter = (position: number): bigint => BigInt(position);

/**
 * Checks what the port allows but KurrentDB refuses, before anything is read or written, with the field and the rule
 * in the message. Runs on well-formed writes only (append-core's validation reports malformed ones).
 */
export function checkKurrentNames(stream: string, events: readonly { id: string; type: string }[], names: StoreNames): void {
  if (!KURRENT_NAME.test(names.eventStream(stream))) {
    throw new EventStoreError(`stream ${stream}: the KurrentDB store takes stream names of letters, digits, _ . - only`);
  }
  for (const event of events) {
    if (!UUID.test(event.id)) throw new EventStoreError(`stream ${stream}: event id ${event.id} must be a UUID in the KurrentDB store`);
    if (!KURRENT_NAME.test(event.type)) {
      throw new EventStoreError(`stream ${stream}: event ${event.id} type ${event.type} must be letters, digits, _ . - in the KurrentDB store`);
    }
  }
}

/** The id of an event's copy in the log: derived (not random), so a retried append writes the same record. */
export function logRecordId(eventId: string): string {
  const h = createHash('sha256').update(`shenbao-log:${eventId}`).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A record as handed to multiStreamAppend (the client's JSON EventData with string properties). */
export interface KurrentRecord {
  id: string;
  contentType: 'application/json';
  type: string;
  data: unknown;
  metadata: Record<string, string>;
}

const json = (id: string, type: string, data: unknown, metadata: Record<string, string>): KurrentRecord => ({
  id,
  contentType: 'application/json',
  type,
  data,
  metadata,
});

/** The event in its own stream. `row.data` is canonical JSON; the client serialises the parsed value again. */
export function eventRecord(row: StoredRow): KurrentRecord {
  return json(row.id, row.type, JSON.parse(row.data), {
    [PROPERTY.metadata]: row.metadata,
    [PROPERTY.position]: String(row.position),
    [PROPERTY.stream]: row.stream,
  });
}

/** The event's copy in the log: everything needed to hand it out without a second read. */
export function logRecord(row: StoredRow): KurrentRecord {
  return json(logRecordId(row.id), row.type, JSON.parse(row.data), {
    [PROPERTY.metadata]: row.metadata,
    [PROPERTY.position]: String(row.position),
    [PROPERTY.stream]: row.stream,
    [PROPERTY.revision]: String(row.revision),
    [PROPERTY.id]: row.id,
  });
}

export interface IdEntry {
  stream: string;
  revision: number;
  position: number;
}

export function idRecord(row: StoredRow): KurrentRecord {
  const entry: IdEntry = { stream: row.stream, revision: row.revision, position: row.position };
  return json(logRecordId(`id:${row.id}`), ID_RECORD_TYPE, entry, {});
}

export function decodeIdEntry(data: unknown): IdEntry {
  const entry = data as Partial<IdEntry> | null;
  if (!entry || typeof entry.stream !== 'string' || !Number.isSafeInteger(entry.revision) || !Number.isSafeInteger(entry.position)) {
    throw new EventStoreError(`KurrentDB id record is malformed: ${JSON.stringify(data)}`);
  }
  return { stream: entry.stream, revision: entry.revision as number, position: entry.position as number };
}

/** One stream's part of a multi-stream append, as the client's AppendStreamRequest. */
export interface StreamRequest {
  streamName: string;
  expectedState: KurrentStreamState;
  events: KurrentRecord[];
}

/**
 * The one multi-stream append that stores the new rows of a planned append: the log copies, expected at the log head
 * that was read (so any other append in between fails this one), each stream's events expected at the head that was
 * read (its hash chain continues from there), and a NO_STREAM id record per new event.
 */
export function appendRequests(
  names: StoreNames,
  logHead: number,
  inserted: readonly StoredRow[],
  headRevision: (stream: string) => number,
): StreamRequest[] {
  const byStream = new Map<string, StoredRow[]>();
  for (const row of inserted) byStream.set(row.stream, [...(byStream.get(row.stream) ?? []), row]);
  return [
    { streamName: names.log, expectedState: toStreamState(logHead - 1), events: inserted.map(logRecord) },
    ...[...byStream].map(([stream, rows]) => ({
      streamName: names.eventStream(stream),
      expectedState: toStreamState(headRevision(stream)),
      events: rows.map(eventRecord),
    })),
    ...inserted.map((row) => ({ streamName: names.idStream(row.id), expectedState: toStreamState(-1), events: [idRecord(row)] })),
  ];
}

/** What the client hands back for a record (the fields this adapter reads). */
export interface RecordRead {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
}

/**
 * A record read back, as the stored row every adapter shares. `kind` says which stream it came from: an event record
 * takes its id and revision from KurrentDB, a log copy from its properties (its own id and revision are the log's).
 */
export function decodeRecord(record: RecordRead, kind: 'event' | 'log'): StoredRow {
  const where = `KurrentDB record ${record.streamId}@${record.revision}`;
  const props = record.metadata as Record<string, unknown> | undefined;
  const text = (key: string): string => {
    const value = props?.[key];
    if (typeof value !== 'string') throw new EventStoreError(`${where} has no ${key} property: not written by Shenbao`);
    return value;
  };
  const integer = (key: string): number => {
    const value = Number(text(key));
    if (!Number.isSafeInteger(value)) throw new EventStoreError(`${where}: ${key} is not an integer`);
    return value;
  };
  if (!record.isJson) throw new EventStoreError(`${where} is not JSON`);
  const position = integer(PROPERTY.position);
  const metadata = text(PROPERTY.metadata);
  try {
    JSON.parse(metadata) as StoredEventMetadata;
  } catch {
    throw new EventStoreError(`${where}: ${PROPERTY.metadata} is not JSON`);
  }
  if (kind === 'log' && position !== positionOfLogRevision(record.revision)) {
    throw new EventStoreError(`${where}: the log copy names position ${position}, its log revision says ${positionOfLogRevision(record.revision)}`);
  }
  return {
    id: kind === 'log' ? text(PROPERTY.id) : record.id,
    stream: text(PROPERTY.stream),
    revision: kind === 'log' ? integer(PROPERTY.revision) : fromRevision(record.revision),
    position,
    type: record.type,
    data: canonicalJson(record.data),
    metadata,
  };
}

/** The head of a stream as append-core wants it, from its last stored row. */
export function headOf(row: StoredRow): { revision: number; hash: string; hashAlgorithm?: string } {
  const metadata = JSON.parse(row.metadata) as StoredEventMetadata;
  return { revision: row.revision, hash: metadata.hash, ...(metadata.hashAlgorithm ? { hashAlgorithm: metadata.hashAlgorithm } : {}) };
}
