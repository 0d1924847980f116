/**
 * The KurrentDB adapter's entry: its client (gRPC and a native bridge) takes ~230 ms and ~30 MB to load, so it is
 * loaded only when a KurrentDB store is opened, never by the embedded default.
 */
import type { KurrentDbEventStore, KurrentDbEventStoreOptions } from './kurrentdb.event-store';
import type { KurrentDbRecordStreams, KurrentDbRecordStreamsOptions } from './kurrentdb.record-streams';

export async function openKurrentDbEventStore(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
  const adapter = require('./kurrentdb.event-store') as typeof import('./kurrentdb.event-store');
  return adapter.KurrentDbEventStore.open(options);
}

/** The records on KurrentDB (idempotency records, password hashes), loaded as lazily as the store. */
export function openKurrentDbRecordStreams(options: KurrentDbRecordStreamsOptions): KurrentDbRecordStreams {
  const adapter = require('./kurrentdb.record-streams') as typeof import('./kurrentdb.record-streams');
  return adapter.KurrentDbRecordStreams.open(options);
}
