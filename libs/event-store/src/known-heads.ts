/**
 * The last revision of the streams this connection wrote or read to their end, valid only while no other connection
 * has committed to the file (SQLite's `PRAGMA data_version` moves exactly then). With it, the commonest read of all,
 * "anything after revision r?" for a stream whose fold is cached at r, is answered without a query: every command
 * asks it for its case and its program just before deciding, and the answer is almost always "no".
 *
 * Kept bounded (least recently used dropped). Anything unsure is simply not known: the caller then queries.
 */
import type { Statement } from 'better-sqlite3';

export const KNOWN_HEADS_CAPACITY = 10_000;

export class KnownHeads {
  private readonly heads = new Map<string, number>();
  private version: number;

  constructor(
    private readonly dataVersion: Statement<[], number>,
    private readonly capacity = KNOWN_HEADS_CAPACITY,
  ) {
    this.version = dataVersion.get() ?? 0;
  }

  /** The stream's last revision (-1: no such stream) when surely known, else undefined. */
  get(stream: string): number | undefined {
    if (!this.stillValid()) return undefined;
    const revision = this.heads.get(stream);
    if (revision === undefined) return undefined;
    this.heads.delete(stream);
    this.heads.set(stream, revision);
    return revision;
  }

  /** This connection wrote up to `revision`, or read the stream to its end, which was `revision`. */
  set(stream: string, revision: number): void {
    if (!this.stillValid()) return;
    this.heads.delete(stream);
    this.heads.set(stream, revision);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value as string);
  }

  /** Forget everything (a write of this connection failed: what it noted may not be stored). */
  clear(): void {
    this.heads.clear();
  }

  private stillValid(): boolean {
    const version = this.dataVersion.get() ?? 0;
    if (version === this.version) return true;
    // Another connection committed: any stream may have moved.
    this.version = version;
    this.heads.clear();
    return false;
  }
}
