/**
 * The event store port: what the rest of Shenbao may rely on, whatever the adapter (memory, SQLite, KurrentDB).
 * Every adapter passes the one contract suite in event-store.contract.ts.
 */

/** `'any'`: no check; `'no_stream'`: the stream must not exist; a number: the stream's current revision must equal it. */
export type ExpectedRevision = 'any' | 'no_stream' | number;

export interface EventMetadata {
  /** User id of who caused the event (`system` for timers and seeding). */
  actor: string;
  role: string;
  /** ISO 8601 instant the command was decided at (the clock passed to the decider). */
  at: string;
  correlationId: string;
  causationId: string;
  idempotencyKey?: string;
  /** Schema version of `data` for this event type; upcasters lift old versions on read. */
  schemaVersion: number;
  /**
   * The hash of the stream's chain: absent for SHA-256 (every stream before issue #16), `sm3` for SM3 (GB/T 32905).
   * A new stream is chained as its first event asks; every later event of it follows the stream (the store sets this
   * field to match), so SHA-256 and SM3 streams coexist in one log. Hashed with the rest of the metadata.
   */
  hashAlgorithm?: ChainHash;
}

/** The hash of a stream's chain. */
export type ChainHash = 'sha256' | 'sm3';

/** What a caller hands to `append`. The id makes appends idempotent: an id already stored is not stored again. */
export interface NewEvent<D = unknown> {
  id: string;
  type: string;
  data: D;
  metadata: EventMetadata;
}

export interface StoredEventMetadata extends EventMetadata {
  /** The hash (hex) of the previous event in the stream; 64 zeros for the first. */
  prevHash: string;
  /** SHA-256 or SM3 (hashAlgorithm; hex) over prevHash + the canonical JSON of {id, stream, revision, type, data, metadata sans hashes}. */
  hash: string;
}

/**
 * An event as read back. Readers must treat it as read-only: an adapter may hand the same object to several readers
 * (the SQLite adapter does, for the events it appended last).
 */
export interface StoredEvent<D = unknown> {
  id: string;
  stream: string;
  /** 0-based, per stream. */
  revision: number;
  /** Global, strictly increasing across the store (1-based). */
  position: number;
  type: string;
  data: D;
  metadata: StoredEventMetadata;
}

export interface StreamWrite {
  stream: string;
  expectedRevision: ExpectedRevision;
  events: NewEvent[];
}

/** What became of one event handed to `append`. */
export interface AppendedEvent {
  id: string;
  /** Where the event is stored: for a duplicate, the stream, revision and position of the original. */
  stream: string;
  revision: number;
  position: number;
  /** True when the id was already stored (nothing was stored for it this time). */
  duplicate: boolean;
}

export interface AppendResult {
  /** Per stream written, in the order given: the stream's revision after the write. */
  streams: { stream: string; revision: number }[];
  /** Position of the last event appended (or, when everything was a duplicate, of the last original). */
  position: number;
  /** One entry per event handed in, in the order given. */
  events: AppendedEvent[];
}

export interface ReadStreamOptions {
  fromRevision?: number;
  /** Only events at or before this global position (as-of views). */
  toPosition?: number;
  /** Only events whose metadata.at is at or before this instant (as-of views). */
  toInstant?: Date | string;
}

export interface ReadAllOptions {
  /** Exclusive: events with position > fromPosition. 0 reads from the start. */
  fromPosition: number;
  limit: number;
  /**
   * Only events of these types (still in position order, `limit` of them). A follower that wants a few kinds of
   * event reads just those: the embedded store answers from an index instead of scanning the log.
   */
  types?: readonly string[];
}

export interface SubscribeOptions {
  /** Events read per catch-up query (default 500). */
  batchSize?: number;
}

export interface Subscription extends AsyncIterable<StoredEvent> {
  /** Stops the subscription; a pending iteration ends. */
  close(): Promise<void>;
}

/**
 * Lifts a stored event from one schema version to the next. The registry sets `metadata.schemaVersion` to the
 * next version itself, so an upcaster only reshapes `data` (and may rename `type`); it must not mutate its input.
 */
export type Upcaster = (event: StoredEvent) => StoredEvent;

export interface VerifyResult {
  ok: boolean;
  /** Events checked. */
  checked: number;
  /** The first revision whose hash does not match, when not ok. */
  brokenAt?: number;
  reason?: string;
}

export interface EventStore {
  /**
   * Atomic over all writes: one conflict (WrongExpectedRevisionError) stores nothing. An event whose id is already
   * stored is not stored again; a write whose events are all such duplicates skips its expected-revision check, so a
   * retried append succeeds. A write with no events only checks its expected revision. A stream may appear once.
   */
  append(writes: StreamWrite[]): Promise<AppendResult>;
  /** All events of a stream in revision order (empty when the stream does not exist). */
  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** Current revision of a stream, or -1 when it does not exist. */
  streamRevision(stream: string): Promise<number>;
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /** Position of the last event in the store (0 when empty). */
  headPosition(): Promise<number>;
  /** Catch up from `fromPosition` (exclusive), then follow live appends, in order, without gaps or duplicates. */
  subscribeAll(fromPosition: number, options?: SubscribeOptions): Subscription;
  /** Recompute the stream's hash chain over the stored form (before upcasting). */
  verify(stream: string): Promise<VerifyResult>;
  close(): Promise<void>;
}
