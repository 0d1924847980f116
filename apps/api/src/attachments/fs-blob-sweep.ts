/**
 * Finds, and on request removes, what the blob store holds that no event names (`npm run blobs:sweep`):
 * - **unnamed blobs**: bytes kept under their SHA-256 whose AttachmentAdded was then refused (the controller keeps the
 *   bytes before it appends, so an event never names content the store lacks), or whose request died in between;
 * - **partial uploads**: `tmp/*.part` files of uploads whose process died while receiving them.
 * Blobs named by any AttachmentAdded ever stored are kept, whatever happened to the attachment later: the history
 * and the case as it stood at a past moment still offer them.
 *
 * Safe beside running replicas (the bytes of a running upload are never taken):
 * - only files last written more than `olderThanMs` ago are candidates (an upload keeps its bytes moments before it
 *   appends its event; 24 h by default);
 * - a candidate is first moved aside (an atomic rename into `tmp/`), then looked at again: if an upload of the same
 *   content renamed fresh bytes onto its address between the look and the move, the moved file is new, and it goes
 *   back onto its address;
 * - the log is read again after the moves, and a blob that an event appended meanwhile names goes back too;
 * - only then are the moved files deleted.
 * A sweep that dies between a move and its end leaves the moved file in `tmp/` under a name that says where it came
 * from (`sweep-<sha256>-…`): the next sweep with `remove` puts each such file back on its address first (over the
 * same content, if an upload stored it there again), and a sweep without it reports them.
 * Without `remove` nothing on disk changes: the report says what a removal would take.
 */
import { randomUUID } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EventStore } from '@shenbao/event-store';
import { PART_SUFFIX, SHA256, TMP_DIR, blobPath } from './fs-blob-store';

const PAGE = 1000;
/** A blob moved aside by a sweep: `sweep-<sha256>-<uuid>` in tmp/. */
const ASIDE = /^sweep-([0-9a-f]{64})-[0-9a-f-]+$/;

export interface BlobSweepOptions {
  /** BLOB_DIR. */
  blobDir: string;
  store: Pick<EventStore, 'readAll' | 'headPosition'>;
  /** Files written more recently than this are left alone (default 24 h). */
  olderThanMs?: number;
  /** Remove what is found; without it, only report. */
  remove?: boolean;
  now?: () => number;
  /** Runs after the scan, before anything is moved: where a concurrent upload may land (tests use it to stage one). */
  beforeMoves?: () => Promise<void>;
}

export interface SweptFile {
  /** The blob's SHA-256, or the partial upload's file name. */
  name: string;
  bytes: number;
  modifiedAt: string;
}

export interface BlobSweepReport {
  /** The log was read up to here (and again after the moves, when removing). */
  position: number;
  /** Blobs on disk, and how many of them an event names. */
  blobs: number;
  named: number;
  /** Unnamed, or partial, but written within `olderThanMs`: left alone. */
  young: number;
  unnamed: SweptFile[];
  partial: SweptFile[];
  /** With `remove`: the bytes deleted; unnamed blobs that turned out to be in use and were put back. */
  removedBytes: number;
  restored: string[];
  /** Blobs an interrupted sweep had moved aside: put back on their addresses first with `remove`, else only counted. */
  interrupted: number;
  removed: boolean;
}

export const DEFAULT_SWEEP_AGE_MS = 24 * 60 * 60 * 1000;

