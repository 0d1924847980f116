/**
 * The SQLite event store's table, its migration and the append target over one connection: shared by the store's
 * own connection and by its writer thread (sqlite-writer.worker.ts), so both write exactly alike.
 */
import type Database from 'better-sqlite3';
import type { AppendTarget } from './append-core';
import { EventStoreError } from './errors';
import type { ChainedRow } from './hash-chain';
import type { StoredRow, StoredTuple } from './stored-row';

export type SqliteSynchronous = 'FULL' | 'NORMAL' | 'OFF';

/** Each step takes the file from the version before it to its own (index + 1); `user_version` says how far it is. */
const MIGRATIONS = [
  `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    id       TEXT    NOT NULL UNIQUE,
    stream   TEXT    NOT NULL,
    revision INTEGER NOT NULL,
    type     TEXT    NOT NULL,
    data     TEXT    NOT NULL,
    metadata TEXT    NOT NULL,
    UNIQUE (stream, revision)
  ) STRICT;`,
  // Followers that want a few kinds of event (the user, expert, program and workflow directories) read them by type
  // instead of scanning the whole log at every start.
  `CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);`,
];
const SCHEMA_VERSION = MIGRATIONS.length;
// The UNIQUE (stream, revision) index is the index on stream: every per-stream query uses it as a prefix.

const COLUMNS = 'position, id, stream, revision, type, data, metadata';

export function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare<[string, string, number, string, string, string]>(
      'INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    findById: db.prepare<[string], { stream: string; revision: number; position: number }>(
      'SELECT stream, revision, position FROM events WHERE id = ?',
    ),
    streamHead: db.prepare<[string], { revision: number; hash: string; hashAlgorithm: string | null }>(
      `SELECT revision, json_extract(metadata, '$.hash') AS hash, json_extract(metadata, '$.hashAlgorithm') AS hashAlgorithm FROM events
       WHERE stream = ? ORDER BY revision DESC LIMIT 1`,
    ),
    streamRevision: db.prepare<[string], number | null>('SELECT MAX(revision) FROM events WHERE stream = ?').pluck(),
    head: db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck(),
    readAfter: db
      .prepare<[number, number], StoredTuple>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
      .raw(),
    readStream: db
      .prepare<[string, number, number], StoredTuple>(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? AND position <= ? ORDER BY revision`,
      )
      .raw(),
    streamRows: db.prepare<[string], StoredRow>(`SELECT ${COLUMNS} FROM events WHERE stream = ? ORDER BY revision`),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

/** `readAll` of some event types (`?` per type, then the position and the limit), through the type index. */
export type StoredTupleStatement = Database.Statement<unknown[], StoredTuple>;

export function readTypesStatement(db: Database.Database, typeCount: number): StoredTupleStatement {
  const marks = Array.from({ length: typeCount }, () => '?').join(', ');
  return db.prepare<unknown[], StoredTuple>(`SELECT ${COLUMNS} FROM events WHERE type IN (${marks}) AND position > ? ORDER BY position LIMIT ?`).raw();
}

/** A committed row as readers get it back: the stored text and its position. */
export type CommittedRow = ChainedRow & { position: number };

/** The append target over prepared statements; `inserted`, when given, collects every row inserted. */
export function appendTarget(s: Statements, inserted?: CommittedRow[]): AppendTarget {
  return {
    findById: (id) => s.findById.get(id),
    streamHead: (stream) => s.streamHead.get(stream),
    insert: (row: ChainedRow) => {
      const position = Number(s.insert.run(row.id, row.stream, row.revision, row.type, row.data, row.metadata).lastInsertRowid);
      inserted?.push({ id: row.id, stream: row.stream, revision: row.revision, type: row.type, data: row.data, metadata: row.metadata, position });
      return position;
    },
    headPosition: () => s.head.get() ?? 0,
  };
}

export function checkSynchronous(synchronous: unknown): asserts synchronous is SqliteSynchronous {
  if (!['FULL', 'NORMAL', 'OFF'].includes(synchronous as string)) {
    throw new EventStoreError(`synchronous must be FULL, NORMAL or OFF, got ${String(synchronous)}`);
  }
}

export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new EventStoreError(`event store schema ${version} is newer than this build understands (${SCHEMA_VERSION})`);
  }
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    // Read again under the write lock: another connection may have migrated meanwhile.
    const current = db.pragma('user_version', { simple: true }) as number;
    for (const step of MIGRATIONS.slice(current)) db.exec(step);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

export function busyAsStoreError(error: unknown): unknown {
  // Read structurally: a SqliteError made by the native addon need not be an `instanceof` this realm's Error.
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code !== 'SQLITE_BUSY') return error;
  return new EventStoreError('event store is busy: another writer held the lock too long', { cause: error });
}
