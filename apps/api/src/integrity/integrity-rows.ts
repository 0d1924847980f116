/**
 * The stored rows of the log as the integrity check reads them: the stored text exactly as written (never upcast),
 * straight from the SQLite file, or from an adapter's stored-form reads (StoredRowReader: PostgreSQL, KurrentDB,
 * memory). Only a store with neither (a test's own) is read through `readAll` and serialised again (canonical JSON,
 * the same text as stored as long as no upcaster changes the event).
 */
import { SqliteEventStore, canonicalJson, readsStoredRows } from '@shenbao/event-store';
import type { EventStore, PreviousRow, StoredRow } from '@shenbao/event-store';

export interface LogRows {
  /** Rows with position > after, in position order, at most `limit`. */
  after(after: number, limit: number): Promise<StoredRow[]>;
  /** Rows of a stream in revision order. */
  stream(stream: string): Promise<StoredRow[]>;
  /**
   * A stream's last row before a position (position order), read at once: lets a sweep keep a bounded number of
   * stream heads. Only for the SQLite file (another store's log is in memory anyway).
   */
  previous?: PreviousRow;
}

export function logRows(store: EventStore): LogRows {
  if (store instanceof SqliteEventStore) {
    // The stored-form reads, and the one read only the SQLite file answers at once (a sweep's forgotten stream head).
    const cols = 'position, id, stream, revision, type, data, metadata';
    const previous = store
      .readConnection()
      .prepare<[string, number], StoredRow>(`SELECT ${cols} FROM events WHERE stream = ? AND position < ? ORDER BY position DESC LIMIT 1`);
    return {
      after: (from, limit) => store.readStored(from, limit),
      stream: (stream) => store.readStreamStored(stream),
      previous: (stream, before) => previous.get(stream, before),
    };
  }
  if (readsStoredRows(store)) {
    return { after: (from, limit) => store.readStored(from, limit), stream: (stream) => store.readStreamStored(stream) };
  }
  const toRow = (e: Awaited<ReturnType<EventStore['readAll']>>[number]): StoredRow => ({
    position: e.position, id: e.id, stream: e.stream, revision: e.revision, type: e.type, data: canonicalJson(e.data), metadata: canonicalJson(e.metadata),
  });
  return {
    after: async (from, limit) => (await store.readAll({ fromPosition: from, limit })).map(toRow),
    stream: async (stream) => (await store.readStream(stream)).map(toRow),
  };
}