/** The SHA-256 of every AttachmentAdded in the log after `from`, and the position read up to. */
async function namedBlobs(store: BlobSweepOptions['store'], from: number, into: Set<string>): Promise<number> {
  const head = await store.headPosition();
  let position = from;
  while (position < head) {
    const page = await store.readAll({ fromPosition: position, limit: PAGE, types: ['AttachmentAdded'] });
    for (const event of page) {
      const sha256 = (event.data as { sha256?: unknown }).sha256;
      if (typeof sha256 === 'string') into.add(sha256);
    }
    if (page.length < PAGE) break;
    position = page[page.length - 1]!.position;
  }
  return head;
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

export async function sweepBlobs(options: BlobSweepOptions): Promise<BlobSweepReport> {
  const now = options.now ?? Date.now;
  const olderThanMs = options.olderThanMs ?? DEFAULT_SWEEP_AGE_MS;
  if (!Number.isFinite(olderThanMs) || olderThanMs < 0) throw new Error(`olderThanMs must be a number of milliseconds >= 0, got ${olderThanMs}`);
  const root = options.blobDir;
  const tmp = join(root, TMP_DIR);
  const interrupted = (await entries(tmp)).filter((name) => ASIDE.test(name));
  // Before anything is read: what an interrupted sweep moved aside is back where an event may name it.
  if (options.remove) for (const name of interrupted) await putBack(join(tmp, name), blobPath(root, ASIDE.exec(name)![1]!));
  const named = new Set<string>();
  let position = await namedBlobs(options.store, 0, named);
  const cutoff = now() - olderThanMs;
  const report: BlobSweepReport = {
    position, blobs: 0, named: 0, young: 0, unnamed: [], partial: [], removedBytes: 0, restored: [], removed: options.remove === true, interrupted: interrupted.length,
  };
  /** The file's stats when it was last written before the cutoff; a newer one is counted young and left alone. */
  const old = async (path: string): Promise<Stats | undefined> => {
    const info = await stat(path).catch(() => undefined);
    if (info && info.mtimeMs > cutoff) report.young += 1;
    return info && info.mtimeMs <= cutoff ? info : undefined;
  };
  const found = (name: string, info: Stats): SweptFile => ({ name, bytes: info.size, modifiedAt: info.mtime.toISOString() });

  const unnamed: { sha256: string; path: string }[] = [];
  for (const prefix of await entries(root)) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const name of await entries(join(root, prefix))) {
      if (!SHA256.test(name) || !name.startsWith(prefix)) continue;
      report.blobs += 1;
      if (named.has(name)) {
        report.named += 1;
        continue;
      }
      const path = blobPath(root, name);
      const info = await old(path);
      if (!info) continue;
      report.unnamed.push(found(name, info));
      unnamed.push({ sha256: name, path });
    }
  }
  const partial: string[] = [];
  for (const name of await entries(tmp)) {
    if (!name.endsWith(PART_SUFFIX)) continue;
    const info = await old(join(tmp, name));
    if (!info) continue;
    report.partial.push(found(name, info));
    partial.push(join(tmp, name));
  }
  if (!options.remove) return report;
  await options.beforeMoves?.();

  // Move the unnamed blobs aside; one that is new once moved was just kept by an upload: it goes back.
  const moved: { sha256: string; path: string; aside: string; bytes: number }[] = [];
  for (const blob of unnamed) {
    const aside = join(tmp, `sweep-${blob.sha256}-${randomUUID()}`);
    // (ASIDE matches this name, so an interrupted sweep's files are found again.)
    try {
      await rename(blob.path, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const info = await stat(aside);
    if (info.mtimeMs > cutoff) {
      await putBack(aside, blob.path);
      report.restored.push(blob.sha256);
      continue;
    }
    moved.push({ ...blob, aside, bytes: info.size });
  }
  // An event appended since the first read may name one of them: it goes back before anything is deleted.
  position = await namedBlobs(options.store, position, named);
  report.position = position;
  for (const blob of moved) {
    if (named.has(blob.sha256)) {
      await putBack(blob.aside, blob.path);
      report.restored.push(blob.sha256);
      continue;
    }
    await rm(blob.aside, { force: true });
    report.removedBytes += blob.bytes;
  }
  for (const path of partial) {
    const info = await stat(path).catch(() => undefined);
    // Still being written after all (its mtime moved): left alone.
    if (!info || info.mtimeMs > cutoff) continue;
    await rm(path, { force: true });
    report.removedBytes += info.size;
  }
  return report;
}

/**
 * A moved-aside blob back on its address (its directory made again if need be). The address may hold the same content
 * again meanwhile (an upload kept it): renaming over it replaces identical bytes, atomically.
 */
async function putBack(aside: string, address: string): Promise<void> {
  await mkdir(dirname(address), { recursive: true, mode: 0o700 });
  await rename(aside, address);
}
