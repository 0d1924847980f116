/**
 * Group commit for the PostgreSQL store. Appends are serialised by the position counter's row lock, so each costs a
 * whole transaction (its round trips and the commit's WAL flush) while every other append waits. The appends that
 * arrive while one transaction runs are therefore committed together in the next one: a batch is one transaction that
 * takes the lock once, reads the heads and ids it needs once, runs the shared append algorithm for each append in
 * turn over what was read plus what the earlier appends of the batch wrote (BatchTarget), inserts every row in one
 * statement and commits once. Each append keeps its own outcome: one that fails its expected revision (or its input)
 * is rejected alone and leaves no row; if the transaction fails, every append of the batch is rejected and none is
 * stored. A batch is at most MAX_BATCH appends; an append waits at most for the transaction before it.
 */
import type { AppendTarget } from '../append-core';
import type { ChainedRow } from '../hash-chain';
import type { AppendResult, StoredEventMetadata, StreamWrite } from '../port';

export const MAX_BATCH = 256;

export interface PendingAppend {
  writes: StreamWrite[];
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** Queues appends and hands them to `commit` a batch at a time, one batch after another. */
export class GroupCommitQueue {
  private readonly queue: PendingAppend[] = [];
  private running = false;
  private drained: (() => void)[] = [];

  /** `commit` settles every append of the batch it is given and never throws. */
  constructor(private readonly commit: (batch: PendingAppend[]) => Promise<void>) {}

  append(writes: StreamWrite[]): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ writes, resolve, reject });
      if (this.running) return;
      this.running = true;
      // After the current turn's other appends have queued too.
      queueMicrotask(() => void this.drain());
    });
  }

  /** Resolves once every append queued so far is settled. */
  settled(): Promise<void> {
    return this.running ? new Promise((resolve) => this.drained.push(resolve)) : Promise.resolve();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      // `commit` settles its batch itself; should it ever throw, the batch is rejected and the queue goes on.
      await this.commit(batch).catch((error: unknown) => batch.forEach((pending) => pending.reject(error)));
    }
    this.running = false;
    for (const resolve of this.drained.splice(0)) resolve();
  }
}

/** A row of the batch's prefetch: kind 0 a stream's last event (detail: its metadata), kind 1 a stored id (detail: the id). */
export interface PrefetchedRow {
  kind: number;
  stream: string;
  revision: number;
  position: string;
  detail: string;
}

type Head = { revision: number; hash: string; hashAlgorithm?: string };
type Place = { stream: string; revision: number; position: number };

/**
 * The append target of one batch: what was read under the lock, overlaid with the rows the batch's earlier appends
 * wrote. `begin()` before each append, then `keep()` or `undo()` (the failed append's rows and overlay entries go).
 */
export class BatchTarget implements AppendTarget {
  readonly rows: ChainedRow[] = [];
  private readonly heads = new Map<string, Head>();
  private readonly ids = new Map<string, Place>();
  /** Per stream written by the batch: its newest row (parsed for the head only when asked). */
  private readonly written = new Map<string, ChainedRow & { position: number }>();
  private mark = { rows: 0, written: new Map<string, (ChainedRow & { position: number }) | undefined>(), ids: [] as string[] };

  constructor(
    private readonly head: number,
    found: PrefetchedRow[],
  ) {
    for (const row of found) {
      if (row.kind === 1) {
        this.ids.set(row.detail, { stream: row.stream, revision: row.revision, position: Number(row.position) });
      } else {
        this.heads.set(row.stream, headOf(row.revision, row.detail));
      }
    }
  }

  begin(): void {
    this.mark = { rows: this.rows.length, written: new Map(), ids: [] };
  }

  keep(): void {
    this.begin();
  }

  undo(): void {
    this.rows.length = this.mark.rows;
    for (const id of this.mark.ids) this.ids.delete(id);
    for (const [stream, before] of this.mark.written) {
      if (before) this.written.set(stream, before);
      else this.written.delete(stream);
    }
    this.begin();
  }

  findById(id: string): Place | undefined {
    return this.ids.get(id);
  }

  streamHead(stream: string): Head | undefined {
    const last = this.written.get(stream);
    return last ? headOf(last.revision, last.metadata) : this.heads.get(stream);
  }

  insert(row: ChainedRow): number {
    const position = this.headPosition() + 1;
    this.rows.push(row);
    if (!this.mark.written.has(row.stream)) this.mark.written.set(row.stream, this.written.get(row.stream));
    this.written.set(row.stream, { ...row, position });
    this.ids.set(row.id, { stream: row.stream, revision: row.revision, position });
    this.mark.ids.push(row.id);
    return position;
  }

  headPosition(): number {
    return this.head + this.rows.length;
  }
}

function headOf(revision: number, metadataJson: string): Head {
  const metadata = JSON.parse(metadataJson) as StoredEventMetadata;
  return { revision, hash: metadata.hash, ...(metadata.hashAlgorithm ? { hashAlgorithm: metadata.hashAlgorithm } : {}) };
}

/** The streams and event ids a batch's prefetch must read (each once). */
export function batchKeys(batch: PendingAppend[]): { streams: string[]; ids: string[] } {
  const streams = new Set<string>();
  const ids = new Set<string>();
  for (const { writes } of batch) {
    for (const write of writes) {
      streams.add(write.stream);
      for (const event of write.events) ids.add(event.id);
    }
  }
  return { streams: [...streams], ids: [...ids] };
}
