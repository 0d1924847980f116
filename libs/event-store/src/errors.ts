/**
 * Errors the event store raises. `WrongExpectedRevisionError` is the one callers act on (reload, decide again);
 * everything else is an `EventStoreError` (bad input, a closed store, a corrupt row).
 */
import type { ExpectedRevision } from './port';

export class EventStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreError';
  }
}

export class WrongExpectedRevisionError extends EventStoreError {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision; -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}
