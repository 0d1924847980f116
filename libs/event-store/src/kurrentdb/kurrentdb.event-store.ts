/**
 * The event store port on KurrentDB (EventStoreDB's successor) through @kurrent/kurrentdb-client 1.x. Needs
 * KurrentDB ≥ 25.1 for `multiStreamAppend`; `open` probes for it and refuses an older server with a clear message.
 *
 * How the port's promises are met (the layout is in kurrentdb-records.ts):
 * - Atomic multi-stream append: the case and program streams, the log copies and the id records of one append go in
 *   one `multiStreamAppend` (one KurrentDB transaction).
 * - Expected revisions: the stream heads and the log head are read, append-core (the algorithm the SQLite and memory
 *   adapters run) checks the caller's expected revisions and chains the hashes against them, and the write carries
 *   the revisions it read as KurrentDB expected states (NO_STREAM or the revision). A write by anyone else in
 *   between moves the log, KurrentDB refuses ours, and the append is planned again from fresh reads (bounded), so a
 *   real conflict still surfaces as WrongExpectedRevisionError and a write without events checks its revision
 *   against a state no other append has moved.
 * - Idempotent ids: an id already stored anywhere in the store is found through its `<prefix>_id-<id>` record and
 *   not stored again (the duplicate reports the original's stream, revision and position). KurrentDB's own
 *   deduplication is per stream and best effort, so it is not relied on.
 * - Positions: the port's position is the event's place in the store's log stream (log revision + 1), not KurrentDB's
 *   commit/prepare position (byte offsets in the transaction file, with gaps, and one commit position shared by every
 *   record of a multi-stream transaction). The log is appended with its expected revision, so positions are dense,
 *   strictly increasing and gap-free across every process writing to the store; a follower stores the port position
 *   it reached and resumes by reading the log from that revision on.
 * - subscribeAll: reads the log after a cursor in batches; when caught up it waits for a KurrentDB catch-up
 *   subscription on the log stream (a doorbell: any new log record) or a poll tick, then reads on. Every event comes
 *   from one ordered read of the log, so there is no gap or duplicate between catch-up and live. (A `$all`
 *   subscription filtered to the log stream would carry the same records, in the same order, with the server scanning
 *   every other record of `$all` to filter them out; KurrentDB's `$all` checkpoints are then not needed either, as the
 *   follower's checkpoint is the port position it stores itself.)
 * - Hash chain: append-core's rows (the same canonical text the SQLite adapter stores), the metadata text kept as a
 *   record property byte for byte; `verify` recomputes the chain from the stored records.
 * Costs, said plainly: every event is written three times (its stream, the log copy, the id record), and all appends
 * to one store are serialised through the log's expected revision (one append at a time per process here, plus
 * retries between processes).
 */
import {
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  KurrentDBClient,
  STREAM_EXISTS,
  convertToCommandError,
  isCommandError,
  jsonEvent,
} from '@kurrent/kurrentdb-client';
import type { AppendStreamRequest, ResolvedEvent, StreamSubscription } from '@kurrent/kurrentdb-client';
import { runAppend } from '../append-core';
import type { AppendTarget } from '../append-core';
import { EventStoreError } from '../errors';
import type { ChainedRow } from '../hash-chain';
import { verifyChain } from '../hash-chain';
import { ChangeSignal, DEFAULT_BATCH_SIZE, LiveSubscription } from '../live-subscription';
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
} from '../port';
import { atOrBefore, checkReadAll, instantLimit, toStoredEvent } from '../stored-row';
import type { StoredRow, StoredRowReader } from '../stored-row';
import { UpcasterRegistry } from '../upcasters';
import {
  PROBE_RECORD_TYPE,
  appendRequests,
  checkKurrentNames,
  decodeIdEntry,
  decodeRecord,
  fromRevision,
  headOf,
  logRevisionAfter,
  positionOfLogRevision,
  storeNames,
} from './kurrentdb-records';
import type { IdEntry, RecordRead, StoreNames } from './kurrentdb-records';

