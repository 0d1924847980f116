/**
 * In-memory adapter for unit tests. It keeps events in their stored form (canonical JSON text), exactly like SQLite,
 * so reads hand out fresh objects, hashing and upcasting behave identically, and tests can tamper with a record.
 */
import { runAppend } from './append-core';
import type { AppendTarget } from './append-core';
import { EventStoreError } from './errors';
import type { ChainedRow } from './hash-chain';
import { verifyChain } from './hash-chain';
import { ChangeSignal, DEFAULT_BATCH_SIZE, LiveSubscription } from './live-subscription';
import type {
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StoredEventMetadata,
  StreamWrite,
  SubscribeOptions,
  Subscription,
  VerifyResult,
} from './port';
import { atOrBefore, checkReadAll, instantLimit, toStoredEvent } from './stored-row';
import type { StoredRow, StoredRowReader } from './stored-row';
import { UpcasterRegistry } from './upcasters';

/** The events themselves; several MemoryEventStore instances may share one log (like processes sharing a file). */
export class MemoryEventLog implements AppendTarget {
  /** Row at index i has position i + 1. */
  readonly rows: StoredRow[] = [];
  readonly signal = new ChangeSignal();
  private readonly byId = new Map<string, StoredRow>();
  private readonly byStream = new Map<string, StoredRow[]>();

  findById(id: string): { stream: string; revision: number; position: number } | undefined {
    const row = this.byId.get(id);
    return row && { stream: row.stream, revision: row.revision, position: row.position };
  }

  streamHead(stream: string): { revision: number; hash: string; hashAlgorithm?: string } | undefined {
    const rows = this.byStream.get(stream);
    const last = rows?.[rows.length - 1];
    if (!last) return undefined;
    const metadata = JSON.parse(last.metadata) as StoredEventMetadata;
    return { revision: last.revision, hash: metadata.hash, ...(metadata.hashAlgorithm ? { hashAlgorithm: metadata.hashAlgorithm } : {}) };
  }

  insert(row: ChainedRow): number {
    const stored: StoredRow = { ...row, position: this.rows.length + 1 };
    this.rows.push(stored);
    this.byId.set(stored.id, stored);
    const streamRows = this.byStream.get(stored.stream) ?? [];
    streamRows.push(stored);
    this.byStream.set(stored.stream, streamRows);
    return stored.position;
  }

  headPosition(): number {
    return this.rows.length;
  }

  streamRows(stream: string): readonly StoredRow[] {
    return this.byStream.get(stream) ?? [];
  }
}

export interface MemoryEventStoreOptions {
  upcasters?: UpcasterRegistry;
  /** Share a log between instances; a fresh one by default. */
  log?: MemoryEventLog;
}

export class MemoryEventStore implements EventStore, StoredRowReader {
  readonly log: MemoryEventLog;
  private readonly upcasters: UpcasterRegistry;
  private readonly subscriptions = new Set<LiveSubscription>();
  private closed = false;

  constructor(options: MemoryEventStoreOptions = {}) {
    this.log = options.log ?? new MemoryEventLog();
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
  }

  async append(writes: StreamWrite[]): Promise<AppendResult> {
    this.ensureOpen();
    const result = runAppend(this.log, writes);
    this.log.signal.notify();
    return result;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    this.ensureOpen();
    const fromRevision = options.fromRevision ?? 0;
    const toPosition = options.toPosition ?? Number.MAX_SAFE_INTEGER;
    const limitMs = instantLimit(options);
    const rows = this.log.streamRows(stream).filter((r) => r.revision >= fromRevision && r.position <= toPosition);
    return atOrBefore(
      rows.map((r) => toStoredEvent(r, this.upcasters)),
      limitMs,
    );
  }

  async streamRevision(stream: string): Promise<number> {
    this.ensureOpen();
    return this.log.streamHead(stream)?.revision ?? -1;
  }

  async readAll({ fromPosition, limit, types }: ReadAllOptions): Promise<StoredEvent[]> {
    this.ensureOpen();
    checkReadAll(fromPosition, limit, types);
    if (types === undefined) return this.readAfter(fromPosition, limit);
    const wanted = new Set(types);
    const rows: StoredRow[] = [];
    for (let i = fromPosition; i < this.log.rows.length && rows.length < limit; i++) {
      if (wanted.has(this.log.rows[i]!.type)) rows.push(this.log.rows[i]!);
    }
    return rows.map((r) => toStoredEvent(r, this.upcasters));
  }

  async headPosition(): Promise<number> {
    this.ensureOpen();
    return this.log.headPosition();
  }

  subscribeAll(fromPosition: number, options: SubscribeOptions = {}): Subscription {
    this.ensureOpen();
    const source = { readAfter: (p: number, n: number) => this.readAfter(p, n), signal: this.log.signal };
    const subscription = new LiveSubscription(source, fromPosition, options.batchSize ?? DEFAULT_BATCH_SIZE, (s) =>
      this.subscriptions.delete(s),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async verify(stream: string): Promise<VerifyResult> {
    this.ensureOpen();
    return verifyChain(this.log.streamRows(stream));
  }

  /** Events in their stored form (StoredRowReader). */
  async readStored(afterPosition: number, limit: number): Promise<StoredRow[]> {
    this.ensureOpen();
    checkReadAll(afterPosition, limit);
    return this.log.rows.slice(afterPosition, afterPosition + limit).map((r) => ({ ...r }));
  }

  async readStreamStored(stream: string): Promise<StoredRow[]> {
    this.ensureOpen();
    return this.log.streamRows(stream).map((r) => ({ ...r }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
  }

  private readAfter(position: number, limit: number): StoredEvent[] {
    return this.log.rows.slice(position, position + limit).map((r) => toStoredEvent(r, this.upcasters));
  }

  private ensureOpen(): void {
    if (this.closed) throw new EventStoreError('event store is closed');
  }
}
