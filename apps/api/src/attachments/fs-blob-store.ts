/**
 * The embedded blob store: `DATA_DIR/blobs/<2 hex>/<sha256>`, written through a temporary file in `DATA_DIR/blobs/tmp`
 * (same file system, so the final rename is atomic), fsynced before the rename and the directory fsynced after it. A
 * download hashes the file again before sending it, reading it through one open descriptor both times, so the bytes
 * sent are the bytes checked.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore, OpenedBlob, ReceivedBlob } from './blob-store';

/** The layout, shared with the sweep (fs-blob-sweep.ts): `<root>/<first 2 hex>/<sha256>`, uploads in `<root>/tmp/*.part`. */
export const SHA256 = /^[0-9a-f]{64}$/;
export const TMP_DIR = 'tmp';
export const PART_SUFFIX = '.part';
export const blobPath = (root: string, sha256: string): string => join(root, sha256.slice(0, 2), sha256);

export class FsBlobStore implements BlobStore {
  private readonly tmp: string;

  constructor(private readonly root: string) {
    this.tmp = join(root, TMP_DIR);
    mkdirSync(this.tmp, { recursive: true, mode: 0o700 });
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return blobPath(this.root, sha256);
  }

  async receive(source: Readable, maxBytes: number): Promise<ReceivedBlob> {
    const path = join(this.tmp, `${randomUUID()}${PART_SUFFIX}`);
    const hash = createHash('sha256');
    let size = 0;
    let tooLarge = false;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        // Past the limit: read on and drop, the client is still sending.
        if (tooLarge || size + chunk.length > maxBytes) {
          tooLarge = true;
          return done();
        }
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, measure, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (e) {
      await rm(path, { force: true });
      throw e;
    }
    const sha256 = hash.digest('hex');
    return {
      sha256,
      size,
      tooLarge,
      path,
      keep: () => this.keep(path, sha256),
      discard: () => rm(path, { force: true }),
    };
  }

  /** fsync the temporary file, rename it to its address (replacing a damaged copy of the same content), fsync the directory. */
  private async keep(path: string, sha256: string): Promise<void> {
    const file = await open(path, 'r+');
    try {
      await file.sync();
    } finally {
      await file.close();
    }
    const dir = join(this.root, sha256.slice(0, 2));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    await rename(path, this.pathOf(sha256));
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  }

  async open(sha256: string): Promise<OpenedBlob> {
    let file: FileHandle;
    try {
      file = await open(this.pathOf(sha256), 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
      throw e;
    }
    try {
      const { size } = await file.stat();
      const hash = createHash('sha256');
      for await (const chunk of file.createReadStream({ start: 0, autoClose: false }) as AsyncIterable<Buffer>) hash.update(chunk);
      const actual = hash.digest('hex');
      if (actual !== sha256) {
        await file.close();
        return { status: 'changed', actualSha256: actual, size };
      }
      // The same descriptor, read again from the start: a file renamed over the path meanwhile is not what is sent.
      return { status: 'ok', size, stream: () => file.createReadStream({ start: 0, autoClose: true }) };
    } catch (e) {
      await file.close();
      throw e;
    }
  }
}