export interface KurrentDbEventStoreOptions {
  /** `kurrentdb://…` connection string (KURRENTDB_URL; the 1.x client also takes kurrent:// and kdb://, not esdb://). */
  connectionString: string;
  /** Names every stream of this store (`<prefix>-case-…`, `<prefix>_log`, …); default `shenbao`. */
  prefix?: string;
  upcasters?: UpcasterRegistry;
  /** While caught up, read the log this often even without a doorbell (default 1000 ms). */
  pollIntervalMs?: number;
  /** Attempts of one append when other writers keep moving the log (default 50). */
  maxAppendAttempts?: number;
}

type Head = { revision: number; hash: string; hashAlgorithm?: string };

/** append-core's storage target over state read beforehand; inserted rows are collected, then written at once. */
class PlannedAppend implements AppendTarget {
  readonly inserted: StoredRow[] = [];

  constructor(
    private readonly heads: ReadonlyMap<string, Head | undefined>,
    private readonly ids: ReadonlyMap<string, IdEntry | undefined>,
    readonly logHead: number,
  ) {}

  findById(id: string): IdEntry | undefined {
    return this.ids.get(id);
  }

  streamHead(stream: string): Head | undefined {
    return this.heads.get(stream);
  }

  insert(row: ChainedRow): number {
    const position = this.logHead + this.inserted.length + 1;
    this.inserted.push({ ...row, position });
    return position;
  }

  headPosition(): number {
    return this.logHead;
  }
}

