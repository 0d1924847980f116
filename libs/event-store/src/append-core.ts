/**
 * The append algorithm both adapters share, over a synchronous storage target (SQLite runs it inside one
 * BEGIN IMMEDIATE transaction; memory runs it in one tick). All checks happen before the first insert, so a
 * conflict leaves the target untouched even where there is no transaction to roll back.
 */
import { EventStoreError, WrongExpectedRevisionError } from './errors';
import { GENESIS_HASH, canonicalEntries, canonicalJson, entriesJson, eventHash, metadataWithoutHashes } from './hash-chain';
import type { ChainedRow } from './hash-chain';
import type { AppendResult, AppendedEvent, ChainHash, ExpectedRevision, NewEvent, StreamWrite } from './port';

export interface AppendTarget {
  /** Where an already stored event id lives. */
  findById(id: string): { stream: string; revision: number; position: number } | undefined;
  /** The stream's last revision, hash and chain hash (absent: SHA-256); undefined when the stream does not exist. */
  streamHead(stream: string): { revision: number; hash: string; hashAlgorithm?: string | null } | undefined;
  /** Stores one row at the next position and returns that position. */
  insert(row: ChainedRow): number;
  headPosition(): number;
}

type Slot = { kind: 'new' } | { kind: 'stored'; original: AppendedEvent } | { kind: 'repeat' };

interface Plan {
  write: StreamWrite;
  head: { revision: number; hash: string; hashAlgorithm?: string | null } | undefined;
  slots: Slot[];
}

export function runAppend(target: AppendTarget, writes: StreamWrite[]): AppendResult {
  validateWrites(writes);
  const plans = planWrites(target, writes);
  const events: AppendedEvent[] = [];
  const appendedById = new Map<string, AppendedEvent>();
  const streams: AppendResult['streams'] = [];
  for (const { write, head, slots } of plans) {
    let revision = head?.revision ?? -1;
    let prevHash = head?.hash ?? GENESIS_HASH;
    // An existing stream keeps its chain hash; a new one takes the one its first new event asks for.
    const firstNew = write.events.find((_, i) => slots[i].kind === 'new');
    const algorithm: ChainHash = head ? (head.hashAlgorithm === 'sm3' ? 'sm3' : 'sha256') : firstNew?.metadata.hashAlgorithm === 'sm3' ? 'sm3' : 'sha256';
    for (const [i, event] of write.events.entries()) {
      const slot = slots[i];
      if (slot.kind === 'stored') {
        events.push(slot.original);
      } else if (slot.kind === 'repeat') {
        events.push({ ...(appendedById.get(event.id) as AppendedEvent), duplicate: true });
      } else {
        revision += 1;
        const row = chainRow(write.stream, revision, prevHash, event, algorithm);
        prevHash = row.hash;
        const appended = { id: event.id, stream: write.stream, revision, position: target.insert(row), duplicate: false };
        appendedById.set(event.id, appended);
        events.push(appended);
      }
    }
    streams.push({ stream: write.stream, revision });
  }
  const position = events.length ? events.reduce((max, e) => Math.max(max, e.position), 0) : target.headPosition();
  return { streams, position, events };
}

/** Classifies every event (new, already stored, repeated within this call) and checks expected revisions. */
function planWrites(target: AppendTarget, writes: StreamWrite[]): Plan[] {
  const newIds = new Set<string>();
  return writes.map((write) => {
    const head = target.streamHead(write.stream);
    const slots = write.events.map((event): Slot => {
      const stored = target.findById(event.id);
      if (stored) return { kind: 'stored', original: { id: event.id, ...stored, duplicate: true } };
      if (newIds.has(event.id)) return { kind: 'repeat' };
      newIds.add(event.id);
      return { kind: 'new' };
    });
    // A retried write (every event already stored) must succeed although its expected revision is now stale.
    const retried = slots.length > 0 && slots.every((s) => s.kind !== 'new');
    if (!retried) checkExpected(write.stream, write.expectedRevision, head?.revision ?? -1);
    return { write, head, slots };
  });
}

function checkExpected(stream: string, expected: ExpectedRevision, actual: number): void {
  if (expected === 'any') return;
  const wanted = expected === 'no_stream' ? -1 : expected;
  if (wanted !== actual) throw new WrongExpectedRevisionError(stream, expected, actual);
}

function chainRow(stream: string, revision: number, prevHash: string, event: NewEvent, algorithm: ChainHash): ChainedRow & { hash: string } {
  const dataJson = canonicalJson(event.data);
  // Metadata is serialised once; the stored text is the hashed text with the two chain fields merged in. The chain
  // hash is named for SM3 only, so SHA-256 events are stored exactly as before.
  const { hashAlgorithm: _asked, ...metadata } = metadataWithoutHashes(event.metadata);
  const entries = canonicalEntries(algorithm === 'sm3' ? { ...metadata, hashAlgorithm: 'sm3' } : metadata);
  const metadataJson = entriesJson(entries);
  const hash = eventHash(prevHash, { id: event.id, stream, revision, type: event.type, dataJson, metadataJson }, algorithm);
  entries.push(['hash', JSON.stringify(hash)], ['prevHash', JSON.stringify(prevHash)]);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return { id: event.id, stream, revision, type: event.type, data: dataJson, metadata: entriesJson(entries), hash };
}

/** Throws EventStoreError for a malformed append (runAppend checks this first; the PostgreSQL store before it opens a transaction). */
export function validateWrites(writes: StreamWrite[]): void {
  if (!Array.isArray(writes)) throw new EventStoreError('append expects an array of stream writes');
  const streams = new Set<string>();
  for (const write of writes) {
    if (typeof write.stream !== 'string' || write.stream === '') throw new EventStoreError('stream name is empty');
    if (streams.has(write.stream)) throw new EventStoreError(`stream ${write.stream} appears twice in one append`);
    streams.add(write.stream);
    const expected = write.expectedRevision;
    const validExpected =
      expected === 'any' || expected === 'no_stream' || (Number.isInteger(expected) && (expected as number) >= -1);
    if (!validExpected) throw new EventStoreError(`stream ${write.stream}: invalid expectedRevision ${String(expected)}`);
    if (!Array.isArray(write.events)) throw new EventStoreError(`stream ${write.stream}: events must be an array`);
    for (const event of write.events) validateEvent(write.stream, event);
  }
}

function validateEvent(stream: string, event: NewEvent): void {
  if (typeof event.id !== 'string' || event.id === '') throw new EventStoreError(`stream ${stream}: event id is empty`);
  if (typeof event.type !== 'string' || event.type === '') {
    throw new EventStoreError(`stream ${stream}: event ${event.id} has no type`);
  }
  if (event.metadata === null || typeof event.metadata !== 'object') {
    throw new EventStoreError(`stream ${stream}: event ${event.id} has no metadata`);
  }
  const asked = event.metadata.hashAlgorithm;
  if (asked !== undefined && asked !== 'sha256' && asked !== 'sm3') {
    throw new EventStoreError(`stream ${stream}: event ${event.id} metadata.hashAlgorithm must be sha256 or sm3, got ${String(asked)}`);
  }
  if (!Number.isInteger(event.metadata.schemaVersion)) {
    throw new EventStoreError(`stream ${stream}: event ${event.id} metadata.schemaVersion must be an integer`);
  }
}
