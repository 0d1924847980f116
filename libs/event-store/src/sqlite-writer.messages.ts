/** What the SQLite event store and its writer thread (sqlite-writer.worker.ts) say to each other. */
import { EventStoreError, WrongExpectedRevisionError } from './errors';
import type { AppendResult, ExpectedRevision, StreamWrite } from './port';
import type { CommittedRow, SqliteSynchronous } from './sqlite-schema';

export interface WriterData {
  path: string;
  synchronous: SqliteSynchronous;
  busyTimeoutMs: number;
  /** Modules of write operations to load (see shared-writes.ts). */
  writeOps: string[];
}

export type ToWriter =
  | { type: 'append'; id: number; writes: StreamWrite[] }
  /** A named write operation (shared-writes.ts), in the same group commit as the appends. */
  | { type: 'op'; id: number; op: string; args: unknown[]; durable: boolean }
  /** Commit what is queued, answer it, close the file and end the thread. */
  | { type: 'close' };

/** An error as it crosses the thread boundary (class instances arrive as plain objects). */
export type WireError =
  | { kind: 'wrongExpected'; stream: string; expected: ExpectedRevision; actual: number }
  | { kind: 'store'; message: string }
  | { kind: 'other'; message: string; code?: string };

/** An append's answer. */
export interface AppendAnswer {
  result: AppendResult;
  rows: CommittedRow[];
}

export type WriterReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

export type FromWriter =
  | { type: 'ready' }
  /** The thread could not open the file; it ends after this. */
  | { type: 'fatal'; message: string }
  /** The answers to the appends of one group commit, in the order they were sent. */
  | { type: 'replies'; replies: WriterReply[] }
  | { type: 'closed' };

export function toWire(error: unknown): WireError {
  if (error instanceof WrongExpectedRevisionError) {
    return { kind: 'wrongExpected', stream: error.stream, expected: error.expected, actual: error.actual };
  }
  if (error instanceof EventStoreError) return { kind: 'store', message: error.message };
  const e = error as { message?: unknown; code?: unknown } | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return typeof e?.code === 'string' ? { kind: 'other', message, code: e.code } : { kind: 'other', message };
}

export function fromWire(error: WireError): Error {
  switch (error.kind) {
    case 'wrongExpected':
      return new WrongExpectedRevisionError(error.stream, error.expected, error.actual);
    case 'store':
      return new EventStoreError(error.message);
    default:
      return Object.assign(new Error(error.message), error.code !== undefined ? { code: error.code } : {});
  }
}
