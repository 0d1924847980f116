/**
 * The rules `PostgresEventStore.importStored` holds a batch of stored rows to: they must continue the log exactly as
 * it is, so that a copied log keeps its positions, revisions and hash chains. Pure, over what the store read under
 * its position lock (the log head, the heads of the batch's streams and any stored event with one of the batch's ids).
 */
import { EventStoreError } from '../errors';
import { GENESIS_HASH } from '../hash-chain';
import type { StoredRow } from '../stored-row';
import type { PrefetchedRow } from './postgres-group-commit';

/** Throws an EventStoreError naming the first row (position, stream, revision) that breaks a rule. */
export function checkImport(head: number, found: readonly PrefetchedRow[], rows: readonly StoredRow[]): void {
  const heads = new Map<string, { revision: number; hash: string }>();
  const stored = new Map<string, number>();
  for (const row of found) {
    if (row.kind === 1) stored.set(row.detail, Number(row.position));
    else heads.set(row.stream, { revision: row.revision, hash: hashOf(row.detail) ?? '' });
  }
  let expected = head + 1;
  for (const row of rows) {
    const refuse = (rule: string): never => {
      throw new EventStoreError(`cannot import the event at position ${row.position} (stream ${row.stream}, revision ${row.revision}): ${rule}`);
    };
    if (!Number.isSafeInteger(row.position) || row.position !== expected) refuse(`its position must be ${expected}, the log's next`);
    const already = stored.get(row.id);
    if (already !== undefined) refuse(`its id ${row.id} is already stored at position ${already}`);
    const streamHead = heads.get(row.stream) ?? { revision: -1, hash: GENESIS_HASH };
    if (row.revision !== streamHead.revision + 1) refuse(`its revision must be ${streamHead.revision + 1}, one past the stream's head`);
    let metadata: { prevHash?: unknown; hash?: unknown };
    try {
      metadata = JSON.parse(row.metadata) as { prevHash?: unknown; hash?: unknown };
    } catch {
      return refuse('its metadata is not valid JSON');
    }
    if (metadata.prevHash !== streamHead.hash) refuse(`its prevHash must be the hash of the stream's revision ${streamHead.revision} (${streamHead.hash})`);
    if (typeof metadata.hash !== 'string') refuse('its metadata has no hash');
    heads.set(row.stream, { revision: row.revision, hash: metadata.hash as string });
    stored.set(row.id, row.position);
    expected += 1;
  }
}

function hashOf(metadata: string): string | undefined {
  try {
    const hash = (JSON.parse(metadata) as { hash?: unknown }).hash;
    return typeof hash === 'string' ? hash : undefined;
  } catch {
    return undefined;
  }
}
