/**
 * The stored rows of the log as the integrity check reads them: the stored text exactly as written (never upcast),
 * straight from the SQLite file; for another store (a test's in-memory store) from `readAll`, serialised again
 * (canonical JSON, so the same text as stored).
 */
import { SqliteEventStore, canonicalJson } from '@shenbao/event-store';
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
    const db = store.readConnection();
    const cols = 'position, id, stream, revision, type, data, metadata';
    const after = db.prepare<[number, number], StoredRow>(`SELECT ${cols} FROM events WHERE position > ? ORDER BY position LIMIT ?`);
    const ofStream = db.prepare<[string], StoredRow>(`SELECT ${cols} FROM events WHERE stream = ? ORDER BY revision`);
    const previous = db.prepare<[string, number], StoredRow>(`SELECT ${cols} FROM events WHERE stream = ? AND position < ? ORDER BY position DESC LIMIT 1`);
    return {
      after: async (from, limit) => after.all(from, limit),
      stream: async (stream) => ofStream.all(stream),
      previous: (stream, before) => previous.get(stream, before),
    };
  }
  const toRow = (e: Awaited<ReturnType<EventStore['readAll']>>[number]): StoredRow => ({
    position: e.position, id: e.id, stream: e.stream, revision: e.revision, type: e.type, data: canonicalJson(e.data), metadata: canonicalJson(e.metadata),
  });
  return {
    after: async (from, limit) => (await store.readAll({ fromPosition: from, limit })).map(toRow),
    stream: async (stream) => (await store.readStream(stream)).map(toRow),
  };
}
