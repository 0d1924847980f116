/**
 * The attachments' bytes, behind a port: content-addressed by SHA-256, so the event that adds an attachment names its
 * content and the same file stored twice is one blob. The embedded adapter keeps files under DATA_DIR/blobs
 * (fs-blob-store.ts); another (a shared volume, an object store) implements the same three steps.
 */
import type { Readable } from 'node:stream';

export const BLOB_STORE = Symbol('BLOB_STORE');

/** A file received into a temporary place, hashed on the way; nothing is stored under its address until `keep`. */
export interface ReceivedBlob {
  sha256: string;
  /** Bytes written (at most the limit given to `receive`). */
  size: number;
  /** The stream went on past the limit: the rest was read and dropped, and the file must be refused. */
  tooLarge: boolean;
  /** A local path to the received bytes (to recognise their type); gone after `keep` or `discard`. */
  path: string;
  /** Stores the bytes under their SHA-256 (durably: written, synced, renamed into place). */
  keep(): Promise<void>;
  discard(): Promise<void>;
}

/** What `open` finds under an address: the bytes (their hash checked again), or why they cannot be served. */
export type OpenedBlob =
  | { status: 'ok'; size: number; stream(): Readable }
  | { status: 'missing' }
  | { status: 'changed'; actualSha256: string; size: number };

export interface BlobStore {
  /** Streams `source` into a temporary file while hashing it, never holding it whole in memory; stops writing past `maxBytes`. */
  receive(source: Readable, maxBytes: number): Promise<ReceivedBlob>;
  /**
   * The stored bytes of `sha256`, after hashing them again: a blob changed or replaced on disk is reported as
   * `changed` and its bytes are never handed out.
   */
  open(sha256: string): Promise<OpenedBlob>;
}
