/**
 * RecordStreams (record-streams.ts) on KurrentDB: a record is the stream `<prefix>_rec-<name>`, a version is one event
 * of type `RecordVersion` whose JSON data is the value, and a write appends with the revision read as the expected
 * stream state (NO_STREAM for -1), so KurrentDB refuses a write that lost a race and names the stream's revision now.
 * Dropped versions are the stream's truncate-before (`$tb`) and expiry its max-age (`$maxAge`): KurrentDB stops
 * returning them at once and removes them for good at its next scavenge.
 *
 * Tested against a real server by kurrentdb.record-streams.int.spec.ts whenever KURRENTDB_URL is set; without one the
 * suite says it did NOT RUN (no KurrentDB can be installed on the development machines).
 */
import { BACKWARDS, END, ErrorType, KurrentDBClient, NO_STREAM, convertToCommandError, isCommandError, jsonEvent } from '@kurrent/kurrentdb-client';
import type { ResolvedEvent } from '@kurrent/kurrentdb-client';
import { EventStoreError } from '../errors';
import type { RecordStreams, RecordVersion, RecordWrite } from '../record-streams';

const KURRENT_NAME = /^[A-Za-z0-9_.-]{1,200}$/;
export const RECORD_EVENT_TYPE = 'RecordVersion';

export interface KurrentDbRecordStreamsOptions {
  connectionString: string;
  /** The event store's prefix: records are `<prefix>_rec-<name>`; default `shenbao`. */
  prefix?: string;
}

export class KurrentDbRecordStreams implements RecordStreams {
  private closed = false;

  private constructor(
    private readonly client: KurrentDBClient,
    private readonly prefix: string,
  ) {}

  static open(options: KurrentDbRecordStreamsOptions): KurrentDbRecordStreams {
    const prefix = options.prefix ?? 'shenbao';
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix)) throw new EventStoreError(`KurrentDB prefix must be 1-64 characters of letters, digits, _ . -, got ${JSON.stringify(prefix)}`);
    try {
      return new KurrentDbRecordStreams(KurrentDBClient.connectionString(options.connectionString), prefix);
    } catch (error) {
      throw new EventStoreError(`KURRENTDB_URL is not a valid KurrentDB connection string: ${messageOf(error)}`, { cause: error });
    }
  }

  async last<T>(record: string): Promise<RecordVersion<T> | undefined> {
    const stream = this.stream(record);
    try {
      for await (const resolved of this.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }) as AsyncIterable<ResolvedEvent>) {
        const event = resolved.event;
        if (event) return { revision: Number(event.revision), data: event.data as T };
      }
    } catch (error) {
      if (errorType(error) === ErrorType.STREAM_NOT_FOUND) return undefined;
      throw failure(`read ${stream}`, error);
    }
    return undefined;
  }

  async write(record: string, data: unknown, expected: number): Promise<RecordWrite> {
    const stream = this.stream(record);
    const streamState = expected === -1 ? NO_STREAM : BigInt(expected);
    try {
      const result = await this.client.appendToStream(stream, jsonEvent({ type: RECORD_EVENT_TYPE, data: data as never }), { streamState });
      // With throwOnAppendFailure=false in KURRENTDB_URL a refusal is an answer, not an error.
      if (!result.success) return { ok: false, current: revisionOf(result.nextExpectedRevision) };
      return { ok: true, revision: Number(result.nextExpectedRevision) };
    } catch (error) {
      if (errorType(error) !== ErrorType.WRONG_EXPECTED_VERSION) throw failure(`append to ${stream}`, error);
      return { ok: false, current: revisionOf((convertToCommandError(error as Error) as { actualState?: unknown }).actualState) };
    }
  }

  async dropBefore(record: string, revision: number): Promise<void> {
    await this.setMetadata(record, { truncateBefore: revision });
  }

  async expireAfter(record: string, seconds: number): Promise<void> {
    await this.setMetadata(record, { maxAge: seconds });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.dispose();
  }

  private async setMetadata(record: string, metadata: { truncateBefore?: number; maxAge?: number }): Promise<void> {
    const stream = this.stream(record);
    try {
      // Each call sets the whole metadata: a record has either an expiry (idempotency) or dropped versions
      // (credentials), never both.
      await this.client.setStreamMetadata(stream, metadata);
    } catch (error) {
      throw failure(`set the metadata of ${stream}`, error);
    }
  }

  private stream(record: string): string {
    if (this.closed) throw new EventStoreError('KurrentDB records are closed');
    if (!KURRENT_NAME.test(record)) throw new EventStoreError(`record name must be 1-200 characters of letters, digits, _ . -, got ${JSON.stringify(record)}`);
    return `${this.prefix}_rec-${record}`;
  }
}

/** The stream's revision a refused write reports: NO_STREAM (or nothing) is -1. */
function revisionOf(state: unknown): number {
  if (typeof state === 'bigint') return Number(state);
  if (typeof state === 'number') return state;
  return -1;
}

function errorType(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const converted = convertToCommandError(error);
  return isCommandError(converted) ? converted.type : undefined;
}

function failure(action: string, error: unknown): EventStoreError {
  return error instanceof EventStoreError ? error : new EventStoreError(`KurrentDB ${action} failed: ${messageOf(error)}`, { cause: error });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