export class KurrentDbEventStore implements EventStore, StoredRowReader {
  private readonly upcasters: UpcasterRegistry;
  private readonly pollIntervalMs: number;
  private readonly maxAppendAttempts: number;
  private readonly signal = new ChangeSignal();
  private readonly subscriptions = new Set<LiveSubscription>();
  private doorbell: StreamSubscription | undefined;
  private appending: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly client: KurrentDBClient,
    private readonly names: StoreNames,
    options: KurrentDbEventStoreOptions,
  ) {
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxAppendAttempts = options.maxAppendAttempts ?? 50;
  }

  /** Connects and checks the server takes multi-stream appends (KurrentDB ≥ 25.1); refuses otherwise. */
  static async open(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
    const names = storeNames(options.prefix ?? 'shenbao');
    let client: KurrentDBClient;
    try {
      client = KurrentDBClient.connectionString(options.connectionString);
    } catch (error) {
      throw new EventStoreError(`KURRENTDB_URL is not a valid KurrentDB connection string: ${messageOf(error)}`, { cause: error });
    }
    const store = new KurrentDbEventStore(client, names, options);
    try {
      await store.probe();
    } catch (error) {
      await client.dispose();
      throw error;
    }
    return store;
  }

  async append(writes: StreamWrite[]): Promise<AppendResult> {
    this.ensureOpen();
    // One append at a time per process: concurrent ones would only conflict on the log and retry.
    const run = this.appending.then(
      () => this.appendNow(writes),
      () => this.appendNow(writes),
    );
    this.appending = run.catch(() => undefined);
    return run;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    this.ensureOpen();
    const from = options.fromRevision ?? 0;
    if (!Number.isSafeInteger(from) || from < 0) throw new EventStoreError(`fromRevision must be an integer >= 0, got ${from}`);
    const toPosition = options.toPosition ?? Number.MAX_SAFE_INTEGER;
    const limitMs = instantLimit(options);
    const rows = (await this.streamRows(stream, BigInt(from))).filter((r) => r.position <= toPosition);
    return atOrBefore(
      rows.map((r) => toStoredEvent(r, this.upcasters)),
      limitMs,
    );
  }

  async streamRevision(stream: string): Promise<number> {
    this.ensureOpen();
    const last = await this.readLast(this.names.eventStream(stream));
    return last ? fromRevision(last.revision) : -1;
  }

  async readAll({ fromPosition, limit, types }: ReadAllOptions): Promise<StoredEvent[]> {
    this.ensureOpen();
    checkReadAll(fromPosition, limit, types);
    if (types === undefined) return this.readAfter(fromPosition, limit);
    if (types.length === 0) return [];
    // KurrentDB has no index of our log by type: read the log in pages and keep the wanted ones.
    const wanted = new Set(types);
    const found: StoredRow[] = [];
    const page = Math.max(limit, DEFAULT_BATCH_SIZE);
    for (let cursor = fromPosition; found.length < limit; ) {
      const rows = await this.logRows(cursor, page);
      for (const row of rows) if (wanted.has(row.type) && found.length < limit) found.push(row);
      if (rows.length < page) break;
      cursor = rows[rows.length - 1].position;
    }
    return found.map((r) => toStoredEvent(r, this.upcasters));
  }

  async headPosition(): Promise<number> {
    this.ensureOpen();
    const last = await this.readLast(this.names.log);
    return last ? positionOfLogRevision(last.revision) : 0;
  }

  subscribeAll(fromPosition: number, options: SubscribeOptions = {}): Subscription {
    this.ensureOpen();
    const source = { readAfter: (p: number, n: number) => this.readAfter(p, n), signal: this.signal, pollIntervalMs: this.pollIntervalMs };
    const subscription = new LiveSubscription(source, fromPosition, options.batchSize ?? DEFAULT_BATCH_SIZE, (s) => {
      this.subscriptions.delete(s);
      if (this.subscriptions.size === 0) this.stopDoorbell();
    });
    this.subscriptions.add(subscription);
    this.startDoorbell();
    return subscription;
  }

  async verify(stream: string): Promise<VerifyResult> {
    this.ensureOpen();
    return verifyChain(await this.streamRows(stream, 0n));
  }

  /** Events in their stored form (StoredRowReader): the log's copies, as written. */
  async readStored(afterPosition: number, limit: number): Promise<StoredRow[]> {
    this.ensureOpen();
    checkReadAll(afterPosition, limit);
    return this.logRows(afterPosition, limit);
  }

  async readStreamStored(stream: string): Promise<StoredRow[]> {
    this.ensureOpen();
    return this.streamRows(stream, 0n);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.stopDoorbell();
    await this.appending;
    await this.client.dispose();
  }

  private async appendNow(writes: StreamWrite[]): Promise<AppendResult> {
    for (let attempt = 1; ; attempt += 1) {
      const plan = await this.plan(writes);
      // Validates the writes, checks expected revisions and ids, and chains the hashes (throws before any write).
      const result = runAppend(plan, writes);
      if (plan.inserted.length === 0) return result;
      for (const row of plan.inserted) checkKurrentNames(row.stream, [row], this.names);
      try {
        const requests = appendRequests(this.names, plan.logHead, plan.inserted, (s) => plan.streamHead(s)?.revision ?? -1);
        await this.client.multiStreamAppend(requests as AppendStreamRequest[]);
      } catch (error) {
        if (!isConflict(error)) throw failure('append', error);
        if (attempt >= this.maxAppendAttempts) {
          throw new EventStoreError(`append gave up after ${attempt} attempts: other writers kept moving the log`, { cause: error });
        }
        await sleep(Math.min(50, 2 ** attempt) * (0.5 + Math.random()));
        continue;
      }
      this.signal.notify();
      return result;
    }
  }

  /** Reads what append-core needs: the log head, each stream's head, where each event id is already stored. */
  private async plan(writes: StreamWrite[]): Promise<PlannedAppend> {
    // Malformed writes are read around here and refused by append-core's validation.
    const wellFormed = Array.isArray(writes) ? writes.filter((w) => typeof w?.stream === 'string' && Array.isArray(w.events)) : [];
    const streams = [...new Set(wellFormed.map((w) => w.stream))];
    const ids = [...new Set(wellFormed.flatMap((w) => w.events.map((e) => e?.id)).filter((id): id is string => typeof id === 'string' && id !== ''))];
    const [log, heads, found] = await Promise.all([
      this.readLast(this.names.log),
      Promise.all(streams.map(async (s) => [s, await this.streamHead(s)] as const)),
      Promise.all(ids.map(async (id) => [id, await this.findId(id)] as const)),
    ]);
    return new PlannedAppend(new Map(heads), new Map(found), log ? positionOfLogRevision(log.revision) : 0);
  }

  private async streamHead(stream: string): Promise<Head | undefined> {
    const last = await this.readLast(this.names.eventStream(stream));
    return last && headOf(decodeRecord(last, 'event'));
  }

  private async findId(id: string): Promise<IdEntry | undefined> {
    const last = await this.readLast(this.names.idStream(id));
    return last && decodeIdEntry(last.data);
  }

  private async readAfter(position: number, limit: number): Promise<StoredEvent[]> {
    return (await this.logRows(position, limit)).map((r) => toStoredEvent(r, this.upcasters));
  }

  /** Up to `limit` events after `position` from the log, checked to continue it without a gap. */
  private async logRows(position: number, limit: number): Promise<StoredRow[]> {
    const records = await this.readForward(this.names.log, logRevisionAfter(position), limit);
    const rows = records.map((r) => decodeRecord(r, 'log'));
    rows.forEach((row, i) => {
      if (row.position !== position + 1 + i) {
        throw new EventStoreError(`the log ${this.names.log} has a gap: position ${position + 1 + i} expected, ${row.position} found (truncated or scavenged?)`);
      }
    });
    return rows;
  }

  private async streamRows(stream: string, from: bigint): Promise<StoredRow[]> {
    const records = await this.readForward(this.names.eventStream(stream), from, Number.MAX_SAFE_INTEGER);
    return records.map((r) => decodeRecord(r, 'event'));
  }

  private async readForward(streamName: string, from: bigint, maxCount: number): Promise<RecordRead[]> {
    return this.read(streamName, { direction: FORWARDS, fromRevision: from, maxCount });
  }

  private async readLast(streamName: string): Promise<RecordRead | undefined> {
    return (await this.read(streamName, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }))[0];
  }

  private async read(
    streamName: string,
    options: { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: bigint | typeof END; maxCount: number },
  ): Promise<RecordRead[]> {
    const records: RecordRead[] = [];
    try {
      for await (const resolved of this.client.readStream(streamName, options) as AsyncIterable<ResolvedEvent>) {
        if (resolved.event) records.push(resolved.event as unknown as RecordRead);
      }
    } catch (error) {
      if (kurrentErrorType(error) === ErrorType.STREAM_NOT_FOUND) return [];
      throw failure(`read ${streamName}`, error);
    }
    return records;
  }

  /**
   * A multi-stream append that can only fail: STREAM_EXISTS on a stream nothing writes. KurrentDB ≥ 25.1 answers
   * with a revision conflict and stores nothing; an older server does not know the call.
   */
  private async probe(): Promise<void> {
    try {
      await this.client.multiStreamAppend([
        { streamName: this.names.probe, expectedState: STREAM_EXISTS, events: [jsonEvent({ type: PROBE_RECORD_TYPE, data: {} })] },
      ]);
    } catch (error) {
      if (isConflict(error)) return;
      if (kurrentErrorType(error) === ErrorType.UNAVAILABLE) {
        throw new EventStoreError(`KurrentDB does not answer at KURRENTDB_URL (${messageOf(error)})`, { cause: error });
      }
      throw new EventStoreError(
        `KurrentDB refused a multi-stream append (${messageOf(error)}): Shenbao needs KurrentDB 25.1 or later, reachable at KURRENTDB_URL with write access`,
        { cause: error },
      );
    }
    // Only if someone wrote the probe stream: the call is supported all the same.
  }

  /** A catch-up subscription to the log from its end: it only wakes the subscriptions, which read the log in order. */
  private startDoorbell(): void {
    if (this.doorbell || this.closed) return;
    const doorbell = this.client.subscribeToStream(this.names.log, { fromRevision: END });
    doorbell.on('data', () => this.signal.notify());
    // Without a doorbell the subscriptions still poll; a later subscribeAll rings a new one.
    doorbell.on('error', () => {
      if (this.doorbell === doorbell) this.doorbell = undefined;
    });
    this.doorbell = doorbell;
  }

  private stopDoorbell(): void {
    const doorbell = this.doorbell;
    this.doorbell = undefined;
    void doorbell?.unsubscribe().catch(() => undefined);
  }

  private ensureOpen(): void {
    if (this.closed) throw new EventStoreError('event store is closed');
  }
}

/**
 * The client's error type, if it is one of its errors: a multi-stream append can reject with the raw gRPC error (its
 * request stream's 'error' event) as well as with the converted one (its callback), whichever comes first.
 */
function kurrentErrorType(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const converted = convertToCommandError(error);
  return isCommandError(converted) ? converted.type : undefined;
}

function isConflict(error: unknown): boolean {
  return kurrentErrorType(error) === ErrorType.WRONG_EXPECTED_VERSION;
}

function failure(action: string, error: unknown): EventStoreError {
  return error instanceof EventStoreError ? error : new EventStoreError(`KurrentDB ${action} failed: ${messageOf(error)}`, { cause: error });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
